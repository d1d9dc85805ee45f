/**
 * From a module's entrypoints (`agent/payments/deny` → id) to the governed
 * packages of DESIGN.md §3, and from a query (`data.agent.payments.deny`) to
 * the entrypoint that answers it.
 */
import { GOVERNED_RULES } from "../decision/contract.js";
import { SnapError } from "../source/diagnostic.js";

/** One of the four governed rule names. */
export type GovernedRule = (typeof GOVERNED_RULES)[number];

/** An entrypoint: its name (`agent/payments/deny`) and the id the module evaluates it by. */
export interface Entrypoint {
  readonly name: string;
  readonly id: number;
}

/** How one governed package is evaluated: one `decision` entrypoint, or one entrypoint per rule it has. */
export type PackagePlan =
  | { readonly kind: "decision"; readonly package: string; readonly decision: Entrypoint }
  | { readonly kind: "rules"; readonly package: string; readonly rules: Readonly<Partial<Record<GovernedRule, Entrypoint>>> };

/** The entrypoint returning `{deny, escalate, allow, obligations}` for its package in one evaluation. */
export const DECISION_ENTRYPOINT = "decision";

const RULES: ReadonlySet<string> = new Set(GOVERNED_RULES);

/**
 * Group governed entrypoints by package, sorted by package. When `packages`
 * is given, exactly those take part and each must have a governed
 * entrypoint; otherwise every package with one does, and there must be at
 * least one. A package with a `decision` entrypoint is evaluated through it
 * alone.
 */
export function planGoverned(entrypoints: readonly Entrypoint[], name: string, packages?: readonly string[]): PackagePlan[] {
  const byPackage = new Map<string, { decision?: Entrypoint; rules: Partial<Record<GovernedRule, Entrypoint>> }>();
  for (const ep of entrypoints) {
    const parts = ep.name.split("/");
    const rule = parts.pop()!;
    if (parts.length === 0 || (rule !== DECISION_ENTRYPOINT && !RULES.has(rule))) continue;
    const pkg = parts.join(".");
    const entry = byPackage.get(pkg) ?? { rules: {} };
    if (rule === DECISION_ENTRYPOINT) entry.decision = ep;
    else entry.rules[rule as GovernedRule] = ep;
    byPackage.set(pkg, entry);
  }
  const wanted = packages ? [...new Set(packages)].sort() : [...byPackage.keys()].sort();
  const missing = wanted.filter((p) => !byPackage.has(p));
  if (missing.length > 0 || wanted.length === 0) throw missingEntrypoint(missing, entrypoints, name);
  return wanted.map((pkg): PackagePlan => {
    const entry = byPackage.get(pkg)!;
    return entry.decision ? { kind: "decision", package: pkg, decision: entry.decision } : { kind: "rules", package: pkg, rules: entry.rules };
  });
}

function missingEntrypoint(missing: readonly string[], entrypoints: readonly Entrypoint[], name: string): SnapError {
  const has = entrypoints.length > 0 ? `it has ${listEntrypoints(entrypoints)}` : "it has no entrypoints at all";
  const example = missing[0]?.replaceAll(".", "/") ?? "agent/payments";
  const build = `build it with \`opa build -t wasm -e ${example}/deny -e ${example}/escalate -e ${example}/allow -e ${example}/obligations\` (or \`-e ${example}/decision\`)`;
  if (missing.length === 0) {
    return SnapError.of("opa_wasm_missing_entrypoint", `\`${name}\` has no governed entrypoint (\`<package>/deny\`, \`/escalate\`, \`/allow\`, \`/obligations\` or \`/decision\`); ${has}`, undefined, build);
  }
  const which = missing.map((p) => `\`${p}\``).join(", ");
  return SnapError.of(
    "opa_wasm_missing_entrypoint",
    `\`${name}\` has no governed entrypoint for package${missing.length > 1 ? "s" : ""} ${which}; ${has}`,
    undefined,
    build,
  );
}

/** The entrypoints as users write them in messages: `` `a/b`, `a/c` ``. */
export function listEntrypoints(entrypoints: readonly Entrypoint[]): string {
  return entrypoints.map((e) => `\`${e.name}\``).join(", ");
}

const REF = /^data((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/;

/**
 * The entrypoint a query names: `data.agent.payments.deny` → `agent/payments/deny`.
 * A Wasm module can answer nothing else, so any other query is a `SnapError` listing what it can answer.
 */
export function entrypointForQuery(query: string, entrypoints: readonly Entrypoint[], name: string): Entrypoint {
  const text = query.trim();
  const ref = REF.exec(text);
  const wanted = ref ? ref[1]!.slice(1).replaceAll(".", "/") : undefined;
  const found = wanted === undefined ? undefined : entrypoints.find((e) => e.name === wanted);
  if (found) return found;
  const answerable = entrypoints.map((e) => `\`data.${e.name.replaceAll("/", ".")}\``).join(", ");
  throw SnapError.of(
    "opa_wasm_unsupported_query",
    wanted === undefined
      ? `\`${name}\` is compiled OPA Wasm, which answers only refs to its entrypoints, not \`${text}\``
      : `\`${name}\` has no entrypoint \`${wanted}\` for \`${text}\``,
    undefined,
    `query one of ${answerable || "(none: it has no entrypoints)"}, or rebuild with \`-e\` for the ref you need`,
  );
}
