// Runs a command's action and ends the process the documented way: output on stdout, errors as
// `warden: <problem>` (plus a hint) on stderr, and the exit code of the error (see errors.ts).
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { CliError, EXIT } from './errors.ts';

export function reportError(err: unknown): number {
  if (err instanceof CliError) {
    process.stderr.write(`warden: ${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`warden: ${message}\n`);
  return EXIT.failure;
}

/** Wraps an action: a thrown error is reported and sets the exit code; the process then ends on its own. */
export function run<A extends unknown[]>(action: (...args: A) => Promise<void | number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await action(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      process.exitCode = reportError(err);
    }
  };
}

/** Common option texts, so that every command words them alike. */
export const URL_OPTION = ['--url <url>', 'the Warden to talk to (default: WARDEN_URL, then the current saved instance, then http://localhost:$WARDEN_PORT, 8080 when unset)'] as const;
export const JSON_OPTION = ['--json', 'print the API\'s own JSON objects (lists: an array of every item)'] as const;
export const LIMIT_OPTION = ['--limit <n>', 'at most this many items (default: all, fetched page by page)'] as const;

export function positiveInt(_name: string) {
  return (value: string): number => {
    // commander reports this as a usage error (exit 2), naming the option.
    if (!/^[1-9]\d{0,8}$/.test(value)) throw new InvalidArgumentError('a positive whole number');
    return Number(value);
  };
}
