/** The reference interpreter. */
export { Evaluator, mergeData, type EvaluatorOptions, type EvalOptions, type Solution, type PreparedQuery } from "./evaluator.js";
export { GovernedInterpreter, findGovernedPackages } from "./governed.js";
export { DEFAULT_DEPTH_LIMIT, DEFAULT_STEP_BUDGET, type EvalLimits, type PrintLine } from "./context.js";
