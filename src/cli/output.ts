// How `warden` shows things. On a terminal: aligned tables with a header, relative times
// ("in 5 days", "3 h ago") and colour (never with NO_COLOR). Piped: tab-separated rows without a
// header, ISO times, no colour, nothing cut (like `gh`), so that grep, cut and awk work.
// `--json` prints the API's own objects instead (see printJson).

export interface OutputStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Whether stdout is a terminal a person reads. */
export function isTerminal(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY);
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or TERM=dumb. */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.TERM === 'dumb') return false;
  return isTerminal(stream);
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;

export function paint(text: string, style: Style, stream: NodeJS.WriteStream = process.stdout): string {
  if (!colourEnabled(stream)) return text;
  const [on, off] = CODES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visibleLength = (s: string) => [...s.replace(ANSI, '')].length;

/** "in 5 days", "3 h ago", "just now"; ISO when not on a terminal; `never` for null when asked. */
export function when(iso: string | null | undefined, options: { nullText?: string; now?: number } = {}): string {
  if (iso === null || iso === undefined) return options.nullText ?? '-';
  if (!isTerminal()) return iso;
  return relativeTime(iso, options.now);
}

export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = t - now;
  const abs = Math.abs(diff);
  const s = abs / 1000;
  let text: string;
  if (s < 45) return 'just now';
  if (s < 3600) text = `${Math.round(s / 60)} min`;
  else if (s < 86_400) text = `${Math.round(s / 3600)} h`;
  else if (s < 86_400 * 60) {
    const d = Math.round(s / 86_400);
    text = `${d} day${d === 1 ? '' : 's'}`;
  } else if (s < 86_400 * 365 * 2) text = `${Math.round(s / (86_400 * 30))} months`;
  else text = `${Math.round(s / (86_400 * 365))} years`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Colour of the cell on a terminal. */
  style?: (row: T) => Style | null;
  /** Cut to this many characters on a terminal (never when piped). */
  max?: number;
}

function cut(text: string, max: number | undefined): string {
  if (!max || [...text].length <= max) return text;
  return `${[...text].slice(0, max - 1).join('')}…`;
}

/** Renders rows as a table (terminal) or as tab-separated lines (piped). */
export function table<T>(rows: T[], columns: Column<T>[]): string {
  const cells = (row: T) => columns.map((c) => c.value(row).replace(/[\t\n\r]+/g, ' '));
  if (!isTerminal()) return rows.map((row) => `${cells(row).join('\t')}\n`).join('');
  if (rows.length === 0) return '';
  const body = rows.map((row) => cells(row).map((text, i) => cut(text, columns[i].max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...body.map((r) => visibleLength(r[i]))));
  const line = (texts: string[], styles: (Style | null)[]) =>
    texts
      .map((t, i) => {
        const pad = i === texts.length - 1 ? '' : ' '.repeat(widths[i] - visibleLength(t));
        const style = styles[i];
        return (style ? paint(t, style) : t) + pad;
      })
      .join('  ')
      .trimEnd();
  const head = line(columns.map((c) => c.header.toUpperCase()), columns.map(() => 'bold'));
  return [head, ...body.map((r, n) => line(r, columns.map((c) => c.style?.(rows[n]) ?? null)))].join('\n') + '\n';
}

/** `key: value` lines, keys aligned; values that are null or '' are left out. */
export function details(pairs: [string, string | null | undefined][]): string {
  const shown = pairs.filter((p): p is [string, string] => p[1] !== null && p[1] !== undefined && p[1] !== '');
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${paint(`${k}:`.padEnd(width + 1), 'dim')} ${v}`).join('\n') + '\n';
}

/** The API's own object, as the API sent it, for jq. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

/** A message for the person, not for a pipe: stderr. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The status of a token or user, coloured. */
export function statusStyle(status: string): Style | null {
  if (status === 'active' || status === 'allowed' || status === 'yes') return 'green';
  if (status === 'revoked' || status === 'deactivated' || status === 'denied') return 'red';
  if (status === 'expired') return 'yellow';
  return null;
}
