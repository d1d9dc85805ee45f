/**
 * `loadOpaWasm`: an OPA Wasm module or bundle as a snapspace `Policy`, with
 * the same `decide` (through the shared `decision/decide`) and a `query`
 * that answers refs to the module's entrypoints.
 */
import type { DecideOptions, Decision, Policy, QueryOptions, QueryResult } from "../decision/contract.js";
import { decide } from "../decision/decide.js";
import { SnapError } from "../source/diagnostic.js";
import type { Json } from "../value/json.js";
import type { PlainObject } from "../value/types.js";
import { readOpaArtifact } from "./bundle.js";
import { checkData, checkJson, mergeData } from "./data.js";
import { entrypointForQuery, planGoverned, type Entrypoint } from "./entrypoints.js";
import { WasmGovernedEvaluator } from "./evaluator.js";
import { opaPolicyHash } from "./hash.js";
import { compileOpaModule } from "./module.js";
import { encodeJson, EvaluationFailure, WasmRunner } from "./runner.js";

/** Options of `loadOpaWasm`. */
export interface LoadOpaWasmOptions {
  /** Base documents: the data of a bare module; for a bundle, merged over the bundle's own data. */
  readonly data?: unknown;
  /**
   * The packages this policy governs (`agent.payments`). Each must have a
   * governed entrypoint, and only these take part in decisions. By default
   * every package with a governed entrypoint does, and there must be one.
   */
  readonly packages?: readonly string[];
  /** How locations and messages name the module when loading bytes (default `policy.wasm`; for a path, the path). */
  readonly name?: string;
}

/** An OPA Wasm module or bundle, loaded: a `Policy` plus what it was built from. */
export interface OpaWasmPolicy extends Policy {
  /** `wasm` for a bare module, `bundle` for a `bundle.tar.gz`. */
  readonly kind: "wasm" | "bundle";
  /** The name used in reason locations (`policy.wasm#agent/payments/deny`). */
  readonly name: string;
  /** The module's OPA Wasm ABI version, e.g. `1.2`. */
  readonly abiVersion: string;
  /** Every entrypoint, sorted (`agent/payments/deny`, …). */
  readonly entrypoints: readonly string[];
  /** The packages that take part in decisions, sorted. */
  readonly governedPackages: readonly string[];
}

/**
 * Load an OPA Wasm policy (`policy.wasm`, or `bundle.tar.gz` from
 * `opa build -t wasm`) from a path or bytes. Every problem with the module —
 * not Wasm, truncated, not OPA's ABI, a built-in that is impure or that the
 * SDK lacks, no governed entrypoint — is a `SnapError` here, not at the first
 * decision.
 *
 * @example
 * const policy = await loadOpaWasm("bundle.tar.gz");
 * policy.decide(input).effect; // "allow" | "deny" | "escalate"
 * policy.query("data.agent.payments.deny", { input }); // [{ expressions: [[…]], bindings: {} }]
 */
export async function loadOpaWasm(source: string | Uint8Array, options: LoadOpaWasmOptions = {}): Promise<OpaWasmPolicy> {
  const artifact = await readOpaArtifact(source, options.name);
  const data = options.data === undefined ? artifact.data : mergeData(artifact.data, checkData(options.data, "`data`"));
  const { module, abi } = await compileOpaModule(artifact.wasm, artifact.name);
  const runner = await WasmRunner.start(module, artifact.name, encodeJson(data));
  const plans = planGoverned(runner.entrypoints, artifact.name, options.packages);
  const evaluator = new WasmGovernedEvaluator(runner, plans, artifact.name);
  return new LoadedOpaWasm(artifact.name, artifact.kind, `${abi.major}.${abi.minor}`, opaPolicyHash(artifact.wasm, data), data, runner, evaluator);
}

class LoadedOpaWasm implements OpaWasmPolicy {
  readonly entrypoints: readonly string[];
  readonly governedPackages: readonly string[];

  constructor(
    readonly name: string,
    readonly kind: "wasm" | "bundle",
    readonly abiVersion: string,
    readonly policyHash: string,
    private readonly data: PlainObject,
    private readonly runner: WasmRunner,
    private readonly evaluator: WasmGovernedEvaluator,
  ) {
    this.entrypoints = runner.entrypoints.map((e) => e.name);
    this.governedPackages = evaluator.governedPackages;
  }

  decide(input: unknown, options?: DecideOptions): Decision {
    return decide(this.evaluator, this.policyHash, input, options);
  }

  query(query: string, options: QueryOptions = {}): QueryResult[] {
    const ep = entrypointForQuery(query, this.runner.entrypoints, this.name);
    const input = options.input === undefined ? undefined : encodeJson(checkJson(options.input, "`input`", "invalid_input"));
    const run = (): QueryResult[] => {
      const value = this.evaluateForQuery(ep, input);
      return value === undefined ? [] : [{ expressions: [value], bindings: {} }];
    };
    if (options.data === undefined) return run();
    return this.runner.withData(encodeJson(mergeData(this.data, checkData(options.data, "`data`"))), run);
  }

  private evaluateForQuery(ep: Entrypoint, input: ArrayBuffer | undefined): Json | undefined {
    try {
      return this.runner.evaluate(ep, input);
    } catch (e) {
      if (!(e instanceof EvaluationFailure)) throw e;
      throw SnapError.of("opa_wasm_eval_error", `evaluating \`${this.name}#${ep.name}\` failed: ${e.message}`, undefined, "the policy raised an error for this input");
    }
  }
}
