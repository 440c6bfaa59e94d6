// Lower case as PostgreSQL's lower() gives it in a UTF-8 database: every letter, letter by letter
// (without JavaScript's final-sigma rule). SQLite connections have it as `unicode_lower`
// (db/connection.ts); db/text-match.ts says when a query uses it.

export function unicodeLower(text: string): string {
  return text.includes('\u03a3') ? Array.from(text, (c) => c.toLowerCase()).join('') : text.toLowerCase();
}

// eslint-disable-next-line no-control-regex
export const isAscii = (text: string): boolean => /^[\u0000-\u007f]*$/.test(text);
