/**
 * The global names a module sees: `input`, `data`, its imports and the
 * rules of its package (in any file of that package).
 */
import type { Import, Module } from "../ast/nodes.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { NameTarget } from "./program.js";

/** Names visible without declaration in a module (or a query, which has no package). */
export interface Globals {
  readonly pkg: readonly string[];
  /** Rule names (first head segment) of the package → data path. */
  readonly rules: ReadonlyMap<string, readonly string[]>;
  /** Import aliases → target. */
  readonly imports: ReadonlyMap<string, NameTarget>;
  /** The module's Rego version (v1 forbids shadowing `input` and `data`). */
  readonly regoVersion: 0 | 1;
}

/** The target of a global name, or `undefined`. Imports take precedence over rules of the package, as in OPA. */
export function lookupGlobal(g: Globals, name: string): NameTarget | undefined {
  const imp = g.imports.get(name);
  if (imp) return imp;
  const rule = g.rules.get(name);
  if (rule) return { kind: "data", path: rule };
  if (name === "input") return { kind: "input", path: [] };
  if (name === "data") return { kind: "data", path: [] };
  return undefined;
}

/** The globals of a query: `input` and `data` only. */
export const QUERY_GLOBALS: Globals = { pkg: [], rules: new Map(), imports: new Map(), regoVersion: 1 };

/** Rule names of every package, keyed by the package's dotted path. */
export function packageRuleNames(modules: readonly Module[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of modules) {
    const key = m.package.path.join(".");
    let names = out.get(key);
    if (!names) out.set(key, (names = new Set()));
    for (const r of m.rules) names.add(r.head.name);
  }
  return out;
}

/** The globals of one module, reporting bad or conflicting imports into `diags`. */
export function moduleGlobals(module: Module, ruleNames: ReadonlySet<string>, diags: Diagnostic[]): Globals {
  const pkg = module.package.path;
  const rules = new Map<string, readonly string[]>();
  for (const n of ruleNames) rules.set(n, [...pkg, n]);
  const imports = new Map<string, NameTarget>();
  const importSpans = new Map<string, Import>();
  let sawRegoV1 = false;
  let sawFuture = false;
  for (const imp of module.imports) {
    const [root, ...rest] = imp.path;
    if (root === "rego" || root === "future") {
      const isRego = root === "rego";
      if (isRego ? rest.length !== 1 || rest[0] !== "v1" : rest[0] !== "keywords" || rest.length > 2) {
        diags.push(diagnostic("invalid_import", `unknown import \`${imp.path.join(".")}\``, imp.span, "import `rego.v1`, or `future.keywords` in v0 modules"));
        continue;
      }
      if ((isRego && (sawRegoV1 || sawFuture)) || (!isRego && sawRegoV1)) {
        diags.push(diagnostic("import_conflict", `import \`${imp.path.join(".")}\` shadows a previous import`, imp.span, "`rego.v1` already includes every future keyword: keep only `import rego.v1`"));
      }
      if (isRego) sawRegoV1 = true;
      else sawFuture = true;
      continue;
    }
    if (root !== "data" && root !== "input") {
      diags.push(
        diagnostic(
          "invalid_import",
          `import path \`${imp.path.join(".")}\` must begin with \`data\` or \`input\``,
          imp.span,
          "import a document, e.g. `import data.lib.helpers` or `import input.proposal`",
        ),
      );
      continue;
    }
    const alias = imp.alias ?? imp.path[imp.path.length - 1]!;
    const previous = importSpans.get(alias);
    if (previous && previous.path.join(".") !== imp.path.join(".")) {
      diags.push(diagnostic("import_conflict", `import \`${alias}\` shadows a previous import`, imp.span, "give one of the imports another name with `as`"));
      continue;
    }
    if (previous && module.regoVersion === 1) {
      // OPA rejects duplicate imports in v1 modules (a strict-mode check that v1 always applies).
      diags.push(diagnostic("import_conflict", `import \`${alias}\` is declared twice`, imp.span, "remove the second import"));
      continue;
    }
    importSpans.set(alias, imp);
    if (alias === "input" || alias === "data") {
      if (rest.length === 0 && alias === root) continue; // `import input` / `import data`: no-ops
      diags.push(diagnostic("import_conflict", `import alias \`${alias}\` shadows the root document \`${alias}\``, imp.span, "give the import another name with `as`"));
      continue;
    }
    imports.set(alias, { kind: root, path: rest });
  }
  if (module.regoVersion === 1) {
    for (const r of module.rules) {
      if (r.head.name === "input" || r.head.name === "data") {
        diags.push(diagnostic("var_shadows", `rule \`${r.head.name}\` must not shadow the root document \`${r.head.name}\``, r.head.nameSpan, "give the rule another name"));
      }
    }
  }
  return { pkg, rules, imports, regoVersion: module.regoVersion };
}
