/**
 * What the importers produce: recorded proposals in the record format of
 * DESIGN.md §4, and the problems found on the way, each at a path in the
 * input document so the file layer can turn it into `file:line:col`.
 */
import type { Severity } from "../source/diagnostic.js";
import type { Json } from "../value/json.js";
import type { JsonPath } from "./json-locate.js";

/** A JSON object. */
export type JsonObject = { readonly [k: string]: Json };

/** One turn of the conversation, as a policy sees it in `context.messages`. */
export interface ConversationTurn {
  readonly role: "user" | "assistant";
  readonly content: string;
}

/** The proposal of a recorded tool call. */
export interface ImportedProposal {
  readonly id: string;
  readonly agent: string;
  readonly tool: string;
  readonly args: JsonObject;
  readonly session: string;
  /** Facts about the recording that are not part of the call (τ-bench: the run's `reward`). */
  readonly meta?: JsonObject;
}

/** One recorded tool call: `{proposal, context, result?}` (DESIGN.md §4). */
export interface ImportedRecord {
  readonly proposal: ImportedProposal;
  readonly context: {
    readonly now?: string;
    /** The user and assistant turns since the previous tool call. */
    readonly messages: readonly ConversationTurn[];
  };
  /** What the tool returned; absent when the transcript has no result for the call. */
  readonly result?: Json;
}

/** A problem in the input, located by its path in the parsed document. */
export interface ImportIssue {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly help?: string;
  readonly path: JsonPath;
}

/** Records and issues from one conversation or document. */
export interface ConversationImport {
  readonly records: ImportedRecord[];
  readonly issues: ImportIssue[];
}

/** Settings every importer takes. */
export interface ImportSettings {
  /** `proposal.agent` of every record. */
  readonly agent?: string;
  /** `context.now` of every record (RFC 3339). */
  readonly now?: string;
  /** `proposal.session`, overriding the one named after the file or run. */
  readonly session?: string;
}

/** True for a JSON object (not an array, not null). */
export function isJsonRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** An own field of a parsed JSON object (never one inherited from `Object.prototype`). */
export function field(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}
