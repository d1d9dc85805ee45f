/**
 * OpenAI chat-completions transcripts → recorded proposals. One record per
 * assistant tool call: the call's name and parsed arguments make the
 * proposal, the matching `tool` message is the result, and the user and
 * assistant turns since the previous tool call become `context.messages`
 * (what the agent had just been told, e.g. the user's "yes").
 */
import { parseJson, type Json } from "../value/json.js";
import type { JsonPath } from "./json-locate.js";
import { field, isJsonRecord, type ConversationImport, type ConversationTurn, type ImportIssue, type ImportedRecord, type JsonObject } from "./record.js";

/** How to label the records of one conversation. */
export interface ConversationLabels {
  readonly session: string;
  readonly agent: string;
  readonly now?: string;
  readonly meta?: JsonObject;
  /** Where the conversation's message array sits in the input document, for issue paths. */
  readonly path?: JsonPath;
}

/** A call waiting for its result. */
interface PendingCall {
  readonly callId: string;
  readonly record: number;
  readonly path: JsonPath;
}

/**
 * Turn one conversation (an array of chat-completions messages) into records.
 * Pure: the same messages and labels give the same records and issues.
 *
 * A tool call whose arguments are not a JSON object is reported (`malformed_tool_arguments`)
 * and left out; a call without a result is kept without `result` and reported as a warning.
 */
export function importConversation(messages: unknown, labels: ConversationLabels): ConversationImport {
  const base = labels.path ?? [];
  const issues: ImportIssue[] = [];
  const records: ImportedRecord[] = [];
  if (!Array.isArray(messages)) {
    issues.push(error("malformed_conversation", "a conversation must be an array of messages", base, "give a JSON array of `{role, content}` messages, or an object with `messages`"));
    return { records, issues };
  }
  const pending: PendingCall[] = [];
  const idsSeen = new Map<string, number>();
  let turns: ConversationTurn[] = [];
  let callNumber = 0;

  messages.forEach((message: unknown, i) => {
    const at = [...base, i];
    const role = isJsonRecord(message) ? field(message, "role") : undefined;
    if (!isJsonRecord(message) || typeof role !== "string") {
      issues.push(error("malformed_message", `message ${i} has no \`role\``, at, "each message is an object such as `{\"role\": \"user\", \"content\": \"…\"}`"));
      return;
    }
    if (role === "tool" || role === "function") {
      attachResult(message, at, role, pending, records, issues);
      return;
    }
    if (role !== "user" && role !== "assistant") return; // system and developer prompts are not turns
    const text = contentText(field(message, "content"));
    if (text !== undefined && text !== "") turns.push({ role, content: text });
    if (role !== "assistant") return;
    for (const call of callsOf(message, at, issues)) {
      callNumber++;
      const rawId = call.id ?? `${labels.session}/call-${callNumber}`;
      // Transcripts may repeat a call id within a conversation; proposal ids must still be distinct.
      const seen = (idsSeen.get(rawId) ?? 0) + 1;
      idsSeen.set(rawId, seen);
      const id = seen === 1 ? rawId : `${rawId}#${seen}`;
      const args = parseArguments(call, labels.session, issues);
      if (args === undefined) {
        // INVARIANT: a dropped call still takes its result, so the result is not matched to another call.
        pending.push({ callId: rawId, record: -1, path: call.path });
        continue;
      }
      records.push({
        proposal: {
          id,
          agent: labels.agent,
          tool: call.name,
          args,
          session: labels.session,
          ...(labels.meta ? { meta: labels.meta } : {}),
        },
        context: { ...(labels.now !== undefined ? { now: labels.now } : {}), messages: turns },
      });
      pending.push({ callId: rawId, record: records.length - 1, path: call.path });
      turns = [];
    }
  });

  for (const p of pending) {
    if (p.record < 0) continue;
    const r = records[p.record]!;
    issues.push({
      code: "missing_tool_result",
      severity: "warning",
      message: `tool call \`${r.proposal.id}\` (\`${r.proposal.tool}\`) has no matching \`tool\` message`,
      help: "the record is written without `result`; policies that read the result in `input.history` will not see it",
      path: p.path,
    });
  }
  return { records, issues };
}

/** A tool call as found in an assistant message. */
interface FoundCall {
  readonly id: string | undefined;
  readonly name: string;
  readonly args: unknown;
  /** Path of the arguments (for issues); `path` of the call itself. */
  readonly argsPath: JsonPath;
  readonly path: JsonPath;
}

