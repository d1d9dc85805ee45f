/** Exit codes of every command (DESIGN.md §5). */
export const EXIT = {
  /** Success, and every expectation met. */
  ok: 0,
  /** A decision or test did not match what was expected, or `--fail-on` matched, or `fmt --check` found a file to format. */
  mismatch: 1,
  /** Bad usage, unreadable or malformed files, policy errors. */
  error: 2,
} as const;
