/**
 * An open ledger: the one writer of a hash-chained JSON Lines file.
 *
 * Guarantees (docs/ledger.md):
 * - an append is answered only after its line is written and `fdatasync`ed;
 * - each line is written whole, newline last, in one `write`, so a crash
 *   leaves at most an incomplete last line, which the next open sets aside
 *   into `LEDGER.torn-<seq>` and reports;
 * - one writer at a time (`LEDGER.lock`);
 * - group commit: appends that arrive while a sync is in flight are written
 *   and synced together, and each is still answered only after that sync.
 */
import { closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, statSync, write, writeSync } from "node:fs";
import { dirname } from "node:path";
import { SnapError, isSnapError } from "../source/diagnostic.js";
import { ChainWalker } from "./chain.js";
import { parseRecordLine, recordLine, sealRecord, type ChainHead, type LedgerEntry, type LedgerRecord } from "./format.js";
import { readBytes, readLines } from "./lines.js";
import { acquireLock, errorText, type LedgerLock } from "./lock.js";

/** Something the ledger recovered from, for the operator to know. */
export interface LedgerWarning {
  readonly code: "ledger_stale_lock" | "ledger_torn_tail";
  readonly message: string;
}

/** An incomplete last line found on open and set aside. */
export interface TornTail {
  /** The seq the interrupted append would have had. */
  readonly seq: number;
  readonly bytes: number;
  /** The side file now holding those bytes. */
  readonly movedTo: string;
}

/** Options of `openLedger`. */
export interface OpenLedgerOptions {
  /** Told about a stale lock taken over or a torn tail set aside. Default: `process.emitWarning`. */
  readonly onWarning?: (warning: LedgerWarning) => void;
  /** Write and sync appends that arrive during a sync together (default `true`). `false`: one sync per append, in order. */
  readonly groupCommit?: boolean;
  /** Called with every record already in the ledger, in order, as opening checks it (to build an index without a second pass). */
  readonly onRecord?: (record: LedgerRecord) => void;
}

/** An append handed to the writer: the sealed record at once, and its durability later. */
export interface PendingAppend {
  /** The record, with its seq and hash (already the ledger's head). */
  readonly record: LedgerRecord;
  /** Resolves once the record's line is written and synced; rejects if the write or sync fails. */
  readonly committed: Promise<LedgerRecord>;
}

interface Queued {
  readonly record: LedgerRecord;
  readonly bytes: Buffer;
  readonly resolve: (r: LedgerRecord) => void;
  readonly reject: (e: unknown) => void;
  readonly committed: Promise<LedgerRecord>;
}

const MAX_BATCH_BYTES = 4 << 20;
const MAX_BATCH_RECORDS = 4096;

/**
 * Open (or create) the ledger at `path` for appending: take its lock, check
 * the whole chain, set aside an incomplete last line. Throws `SnapError`:
 * `ledger_locked` (another live writer), `ledger_corrupt` (the chain is
 * broken: see `snapspace ledger verify`), `ledger_unwritable`.
 *
 * @example
 * const ledger = await openLedger("decisions.jsonl");
 * const record = await ledger.append({ input, decision: policy.decide(input) });
 * await ledger.close();
 */
