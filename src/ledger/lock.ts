/**
 * One writer per ledger: `LEDGER.lock`, created with `O_EXCL`, holds the
 * owner's pid. A lock whose pid is no longer running is stale (its owner
 * crashed) and is taken over with a warning; a live owner is refused.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { SnapError } from "../source/diagnostic.js";

/** A held lock. */
export interface LedgerLock {
  readonly path: string;
  /** Remove the lock file (only if it is still ours). */
  release(): void;
}

/** The lock file of a ledger. */
export function lockPath(ledgerPath: string): string {
  return `${ledgerPath}.lock`;
}

/**
 * Take the lock of `ledgerPath`. Throws `SnapError` `ledger_locked` when a
 * live process holds it; `warn` is told when a stale lock is taken over.
 */
export function acquireLock(ledgerPath: string, warn: (code: string, message: string) => void): LedgerLock {
  const path = lockPath(ledgerPath);
  // A few rounds: each failed round means another process changed the lock file between our steps.
  for (let round = 0; round < 5; round++) {
    if (tryCreate(path)) return held(path);
    const owner = readOwner(path);
    if (owner === "missing") continue;
    if (owner !== "unreadable" && isAlive(owner)) throw lockedError(ledgerPath, path, owner);
    // Stale (or garbage). Move it aside atomically, so that of two processes
    // breaking the same stale lock only one removes it.
    const aside = `${path}.stale-${process.pid}`;
    try {
      renameSync(path, aside);
    } catch (e) {
      if (isCode(e, "ENOENT")) continue;
      throw e;
    }
    const moved = readOwner(aside);
    if (moved !== owner && moved !== "unreadable" && moved !== "missing" && isAlive(moved)) {
      // A live process re-created the lock between our read and our rename: put its lock back.
      try {
        linkSync(aside, path);
      } catch {
        // Someone else holds it now; either way it is not ours.
      }
      unlinkQuiet(aside);
      throw lockedError(ledgerPath, path, moved);
    }
    unlinkQuiet(aside);
    warn(
      "ledger_stale_lock",
      owner === "unreadable"
        ? `took over the lock \`${path}\`, which held no pid (a writer crashed while creating it)`
        : `took over the stale lock \`${path}\` of pid ${owner}, which is no longer running (it did not close the ledger)`,
    );
  }
  throw SnapError.of(
    "ledger_locked",
    `could not take the lock \`${path}\`: other processes keep changing it`,
    undefined,
    "make sure only one process writes to this ledger",
  );
}

/**
 * Create the lock file with our pid already in it. The pid goes into a
 * private file (`O_EXCL`) that is then hard-linked into place: `link` fails
 * if the lock exists, exactly as `O_EXCL` does, and no reader ever sees an
 * empty lock file and mistakes it for a crashed writer's.
 */
function tryCreate(path: string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  unlinkQuiet(temp);
  try {
    writeExclusive(temp);
  } catch (e) {
    throw SnapError.of("ledger_unwritable", `cannot create the lock file \`${path}\`: ${errorText(e)}`, undefined, "check that the ledger's folder exists and is writable");
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (e) {
    if (isCode(e, "EEXIST")) return false;
    // A file system without hard links: create the lock itself with O_EXCL.
    try {
      writeExclusive(path);
      return true;
    } catch (e2) {
      if (isCode(e2, "EEXIST")) return false;
      throw SnapError.of("ledger_unwritable", `cannot create the lock file \`${path}\`: ${errorText(e2)}`, undefined, "check that the ledger's folder exists and is writable");
    }
  } finally {
    unlinkQuiet(temp);
  }
}

function writeExclusive(path: string): void {
  const fd = openSync(path, "wx", 0o644);
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
}

function held(path: string): LedgerLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      // Only remove it if it is still ours (a forced takeover may have replaced it).
      if (readOwner(path) === process.pid) unlinkQuiet(path);
    },
  };
}

function readOwner(path: string): number | "missing" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (isCode(e, "ENOENT")) return "missing";
    throw e;
  }
  const m = /^\s*(\d+)\s*$/.exec(text);
  return m ? Number(m[1]) : "unreadable";
}

/** True when a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return isCode(e, "EPERM");
  }
}

function lockedError(ledgerPath: string, path: string, pid: number): SnapError {
  const who = pid === process.pid ? `this process (pid ${pid})` : `pid ${pid}`;
  return SnapError.of(
    "ledger_locked",
    `the ledger \`${ledgerPath}\` is already open for writing by ${who}`,
    undefined,
    `only one writer may append to a ledger: stop pid ${pid} or close its ledger first; if no such process is yours, remove \`${path}\``,
  );
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function isCode(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

/** The message of a file-system error, without Node's stack. */
export function errorText(e: unknown): string {
  if (typeof e === "object" && e !== null && "code" in e && typeof (e as { code: unknown }).code === "string") {
    const code = (e as { code: string }).code;
    const message = e instanceof Error ? e.message : "";
    return message.startsWith(code) ? message.split(",")[0]!.toLowerCase() : code.toLowerCase();
  }
  return e instanceof Error ? e.message : String(e);
}
