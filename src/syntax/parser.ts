/**
 * The Rego grammar as a chevrotain parser with embedded actions: each rule is
 * a class property with its EBNF (as in `grammar/rego.ebnf`) above it, and
 * returns the AST of what it recognised, built by `build-expr.ts` and
 * `build-module.ts` as the parse goes. (A CST and a lowering pass over it made
 * parsing about 40% slower, spent building and reading the CST.)
 * One instance is reused for every parse (building one analyses the grammar,
 * which is costly).
 *
 * Terminals in the EBNF: IDENT, NAME (an identifier or any keyword, after `.`),
 * NUMBER, STRING, RAW_STRING, TEMPLATE, INDEX_OPEN / CALL_OPEN (a `[` / `(`
 * glued to the previous token), COMPARISON, ADDITIVE, MULTIPLICATIVE, ASSIGN
 * (`:=` or `=`). `&x` is a semantic look-ahead (see `lookahead.ts`).
 *
 * How the rules are written: a rule first makes all its grammar calls
 * (`CONSUME`, `SUBRULE`, `OPTION`…), keeping what they return in locals, and
 * then, only when `b` (the build context) is present, hands them to a
 * builder: `this.b ? build(this.b, …) : NOT_BUILT`. `b` is absent while
 * chevrotain records the grammar (where grammar calls return placeholders)
 * and in the recovering parser (which only reports errors): rule results are
 * then `NOT_BUILT` and never read. So a rule looks into what a grammar call
 * returned only through a builder, and makes no grammar call in a builder's
 * arguments (it would be skipped when nothing is built).
 */
import type { IOrAlt, IToken, OrMethodOpts } from "chevrotain";
import { EmbeddedActionsParser } from "./chevrotain.js";
import type { Body, ElseClause, Expr, Import, PackageDecl, RegoVersion, Rule, Stmt, WithModifier } from "../ast/nodes.js";
import type { SourceFile } from "../source/source-file.js";
import type { BuildContext } from "./build-context.js";
import * as E from "./build-expr.js";
import * as M from "./build-module.js";
import { RegoErrorMessages } from "./errors.js";
import type { Token } from "./lex.js";
import type { TokenIndex } from "./lookahead.js";
import * as T from "./tokens.js";

/** What a rule returns when nothing is built (see the comment at the top): never read. */
const NOT_BUILT = undefined as never;

/** Why the parser wants a token reported besides chevrotain's errors. */
export interface ParserNote {
  readonly kind: "missing_if";
  readonly token: IToken;
}

/**
 * The Rego parser. Two instances share one grammar: `regoParser`, without
 * error recovery (chevrotain's fast path, built at startup), which builds the
 * AST, and `recoveringParser()`, built on first use, which `run-parser.ts`
 * runs only on input the fast one rejected, to report every error.
 */
