/**
 * Where `snapspace eval` writes: standard output with back-pressure, and a
 * progress line on standard error for long runs.
 */
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import type { Writable } from "node:stream";
import { plural } from "./reporter.js";

/** Standard output with back-pressure: a write waits for `drain` when the stream's buffer is full. Stops quietly when the reader goes away (`| head`). */
export class Output {
  closed = false;

  constructor(private readonly stream: Writable) {
    stream.on("error", () => {
      this.closed = true;
    });
  }

  /** Write `text`; resolves at once unless the stream's buffer is full. */
  async write(text: string): Promise<void> {
    if (text === "" || this.closed) return;
    if (!this.stream.write(text)) {
      await Promise.race([once(this.stream, "drain"), once(this.stream, "close")]).catch(() => undefined);
    }
  }
}

/** A progress line on standard error for long runs; only when standard error is a terminal and standard output is not (else the rows are the progress). */
export class Progress {
  private readonly started = performance.now();
  private last = this.started;
  private shown = false;

  constructor(
    private readonly stream: Writable,
    private readonly enabled: boolean,
  ) {}

  /** Count one more record decided; redraws at most once a second. */
  tick(records: number, file: string): void {
    if (!this.enabled || (records & 1023) !== 0) return;
    const now = performance.now();
    if (now - this.last < 1000) return;
    this.last = now;
    const rate = Math.round((records * 1000) / (now - this.started));
    this.stream.write(`\r\x1b[K${plural(records, "record")} decided (${rate.toLocaleString("en-US")}/s), reading ${file}`);
    this.shown = true;
  }

  /** Erase the line, before anything else is written to standard error. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
