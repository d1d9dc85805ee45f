/** Importers of recorded agent traces (`snapspace import`). */
export { IMPORT_FORMATS, OPENAI_CHAT_AGENT, importDocument, importLine, type ImportFormat, type ImportOutput } from "./documents.js";
export { importConversation, type ConversationLabels } from "./openai-chat.js";
export { TAU_BENCH_AGENT, TAU_BENCH_NOW, importTauBenchRun, tauSessionName } from "./tau-bench.js";
export { locateJsonPath, type JsonPath, type TextRange } from "./json-locate.js";
export type { ConversationImport, ConversationTurn, ImportIssue, ImportSettings, ImportedProposal, ImportedRecord, JsonObject } from "./record.js";
