/**
 * The built-ins a module asks its host for. OPA compiles most built-ins into
 * the module; the rest it lists in the module's `builtins` export and calls
 * through `opa_builtin*`. Each of those must be one the SDK implements, and
 * none may be impure: snapspace's determinism rule is the same for `.snap`
 * sources and Wasm bundles.
 */
import { lookupBuiltin } from "../builtins/registry.js";
import { diagnostic, SnapError, type Diagnostic } from "../source/diagnostic.js";
import { SDK_BUILTINS } from "./sdk.js";

/**
 * Built-ins OPA itself marks `nondeterministic` in its capabilities. The
 * registry's `deterministic: false` entries count too. `io.jwt.decode_verify`
 * is deterministic in a `.snap` policy only when its constraints carry
 * `time` (the checker sees them); a Wasm bundle's calls cannot be looked
 * into, so there it stays refused.
 */
const OPA_NONDETERMINISTIC: ReadonlySet<string> = new Set([
  "http.send",
  "io.jwt.decode_verify",
  "net.lookup_ip_addr",
  "opa.runtime",
  "providers.aws.sign_req",
  "rand.intn",
  "time.now_ns",
  "uuid.rfc4122",
]);

/** True for a built-in whose result depends on more than its arguments. */
export function isImpureBuiltin(name: string): boolean {
  return OPA_NONDETERMINISTIC.has(name) || lookupBuiltin(name)?.deterministic === false;
}

/**
 * Throw one `SnapError` listing every built-in of `required` that is impure
 * or that the SDK lacks (sorted by code, so `impure_builtin` comes first).
 */
export function checkBuiltins(required: readonly string[], name: string): void {
  const problems: Diagnostic[] = [];
  for (const builtin of [...required].sort()) {
    if (isImpureBuiltin(builtin)) {
      problems.push(
        diagnostic(
          "impure_builtin",
          `\`${name}\` calls \`${builtin}\`, whose result depends on more than its arguments, so decisions would not be reproducible`,
          undefined,
          `pass the value through \`input.context\` (the clock is \`input.context.now\`) instead of calling \`${builtin}\`, then rebuild the bundle`,
        ),
      );
    } else if (!SDK_BUILTINS.has(builtin)) {
      problems.push(
        diagnostic(
          "opa_wasm_unsupported_builtin",
          `\`${name}\` needs the built-in \`${builtin}\`, which the OPA Wasm SDK does not implement`,
          undefined,
          `rebuild it with \`opa build -t wasm --capabilities\` set to the SDK's capabilities, or avoid \`${builtin}\`; the SDK provides ${[...SDK_BUILTINS].sort().map((b) => `\`${b}\``).join(", ")}`,
        ),
      );
    }
  }
  if (problems.length > 0) throw new SnapError(problems);
}
