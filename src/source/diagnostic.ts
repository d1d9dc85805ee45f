import type { Location, Span } from "./span.js";
import { spanLocation } from "./span.js";

/** How bad a diagnostic is. Errors stop a policy from loading; warnings do not. */
export type Severity = "error" | "warning";

/**
 * A problem found in user input, as data. Rendering is separate (`render.ts`).
 *
 * - `code` is stable snake_case (`unexpected_token`, `unsafe_var`, `impure_builtin`…): tools match on it.
 * - `message` is lowercase, has no final period, and quotes the user's text in backticks.
 * - `help` says what would fix it, when we know.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  readonly help?: string;
}

/** Build an error diagnostic. */
export function diagnostic(code: string, message: string, span?: Span, help?: string): Diagnostic {
  return { code, severity: "error", message, ...(span ? { span } : {}), ...(help ? { help } : {}) };
}

/** Sort diagnostics by file, then position, then code, so output is stable whatever order they were found in. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const sa = a.span?.start ?? -1;
    const sb = b.span?.start ?? -1;
    if (sa !== sb) return sa - sb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

/**
 * The one error type snapspace throws for anything a user can cause.
 * It carries the first diagnostic's `code`, `message` and `location`, and all of them in `diagnostics`.
 */
export class SnapError extends Error {
  readonly code: string;
  readonly location?: Location;
  readonly span?: Span;
  readonly help?: string;
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: Diagnostic | readonly Diagnostic[]) {
    const list = sortDiagnostics(Array.isArray(diagnostics) ? diagnostics : [diagnostics as Diagnostic]);
    const first = list[0];
    if (!first) throw new TypeError("SnapError needs at least one diagnostic");
    super(first.message);
    this.name = "SnapError";
    this.code = first.code;
    this.diagnostics = list;
    if (first.span) {
      this.span = first.span;
      this.location = spanLocation(first.span);
    }
    if (first.help) this.help = first.help;
  }

  /** Shorthand for a single-diagnostic error. */
  static of(code: string, message: string, span?: Span, help?: string): SnapError {
    return new SnapError(diagnostic(code, message, span, help));
  }
}

/** True for a `SnapError` (also across module copies, by name and shape). */
export function isSnapError(e: unknown): e is SnapError {
  return e instanceof SnapError || (e instanceof Error && e.name === "SnapError" && "diagnostics" in e);
}
