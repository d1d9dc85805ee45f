/**
 * `--format jsonl`: one canonical decision a line (`serializeDecision`), in
 * the order of the records, and nothing else, so the output can be diffed,
 * hashed or fed to another tool. Invalid records have no decision: they are
 * reported on standard error only; baseline changes too.
 */
import { serializeDecision } from "../../decision/decide.js";
import type { Reporter } from "./reporter.js";
import type { DecidedItem } from "./tally.js";

/** The JSON Lines reporter. */
export class JsonlReporter implements Reporter {
  readonly showsBaseline = false;

  start(): string {
    return "";
  }

  fileStart(): string {
    return "";
  }

  decided(item: DecidedItem): string {
    return serializeDecision(item.decision) + "\n";
  }

  invalid(): string {
    return "";
  }

  fileError(): string {
    return "";
  }

  fileEnd(): string {
    return "";
  }

  end(): string {
    return "";
  }
}
