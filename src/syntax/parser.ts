/**
 * The Rego grammar as a chevrotain `CstParser`. Each rule is a class property
 * with its EBNF (as in `grammar/rego.ebnf`) above it. The parser builds a CST
 * only; `lower-*.ts` turn it into the AST. One instance is reused for every
 * parse (building one analyses the grammar, which is costly).
 *
 * Terminals in the EBNF: IDENT, NAME (an identifier or any keyword, after `.`),
 * NUMBER, STRING, RAW_STRING, TEMPLATE, INDEX_OPEN / CALL_OPEN (a `[` / `(`
 * glued to the previous token), COMPARISON, ADDITIVE, MULTIPLICATIVE, ASSIGN
 * (`:=` or `=`). `&x` is a semantic look-ahead (see `lookahead.ts`).
 */
import { CstParser, type CstNode, type DSLMethodOptsWithErr, type IOrAlt, type IToken, type OrMethodOpts } from "chevrotain";
import type { RegoVersion } from "../ast/nodes.js";
import type { SourceFile } from "../source/source-file.js";
import { RegoErrorMessages } from "./errors.js";
import type { Token } from "./lex.js";
import type { TokenIndex } from "./lookahead.js";
import * as T from "./tokens.js";

/** The labels of sub-rules and tokens in the CST (shared objects, so that a parse does not make them anew). */
const L = {
  alias: { LABEL: "alias" },
  args: { LABEL: "args" },
  element: { LABEL: "element" },
  value: { LABEL: "value" },
  left: { LABEL: "left" },
  right: { LABEL: "right" },
  term: { LABEL: "term" },
  collection: { LABEL: "collection" },
  domain: { LABEL: "domain" },
  target: { LABEL: "target" },
  head: { LABEL: "head" },
  key: { LABEL: "key" },
  first: { LABEL: "first" },
  item: { LABEL: "item" },
} as const;

/** The members of chevrotain's tree builder that `cstInvocationStateUpdate` uses (internal, not in its typings). */
interface CstBuilderInternals {
  readonly CST_STACK: CstNode[];
  setInitialNodeLocation(node: CstNode): void;
}

/** Takes the top-level nodes of a module as the parser finishes them (see `RegoParser.sink`). */
export type ItemSink = (node: CstNode) => void;

/** Why the parser wants a token reported besides chevrotain's errors. */
export interface ParserNote {
  readonly kind: "missing_if";
  readonly token: IToken;
}

/**
 * The Rego parser. Two instances share one grammar: `regoParser`, without
 * error recovery (chevrotain's fast path, built at startup), and
 * `recoveringParser()`, built on first use, which `parse.ts` runs only on
 * input the fast one rejected, to report every error.
 */
