// WARDEN_LOG_FORMAT=pretty: pino's JSON lines turned into one readable line each, for a terminal.
// Everything a JSON line carries is kept (as key=value after the message), so nothing is lost
// by choosing it; collectors want WARDEN_LOG_FORMAT=json (the default when stdout is not a TTY).
import util from 'node:util';

const LEVELS: Record<number, { name: string; colour: Parameters<typeof util.styleText>[0] }> = {
  10: { name: 'TRACE', colour: 'gray' },
  20: { name: 'DEBUG', colour: 'gray' },
  30: { name: 'INFO', colour: 'green' },
  40: { name: 'WARN', colour: 'yellow' },
  50: { name: 'ERROR', colour: 'red' },
  60: { name: 'FATAL', colour: 'red' },
};

// Fields every line has, or that the line's layout already shows.
const SHOWN = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function value(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/** One pino JSON line as `HH:MM:SS.mmm LEVEL message key=value …`; a line that is not JSON passes unchanged. */
export function prettyLine(line: string, colour: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level), colour: 'white' as const };
  const name = level.name.padEnd(5);
  const extra = Object.entries(entry)
    .filter(([k]) => !SHOWN.has(k))
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
  const paint = (style: Parameters<typeof util.styleText>[0], text: string) => (colour ? util.styleText(style, text, { validateStream: false }) : text);
  return `${paint('gray', time)} ${paint(level.colour, name)} ${String(entry.msg ?? '')}${extra ? ` ${paint('gray', extra)}` : ''}\n`;
}

/** A destination for pino that writes pretty lines to `out` (coloured on a terminal unless NO_COLOR is set). */
export function prettyStream(out: NodeJS.WriteStream | NodeJS.WritableStream): { write(chunk: string): boolean } {
  const colour = Boolean((out as NodeJS.WriteStream).isTTY) && !process.env.NO_COLOR;
  return {
    write(chunk: string) {
      const lines = chunk.split('\n').filter((l) => l !== '');
      return out.write(lines.map((l) => prettyLine(l, colour)).join(''));
    },
  };
}
