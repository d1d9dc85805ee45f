/**
 * fast-check arbitraries of snapspace ASTs: modules with rules of every form,
 * nested expressions, comprehensions, templates, strings with escapes. They
 * generate the ASTs the parser can produce (e.g. no empty bodies, template
 * parts never two strings in a row), with ids 0 and no spans: the properties
 * compare with `stripSpans`.
 */
import fc from "fast-check";
import type { Body, Expr, Module, ObjectEntry, Rule, RuleHead, Stmt, Var, WithModifier, ElseClause } from "../../src/ast/nodes.js";
import { NO_SPAN } from "../../src/source/span.js";

const base = { id: 0, span: NO_SPAN } as const;

const NAMES = ["x", "y", "z", "foo", "bar_2", "_", "input", "data", "Allow", "every_"] as const;
const RULE_NAMES = ["p", "q", "allow", "deny", "f", "obligations", "r2"] as const;
const CALLS = ["count", "f", "strings.replace_n", "data.lib.f", "contains", "lower", "object.get"] as const;
const OPS = ["==", "!=", "<", "<=", ">", ">=", "|", "&", "+", "-", "*", "/", "%"] as const;

const variable = (names: readonly string[] = NAMES): fc.Arbitrary<Var> => fc.constantFrom(...names).map((name) => ({ ...base, kind: "var", name }));

/** JSON numbers, written in the many ways JSON allows, sometimes negative. */
const numberRaw = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant("0"), fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String)),
    fc.option(fc.stringMatching(/^[0-9]{1,4}$/), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), fc.integer({ min: 0, max: 400 })), { nil: undefined }),
  )
  .map(([neg, whole, frac, exp]) => `${neg ? "-" : ""}${whole}${frac !== undefined ? `.${frac}` : ""}${exp ? exp.join("") : ""}`);

/** Strings with escapes, quotes, control characters, non-ASCII and astral characters. */
const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom('"', "\\", "/", "\n", "\t", "\u0000", "\u001f", "é", "😀", "\ud800", "{", "}", "`", "a b", "if", "x-y", "$"),
);

const stringLit: fc.Arbitrary<Expr> = fc
  .tuple(text, fc.boolean())
  .map(([value, raw]) => ({ ...base, kind: "string", value, rawString: raw && !value.includes("`") }));

const scalar: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant<Expr>({ ...base, kind: "null" }),
  fc.boolean().map((value): Expr => ({ ...base, kind: "bool", value })),
  numberRaw.map((raw): Expr => ({ ...base, kind: "number", raw })),
  stringLit,
  variable(),
);

/** A path segment: an identifier-like string (printed `.name`) or any expression. */
function segment(expr: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  return fc.oneof(
    fc.constantFrom("a", "b_c", "default", "in", "x1").map((value): Expr => ({ ...base, kind: "string", value, rawString: false })),
    expr,
  );
}

/** Template parts: never two strings in a row, never an empty string; raw templates hold no backtick or `{`. */
function templateOf(expr: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  return fc.tuple(fc.array(fc.tuple(fc.option(text, { nil: undefined }), expr), { maxLength: 3 }), fc.option(text, { nil: undefined }), fc.boolean()).map(
    ([pairs, last, raw]) => {
      const ok = (t: string | undefined) => t !== undefined && t !== "" && !(raw && (t.includes("`") || t.includes("{")));
      const parts: (string | Expr)[] = [];
      for (const [t, e] of pairs) {
        if (ok(t)) parts.push(t!);
        parts.push(e);
      }
      if (ok(last)) parts.push(last!);
      return { ...base, kind: "template", parts, rawString: raw };
    },
  );
}

