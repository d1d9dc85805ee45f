export { SourceFile } from "./source-file.js";
export type { Span, Location } from "./span.js";
export { joinSpans, spanLocation, formatLocation, NO_SPAN } from "./span.js";
export type { Diagnostic, Severity } from "./diagnostic.js";
export { diagnostic, sortDiagnostics, SnapError, isSnapError } from "./diagnostic.js";
export type { SourceLookup, RenderOptions } from "./render.js";
export { discoverFiles, displayPath, POLICY_EXTENSIONS, type DiscoverOptions } from "./discover.js";
export { unreachable } from "./unreachable.js";
export { renderDiagnostic, renderDiagnostics, diagnosticToJson } from "./render.js";
