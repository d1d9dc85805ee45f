/**
 * `# METADATA` annotations, as OPA reads them: a comment block whose first
 * line is `METADATA`, holding YAML (each line without `#` and one space),
 * attached to the first package or rule statement after it. Scopes: `rule`
 * (default before a rule; `document` for an `entrypoint`), `document` (every
 * definition of the rule's path), `package` (default before a package; its
 * rules in the same file) and `subpackages` (the package and all below it).
 *
 * They feed `rego.metadata.rule()` and `rego.metadata.chain()`, whose
 * values are fixed per rule at check time, as OPA's compiler does.
 */
import yaml from "js-yaml";
import type { Comment, Module, Rule } from "../ast/nodes.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { Span } from "../source/span.js";
import { fromJs } from "../value/json.js";
import { setOwn } from "../value/keyed-object.js";
import type { Value } from "../value/types.js";

type Scope = "rule" | "document" | "package" | "subpackages";

interface Annotation {
  readonly scope: Scope;
  /** The annotation as `rego.metadata.*` return it. */
  readonly value: Value;
  readonly span: Span;
}

/** What `rego.metadata.rule()` and `rego.metadata.chain()` evaluate to in one rule. */
export interface RuleMetadata {
  readonly rule: Value;
  readonly chain: Value;
}

const SCOPES: readonly string[] = ["rule", "document", "package", "subpackages"];

/** The annotations of a policy set; `forRule` answers the metadata built-ins of one rule definition. */
export class AnnotationSet {
  private readonly byRule = new Map<Rule, Annotation>();
  private readonly byPackage = new Map<Module, Annotation>();
  private readonly byDocument = new Map<string, Annotation>();
  private readonly subpackages = new Map<string, Annotation>();
  private readonly cache = new Map<Rule, RuleMetadata>();

  /** Collect the annotations of every module, reporting malformed ones into `diags`. */
  constructor(modules: readonly Module[], diags: Diagnostic[]) {
    for (const m of modules) {
      for (const block of metadataBlocks(m.comments)) this.attach(m, block, diags);
    }
  }

  /** The metadata of a rule definition of `module`. */
  forRule(module: Module, rule: Rule): RuleMetadata {
    let hit = this.cache.get(rule);
    if (hit) return hit;
    const pkg = module.package.path;
    const rulePath = [...pkg, ...groundPath(rule)];
    const own = this.byRule.get(rule);
    const chain: Value[] = [link(rulePath, own)];
    const doc = this.byDocument.get(rulePath.join("\u0000"));
    if (doc) chain.push(link(rulePath, doc));
    const pkgAnn = this.byPackage.get(module);
    if (pkgAnn) chain.push(link(pkg, pkgAnn));
    for (let n = pkg.length; n >= 1; n--) {
      const sub = this.subpackages.get(pkg.slice(0, n).join("\u0000"));
      if (sub) chain.push(link(pkg.slice(0, n), sub));
    }
    hit = { rule: own ? own.value : {}, chain };
    this.cache.set(rule, hit);
    return hit;
  }

  private attach(m: Module, block: Block, diags: Diagnostic[]): void {
    const parsed = parseAnnotation(block, diags);
    if (!parsed) return;
    // The annotated statement: the first package or rule after the block.
    const rule = m.rules.find((r) => r.span.line > block.lastLine);
    const onPackage = m.package.span.line > block.lastLine && (!rule || m.package.span.line < rule.span.line);
    const target: "package" | "rule" | undefined = onPackage ? "package" : rule ? "rule" : undefined;
    const scope: Scope = (parsed.scope ?? (target === "package" ? "package" : parsed.entrypoint ? "document" : "rule")) as Scope;
    const wants = scope === "rule" || scope === "document" ? "rule" : "package";
    if (target !== wants) {
      diags.push(
        diagnostic(
          "invalid_metadata",
          `annotation scope \`${scope}\` must be applied to a ${wants}${target ? `, not a ${target}` : ""}`,
          block.span,
          scope === "rule" || scope === "document" ? "put the `# METADATA` block right before the rule" : "put the `# METADATA` block right before `package`",
        ),
      );
      return;
    }
    const annotation: Annotation = { scope, value: annotationValue(scope, parsed), span: block.span };
    switch (scope) {
      case "rule":
        this.byRule.set(rule!, annotation);
        return;
      case "document": {
        const key = [...m.package.path, ...groundPath(rule!)].join("\u0000");
        if (!this.byDocument.has(key)) this.byDocument.set(key, annotation);
        return;
      }
      case "package":
        this.byPackage.set(m, annotation);
        return;
      case "subpackages": {
        const key = m.package.path.join("\u0000");
        if (!this.subpackages.has(key)) this.subpackages.set(key, annotation);
        return;
      }
    }
  }
}

/** One chain entry: `{"path": [...], "annotations": {...}}` (no `annotations` when there are none). */
function link(path: readonly string[], annotation: Annotation | undefined): Value {
  const out: Record<string, Value> = { path: [...path] };
  if (annotation) out["annotations"] = annotation.value;
  return out;
}

/** The static prefix of a rule's path after its package: `a.b[x]` → `["a", "b"]`. */
function groundPath(rule: Rule): string[] {
  const out = [rule.head.name];
  for (const seg of rule.head.path) {
    if (seg.kind !== "string") break;
    out.push(seg.value);
  }
  return out;
}

interface Block {
  readonly text: string;
  readonly lastLine: number;
  readonly span: Span;
}

