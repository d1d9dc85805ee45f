/**
 * The eval worker pool (built CLI code: workers run `dist/`): closing a pool
 * whose workers already ended — they end on their own when they cannot load
 * the policy — must still resolve. It waited for an "exit" that had already
 * happened, so the process ended with nothing left to do (Node's exit code
 * 13) instead of reporting the policy errors, whenever the main thread was
 * slower than the workers.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "snapspace-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("WorkerPool", () => {
  it("closes after its workers have ended on their own", async () => {
    const broken = join(dir, "broken.snap");
    writeFileSync(broken, "package t\n\nallow if {\n");
    const { WorkerPool } = await import("../../dist/cli/workers/pool.js");
    const pool = WorkerPool.start({ workers: 2, policy: { policy: [broken] }, session: false });
    await expect(pool.ready()).rejects.toThrow();
    // Give both threads time to end, so that close() finds them gone.
    const exited = (pool as unknown as { exited: boolean[] }).exited;
    for (let i = 0; i < 200 && !exited.every(Boolean); i++) await new Promise((r) => setTimeout(r, 10));
    expect(exited).toEqual([true, true]);
    const closed = await Promise.race([pool.close().then(() => "closed"), new Promise((r) => setTimeout(() => r("still waiting"), 5000))]);
    expect(closed).toBe("closed");
  });
});
