/**
 * Where the elements of a top-level JSON array start, in one pass over the
 * text, so that every record of a `.json` file can be reported at its line
 * (`JSON.parse` forgets positions). Only called on text that parsed.
 */

/** Offsets of the first character of each element of the top-level array in `text`. */
export function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (depth === 1 && expectValue) offsets.push(i);
      expectValue = false;
      // Skip the string, escapes included.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      continue;
    }
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (depth === 1 && expectValue) offsets.push(i);
      depth++;
      expectValue = depth === 1;
      continue;
    }
    if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
      expectValue = false;
      continue;
    }
    if (c === 0x2c /* , */) {
      expectValue = depth === 1;
      continue;
    }
    // A number or literal: mark its start; the rest of its characters fall through here harmlessly.
    if (depth === 1 && expectValue) offsets.push(i);
    expectValue = false;
  }
  return offsets;
}