/** The `# METADATA` blocks of a module: each runs over the comment lines that follow it without a gap. */
function metadataBlocks(comments: readonly Comment[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < comments.length; i++) {
    if (comments[i]!.text.trim() !== "METADATA") continue;
    const start = comments[i]!;
    const lines: string[] = [];
    let last = start;
    while (i + 1 < comments.length && comments[i + 1]!.span.line === last.span.line + 1 && comments[i + 1]!.text.trim() !== "METADATA") {
      last = comments[++i]!;
      // As OPA: drop one leading space of each line; the rest is YAML.
      lines.push(last.text.startsWith(" ") ? last.text.slice(1) : last.text);
    }
    blocks.push({ text: lines.join("\n"), lastLine: last.span.line, span: start.span });
  }
  return blocks;
}

interface RawAnnotation {
  scope?: string;
  entrypoint?: boolean;
  fields: Record<string, Value>;
}

/** The YAML of a block, checked; `undefined` (with a diagnostic) when it is malformed. */
function parseAnnotation(block: Block, diags: Diagnostic[]): RawAnnotation | undefined {
  const bad = (why: string, help: string) => {
    diags.push(diagnostic("invalid_metadata", `malformed \`# METADATA\` block: ${why}`, block.span, help));
    return undefined;
  };
  let doc: unknown;
  try {
    doc = yaml.load(block.text, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    return bad((e as Error).message.split("\n")[0]!, "write the annotations as YAML after `# METADATA`, one comment line each");
  }
  if (doc === undefined || doc === null) return { fields: {} };
  if (typeof doc !== "object" || Array.isArray(doc)) return bad("it is not a YAML mapping", "write keys such as `title:`, `description:` and `custom:`");
  const raw = doc as Record<string, unknown>;
  const fields: Record<string, Value> = {};
  const str = (k: string): string | undefined => {
    const v = raw[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw new MetadataError(`\`${k}\` must be a string`);
    return v;
  };
  try {
    const scope = str("scope");
    if (scope !== undefined && !SCOPES.includes(scope)) return bad(`unknown scope \`${scope}\``, "use one of `rule`, `document`, `package`, `subpackages`");
    const entrypoint = raw["entrypoint"];
    if (entrypoint !== undefined && typeof entrypoint !== "boolean") throw new MetadataError("`entrypoint` must be true or false");
    for (const k of ["title", "description"]) {
      const v = str(k);
      if (v) fields[k] = v;
    }
    if (entrypoint === true) fields["entrypoint"] = true;
    const orgs = list(raw, "organizations").map((o) => {
      if (typeof o !== "string") throw new MetadataError("`organizations` must be a list of strings");
      return o;
    });
    if (orgs.length) fields["organizations"] = orgs;
    const related = list(raw, "related_resources").map(relatedResource);
    if (related.length) fields["related_resources"] = related;
    const authors = list(raw, "authors").map(author);
    if (authors.length) fields["authors"] = authors;
    const custom = raw["custom"];
    if (custom !== undefined && custom !== null) {
      if (typeof custom !== "object" || Array.isArray(custom)) throw new MetadataError("`custom` must be a mapping");
      if (Object.keys(custom).length) fields["custom"] = fromJs(custom, "custom");
    }
    return { ...(scope !== undefined ? { scope } : {}), ...(entrypoint !== undefined ? { entrypoint } : {}), fields };
  } catch (e) {
    if (e instanceof MetadataError) return bad(e.message, "see OPA's annotation reference for the shape of each key");
    throw e;
  }
}

class MetadataError extends Error {}

function list(raw: Record<string, unknown>, key: string): unknown[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new MetadataError(`\`${key}\` must be a list`);
  return v;
}

/** A related resource: a URL string, or `{ref, description}`. */
function relatedResource(x: unknown): Value {
  if (typeof x === "string") return { ref: x };
  if (x && typeof x === "object" && !Array.isArray(x) && typeof (x as Record<string, unknown>)["ref"] === "string") {
    const r = x as Record<string, unknown>;
    const out: Record<string, Value> = { ref: r["ref"] as string };
    if (typeof r["description"] === "string" && r["description"] !== "") out["description"] = r["description"];
    return out;
  }
  throw new MetadataError("each of `related_resources` must be a URL or an object with `ref`");
}

/** An author: `"Name <email>"`, or `{name, email}`. */
function author(x: unknown): Value {
  let name = "";
  let email = "";
  if (typeof x === "string") {
    // As OPA's parseAuthorString: a trailing `<…>` word is the email, the rest the name.
    const parts = x.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) throw new MetadataError("an author is an empty string");
    const last = parts[parts.length - 1]!;
    if (last.length >= 2 && last.startsWith("<") && last.endsWith(">")) {
      email = last.slice(1, -1);
      parts.pop();
    }
    name = parts.join(" ");
  } else if (x && typeof x === "object" && !Array.isArray(x)) {
    const r = x as Record<string, unknown>;
    name = typeof r["name"] === "string" ? r["name"] : "";
    email = typeof r["email"] === "string" ? r["email"] : "";
    if (!name && !email) throw new MetadataError("an author needs a `name` or an `email`");
  } else {
    throw new MetadataError("each of `authors` must be a string or an object with `name` and `email`");
  }
  const out: Record<string, Value> = {};
  if (name) out["name"] = name;
  if (email) out["email"] = email;
  return out;
}

/** The object `rego.metadata.*` return for an annotation: `scope` and the keys that are set. */
function annotationValue(scope: Scope, raw: RawAnnotation): Value {
  const out: Record<string, Value> = {};
  setOwn(out, "scope", scope);
  for (const [k, v] of Object.entries(raw.fields)) setOwn(out, k, v);
  return out;
}
