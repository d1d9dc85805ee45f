/**
 * The snapspace AST: what the parser produces (its rules build it), what
 * the checker, the interpreter, the compiler and the formatter consume.
 *
 * Every node has an `id` (unique within one parse) and a `span`. The AST is
 * immutable once parsed: analyses keep their results in side tables keyed
 * by `id`. Spans and ids never take part in equality: compare with
 * `stripSpans` (see `strip.ts`).
 */
import type { Span } from "../source/span.js";

/** Fields every node has. */
export interface NodeBase {
  readonly id: number;
  readonly span: Span;
}

// ───────────────────────────── expressions ─────────────────────────────

/** `null` */
export interface NullLit extends NodeBase {
  readonly kind: "null";
}

/** `true` / `false` */
export interface BoolLit extends NodeBase {
  readonly kind: "bool";
  readonly value: boolean;
}

/** A number literal, kept as written (`-1`, `2.5e3`) so no precision is lost before evaluation. */
export interface NumberLit extends NodeBase {
  readonly kind: "number";
  readonly raw: string;
}

/** A string literal, its escapes already decoded. `rawString` is true for backtick strings (the formatter keeps them). */
export interface StringLit extends NodeBase {
  readonly kind: "string";
  readonly value: string;
  readonly rawString: boolean;
}

/** A variable or a name to resolve (`x`, `input`, `data`, a rule name, an import alias). `_` is a wildcard: each occurrence is a fresh variable. */
export interface Var extends NodeBase {
  readonly kind: "var";
  readonly name: string;
}

/**
 * A reference: `head` followed by one or more path segments.
 * `a.b` has `path: [StringLit "b"]`; `a[x]` has `path: [Var x]`.
 * `head` is usually a `Var` (`input`, `data`, a local, a rule), but may be a
 * composite, a comprehension or a call (`split(s, ".")[0]`).
 */
export interface Ref extends NodeBase {
  readonly kind: "ref";
  readonly head: Expr;
  readonly path: readonly Expr[];
}

/** `[a, b]` */
export interface ArrayLit extends NodeBase {
  readonly kind: "array";
  readonly items: readonly Expr[];
}

/** One `key: value` of an object literal. */
export interface ObjectEntry extends NodeBase {
  readonly kind: "entry";
  readonly key: Expr;
  readonly value: Expr;
}

/** `{"k": v, …}` (`{}` is the empty object). */
export interface ObjectLit extends NodeBase {
  readonly kind: "object";
  readonly entries: readonly ObjectEntry[];
}

/** `{a, b}`; `set()` is the empty set. */
export interface SetLit extends NodeBase {
  readonly kind: "set";
  readonly items: readonly Expr[];
}

/** `[term | body]` */
export interface ArrayCompr extends NodeBase {
  readonly kind: "array-compr";
  readonly term: Expr;
  readonly body: Body;
}

/** `{term | body}` */
export interface SetCompr extends NodeBase {
  readonly kind: "set-compr";
  readonly term: Expr;
  readonly body: Body;
}

/** `{key: value | body}` */
export interface ObjectCompr extends NodeBase {
  readonly kind: "object-compr";
  readonly key: Expr;
  readonly value: Expr;
  readonly body: Body;
}

/**
 * A call of a built-in or a user function: `count(x)`, `strings.replace_n(p, s)`,
 * `data.lib.f(x)`, `lib.f(x)` (through an import). `name` is the dotted name as
 * written; the checker resolves it.
 */
export interface Call extends NodeBase {
  readonly kind: "call";
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly Expr[];
}

/** Infix operators, from lowest to highest precedence: comparisons, `|`, `&`, `+ -`, `* / %`. */
export type BinaryOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "|" | "&" | "+" | "-" | "*" | "/" | "%";

/** `left op right` */
export interface Binary extends NodeBase {
  readonly kind: "binary";
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly left: Expr;
  readonly right: Expr;
}

/** `-x` where `x` is not a number literal (a negative literal is a `NumberLit`). */
export interface Unary extends NodeBase {
  readonly kind: "unary";
  readonly op: "-";
  readonly arg: Expr;
}

/** Membership: `value in collection`, or `key, value in collection`. Binds looser than comparisons. */
export interface Membership extends NodeBase {
  readonly kind: "in";
  readonly key?: Expr;
  readonly value: Expr;
  readonly collection: Expr;
}

/** A string template `$"text {expr} text"` (OPA ≥ 1.12); `parts` alternate literal text and expressions. */
export interface Template extends NodeBase {
  readonly kind: "template";
  readonly parts: readonly (string | Expr)[];
  readonly rawString: boolean;
}

/** Every expression (a Rego "term"). */
export type Expr =
  | NullLit
  | BoolLit
  | NumberLit
  | StringLit
  | Var
  | Ref
  | ArrayLit
  | ObjectLit
  | SetLit
  | ArrayCompr
  | SetCompr
  | ObjectCompr
  | Call
  | Binary
  | Unary
  | Membership
  | Template;