export async function openLedger(path: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  const warn = options.onWarning ?? ((w: LedgerWarning) => process.emitWarning(w.message, { code: w.code }));
  const lock = acquireLock(path, (code, message) => warn({ code: code as LedgerWarning["code"], message }));
  let fd: number | undefined;
  try {
    const existed = exists(path);
    try {
      fd = openSync(path, "a+", 0o644);
    } catch (e) {
      throw SnapError.of("ledger_unwritable", `cannot open the ledger \`${path}\` for appending: ${errorText(e)}`, undefined, "check the path and its permissions");
    }
    if (!existed) syncDirectory(path);
    const walker = new ChainWalker();
    let problem: string | undefined;
    const tail = readLines(fd, (line) => {
      const step = walker.push(line);
      if (!step.ok) {
        problem = step.problem.message;
        return false;
      }
      options.onRecord?.(step.record);
      return true;
    });
    if (problem !== undefined) {
      throw SnapError.of(
        "ledger_corrupt",
        `the ledger \`${path}\` is damaged and cannot be appended to: ${problem}`,
        undefined,
        `run \`snapspace ledger verify ${path}\` for details; docs/ledger.md says how to recover (keep the damaged file as evidence and start a new ledger)`,
      );
    }
    let torn: TornTail | null = null;
    if (tail) {
      torn = setAside(fd, path, walker.head.seq + 1, tail.offset, tail.length);
      warn({
        code: "ledger_torn_tail",
        message: `the last line of \`${path}\` was incomplete (${torn.bytes} bytes after seq ${walker.head.seq}, an append interrupted by a crash and never acknowledged): moved it to \`${torn.movedTo}\``,
      });
    }
    const length = fstatSync(fd).size;
    return new Ledger(path, fd, lock, walker.head, length, torn, options.groupCommit ?? true);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    lock.release();
    throw e;
  }
}

/** The writer of one ledger file. Create it with `openLedger`. */
export class Ledger {
  private last: ChainHead;
  private synced: ChainHead;
  private queue: Queued[] = [];
  private inflight: Queued[] = [];
  private writing = false;
  private failure: SnapError | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;
  private readonly listeners = new Set<(record: LedgerRecord) => void>();

  /** @internal Use `openLedger`. */
  constructor(
    /** The ledger file. */
    readonly path: string,
    private readonly fd: number,
    private readonly lock: LedgerLock,
    head: ChainHead,
    private syncedLength: number,
    /** The incomplete last line set aside when this ledger was opened, if there was one. */
    readonly recovered: TornTail | null,
    private readonly groupCommit: boolean,
  ) {
    this.last = head;
    this.synced = head;
  }

  /** The last record appended (synced or not): its seq and hash. */
  get head(): ChainHead {
    return this.last;
  }

  /** The last record known to be on disk. */
  get syncedHead(): ChainHead {
    return this.synced;
  }

