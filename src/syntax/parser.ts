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
import { CstParser, type IToken } from "chevrotain";
import type { RegoVersion } from "../ast/nodes.js";
import type { SourceFile } from "../source/source-file.js";
import { RegoErrorMessages } from "./errors.js";
import type { Token } from "./lex.js";
import type { TokenIndex } from "./lookahead.js";
import * as T from "./tokens.js";

/** Why the parser wants a token reported besides chevrotain's errors. */
export interface ParserNote {
  readonly kind: "missing_if";
  readonly token: IToken;
}

/** The Rego parser. Use the shared `regoParser` instance. */
export class RegoParser extends CstParser {
  /** Version of the module being parsed (decides whether a body needs `if`). */
  regoVersion: RegoVersion = 1;
  /** Bracket index of the current token vector, for the comprehension look-ahead. */
  index: TokenIndex | undefined;
  /** Problems noticed while parsing that are not syntax errors (`missing_if`). */
  notes: ParserNote[] = [];
  /** The source text (to see line breaks between tokens). */
  private text = "";
  readonly messages: RegoErrorMessages;

  constructor() {
    const messages = new RegoErrorMessages();
    super([...T.ALL_TOKENS], { recoveryEnabled: true, maxLookahead: 2, nodeLocationTracking: "onlyOffset", errorMessageProvider: messages });
    this.messages = messages;
    this.performSelfAnalysis();
  }

  /** Set the input for the next parse. */
  prepare(file: SourceFile, tokens: Token[], index: TokenIndex, regoVersion: RegoVersion): void {
    this.input = tokens;
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
    const gap = this.text.slice(prev.startOffset + prev.image.length, next.startOffset);
    return gap.includes("\n") || gap.includes("\r");
  }

  /** In v1 a rule body must follow `if`; note it where a body starts without one. */
  private requireIf(): void {
    this.ACTION(() => {
      if (this.regoVersion === 1) this.notes.push({ kind: "missing_if", token: this.LA(1) });
    });
  }

  // ───────────────────────────── modules ─────────────────────────────