// ───────────────────────────── statements ─────────────────────────────

/** `with target as value`; `target` is `input…`, `data…`, or a function / built-in name. */
export interface WithModifier extends NodeBase {
  readonly kind: "with";
  readonly target: Ref | Var;
  readonly value: Expr;
}

/** An expression used as a condition: `x > 1`, `not allowed`, `f(x) with input as {}`. */
export interface ExprStmt extends NodeBase {
  readonly kind: "expr";
  readonly expr: Expr;
  readonly negated: boolean;
  readonly with: readonly WithModifier[];
}

/** `left = right`: unification (either side may be a pattern). */
export interface UnifyStmt extends NodeBase {
  readonly kind: "unify";
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
  readonly with: readonly WithModifier[];
}

/** `left := right`: declares the variables of `left` (a var or a composite pattern) and binds them. */
export interface AssignStmt extends NodeBase {
  readonly kind: "assign";
  readonly left: Expr;
  readonly right: Expr;
  readonly with: readonly WithModifier[];
}

/** `some x, y`: declares local variables. */
export interface SomeDecl extends NodeBase {
  readonly kind: "some";
  readonly vars: readonly Var[];
}

/** `some v in xs` / `some k, v in xs`: declares the variables of `key`/`value` and iterates. */
export interface SomeIn extends NodeBase {
  readonly kind: "some-in";
  readonly key?: Expr;
  readonly value: Expr;
  readonly collection: Expr;
  readonly with: readonly WithModifier[];
}

/** `every k, v in xs { body }`: true when `body` holds for every element (and for an empty domain). */
export interface Every extends NodeBase {
  readonly kind: "every";
  readonly key?: Var;
  readonly value: Var;
  readonly domain: Expr;
  readonly body: Body;
  readonly with: readonly WithModifier[];
}

/** A body statement (a Rego "literal"). */
export type Stmt = ExprStmt | UnifyStmt | AssignStmt | SomeDecl | SomeIn | Every;

/** A query or rule body: statements that must all hold. */
export type Body = readonly Stmt[];

// ───────────────────────────── rules and modules ─────────────────────────────

/**
 * A rule head. The rule's path is `name` followed by `path`:
 * `deny contains msg` → name `deny`, path `[]`, contains `msg`;
 * `a.b[k] := v` → name `a`, path `["b", k]`, value `v`;
 * `f(x) := y` → name `f`, args `[x]`, value `y`;
 * `allow if …` → name `allow`, no value (it is `true`).
 */
export interface RuleHead extends NodeBase {
  readonly kind: "head";
  readonly name: string;
  readonly nameSpan: Span;
  readonly path: readonly Expr[];
  /** Present for functions (possibly empty: `f() := 1`). */
  readonly args?: readonly Expr[];
  /** The element of a partial set rule (`contains x`, or v0's `p[x] { … }`). */
  readonly contains?: Expr;
  /** The assigned value; absent means `true` (unless `contains` is set). */
  readonly value?: Expr;
  /** How the value was assigned, as written. */
  readonly assign?: ":=" | "=";
}

/** `else [:= value] [if] { body }` */
export interface ElseClause extends NodeBase {
  readonly kind: "else";
  readonly value?: Expr;
  readonly assign?: ":=" | "=";
  readonly body: Body;
}

/** One rule definition. A rule without a body (`p := 1`) has an empty `body`. */
export interface Rule extends NodeBase {
  readonly kind: "rule";
  readonly isDefault: boolean;
  readonly head: RuleHead;
  readonly body: Body;
  readonly elses: readonly ElseClause[];
}

/** `package a.b.c` */
export interface PackageDecl extends NodeBase {
  readonly kind: "package";
  /** Path segments after `data`, e.g. `["agent", "payments"]`. */
  readonly path: readonly string[];
}

/** `import data.lib.x as y`, `import input.proposal`, `import rego.v1`, `import future.keywords.in` */
export interface Import extends NodeBase {
  readonly kind: "import";
  /** Full path including its root (`data`, `input`, `rego`, `future`). */
  readonly path: readonly string[];
  readonly alias?: string;
}

/** A comment, kept for the formatter (`text` excludes the leading `#`). */
export interface Comment {
  readonly text: string;
  readonly span: Span;
}

/** Rego language version of a module: 1 (the default) or 0 (v0-compatible mode without `import rego.v1`). */
export type RegoVersion = 0 | 1;

/** A parsed `.snap` / `.rego` file. */
export interface Module extends NodeBase {
  readonly kind: "module";
  readonly file: string;
  readonly regoVersion: RegoVersion;
  readonly package: PackageDecl;
  readonly imports: readonly Import[];
  readonly rules: readonly Rule[];
  readonly comments: readonly Comment[];
}

/** Every node kind. */
export type Node =
  | Expr
  | ObjectEntry
  | WithModifier
  | Stmt
  | RuleHead
  | ElseClause
  | Rule
  | PackageDecl
  | Import
  | Module;