  /** Append a record and wait until it is on disk. */
  append(entry: LedgerEntry): Promise<LedgerRecord> {
    try {
      return this.submit(entry).committed;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Seal a record now (it becomes the head at once, so the next append
   * chains to it) and hand it to the writer. Throws `SnapError` synchronously
   * for a closed or failed ledger or an entry that is not JSON.
   */
  submit(entry: LedgerEntry): PendingAppend {
    if (this.failure) throw this.failure;
    if (this.closed) throw SnapError.of("ledger_closed", `the ledger \`${this.path}\` is closed`, undefined, "open it again with `openLedger`");
    const record = sealRecord(entry, this.last);
    const bytes = Buffer.from(recordLine(record), "utf8");
    let resolve!: (r: LedgerRecord) => void;
    let reject!: (e: unknown) => void;
    const committed = new Promise<LedgerRecord>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Whoever awaits `committed` still sees a failure; this only keeps an unawaited one from killing the process.
    committed.catch(() => undefined);
    this.queue.push({ record, bytes, resolve, reject, committed });
    this.last = { seq: record.seq, hash: record.hash };
    for (const listener of this.listeners) listener(record);
    if (!this.writing) void this.drain();
    return { record, committed };
  }

  /** Resolves when record `seq` is on disk (at once if it already is); rejects if writing it failed. */
  whenSynced(seq: number): Promise<void> {
    if (seq <= this.synced.seq) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    const queued = this.inflight.find((q) => q.record.seq === seq) ?? this.queue.find((q) => q.record.seq === seq);
    if (!queued) return Promise.reject(new Error(`internal error: seq ${seq} is neither synced nor queued`));
    return queued.committed.then(() => undefined);
  }

  /** Resolves when every append so far is on disk; rejects if one failed. */
  flush(): Promise<void> {
    return this.whenSynced(this.last.seq);
  }

  /** Be told of every record appended from now on, as it is sealed (before it is synced). Returns the unsubscribe function. */
  subscribe(listener: (record: LedgerRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Call `fn` with every record of the ledger in order: those on disk, then those still being written. */
  forEachRecord(fn: (record: LedgerRecord) => void): void {
    const pending = [...this.inflight, ...this.queue];
    readLines(
      this.fd,
      (line) => {
        const parsed = parseRecordLine(line.text);
        // INVARIANT: the synced part was checked on open or written by us.
        if (!parsed.ok) throw new Error(`internal error: ledger line ${line.lineNo} no longer parses: ${parsed.fault}`);
        fn(parsed.record);
      },
      this.syncedLength,
    );
    for (const q of pending) fn(q.record);
  }

  /** Finish pending appends, close the file and release the lock. Appends after this throw `ledger_closed`. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = this.flush()
      .catch(() => undefined)
      .then(() => {
        closeSync(this.fd);
        this.lock.release();
      });
    return this.closing;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0 && !this.failure) {
        const batch = this.takeBatch();
        this.inflight = batch;
        const bytes = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((q) => q.bytes));
        try {
          await writeAll(this.fd, bytes);
          await syncData(this.fd);
        } catch (e) {
          this.fail(e);
          return;
        }
        this.inflight = [];
        this.syncedLength += bytes.length;
        const lastRecord = batch[batch.length - 1]!.record;
        this.synced = { seq: lastRecord.seq, hash: lastRecord.hash };
        for (const q of batch) q.resolve(q.record);
      }
    } finally {
      this.writing = false;
    }
  }

  private takeBatch(): Queued[] {
    if (!this.groupCommit) return this.queue.splice(0, 1);
    let n = 0;
    let size = 0;
    while (n < this.queue.length && n < MAX_BATCH_RECORDS && (n === 0 || size + this.queue[n]!.bytes.length <= MAX_BATCH_BYTES)) {
      size += this.queue[n]!.bytes.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private fail(e: unknown): void {
    this.failure = isSnapError(e)
      ? e
      : SnapError.of(
          "ledger_write_failed",
          `could not write to the ledger \`${this.path}\`: ${errorText(e)}`,
          undefined,
          "no append after the failure was acknowledged; fix the cause (a full disk?) and open the ledger again: an incomplete last line is then set aside",
        );
    const lost = [...this.inflight, ...this.queue];
    this.inflight = [];
    this.queue = [];
    for (const q of lost) q.reject(this.failure);
  }
}

function writeAll(fd: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      // `position` null with O_APPEND: at the end of the file. A short write (rare on a regular file) continues where it stopped.
      write(fd, bytes, offset, bytes.length - offset, null, (err, n) => {
        if (err) return reject(err);
        if (offset + n < bytes.length) return step(offset + n);
        resolve();
      });
    };
    step(0);
  });
}

function syncData(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/**
 * Move the bytes after the last complete line into a side file (synced),
 * then cut them off the ledger (synced). A crash between the two leaves the
 * tail in place, to be set aside again: nothing is lost, nothing breaks the chain.
 */
function setAside(fd: number, path: string, seq: number, offset: number, length: number): TornTail {
  const bytes = readBytes(fd, offset, length);
  let movedTo = `${path}.torn-${seq}`;
  let side: number | undefined;
  for (let n = 2; side === undefined; n++) {
    try {
      side = openSync(movedTo, "wx", 0o644);
    } catch (e) {
      if ((e as { code?: string }).code !== "EEXIST" || n > 1000) throw e;
      movedTo = `${path}.torn-${seq}.${n}`;
    }
  }
  try {
    writeSync(side, bytes);
    fsyncSync(side);
  } finally {
    closeSync(side);
  }
  syncDirectory(movedTo);
  ftruncateSync(fd, offset);
  fdatasyncSync(fd);
  return { seq, bytes: length, movedTo };
}

/** Make a new directory entry durable. */
function syncDirectory(file: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(file), "r");
    fsyncSync(fd);
  } catch {
    // Not every platform can sync a directory; the file's own sync still holds its data.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
