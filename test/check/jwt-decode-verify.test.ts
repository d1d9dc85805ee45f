// `io.jwt.decode_verify` reads the clock when its constraints have no `time`: a literal without it is rejected at check time.
import { describe, expect, test } from "vitest";
import { checkModules } from "../../src/check/index.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseModule } from "../../src/syntax/index.js";

interface Shown {
  code: string;
  at: string;
  line: number;
  message: string;
  help: string | undefined;
}

/** Check one module; return each diagnostic with the text it underlines. */
function check(source: string): Shown[] {
  const file = new SourceFile("m.rego", source);
  const r = parseModule(file, { regoVersion: 1 });
  if (!r.value) throw new Error(`parse error in test source: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  const result = checkModules([r.value], {});
  if (result.diagnostics.length === 0) expect(result.program).toBeDefined();
  return result.diagnostics.map((d) => ({
    code: d.code,
    at: file.text.slice(d.span!.start, d.span!.end),
    line: d.span!.line,
    message: d.message,
    help: d.help,
  }));
}

const MESSAGE = '`io.jwt.decode_verify` needs `"time"` in its constraints: without it, it checks the token against the clock';
const HELP = 'add `"time": time.parse_rfc3339_ns(input.context.now)` to the constraints';

describe("io.jwt.decode_verify at check time", () => {
  test("constraints written without `time` are rejected, at the constraints", () => {
    expect(check('package test\nr := io.jwt.decode_verify(input.token, {"secret": "s"})\n')).toEqual([
      { code: "impure_builtin", at: '{"secret": "s"}', line: 2, message: MESSAGE, help: HELP },
    ]);
  });

  test("so are empty constraints, and a call that binds its result", () => {
    expect(check("package test\nr := io.jwt.decode_verify(input.token, {})\n")).toMatchObject([{ code: "impure_builtin", at: "{}" }]);
    expect(check('package test\nr if {\n  io.jwt.decode_verify(input.token, {"cert": input.pem, "alg": "RS256"}, [valid, _, _])\n  valid\n}\n')).toMatchObject([
      { code: "impure_builtin", at: '{"cert": input.pem, "alg": "RS256"}', line: 3 },
    ]);
  });

  test("constraints with `time` are accepted", () => {
    expect(check('package test\nr := io.jwt.decode_verify(input.token, {"secret": "s", "time": time.parse_rfc3339_ns(input.context.now)})\n')).toEqual([]);
    expect(check('package test\nr := io.jwt.decode_verify(input.token, {"cert": input.pem, "time": 0})\n')).toEqual([]);
  });

  test("constraints that are not a literal are left to evaluation", () => {
    expect(check("package test\nr := io.jwt.decode_verify(input.token, input.constraints)\n")).toEqual([]);
    expect(check('package test\nr := io.jwt.decode_verify(input.token, c) if {\n  c := object.union({"secret": "s"}, input.extra)\n}\n')).toEqual([]);
  });

  test("a literal whose key is computed might hold `time`, and is accepted", () => {
    expect(check('package test\nr := io.jwt.decode_verify(input.token, {"secret": "s", input.key: input.now})\n')).toEqual([]);
  });

  test("other deterministic io.jwt built-ins are unaffected", () => {
    expect(check('package test\nr := io.jwt.verify_hs256(input.token, "s")\n')).toEqual([]);
  });
});
