/** Colour and TTY handling for human output. Machine formats never use these. */

/** True when `stream` is a terminal and colour is not disabled (`NO_COLOR`, `TERM=dumb`), or forced with `FORCE_COLOR`. */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env["FORCE_COLOR"] && process.env["FORCE_COLOR"] !== "0") return true;
  if (process.env["NO_COLOR"] !== undefined || process.env["TERM"] === "dumb") return false;
  return Boolean(stream.isTTY);
}

/** ANSI styles; each is the identity when colour is off. */
export interface Palette {
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

/** A palette for a stream (or for an explicit on/off). */
export function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  };
}
