/**
 * Reading a ledger file line by line, in bounded memory. Every complete line
 * ends in `\n`; bytes after the last `\n` are an incomplete tail — what a
 * write interrupted by a crash leaves, since each append writes its whole
 * line, newline last, in one `write`.
 */
import { closeSync, openSync, readSync } from "node:fs";

/** One complete line of a ledger file (without its `\n`). */
export interface FileLine {
  /** 1-based line number. */
  readonly lineNo: number;
  /** Byte offset of the line's first byte. */
  readonly offset: number;
  readonly text: string;
}

/** Bytes after the last newline: an append that did not finish. */
export interface IncompleteTail {
  /** 1-based line number the tail would have had. */
  readonly lineNo: number;
  /** Byte offset where the tail starts (= the length of the complete part of the file). */
  readonly offset: number;
  readonly length: number;
}

const CHUNK = 1 << 20;

/**
 * Read the complete lines of the file open as `fd`, from byte 0 up to `end`
 * (default: to the end of the file), calling `onLine` for each. Returns the
 * incomplete tail, if any. Stops early when `onLine` returns `false`.
 */
export function readLines(fd: number, onLine: (line: FileLine) => boolean | void, end = Infinity): IncompleteTail | null {
  const chunk = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer[] = [];
  let carryLength = 0;
  let carryOffset = 0;
  let position = 0;
  let lineNo = 1;
  for (;;) {
    const want = Math.min(CHUNK, end - position);
    const n = want > 0 ? readSync(fd, chunk, 0, want, position) : 0;
    if (n === 0) break;
    let start = 0;
    for (let nl = chunk.indexOf(10, 0); nl !== -1 && nl < n; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      const bytes = carryLength ? Buffer.concat([...carry, piece]) : piece;
      const text = bytes.toString("utf8");
      const offset = carryLength ? carryOffset : position + start;
      carry = [];
      carryLength = 0;
      if (onLine({ lineNo, offset, text }) === false) return null;
      lineNo++;
      start = nl + 1;
    }
    if (start < n) {
      if (!carryLength) carryOffset = position + start;
      // Copy: `chunk` is reused by the next read.
      carry.push(Buffer.from(chunk.subarray(start, n)));
      carryLength += n - start;
    }
    position += n;
  }
  return carryLength ? { lineNo, offset: carryOffset, length: carryLength } : null;
}

/** `readLines` on a path (opened read-only, closed after). */
export function readFileLines(path: string, onLine: (line: FileLine) => boolean | void): IncompleteTail | null {
  const fd = openSync(path, "r");
  try {
    return readLines(fd, onLine);
  } finally {
    closeSync(fd);
  }
}

/** Read `length` bytes at `offset` of an open file. */
export function readBytes(fd: number, offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return out.subarray(0, done);
}
