// Parsing JSON request bodies, for the API's parser and SCIM's alike.
import { invalidField } from './errors.ts';

/**
 * Parses a JSON body (a SyntaxError when it is not JSON). Text holding a NUL character is refused
 * wherever it stands, naming its path: PostgreSQL cannot store it, SQLite would, and no field of
 * Warden's wants it, so both databases answer the same 422.
 */
export function parseJsonBody(text: string): unknown {
  const value: unknown = JSON.parse(text);
  // In valid JSON a NUL can only be written as the escape \u0000; most bodies skip the walk.
  if (text.includes('\\u0000')) {
    const path = nulPath(value, '');
    if (path !== null) throw invalidField(path || 'body', 'Text must not contain NUL (\\u0000) characters');
  }
  return value;
}

function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = nulPath(child, childPath);
    if (found !== null) return found;
  }
  return null;
}
