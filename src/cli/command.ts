/** One `mssar <name> ...` subcommand: a file in commands/ and a line in commands/index.ts. */
export interface Command {
  name: string;
  /** One line for `mssar help`. */
  summary: string;
  /** Runs with the arguments after the subcommand's name; returns the exit code (default 0). */
  run(argv: string[]): Promise<number | void> | number | void;
}

/** An error the CLI reports as a usage mistake: its message alone, exit code 2. */
export class UsageError extends Error {}
