// What a `warden` command can end with, as values: the message, a hint, and the exit code.
// Printed in one place (run.ts) as `warden: <message>` plus the hint, on stderr.

/** The exit codes, documented in `warden --help`. */
export const EXIT = {
  ok: 0,
  /** The request failed, the server refused, or (authorize) the decision is a denial. */
  failure: 1,
  /** The command line is wrong: unknown command or option, a bad value. */
  usage: 2,
  /** No credential, or the server rejected it (401). */
  auth: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  exitCode: ExitCode;
  hint: string | null;
  /** The HTTP status of the API answer behind it, when there is one. */
  status: number | null;
  constructor(message: string, exitCode: ExitCode = EXIT.failure, hint: string | null = null, status: number | null = null) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
    this.status = status;
  }
}

export const usageError = (message: string, hint: string | null = null) => new CliError(message, EXIT.usage, hint);
export const authError = (message: string, hint: string | null = 'run `warden auth login`, or set WARDEN_TOKEN') => new CliError(message, EXIT.auth, hint);