/** Expressions and bodies, mutually recursive, with bounded depth. */
export const { expr, body } = fc.letrec<{ expr: Expr; body: Body; stmt: Stmt; withs: WithModifier[] }>((tie) => {
  const e = tie("expr") as fc.Arbitrary<Expr>;
  const bodyArb = tie("body") as fc.Arbitrary<Body>;
  const smallList = fc.array(e, { maxLength: 3 });
  const withs = tie("withs") as fc.Arbitrary<WithModifier[]>;
  return {
    expr: fc.oneof(
      { depthSize: "small", maxDepth: 5, depthIdentifier: "ast", withCrossShrink: true },
      scalar,
      fc.record({ head: e, path: fc.array(segment(e), { minLength: 1, maxLength: 3 }) }).map(({ head, path }): Expr => ({ ...base, kind: "ref", head, path })),
      fc.tuple(fc.constantFrom(...CALLS), smallList).map(([name, args]): Expr => ({ ...base, kind: "call", name, nameSpan: NO_SPAN, args })),
      fc.tuple(fc.constantFrom(...OPS), e, e).map(([op, left, right]): Expr => ({ ...base, kind: "binary", op, opSpan: NO_SPAN, left, right })),
      // No unary minus: Rego has only negative number literals (OPA rejects `-x`).
      fc.tuple(fc.option(e, { nil: undefined }), e, e).map(([key, value, collection]): Expr => ({ ...base, kind: "in", ...(key ? { key } : {}), value, collection })),
      smallList.map((items): Expr => ({ ...base, kind: "array", items })),
      smallList.map((items): Expr => ({ ...base, kind: "set", items })),
      fc.array(fc.tuple(e, e), { maxLength: 3 }).map((pairs): Expr => ({
        ...base,
        kind: "object",
        entries: pairs.map(([key, value]): ObjectEntry => ({ ...base, kind: "entry", key, value })),
      })),
      fc.tuple(e, bodyArb).map(([term, b]): Expr => ({ ...base, kind: "array-compr", term, body: b })),
      fc.tuple(e, bodyArb).map(([term, b]): Expr => ({ ...base, kind: "set-compr", term, body: b })),
      fc.tuple(e, e, bodyArb).map(([key, value, b]): Expr => ({ ...base, kind: "object-compr", key, value, body: b })),
      templateOf(e),
    ),
    withs: fc.array(
      fc.tuple(
        fc.oneof(
          variable(["f", "count", "x"]),
          fc.constantFrom<Expr>(
            { ...base, kind: "ref", head: { ...base, kind: "var", name: "input" }, path: [{ ...base, kind: "string", value: "user", rawString: false }] },
            { ...base, kind: "ref", head: { ...base, kind: "var", name: "data" }, path: [{ ...base, kind: "string", value: "roles", rawString: false }] },
          ),
        ),
        e,
      ).map(([target, value]): WithModifier => ({ ...base, kind: "with", target: target as WithModifier["target"], value })),
      { maxLength: 2 },
    ),
    stmt: fc.oneof(
      { depthSize: "small", maxDepth: 5, depthIdentifier: "ast" },
      fc.tuple(e, fc.boolean(), withs).map(([x, negated, w]): Stmt => ({ ...base, kind: "expr", expr: x, negated, with: w })),
      fc.tuple(e, e, fc.boolean(), withs).map(([left, right, negated, w]): Stmt => ({ ...base, kind: "unify", left, right, negated, with: w })),
      fc.tuple(e, e, withs).map(([left, right, w]): Stmt => ({ ...base, kind: "assign", left, right, with: w })),
      fc.array(variable(["x", "y", "z", "_"]), { minLength: 1, maxLength: 3 }).map((vars): Stmt => ({ ...base, kind: "some", vars })),
      fc.tuple(fc.option(e, { nil: undefined }), e, e, withs).map(([key, value, collection, w]): Stmt => ({
        ...base,
        kind: "some-in",
        ...(key ? { key } : {}),
        value,
        collection,
        with: w,
      })),
      fc.tuple(fc.option(variable(["k", "_"]), { nil: undefined }), variable(["v", "x"]), e, bodyArb, withs).map(([key, value, domain, b, w]): Stmt => ({
        ...base,
        kind: "every",
        ...(key ? { key } : {}),
        value,
        domain,
        body: b,
        with: w,
      })),
    ),
    body: fc.array(tie("stmt") as fc.Arbitrary<Stmt>, { minLength: 1, maxLength: 3 }),
  };
});

const fieldString = (value: string): Expr => ({ ...base, kind: "string", value, rawString: false });

/** A rule of one of the forms Rego has. */
export const rule: fc.Arbitrary<Rule> = fc
  .tuple(
    fc.constantFrom(...RULE_NAMES),
    fc.constantFrom("complete", "boolean", "default", "set", "object", "ref", "function", "function-bool"),
    expr,
    body,
    fc.array(segment(expr), { maxLength: 2 }),
    fc.array(expr, { maxLength: 3 }),
    fc.constantFrom<":=" | "=">(":=", "="),
    fc.array(fc.tuple(fc.option(expr, { nil: undefined }), fc.option(body, { nil: undefined }), fc.constantFrom<":=" | "=">(":=", "=")), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([name, form, value, b, path, args, assign, elseParts, withBody]): Rule => {
    const head = (extra: Partial<RuleHead>): RuleHead => ({ ...base, kind: "head", name, nameSpan: NO_SPAN, path: [], ...extra });
    const elses: ElseClause[] = elseParts
      .filter(([v, eb]) => v !== undefined || eb !== undefined)
      .map(([v, eb, a]) => ({ ...base, kind: "else", ...(v ? { value: v, assign: a } : {}), body: eb ?? [] }));
    const rule = (h: RuleHead, ruleBody: Body, isDefault = false, withElses = true): Rule => ({
      ...base,
      kind: "rule",
      isDefault,
      head: h,
      body: ruleBody,
      elses: withElses ? elses : [],
    });
    switch (form) {
      case "complete":
        return rule(head({ value, assign }), withBody ? b : []);
      case "boolean":
        return rule(head({}), b);
      case "default":
        return rule(head({ value, assign, ...(args.length > 0 ? { args } : {}) }), [], true, false);
      case "set":
        return rule(head({ path: path.filter((p) => p.kind === "string" && !p.rawString), contains: value }), withBody ? b : [], false, false);
      case "object":
        return rule(head({ path: [...path, value], value: args[0] ?? value, assign }), withBody ? b : []);
      case "ref":
        return rule(head({ path: [fieldString("sub"), ...path] }), b);
      case "function":
        return rule(head({ args, value, assign }), withBody ? b : []);
      default:
        return rule(head({ args }), b);
    }
  });

/** A module: a package, some imports, rules of every form. */
export const module: fc.Arbitrary<Module> = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom("a", "b_2", "default"), fc.string({ maxLength: 5 })), { maxLength: 2 }),
    fc.array(fc.tuple(fc.constantFrom("data", "input"), fc.array(fc.constantFrom("lib", "x", "a-b"), { maxLength: 2 }), fc.option(fc.constantFrom("lib", "y"), { nil: undefined })), {
      maxLength: 2,
    }),
    fc.array(rule, { minLength: 1, maxLength: 4 }),
  )
  .map(([pkg, imports, rules]): Module => ({
    ...base,
    kind: "module",
    file: "gen.rego",
    regoVersion: 1,
    package: { ...base, kind: "package", path: ["policy", ...pkg] },
    imports: imports.map(([root, rest, alias]) => ({ ...base, kind: "import", path: [root, ...rest], ...(alias ? { alias } : {}) })),
    rules,
    comments: [],
  }));