export class RegoParser extends EmbeddedActionsParser {
  /** Version of the module being parsed (decides whether a body needs `if`). */
  regoVersion: RegoVersion = 1;
  /** Bracket index of the current token vector, for the comprehension look-ahead. */
  index: TokenIndex | undefined;
  /** Problems noticed while parsing that are not syntax errors (`missing_if`). */
  notes: ParserNote[] = [];
  /** The build context of the current parse; absent when nothing is to be built (see the comment at the top). */
  private b: BuildContext | undefined;
  /** The token vector of the current parse (minus signs are found in it by index). */
  private tokens: readonly Token[] = [];
  /** The source text (to see line breaks between tokens). */
  private text = "";
  readonly messages: RegoErrorMessages;
  /** Whether the statement just parsed was ended by `;` (the gate of `query` reads it). */
  private separated = true;
  /**
   * The callbacks handed to chevrotain's DSL (`OR` alternatives, `MANY` and
   * `OPTION` bodies) that use nothing but `this`, made on a rule's first run
   * and reused after: made anew on every call, they were a fifth of a parse's
   * garbage (chevrotain's performance guide caches `OR` alternatives so).
   * Callbacks that collect into a rule's locals are made on each call.
   */
  private readonly alts: Record<string, IOrAlt<unknown>[]> = {};
  private readonly fn: Record<string, () => unknown> = {};
  private conditionAlts: OrMethodOpts<unknown> | undefined;
  private readonly noteMissingIf = (): void => {
    if (this.regoVersion === 1) this.notes.push({ kind: "missing_if", token: this.LA(1) });
  };
  private readonly queryGate = (): boolean => this.separated || this.startsLine();

  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion…),
   * which cost more than the rest of the construction: the shared instances
   * skip them, and a test builds one with them.
   */
  constructor(options: { readonly recovery: boolean; readonly validate?: boolean }) {
    const messages = new RegoErrorMessages();
    super([...T.ALL_TOKENS], {
      recoveryEnabled: options.recovery,
      maxLookahead: 2,
      errorMessageProvider: messages,
      skipValidations: !options.validate,
    });
    this.messages = messages;
    this.performSelfAnalysis();
  }

  /** Set the input for the next parse, and the context to build its AST with (none: only check the syntax). */
  prepare(file: SourceFile, tokens: Token[], index: TokenIndex, regoVersion: RegoVersion, builder: BuildContext | undefined): void {
    this.input = tokens;
    this.tokens = tokens;
    this.b = builder;
    this.text = file.text;
    this.messages.file = file;
    this.messages.index = index;
    this.index = index;
    this.regoVersion = regoVersion;
    this.notes = [];
    this.messages.tokens = tokens;
  }

  /** Forget the last parse's build context (its errors stay until the next `prepare`). */
  release(): void {
    this.b = undefined;
    this.tokens = [];
  }

  /** The position of the next token in the token vector (-1 at the end, and while recording the grammar). */
  private here(): number {
    return (this.LA(1) as Token).tokenIndex ?? -1;
  }

  private isComprehension(): boolean {
    const i = this.here();
    return i >= 0 && this.index !== undefined && this.index.isComprehension(i);
  }

  private isObjectComprehension(): boolean {
    const i = this.here();
    return i >= 0 && this.index !== undefined && this.index.isObjectComprehension(i);
  }

  /**
   * True when the next token is a `{` that opens a value rather than a body:
   * its first entry is `key:` (an object or object comprehension) or it is
   * `{ term | …` (a set comprehension), as in `if { 1 | 1 }`.
   */
  private valueInBraces(): boolean {
    const i = this.here();
    return i >= 0 && this.index !== undefined && this.LA(1).tokenType === T.LBrace && (this.index.startsObject(i + 1) || this.index.isComprehension(i + 1));
  }

  /** True when the next token is on a later line than the previous one. */
  private startsLine(): boolean {
    const prev = this.LA(0);
    const next = this.LA(1);
    if (Number.isNaN(prev.startOffset) || Number.isNaN(next.startOffset)) return true;
    const text = this.text;
    for (let i = prev.startOffset + prev.image.length; i < next.startOffset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  /** In v1 a rule body must follow `if`; note it where a body starts without one. */
  private requireIf(): void {
    this.ACTION(this.noteMissingIf);
  }

  /**
   * The operand `term` just parsed after the prefix minuses at `tokens[from..to)`
   * (no grammar call: the minuses and the term are the caller's).
   */
  private signed(from: number, to: number, term: Expr): Expr {
    if (from === to || !this.b) return term;
    const first = this.tokens[to]!;
    const bare = first.tokenType === T.NumberLiteral && this.LA(0) === first;
    return E.signed(this.b, this.tokens, from, to, term, bare);
  }

  /** A literal of one token. */
  private scalar(t: IToken): Expr {
    return this.b ? E.scalar(this.b, t as Token) : NOT_BUILT;
  }

  // ───────────────────────────── modules ─────────────────────────────

  // module ::= packageDecl { importDecl | rule }
  module = this.RULE("module", (): M.ModuleParts => {
    const pkg = this.SUBRULE(this.packageDecl);
    const items: (Import | Rule[])[] = [];
    this.MANY(() => {
      items.push(this.OR((this.alts.moduleItem ??= [{ ALT: () => this.SUBRULE(this.importDecl) }, { ALT: () => this.SUBRULE(this.rule) }])) as Import | Rule[]);
    });
    return { pkg, items };
  });

  // packageDecl ::= "package" path
  packageDecl = this.RULE("packageDecl", (): PackageDecl => {
    const keyword = this.CONSUME(T.Package);
    const path = this.SUBRULE(this.path);
    return this.b ? M.packageDecl(this.b, keyword, path, this.LA(0)) : NOT_BUILT;
  });

  // importDecl ::= "import" path [ "as" IDENT ]
  importDecl = this.RULE("importDecl", (): Import => {
    const keyword = this.CONSUME(T.Import);
    const pathFirst = this.LA(1);
    const path = this.SUBRULE(this.path);
    const pathLast = this.LA(0);
    const alias = this.OPTION((this.fn.importAlias ??= () => {
      this.CONSUME(T.As);
      return this.CONSUME(T.Identifier);
    })) as IToken | undefined;
    return this.b ? M.importDecl(this.b, keyword, path, pathFirst, pathLast, alias, this.LA(0)) : NOT_BUILT;
  });

  // path ::= IDENT { pathSegment }
  path = this.RULE("path", (): string[] => {
    const names = [this.CONSUME(T.Identifier).image];
    this.MANY(() => {
      names.push(this.SUBRULE(this.pathSegment));
    });
    return names;
  });

  // pathSegment ::= "." NAME | "[" STRING "]"
  pathSegment = this.RULE("pathSegment", (): string => {
    return this.OR((this.alts.pathSegment ??= [
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          return this.CONSUME(T.Name).image;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrack);
          const s = this.CONSUME(T.StringLiteral) as Token;
          this.CONSUME(T.RBrack);
          return s.decoded ?? "";
        },
      },
    ])) as string;
  });

  // ───────────────────────────── rules ─────────────────────────────

  // rule ::= "default" ruleHead | ruleHead [ ruleBodies ] { elseClause }
  rule = this.RULE("rule", (): Rule[] => {
    const first = this.LA(1);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Default);
          const head = this.SUBRULE(this.ruleHead);
          return this.b ? M.defaultRule(this.b, head, first, this.LA(0)) : NOT_BUILT;
        },
      },
      {
        ALT: () => {
          const mark = this.b?.diagnostics.length ?? 0;
          const head = this.SUBRULE2(this.ruleHead);
          const headDiagnostics = this.b?.diagnostics.slice(mark) ?? [];
          const bodies = this.OPTION((this.fn.ruleBodies ??= () => this.SUBRULE(this.ruleBodies))) as Body[] | undefined;
          const elses: ElseClause[] = [];
          this.MANY(() => {
            elses.push(this.SUBRULE(this.elseClause));
          });
          return this.b ? M.rule(this.b, head, headDiagnostics, bodies ?? [], elses, first, this.LA(0)) : NOT_BUILT;
        },
      },
    ]);
  });

  // ruleHead ::= IDENT { headSegment } [ "(" [ exprList ] ")" ] [ "contains" expr | ASSIGN exprKV ]
  ruleHead = this.RULE("ruleHead", (): M.HeadParts => {
    const name = this.CONSUME(T.Identifier);
    const path: Expr[] = [];
    let lastIsBracket = false;
    this.MANY(() => {
      path.push(this.SUBRULE(this.headSegment));
      lastIsBracket = this.LA(0).tokenType === T.RBrack;
    });
    const args = this.OPTION((this.fn.headArgs ??= () => {
      // Unlike a call in an expression, a function head may have a space before `(` (`f (x) := …`).
      this.CONSUME(T.LParen);
      const list = this.OPTION2((this.fn.headArgList ??= () => this.SUBRULE(this.exprList)));
      this.CONSUME(T.RParen);
      return list ?? [];
    })) as Expr[] | undefined;
    let contains: [IToken, Expr] | undefined;
    let assign: [IToken, Expr] | undefined;
    this.OPTION3(() => {
      this.OR([
        {
          ALT: () => {
            const keyword = this.CONSUME(T.Contains);
            contains = [keyword, this.SUBRULE(this.expr)];
          },
        },
        {
          ALT: () => {
            const op = this.CONSUME(T.AssignOp);
            assign = [op, this.SUBRULE(this.exprKV)];
          },
        },
      ]);
    });
    return this.b ? M.ruleHead(this.b, name, path, lastIsBracket, args, contains, assign, this.LA(0)) : NOT_BUILT;
  });

  // headSegment ::= "." NAME | "[" exprKV "]"
  headSegment = this.RULE("headSegment", (): Expr => {
    return this.OR((this.alts.headSegment ??= [
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          const name = this.CONSUME(T.Name);
          return this.b ? E.nameString(this.b, name) : NOT_BUILT;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrack);
          const key = this.SUBRULE(this.exprKV);
          this.CONSUME(T.RBrack);
          return key;
        },
      },
    ])) as Expr;
  });

  // ruleBodies ::= "if" conditionBody | block { block }
  ruleBodies = this.RULE("ruleBodies", (): Body[] => {
    return this.OR((this.alts.ruleBodies ??= [
      {
        ALT: () => {
          this.CONSUME(T.If);
          return [this.SUBRULE(this.conditionBody)];
        },
      },
      {
        ALT: () => {
          this.requireIf();
          const bodies: Body[] = [];
          this.AT_LEAST_ONE(() => {
            bodies.push(this.SUBRULE(this.block));
          });
          return bodies;
        },
      },
    ])) as Body[];
  });

  // conditionBody ::= block | literal
  conditionBody = this.RULE("conditionBody", (): Body => {
    // `if {` opens a body, unless the braces hold a value (`if { 1: 2 | … }`, `if { 1 | 1 }`, as OPA falls back to).
    // Deciding on the first token and that look-ahead reports errors inside the braces where they are.
    return this.OR((this.conditionAlts ??= {
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => !this.valueInBraces(), ALT: () => this.SUBRULE(this.block) },
        {
          ALT: () => {
            const stmt = this.SUBRULE(this.literal);
            return this.b ? [stmt] : NOT_BUILT;
          },
        },
      ],
    })) as Body;
  });

  // elseClause ::= "else" [ ASSIGN exprKV ] [ "if" conditionBody | block ]
  elseClause = this.RULE("elseClause", (): ElseClause => {
    const keyword = this.CONSUME(T.Else);
    const assign = this.OPTION((this.fn.elseValue ??= () => {
      const op = this.CONSUME(T.AssignOp);
      return [op, this.SUBRULE(this.exprKV)];
    })) as [IToken, Expr] | undefined;
    const body = this.OPTION2((this.fn.elseBody ??= () =>
      this.OR((this.alts.elseBody ??= [
        {
          ALT: () => {
            this.CONSUME(T.If);
            return this.SUBRULE(this.conditionBody);
          },
        },
        {
          ALT: () => {
            this.requireIf();
            return this.SUBRULE(this.block);
          },
        },
      ])))) as Body | undefined;
    return this.b ? M.elseClause(this.b, keyword, assign, body, this.LA(0)) : NOT_BUILT;
  });

  // block ::= "{" query "}"
  block = this.RULE("block", (): Body => {
    const open = this.CONSUME(T.LBrace);
    const stmts = this.SUBRULE(this.query);
    const close = this.CONSUME(T.RBrace);
    return this.b ? M.block(this.b, open, stmts, close) : NOT_BUILT;
  });

  // ───────────────────────────── bodies ─────────────────────────────

  // query ::= { literal [ ";" ] }
  query = this.RULE("query", (): Stmt[] => {
    // Statements are separated by `;` or a line break (OPA: "expected \n or ; or }"). Queries nest
    // (comprehensions), so the flag the gate reads is saved and restored around each one.
    const outer = this.separated;
    this.separated = true;
    const stmts: Stmt[] = [];
    try {
      this.MANY({
        GATE: this.queryGate,
        DEF: () => {
          stmts.push(this.SUBRULE(this.literal));
          this.separated = false;
          this.OPTION((this.fn.querySemicolon ??= () => {
            this.CONSUME(T.Semicolon);
            this.separated = true;
          }));
        },
      });
    } finally {
      this.separated = outer;
    }
    return stmts;
  });

  // literal ::= ( someDecl | everyStmt | [ "not" ] exprKV [ ASSIGN exprKV ] ) { withModifier }
  literal = this.RULE("literal", (): Stmt => {
    const first = this.LA(1);
    const parts = this.OR((this.alts.literal ??= [
      { ALT: () => this.SUBRULE(this.someDecl) },
      { ALT: () => this.SUBRULE(this.everyStmt) },
      {
        ALT: (): M.StmtParts => {
          const not = this.OPTION((this.fn.literalNot ??= () => this.CONSUME(T.Not))) as IToken | undefined;
          const left = this.SUBRULE(this.exprKV);
          const assign = this.OPTION2((this.fn.literalAssign ??= () => {
            const op = this.CONSUME(T.AssignOp);
            return [op, this.SUBRULE2(this.exprKV)];
          })) as [IToken, Expr] | undefined;
          return { kind: "expr", not, left, assign };
        },
      },
    ])) as M.StmtParts;
    let withs: WithModifier[] | undefined;
    this.MANY(() => {
      (withs ??= []).push(this.SUBRULE(this.withModifier));
    });
    return this.b ? M.literal(this.b, parts, withs ?? [], first, this.LA(0)) : NOT_BUILT;
  });

  // someDecl ::= "some" binary { "," binary } [ "in" binary ]
  someDecl = this.RULE("someDecl", (): M.StmtParts => {
    this.CONSUME(T.Some);
    const terms = [this.SUBRULE(this.binary)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      terms.push(this.SUBRULE2(this.binary));
    });
    const collection = this.OPTION((this.fn.someIn ??= () => {
      this.CONSUME(T.In);
      return this.SUBRULE3(this.binary);
    })) as Expr | undefined;
    return { kind: "some", terms, collection };
  });

  // everyStmt ::= "every" IDENT [ "," IDENT ] "in" binary block
  everyStmt = this.RULE("everyStmt", (): M.StmtParts => {
    this.CONSUME(T.Every);
    const first = this.CONSUME(T.Identifier);
    const second = this.OPTION((this.fn.everyKey ??= () => {
      this.CONSUME(T.Comma);
      return this.CONSUME2(T.Identifier);
    })) as IToken | undefined;
    this.CONSUME(T.In);
    const domain = this.SUBRULE(this.binary);
    const body = this.SUBRULE(this.block);
    return { kind: "every", first, second, domain, body };
  });

  // withModifier ::= "with" term "as" expr
  withModifier = this.RULE("withModifier", (): WithModifier => {
    const keyword = this.CONSUME(T.With);
    const target = this.SUBRULE(this.term);
    this.CONSUME(T.As);
    const value = this.SUBRULE(this.expr);
    return this.b ? M.withModifier(this.b, keyword, target, value, this.LA(0)) : NOT_BUILT;
  });

  // ───────────────────────────── expressions ─────────────────────────────
  // The operator chains are flat (one rule for all precedence levels, prefix minus included): the
  // builder applies precedence. An operand's prefix minuses are found by their positions in the
  // token vector, before and after the `MANY` that consumes them.

  // exprKV ::= { "-" } term { BINARY_OP { "-" } term } [ "," binary "in" binary ] { "in" binary }
  exprKV = this.RULE("exprKV", (): Expr => {
    // The first operand is `binary` written out: most statements are one, and this saves a rule call for each.
    const from = this.here();
    this.MANY((this.fn.exprKVMinus ??= () => this.CONSUME(T.Minus)));
    const to = this.here();
    const operands = [this.signed(from, to, this.SUBRULE(this.term))];
    let ops: IToken[] | undefined;
    this.MANY2(() => {
      (ops ??= []).push(this.CONSUME(T.BinaryOp));
      const f = this.here();
      this.MANY3((this.fn.exprKVMinus2 ??= () => this.CONSUME2(T.Minus)));
      const t = this.here();
      operands.push(this.signed(f, t, this.SUBRULE2(this.term)));
    });
    const pair = this.OPTION((this.fn.exprKVPair ??= () => {
      this.CONSUME(T.Comma);
      const value = this.SUBRULE(this.binary);
      this.CONSUME(T.In);
      return [value, this.SUBRULE2(this.binary)];
    })) as [Expr, Expr] | undefined;
    let ins: Expr[] | undefined;
    this.MANY4(() => {
      this.CONSUME2(T.In);
      (ins ??= []).push(this.SUBRULE3(this.binary));
    });
    return this.b ? E.exprKV(this.b, E.chain(this.b, operands, ops), pair, ins) : NOT_BUILT;
  });

  // expr ::= { "-" } term { ( BINARY_OP | "in" ) { "-" } term }
  expr = this.RULE("expr", (): Expr => {
    const from = this.here();
    this.MANY((this.fn.exprMinus ??= () => this.CONSUME(T.Minus)));
    const to = this.here();
    const operands = [this.signed(from, to, this.SUBRULE(this.term))];
    let ops: IToken[] | undefined;
    this.MANY2(() => {
      (ops ??= []).push(this.OR((this.alts.exprOperator ??= [{ ALT: () => this.CONSUME(T.BinaryOp) }, { ALT: () => this.CONSUME(T.In) }])) as IToken);
      const f = this.here();
      this.MANY3((this.fn.exprMinus2 ??= () => this.CONSUME2(T.Minus)));
      const t = this.here();
      operands.push(this.signed(f, t, this.SUBRULE2(this.term)));
    });
    return this.b ? E.chain(this.b, operands, ops) : NOT_BUILT;
  });

  // binary ::= { "-" } term { BINARY_OP { "-" } term }
  binary = this.RULE("binary", (): Expr => {
    const from = this.here();
    this.MANY((this.fn.binaryMinus ??= () => this.CONSUME(T.Minus)));
    const to = this.here();
    const operands = [this.signed(from, to, this.SUBRULE(this.term))];
    let ops: IToken[] | undefined;
    this.MANY2(() => {
      (ops ??= []).push(this.CONSUME(T.BinaryOp));
      const f = this.here();
      this.MANY3((this.fn.binaryMinus2 ??= () => this.CONSUME2(T.Minus)));
      const t = this.here();
      operands.push(this.signed(f, t, this.SUBRULE2(this.term)));
    });
    return this.b ? E.chain(this.b, operands, ops) : NOT_BUILT;
  });

  // term ::= ( IDENT | containsCall | NUMBER | STRING | RAW_STRING | TEMPLATE | "true" | "false" | "null" | array | braced | parens ) { "." NAME | INDEX_OPEN exprKV "]" | CALL_OPEN [ exprList ] ")" }
  term = this.RULE("term", (): Expr => {
    const first = this.LA(1);
    const head = this.OR((this.alts.term ??= [
      { ALT: () => this.variable(this.CONSUME(T.Identifier)) },
      { ALT: () => this.variable(this.SUBRULE(this.containsCall)) },
      { ALT: () => this.scalar(this.CONSUME(T.NumberLiteral)) },
      { ALT: () => this.scalar(this.CONSUME(T.StringLiteral)) },
      { ALT: () => this.scalar(this.CONSUME(T.RawString)) },
      { ALT: () => this.scalar(this.CONSUME(T.Template)) },
      { ALT: () => this.scalar(this.CONSUME(T.True)) },
      { ALT: () => this.scalar(this.CONSUME(T.False)) },
      { ALT: () => this.scalar(this.CONSUME(T.Null)) },
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.SUBRULE(this.braced) },
      { ALT: () => this.SUBRULE(this.parens) },
    ])) as Expr;
    let segments: E.Segment[] | undefined;
    this.MANY(() => {
      (segments ??= []).push(this.OR2((this.alts.termSegment ??= [
        {
          ALT: (): E.Segment => {
            const dot = this.CONSUME(T.Dot);
            return { kind: "dot", dot, name: this.CONSUME(T.Name) };
          },
        },
        {
          ALT: (): E.Segment => {
            this.CONSUME(T.IndexOpen);
            const index = this.SUBRULE(this.exprKV);
            return { kind: "index", index, close: this.CONSUME(T.RBrack) };
          },
        },
        {
          ALT: (): E.Segment => {
            const open = this.CONSUME(T.CallOpen);
            const args = this.OPTION((this.fn.callArgs ??= () => this.SUBRULE(this.exprList))) as Expr[] | undefined;
            return { kind: "call", open, args, close: this.CONSUME(T.RParen) };
          },
        },
      ])) as E.Segment);
    });
    if (!segments || !this.b) return head;
    // Only a name (`f`, `a.b.f`) can be called; `contains` is one when called (see `containsCall`).
    const named = first.tokenType === T.Identifier || first.tokenType === T.Contains;
    return E.term(this.b, head, named, segments);
  });

  /** A name as a variable. */
  private variable(t: IToken): Expr {
    return this.b ? E.variable(this.b, t) : NOT_BUILT;
  }

  // containsCall ::= "contains" &CALL_OPEN
  containsCall = this.RULE("containsCall", (): IToken => {
    // `contains` is a keyword in v1, but `contains(s, t)` still calls the built-in. The look-ahead is in a rule
    // of its own so that `term` chooses its alternative by the next token alone (chevrotain's fast path).
    return this.OR((this.alts.containsCall ??= [{ GATE: () => this.LA(2).tokenType === T.CallOpen, ALT: () => this.CONSUME(T.Contains) }])) as IToken;
  });

  // parens ::= "(" exprKV ")"
  parens = this.RULE("parens", (): Expr => {
    this.CONSUME(T.LParen);
    const e = this.SUBRULE(this.exprKV);
    this.CONSUME(T.RParen);
    return e;
  });

  // array ::= "[" ( &comprehension comprehension | [ exprList ] ) "]"
  array = this.RULE("array", (): Expr => {
    const open = this.CONSUME(T.LBrack);
    const inner = this.OPTION((this.fn.arrayItems ??= () =>
      this.OR((this.alts.arrayItems ??= [
        { GATE: () => this.isComprehension(), ALT: () => this.SUBRULE(this.comprehension), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.exprList) },
      ])))) as E.ComprehensionParts | Expr[] | undefined;
    const close = this.CONSUME(T.RBrack);
    return this.b ? E.array(this.b, open, inner, close) : NOT_BUILT;
  });

  // braced ::= "{" ( &comprehension comprehension | &objectComprehension objectComprehension | [ braceItems ] ) "}"
  braced = this.RULE("braced", (): Expr => {
    const open = this.CONSUME(T.LBrace);
    const inner = this.OPTION((this.fn.bracedItems ??= () =>
      this.OR((this.alts.bracedItems ??= [
        { GATE: () => this.isComprehension(), ALT: () => this.SUBRULE(this.comprehension), IGNORE_AMBIGUITIES: true },
        { GATE: () => this.isObjectComprehension(), ALT: () => this.SUBRULE(this.objectComprehension), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.braceItems) },
      ])))) as E.BraceParts | undefined;
    const close = this.CONSUME(T.RBrace);
    return this.b ? E.braced(this.b, open, inner, close) : NOT_BUILT;
  });

  // comprehension ::= { "-" } term "|" query
  comprehension = this.RULE("comprehension", (): E.ComprehensionParts => {
    const from = this.here();
    this.MANY((this.fn.comprehensionMinus ??= () => this.CONSUME(T.Minus)));
    const to = this.here();
    const head = this.signed(from, to, this.SUBRULE(this.term));
    this.CONSUME(T.Bar);
    const body = this.SUBRULE(this.query);
    return { kind: "comprehension", head, body };
  });

  // objectComprehension ::= expr ":" { "-" } term "|" query
  objectComprehension = this.RULE("objectComprehension", (): E.BraceParts => {
    const key = this.SUBRULE(this.expr);
    this.CONSUME(T.Colon);
    const from = this.here();
    this.MANY((this.fn.objectComprehensionMinus ??= () => this.CONSUME(T.Minus)));
    const to = this.here();
    const value = this.signed(from, to, this.SUBRULE(this.term));
    this.CONSUME(T.Bar);
    const body = this.SUBRULE(this.query);
    return { kind: "object-comprehension", key, value, body };
  });

  // exprList ::= expr { "," expr } [ "," ]
  exprList = this.RULE("exprList", (): Expr[] => {
    const items = [this.SUBRULE(this.expr)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      items.push(this.SUBRULE2(this.expr));
    });
    this.OPTION((this.fn.exprListComma ??= () => this.CONSUME2(T.Comma)));
    return items;
  });

  // braceItems ::= expr ( ":" expr { "," expr ":" expr } | { "," expr } ) [ "," ]
  braceItems = this.RULE("braceItems", (): E.BraceParts => {
    const first = this.SUBRULE(this.expr);
    const parts = this.OR([
      {
        ALT: (): E.BraceParts => {
          this.CONSUME(T.Colon);
          const keys = [first];
          const values = [this.SUBRULE2(this.expr)];
          this.MANY(() => {
            this.CONSUME(T.Comma);
            keys.push(this.SUBRULE3(this.expr));
            this.CONSUME2(T.Colon);
            values.push(this.SUBRULE4(this.expr));
          });
          return { kind: "object", keys, values };
        },
      },
      {
        ALT: (): E.BraceParts => {
          const items = [first];
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            items.push(this.SUBRULE5(this.expr));
          });
          return { kind: "set", items };
        },
      },
    ]);
    this.OPTION((this.fn.braceItemsComma ??= () => this.CONSUME3(T.Comma)));
    return parts;
  });

  // ───────────────────────────── entry points for fragments ─────────────────────────────

  // queryDocument ::= query
  queryDocument = this.RULE("queryDocument", (): Stmt[] => {
    return this.SUBRULE(this.query);
  });

  // templateExpr ::= exprKV
  templateExpr = this.RULE("templateExpr", (): Expr => {
    return this.SUBRULE(this.exprKV);
  });
}

/** The parser without error recovery: every parse starts with it. */
export const regoParser = new RegoParser({ recovery: false });

let recovering: RegoParser | undefined;

/** The parser with error recovery, built the first time some input has a syntax error. */
export function recoveringParser(): RegoParser {
  return (recovering ??= new RegoParser({ recovery: true }));
}
