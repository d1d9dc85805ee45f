/**
 * `snapspace replay LEDGER --policy P… [--data FILE] [--format pretty|json]`:
 * re-decide every recorded input with the given policies and report the
 * records whose effect, reasons or obligations differ, and, separately, the
 * records decided under another `policy_hash`. Exit 1 on any drift.
 */
import { Command, Option } from "commander";
import { replayLedger, type Drift, type ReplayReport } from "../ledger/replay.js";
import { stringifyJson, type Json } from "../value/json.js";
import { EXIT } from "./exit-codes.js";
import { loadDecidingPolicyFromCli } from "./load-policy.js";
import { palette, useColor, type Palette } from "./terminal.js";

type Format = "pretty" | "json";

interface ReplayOptions {
  readonly policy: string[];
  readonly data?: string;
  readonly v0Compatible?: boolean;
  readonly format: Format;
}

/** Register `snapspace replay` on the program. */
export function registerReplay(program: Command): void {
  program
    .command("replay")
    .description("re-decide every record of a ledger with the given policies and report any drift")
    .argument("<ledger>", "the ledger file (JSON Lines)")
    .requiredOption("-p, --policy <paths...>", "policy files or folders (.snap, .rego), or one OPA Wasm bundle")
    .option("-d, --data <file>", "base documents (JSON or YAML) available as `data`")
    .option("--v0-compatible", "accept Rego v0 syntax, as OPA's --v0-compatible")
    .addOption(new Option("--format <format>", "output format").choices(["pretty", "json"]).default("pretty"))
    .action(async (file: string, options: ReplayOptions) => {
      process.exitCode = await runReplay(file, options);
    });
}

/** Replay one ledger and print the report; returns the exit code. Throws `SnapError` for unreadable files or policy errors. */
export async function runReplay(file: string, options: ReplayOptions): Promise<number> {
  const policy = await loadDecidingPolicyFromCli({
    policy: options.policy,
    ...(options.data !== undefined ? { data: options.data } : {}),
    ...(options.v0Compatible ? { v0Compatible: true } : {}),
  });
  const report = replayLedger(file, policy);
  // stringifyJson: obligations may hold integers beyond 2^53 (`bigint`), which JSON.stringify rejects.
  if (options.format === "json") process.stdout.write(stringifyJson(report as unknown as Json, { sortKeys: false }) + "\n");
  else printPretty(report, palette(useColor(process.stdout)));
  return report.drift.length > 0 ? EXIT.mismatch : EXIT.ok;
}

function printPretty(report: ReplayReport, c: Palette): void {
  const plural = (n: number) => `${n} record${n === 1 ? "" : "s"}`;
  process.stdout.write(`replayed ${plural(report.records)} of ${report.file} with policy ${report.policy_hash}\n`);
  if (report.drift.length > 0) {
    process.stdout.write(`\n${c.red(`${plural(report.drift.length)} decide differently`)}:\n`);
    for (const d of report.drift) process.stdout.write(driftText(d, c));
  }
  if (report.other_policies.length > 0) {
    const total = report.other_policies.reduce((n, o) => n + o.records, 0);
    process.stdout.write(`\n${c.yellow(`${plural(total)} were decided under another policy_hash`)}:\n`);
    for (const o of report.other_policies) {
      const range = o.first_seq === o.last_seq ? `seq ${o.first_seq}` : `seq ${o.first_seq}–${o.last_seq}`;
      process.stdout.write(`  ${o.policy_hash}  ${plural(o.records)} (${range})\n`);
    }
  }
  process.stdout.write(
    report.drift.length === 0 ? `\n${c.green("no drift")}: every decision comes out the same\n` : `\n${c.red("drift")}: ${plural(report.drift.length)}\n`,
  );
}

function driftText(d: Drift, c: Palette): string {
  const id = d.proposal_id === null ? "" : ` (${d.proposal_id})`;
  const why = d.same_policy ? c.red("under the same policy_hash: a determinism bug") : `decided under ${d.recorded_policy_hash}`;
  let text = `  seq ${d.seq}${id}: ${d.recorded.effect} → ${d.replayed.effect}  [${d.fields.join(", ")}]  ${c.dim(why)}\n`;
  if (d.fields.includes("reasons")) {
    text += `    recorded reasons: ${reasonsText(d.recorded.reasons)}\n`;
    text += `    replayed reasons: ${reasonsText(d.replayed.reasons)}\n`;
  }
  if (d.fields.includes("obligations")) {
    text += `    recorded obligations: ${JSON.stringify(d.recorded.obligations)}\n`;
    text += `    replayed obligations: ${JSON.stringify(d.replayed.obligations)}\n`;
  }
  return text;
}

function reasonsText(reasons: unknown): string {
  if (!Array.isArray(reasons) || reasons.length === 0) return "none";
  return reasons
    .map((r) => {
      const o = (typeof r === "object" && r !== null ? r : {}) as Record<string, unknown>;
      const msg = typeof o["msg"] === "string" ? o["msg"] : JSON.stringify(r);
      return `${String(o["effect"] ?? "")} "${msg}"${typeof o["package"] === "string" ? ` (${o["package"]})` : ""}`.trim();
    })
    .join("; ");
}