export class RegoParser extends CstParser {
  /** Version of the module being parsed (decides whether a body needs `if`). */
  regoVersion: RegoVersion = 1;
  /** Bracket index of the current token vector, for the comprehension look-ahead. */
  index: TokenIndex | undefined;
  /** Problems noticed while parsing that are not syntax errors (`missing_if`). */
  notes: ParserNote[] = [];
  /**
   * Receives the package and each import and rule of a module as soon as
   * they are parsed, and may lower them: their CST is emptied after (so a
   * parse with a sink returns a module CST of empty husks). The nodes are
   * those of a parse that may still fail further on.
   */
  sink: ItemSink | undefined;
  /** The source text (to see line breaks between tokens). */
  private text = "";
  readonly messages: RegoErrorMessages;
  /** Whether the statement just parsed was ended by `;` (the gate of `query` reads it). */
  private separated = true;
  /**
   * The callbacks handed to chevrotain's DSL (`OR` alternatives, `MANY` and
   * `OPTION` bodies), made on a rule's first run and reused after: made anew
   * on every call, they were a fifth of a parse's garbage. chevrotain's
   * performance guide caches `OR` alternatives this way; it holds for every
   * callback that uses nothing but `this`.
   */
  private readonly alts: Record<string, IOrAlt<unknown>[]> = {};
  private readonly fn: Record<string, () => void> = {};
  private conditionAlts: OrMethodOpts<unknown> | undefined;
  private queryItems: DSLMethodOptsWithErr<unknown> | undefined;
  private readonly noteMissingIf = (): void => {
    if (this.regoVersion === 1) this.notes.push({ kind: "missing_if", token: this.LA(1) });
  };

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
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: messages,
      skipValidations: !options.validate,
    });
    this.messages = messages;
    this.performSelfAnalysis();
  }

  /**
   * Start the CST node of a rule. chevrotain (11) makes each node's `children`
   * with `Object.create(null)`, which V8 keeps in dictionary mode: slow to fill,
   * slow to read when lowering, and the largest share of a parse's garbage. A
   * plain object is safe because every key is a rule, token or label name of
   * this grammar, and none of them is a property of `Object.prototype`
   * (INVARIANT, checked by test/syntax/grammar.test.ts, which also checks that
   * this override is the one chevrotain calls).
   */
  protected cstInvocationStateUpdate(fullRuleName: string): void {
    const self = this as unknown as CstBuilderInternals;
    const node: CstNode = { name: fullRuleName, children: {} };
    self.setInitialNodeLocation(node);
    self.CST_STACK.push(node);
  }

  /**
   * Give a finished top-level node to `sink`, then empty it: the module's
   * CST keeps a husk, and the rule's tree can be collected while young.
   */
  private handOver(node: CstNode): void {
    if (!this.sink) return;
    this.sink(node);
    (node as { children: CstNode["children"] }).children = {};
  }

  /** Set the input for the next parse (and the sink of its top-level nodes, see `sink`). */
  prepare(file: SourceFile, tokens: Token[], index: TokenIndex, regoVersion: RegoVersion, sink?: ItemSink): void {
    this.input = tokens;
    this.sink = sink;
    this.text = file.text;
    this.messages.file = file;
    this.messages.index = index;
    this.index = index;
    this.regoVersion = regoVersion;
    this.notes = [];
    this.messages.tokens = tokens;
  }

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

  /** True when the next token is a `{` whose first entry is `key:` (an object or object comprehension). */
  private objectAhead(): boolean {
    const i = this.here();
    return i >= 0 && this.index !== undefined && this.LA(1).tokenType === T.LBrace && this.index.startsObject(i + 1);
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

  // ───────────────────────────── modules ─────────────────────────────

  // module ::= packageDecl { importDecl | rule }
  module = this.RULE("module", () => {
    const pkg = this.SUBRULE(this.packageDecl);
    this.ACTION(() => this.handOver(pkg));
    this.MANY((this.fn.moduleItem ??= () => {
      const item = this.OR((this.alts.moduleItem ??= [{ ALT: () => this.SUBRULE(this.importDecl) }, { ALT: () => this.SUBRULE(this.rule) }])) as CstNode;
      this.ACTION(() => this.handOver(item));
    }));
  });

  // packageDecl ::= "package" path
  packageDecl = this.RULE("packageDecl", () => {
    this.CONSUME(T.Package);
    this.SUBRULE(this.path);
  });

  // importDecl ::= "import" path [ "as" IDENT ]
  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.SUBRULE(this.path);
    this.OPTION((this.fn.importAlias ??= () => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier, L.alias);
    }));
  });

  // path ::= IDENT { pathSegment }
  path = this.RULE("path", () => {
    this.CONSUME(T.Identifier);
    this.MANY((this.fn.pathSegments ??= () => this.SUBRULE(this.pathSegment)));
  });

  // pathSegment ::= "." NAME | "[" STRING "]"
  pathSegment = this.RULE("pathSegment", () => {
    this.OR((this.alts.pathSegment ??= [
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrack);
          this.CONSUME(T.StringLiteral);
          this.CONSUME(T.RBrack);
        },
      },
    ]));
  });

  // ───────────────────────────── rules ─────────────────────────────

  // rule ::= "default" ruleHead | ruleHead [ ruleBodies ] { elseClause }
  rule = this.RULE("rule", () => {
    this.OR((this.alts.rule ??= [
      {
        ALT: () => {
          this.CONSUME(T.Default);
          this.SUBRULE(this.ruleHead);
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.ruleHead);
          this.OPTION((this.fn.ruleBodies ??= () => this.SUBRULE(this.ruleBodies)));
          this.MANY((this.fn.ruleElses ??= () => this.SUBRULE(this.elseClause)));
        },
      },
    ]));
  });

  // ruleHead ::= IDENT { headSegment } [ "(" [ exprList ] ")" ] [ "contains" expr | ASSIGN exprKV ]
  ruleHead = this.RULE("ruleHead", () => {
    this.CONSUME(T.Identifier);
    this.MANY((this.fn.headSegments ??= () => this.SUBRULE(this.headSegment)));
    this.OPTION((this.fn.headArgs ??= () => {
      // Unlike a call in an expression, a function head may have a space before `(` (`f (x) := …`).
      this.CONSUME(T.LParen);
      this.OPTION2((this.fn.headArgList ??= () => this.SUBRULE(this.exprList, L.args)));
      this.CONSUME(T.RParen);
    }));
    this.OPTION3((this.fn.headValue ??= () => {
      this.OR((this.alts.headValue ??= [
        {
          ALT: () => {
            this.CONSUME(T.Contains);
            this.SUBRULE(this.expr, L.element);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.AssignOp);
            this.SUBRULE(this.exprKV, L.value);
          },
        },
      ]));
    }));
  });

  // headSegment ::= "." NAME | "[" exprKV "]"
  headSegment = this.RULE("headSegment", () => {
    this.OR((this.alts.headSegment ??= [
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.Name);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LBrack);
          this.SUBRULE(this.exprKV);
          this.CONSUME(T.RBrack);
        },
      },
    ]));
  });

  // ruleBodies ::= "if" conditionBody | block { block }
  ruleBodies = this.RULE("ruleBodies", () => {
    this.OR((this.alts.ruleBodies ??= [
      {
        ALT: () => {
          this.CONSUME(T.If);
          this.SUBRULE(this.conditionBody);
        },
      },
      {
        ALT: () => {
          this.requireIf();
          this.AT_LEAST_ONE((this.fn.ruleBlocks ??= () => this.SUBRULE(this.block)));
        },
      },
    ]));
  });

  // conditionBody ::= block | literal
  conditionBody = this.RULE("conditionBody", () => {
    // `if {` opens a body, unless the braces hold an object (`if { 1: 2 | … }`, as OPA falls back to).
    // Deciding on the first token and that look-ahead reports errors inside the braces where they are.
    this.OR((this.conditionAlts ??= {
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [{ GATE: () => !this.objectAhead(), ALT: () => this.SUBRULE(this.block) }, { ALT: () => this.SUBRULE(this.literal) }],
    }));
  });

  // elseClause ::= "else" [ ASSIGN exprKV ] [ "if" conditionBody | block ]
  elseClause = this.RULE("elseClause", () => {
    this.CONSUME(T.Else);
    this.OPTION((this.fn.elseValue ??= () => {
      this.CONSUME(T.AssignOp);
      this.SUBRULE(this.exprKV, L.value);
    }));
    this.OPTION2((this.fn.elseBody ??= () => {
      this.OR((this.alts.elseBody ??= [
        {
          ALT: () => {
            this.CONSUME(T.If);
            this.SUBRULE(this.conditionBody);
          },
        },
        {
          ALT: () => {
            this.requireIf();
            this.SUBRULE(this.block);
          },
        },
      ]));
    }));
  });

  // block ::= "{" query "}"
  block = this.RULE("block", () => {
    this.CONSUME(T.LBrace);
    this.SUBRULE(this.query);
    this.CONSUME(T.RBrace);
  });

  // ───────────────────────────── bodies ─────────────────────────────

  // query ::= { literal [ ";" ] }
  query = this.RULE("query", () => {
    // Statements are separated by `;` or a line break (OPA: "expected \n or ; or }"). Queries nest
    // (comprehensions), so the flag the gate reads is saved and restored around each one.
    const outer = this.separated;
    this.separated = true;
    try {
      this.MANY((this.queryItems ??= {
        GATE: () => this.separated || this.startsLine(),
        DEF: () => {
          this.SUBRULE(this.literal);
          this.separated = false;
          this.OPTION((this.fn.querySemicolon ??= () => {
            this.CONSUME(T.Semicolon);
            this.separated = true;
          }));
        },
      }));
    } finally {
      this.separated = outer;
    }
  });

  // literal ::= ( someDecl | everyStmt | [ "not" ] exprKV [ ASSIGN exprKV ] ) { withModifier }
  literal = this.RULE("literal", () => {
    this.OR((this.alts.literal ??= [
      { ALT: () => this.SUBRULE(this.someDecl) },
      { ALT: () => this.SUBRULE(this.everyStmt) },
      {
        ALT: () => {
          this.OPTION((this.fn.literalNot ??= () => this.CONSUME(T.Not)));
          this.SUBRULE(this.exprKV, L.left);
          this.OPTION2((this.fn.literalAssign ??= () => {
            this.CONSUME(T.AssignOp);
            this.SUBRULE2(this.exprKV, L.right);
          }));
        },
      },
    ]));
    this.MANY((this.fn.literalWiths ??= () => this.SUBRULE(this.withModifier)));
  });

  // someDecl ::= "some" binary { "," binary } [ "in" binary ]
  someDecl = this.RULE("someDecl", () => {
    this.CONSUME(T.Some);
    this.SUBRULE(this.binary, L.term);
    this.MANY((this.fn.someTerms ??= () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.binary, L.term);
    }));
    this.OPTION((this.fn.someIn ??= () => {
      this.CONSUME(T.In);
      this.SUBRULE3(this.binary, L.collection);
    }));
  });

  // everyStmt ::= "every" IDENT [ "," IDENT ] "in" binary block
  everyStmt = this.RULE("everyStmt", () => {
    this.CONSUME(T.Every);
    this.CONSUME(T.Identifier);
    this.OPTION((this.fn.everyKey ??= () => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    }));
    this.CONSUME(T.In);
    this.SUBRULE(this.binary, L.domain);
    this.SUBRULE(this.block);
  });

  // withModifier ::= "with" term "as" expr
  withModifier = this.RULE("withModifier", () => {
    this.CONSUME(T.With);
    this.SUBRULE(this.term, L.target);
    this.CONSUME(T.As);
    this.SUBRULE(this.expr, L.value);
  });

  // ───────────────────────────── expressions ─────────────────────────────
  // The operator chains are flat (one rule for all precedence levels, prefix minus included): that keeps
  // the CST shallow, and lowering applies precedence.

  // exprKV ::= { "-" } term { BINARY_OP { "-" } term } [ "," binary "in" binary ] { "in" binary }
  exprKV = this.RULE("exprKV", () => {
    // The first operand is `binary` written out: most statements are one, and this saves a CST node for each.
    this.MANY((this.fn.exprKVMinus ??= () => this.CONSUME(T.Minus)));
    this.SUBRULE(this.term);
    this.MANY2((this.fn.exprKVOperands ??= () => {
      this.CONSUME(T.BinaryOp);
      this.MANY3((this.fn.exprKVMinus2 ??= () => this.CONSUME2(T.Minus)));
      this.SUBRULE2(this.term);
    }));
    this.OPTION((this.fn.exprKVPair ??= () => {
      this.CONSUME(T.Comma);
      this.SUBRULE(this.binary);
      this.CONSUME(T.In);
      this.SUBRULE2(this.binary);
    }));
    this.MANY4((this.fn.exprKVIns ??= () => {
      this.CONSUME2(T.In);
      this.SUBRULE3(this.binary);
    }));
  });

  // expr ::= { "-" } term { ( BINARY_OP | "in" ) { "-" } term }
  expr = this.RULE("expr", () => {
    this.MANY((this.fn.exprMinus ??= () => this.CONSUME(T.Minus)));
    this.SUBRULE(this.term);
    this.MANY2((this.fn.exprOperands ??= () => {
      this.OR((this.alts.exprOperator ??= [{ ALT: () => this.CONSUME(T.BinaryOp) }, { ALT: () => this.CONSUME(T.In) }]));
      this.MANY3((this.fn.exprMinus2 ??= () => this.CONSUME2(T.Minus)));
      this.SUBRULE2(this.term);
    }));
  });

  // binary ::= { "-" } term { BINARY_OP { "-" } term }
  binary = this.RULE("binary", () => {
    this.MANY((this.fn.binaryMinus ??= () => this.CONSUME(T.Minus)));
    this.SUBRULE(this.term);
    this.MANY2((this.fn.binaryOperands ??= () => {
      this.CONSUME(T.BinaryOp);
      this.MANY3((this.fn.binaryMinus2 ??= () => this.CONSUME2(T.Minus)));
      this.SUBRULE2(this.term);
    }));
  });

  // term ::= ( IDENT | containsCall | NUMBER | STRING | RAW_STRING | TEMPLATE | "true" | "false" | "null" | array | braced | parens ) { "." NAME | INDEX_OPEN exprKV "]" | CALL_OPEN [ exprList ] ")" }
  term = this.RULE("term", () => {
    this.OR((this.alts.term ??= [
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.containsCall) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.RawString) },
      { ALT: () => this.CONSUME(T.Template) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.SUBRULE(this.braced) },
      { ALT: () => this.SUBRULE(this.parens) },
    ]));
    this.MANY((this.fn.termSegments ??= () => {
      this.OR2((this.alts.termSegment ??= [
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.CONSUME(T.Name);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.IndexOpen);
            this.SUBRULE(this.exprKV);
            this.CONSUME(T.RBrack);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.CallOpen);
            this.OPTION((this.fn.callArgs ??= () => this.SUBRULE(this.exprList)));
            this.CONSUME(T.RParen);
          },
        },
      ]));
    }));
  });

  // containsCall ::= "contains" &CALL_OPEN
  containsCall = this.RULE("containsCall", () => {
    // `contains` is a keyword in v1, but `contains(s, t)` still calls the built-in. The look-ahead is in a rule
    // of its own so that `term` chooses its alternative by the next token alone (chevrotain's fast path).
    this.OR((this.alts.containsCall ??= [{ GATE: () => this.LA(2).tokenType === T.CallOpen, ALT: () => this.CONSUME(T.Contains) }]));
  });

  // parens ::= "(" exprKV ")"
  parens = this.RULE("parens", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.exprKV);
    this.CONSUME(T.RParen);
  });

  // array ::= "[" ( &comprehension comprehension | [ exprList ] ) "]"
  array = this.RULE("array", () => {
    this.CONSUME(T.LBrack);
    this.OPTION((this.fn.arrayItems ??= () => {
      this.OR((this.alts.arrayItems ??= [
        { GATE: () => this.isComprehension(), ALT: () => this.SUBRULE(this.comprehension), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.exprList) },
      ]));
    }));
    this.CONSUME(T.RBrack);
  });

  // braced ::= "{" ( &comprehension comprehension | &objectComprehension objectComprehension | [ braceItems ] ) "}"
  braced = this.RULE("braced", () => {
    this.CONSUME(T.LBrace);
    this.OPTION((this.fn.bracedItems ??= () => {
      this.OR((this.alts.bracedItems ??= [
        { GATE: () => this.isComprehension(), ALT: () => this.SUBRULE(this.comprehension), IGNORE_AMBIGUITIES: true },
        { GATE: () => this.isObjectComprehension(), ALT: () => this.SUBRULE(this.objectComprehension), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.braceItems) },
      ]));
    }));
    this.CONSUME(T.RBrace);
  });

  // comprehension ::= { "-" } term "|" query
  comprehension = this.RULE("comprehension", () => {
    this.MANY((this.fn.comprehensionMinus ??= () => this.CONSUME(T.Minus)));
    this.SUBRULE(this.term, L.head);
    this.CONSUME(T.Bar);
    this.SUBRULE(this.query);
  });

  // objectComprehension ::= expr ":" { "-" } term "|" query
  objectComprehension = this.RULE("objectComprehension", () => {
    this.SUBRULE(this.expr, L.key);
    this.CONSUME(T.Colon);
    this.MANY((this.fn.objectComprehensionMinus ??= () => this.CONSUME(T.Minus)));
    this.SUBRULE(this.term, L.value);
    this.CONSUME(T.Bar);
    this.SUBRULE(this.query);
  });

  // exprList ::= expr { "," expr } [ "," ]
  exprList = this.RULE("exprList", () => {
    this.SUBRULE(this.expr);
    this.MANY((this.fn.exprListItems ??= () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    }));
    this.OPTION((this.fn.exprListComma ??= () => this.CONSUME2(T.Comma)));
  });

  // braceItems ::= expr ( ":" expr { "," expr ":" expr } | { "," expr } ) [ "," ]
  braceItems = this.RULE("braceItems", () => {
    this.SUBRULE(this.expr, L.first);
    this.OR((this.alts.braceItems ??= [
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.SUBRULE2(this.expr, L.value);
          this.MANY((this.fn.objectEntries ??= () => {
            this.CONSUME(T.Comma);
            this.SUBRULE3(this.expr, L.key);
            this.CONSUME2(T.Colon);
            this.SUBRULE4(this.expr, L.value);
          }));
        },
      },
      {
        ALT: () => {
          this.MANY2((this.fn.setItems ??= () => {
            this.CONSUME2(T.Comma);
            this.SUBRULE5(this.expr, L.item);
          }));
        },
      },
    ]));
    this.OPTION((this.fn.braceItemsComma ??= () => this.CONSUME3(T.Comma)));
  });

  // ───────────────────────────── entry points for fragments ─────────────────────────────

  // queryDocument ::= query
  queryDocument = this.RULE("queryDocument", () => {
    this.SUBRULE(this.query);
  });

  // templateExpr ::= exprKV
  templateExpr = this.RULE("templateExpr", () => {
    this.SUBRULE(this.exprKV);
  });
}

/** The parser without error recovery: every parse starts with it. */
export const regoParser = new RegoParser({ recovery: false });

let recovering: RegoParser | undefined;

/** The parser with error recovery, built the first time some input has a syntax error. */
export function recoveringParser(): RegoParser {
  return (recovering ??= new RegoParser({ recovery: true }));
}