  // module ::= packageDecl { importDecl | rule }
  module = this.RULE("module", () => {
    this.SUBRULE(this.packageDecl);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.importDecl) }, { ALT: () => this.SUBRULE(this.rule) }]);
    });
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
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier, { LABEL: "alias" });
    });
  });

  // path ::= IDENT { pathSegment }
  path = this.RULE("path", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => this.SUBRULE(this.pathSegment));
  });

  // pathSegment ::= "." NAME | "[" STRING "]"
  pathSegment = this.RULE("pathSegment", () => {
    this.OR([
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
    ]);
  });

  // ───────────────────────────── rules ─────────────────────────────

  // rule ::= "default" ruleHead | ruleHead [ ruleBodies ] { elseClause }
  rule = this.RULE("rule", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Default);
          this.SUBRULE(this.ruleHead);
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.ruleHead);
          this.OPTION(() => this.SUBRULE(this.ruleBodies));
          this.MANY(() => this.SUBRULE(this.elseClause));
        },
      },
    ]);
  });

  // ruleHead ::= headRef [ "(" [ exprList ] ")" ] [ "contains" expr | ASSIGN exprKV ]
  ruleHead = this.RULE("ruleHead", () => {
    this.SUBRULE(this.headRef);
    this.OPTION(() => {
      // Unlike a call in an expression, a function head may have a space before `(` (`f (x) := …`).
      this.CONSUME(T.LParen);
      this.OPTION2(() => this.SUBRULE(this.exprList, { LABEL: "args" }));
      this.CONSUME(T.RParen);
    });
    this.OPTION3(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Contains);
            this.SUBRULE(this.expr, { LABEL: "element" });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.AssignOp);
            this.SUBRULE(this.exprKV, { LABEL: "value" });
          },
        },
      ]);
    });
  });

  // headRef ::= IDENT { headSegment }
  headRef = this.RULE("headRef", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => this.SUBRULE(this.headSegment));
  });

  // headSegment ::= "." NAME | "[" exprKV "]"
  headSegment = this.RULE("headSegment", () => {
    this.OR([
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
    ]);
  });

  // ruleBodies ::= "if" conditionBody | block { block }
  ruleBodies = this.RULE("ruleBodies", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.If);
          this.SUBRULE(this.conditionBody);
        },
      },
      {
        ALT: () => {
          this.requireIf();
          this.AT_LEAST_ONE(() => this.SUBRULE(this.block));
        },
      },
    ]);
  });

  // conditionBody ::= block | literal
  conditionBody = this.RULE("conditionBody", () => {
    // `if {` opens a body, unless the braces hold an object (`if { 1: 2 | … }`, as OPA falls back to).
    // Deciding on the first token and that look-ahead reports errors inside the braces where they are.
    this.OR({
      MAX_LOOKAHEAD: 1,
      IGNORE_AMBIGUITIES: true,
      DEF: [{ GATE: () => !this.objectAhead(), ALT: () => this.SUBRULE(this.block) }, { ALT: () => this.SUBRULE(this.literal) }],
    });
  });

  // elseClause ::= "else" [ ASSIGN exprKV ] [ "if" conditionBody | block ]
  elseClause = this.RULE("elseClause", () => {
    this.CONSUME(T.Else);
    this.OPTION(() => {
      this.CONSUME(T.AssignOp);
      this.SUBRULE(this.exprKV, { LABEL: "value" });
    });
    this.OPTION2(() => {
      this.OR([
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
      ]);
    });
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
    // Statements are separated by `;` or a line break (OPA: "expected \n or ; or }").
    let separated = true;
    this.MANY({
      GATE: () => separated || this.startsLine(),
      DEF: () => {
        this.SUBRULE(this.literal);
        separated = false;
        this.OPTION(() => {
          this.CONSUME(T.Semicolon);
          separated = true;
        });
      },
    });
  });

  // literal ::= ( someDecl | everyStmt | exprStmt ) { withModifier }
  literal = this.RULE("literal", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.someDecl) },
      { ALT: () => this.SUBRULE(this.everyStmt) },
      { ALT: () => this.SUBRULE(this.exprStmt) },
    ]);
    this.MANY(() => this.SUBRULE(this.withModifier));
  });

  // someDecl ::= "some" binary { "," binary } [ "in" binary ]
  someDecl = this.RULE("someDecl", () => {
    this.CONSUME(T.Some);
    this.SUBRULE(this.binary, { LABEL: "term" });
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.binary, { LABEL: "term" });
    });
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.SUBRULE3(this.binary, { LABEL: "collection" });
    });
  });

  // everyStmt ::= "every" IDENT [ "," IDENT ] "in" binary block
  everyStmt = this.RULE("everyStmt", () => {
    this.CONSUME(T.Every);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Identifier);
    });
    this.CONSUME(T.In);
    this.SUBRULE(this.binary, { LABEL: "domain" });
    this.SUBRULE(this.block);
  });

  // exprStmt ::= [ "not" ] exprKV [ ASSIGN exprKV ]
  exprStmt = this.RULE("exprStmt", () => {
    this.OPTION(() => this.CONSUME(T.Not));
    this.SUBRULE(this.exprKV, { LABEL: "left" });
    this.OPTION2(() => {
      this.CONSUME(T.AssignOp);
      this.SUBRULE2(this.exprKV, { LABEL: "right" });
    });
  });

  // withModifier ::= "with" term "as" expr
  withModifier = this.RULE("withModifier", () => {
    this.CONSUME(T.With);
    this.SUBRULE(this.term, { LABEL: "target" });
    this.CONSUME(T.As);
    this.SUBRULE(this.expr, { LABEL: "value" });
  });

  // ───────────────────────────── expressions ─────────────────────────────

  // exprKV ::= binary [ "," binary "in" binary ] { "in" binary }
  exprKV = this.RULE("exprKV", () => {
    this.SUBRULE(this.binary);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.binary);
      this.CONSUME(T.In);
      this.SUBRULE3(this.binary);
    });
    this.MANY(() => {
      this.CONSUME2(T.In);
      this.SUBRULE4(this.binary);
    });
  });

  // expr ::= binary { "in" binary }
  expr = this.RULE("expr", () => {
    this.SUBRULE(this.binary);
    this.MANY(() => {
      this.CONSUME(T.In);
      this.SUBRULE2(this.binary);
    });
  });

  // binary ::= unary { BINARY_OP unary }
  binary = this.RULE("binary", () => {
    // One flat rule for all five precedence levels keeps the CST shallow; lowering applies precedence.
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(T.BinaryOp);
      this.SUBRULE2(this.unary);
    });
  });

  // unary ::= "-" unary | term
  unary = this.RULE("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.term) },
    ]);
  });

  // term ::= ( IDENT | "contains" &CALL_OPEN | NUMBER | STRING | RAW_STRING | TEMPLATE | "true" | "false" | "null" | array | braced | parens ) { refSegment }
  term = this.RULE("term", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      // `contains` is a keyword in v1, but `contains(s, t)` still calls the built-in.
      { GATE: () => this.LA(2).tokenType === T.CallOpen, ALT: () => this.CONSUME(T.Contains) },
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
    ]);
    this.MANY(() => this.SUBRULE(this.refSegment));
  });

  // refSegment ::= "." NAME | INDEX_OPEN exprKV "]" | CALL_OPEN [ exprList ] ")"
  refSegment = this.RULE("refSegment", () => {
    this.OR([
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
          this.OPTION(() => this.SUBRULE(this.exprList));
          this.CONSUME(T.RParen);
        },
      },
    ]);
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
    this.OPTION(() => {
      this.OR([
        { GATE: () => this.isComprehension(), ALT: () => this.SUBRULE(this.comprehension), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.exprList) },
      ]);
    });
    this.CONSUME(T.RBrack);
  });

  // braced ::= "{" ( &comprehension comprehension | &objectComprehension objectComprehension | [ braceItems ] ) "}"
  braced = this.RULE("braced", () => {
    this.CONSUME(T.LBrace);
    this.OPTION(() => {
      this.OR([
        { GATE: () => this.isComprehension(), ALT: () => this.SUBRULE(this.comprehension), IGNORE_AMBIGUITIES: true },
        { GATE: () => this.isObjectComprehension(), ALT: () => this.SUBRULE(this.objectComprehension), IGNORE_AMBIGUITIES: true },
        { ALT: () => this.SUBRULE(this.braceItems) },
      ]);
    });
    this.CONSUME(T.RBrace);
  });

  // comprehension ::= unary "|" query
  comprehension = this.RULE("comprehension", () => {
    this.SUBRULE(this.unary, { LABEL: "head" });
    this.CONSUME(T.Bar);
    this.SUBRULE(this.query);
  });

  // objectComprehension ::= expr ":" unary "|" query
  objectComprehension = this.RULE("objectComprehension", () => {
    this.SUBRULE(this.expr, { LABEL: "key" });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.unary, { LABEL: "value" });
    this.CONSUME(T.Bar);
    this.SUBRULE(this.query);
  });

  // exprList ::= expr { "," expr } [ "," ]
  exprList = this.RULE("exprList", () => {
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  // braceItems ::= expr ( ":" expr { "," expr ":" expr } | { "," expr } ) [ "," ]
  braceItems = this.RULE("braceItems", () => {
    this.SUBRULE(this.expr, { LABEL: "first" });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.SUBRULE2(this.expr, { LABEL: "value" });
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE3(this.expr, { LABEL: "key" });
            this.CONSUME2(T.Colon);
            this.SUBRULE4(this.expr, { LABEL: "value" });
          });
        },
      },
      {
        ALT: () => {
          this.MANY2(() => {
            this.CONSUME2(T.Comma);
            this.SUBRULE5(this.expr, { LABEL: "item" });
          });
        },
      },
    ]);
    this.OPTION(() => this.CONSUME3(T.Comma));
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

/** The one parser instance. */
export const regoParser = new RegoParser();
