/** The library API: compile policies, decide, query. */
export { compile, compileSources, PolicyError, type CompileOptions, type ModuleSource } from "./compile.js";
export { loadPolicies, readData, mergeDocuments, type LoadOptions } from "./load.js";
export { CompiledPolicy, type Backend, type RuleInfo, type EvaluateOptions, type PolicySettings } from "./policy.js";