function callsOf(message: Record<string, unknown>, at: JsonPath, issues: ImportIssue[]): FoundCall[] {
  const found: FoundCall[] = [];
  const calls = field(message, "tool_calls");
  if (Array.isArray(calls)) {
    calls.forEach((call: unknown, j) => {
      const path = [...at, "tool_calls", j];
      const fn = isJsonRecord(call) ? field(call, "function") : undefined;
      const name = isJsonRecord(fn) ? field(fn, "name") : undefined;
      if (!isJsonRecord(call) || !isJsonRecord(fn) || typeof name !== "string" || name === "") {
        issues.push(error("malformed_tool_call", `tool call ${j} of message ${String(at[at.length - 1])} has no \`function.name\``, path, "a tool call is `{\"id\": …, \"type\": \"function\", \"function\": {\"name\": …, \"arguments\": \"{…}\"}}`"));
        return;
      }
      const id = field(call, "id");
      found.push({ id: typeof id === "string" && id !== "" ? id : undefined, name, args: field(fn, "arguments"), argsPath: [...path, "function", "arguments"], path });
    });
  } else if (calls !== undefined && calls !== null) {
    issues.push(error("malformed_tool_call", "`tool_calls` must be an array", [...at, "tool_calls"], "give `tool_calls` as an array of tool calls"));
  }
  // The legacy single `function_call` (before `tool_calls` existed) has no id; its result is the next `function` message.
  const legacy = field(message, "function_call");
  const legacyName = isJsonRecord(legacy) ? field(legacy, "name") : undefined;
  if (isJsonRecord(legacy) && typeof legacyName === "string" && legacyName !== "") {
    found.push({ id: undefined, name: legacyName, args: field(legacy, "arguments"), argsPath: [...at, "function_call", "arguments"], path: [...at, "function_call"] });
  }
  return found;
}

function parseArguments(call: FoundCall, session: string, issues: ImportIssue[]): JsonObject | undefined {
  const what = `arguments of tool call ${call.id ? `\`${call.id}\` ` : ""}(\`${call.name}\`) in session \`${session}\``;
  const help = "`function.arguments` must be a JSON object encoded as a string, such as `\"{\\\"id\\\": 7}\"`; fix the transcript and import it again";
  let args: unknown = call.args;
  if (args === undefined || args === null || (typeof args === "string" && args.trim() === "")) return {};
  if (typeof args === "string") {
    try {
      args = parseJson(args);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      issues.push(error("malformed_tool_arguments", `${what} are not valid JSON: ${lowerFirst(why)}`, call.argsPath, help));
      return undefined;
    }
  }
  if (!isJsonRecord(args)) {
    issues.push(error("malformed_tool_arguments", `${what} are not a JSON object`, call.argsPath, help));
    return undefined;
  }
  return args as JsonObject;
}

function attachResult(
  message: Record<string, unknown>,
  at: JsonPath,
  role: "tool" | "function",
  pending: PendingCall[],
  records: ImportedRecord[],
  issues: ImportIssue[],
): void {
  // `tool` messages name their call by id; legacy `function` messages answer the oldest call still open.
  const callId = field(message, "tool_call_id");
  const index = role === "tool" ? pending.findIndex((p) => p.callId === callId) : pending.length > 0 ? 0 : -1;
  if (index < 0) {
    const which = typeof callId === "string" ? `\`${callId}\`` : "no `tool_call_id`";
    issues.push({
      code: "unmatched_tool_result",
      severity: "warning",
      message: `\`${role}\` message ${String(at[at.length - 1])} answers ${which}, which no earlier tool call is waiting for`,
      help: "each `tool` message should follow the assistant message whose `tool_calls` has its `tool_call_id`",
      path: at,
    });
    return;
  }
  const [call] = pending.splice(index, 1);
  if (call!.record < 0) return;
  const r = records[call!.record]!;
  records[call!.record] = { ...r, result: resultValue(field(message, "content")) };
}

/** A tool's output: parsed when it is JSON (an object, a number…), else the text as it is. */
function resultValue(content: unknown): Json {
  const text = contentText(content);
  if (text === undefined) return null;
  try {
    return parseJson(text) as Json;
  } catch {
    return text;
  }
}

/** The text of a message's `content`: a string, or the text parts of an array of parts. */
function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  const parts: string[] = [];
  for (const part of content) {
    if (typeof part === "string") parts.push(part);
    else if (isJsonRecord(part) && typeof field(part, "text") === "string") parts.push(field(part, "text") as string);
  }
  return parts.join("\n");
}

function error(code: string, message: string, path: JsonPath, help: string): ImportIssue {
  return { code, severity: "error", message, help, path };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
