export type * from "./nodes.js";
export { children, walk, walkBody } from "./visit.js";
export { stripSpans } from "./strip.js";
