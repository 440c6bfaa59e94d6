// Instants a client sends (query filters, later ends of elevations), checked once so that neither
// JavaScript nor a database ever sees one it cannot hold.
import { invalidField } from './errors.ts';

/**
 * The ISO 8601 UTC form of an RFC 3339 date-time that the schema already accepted, or a 422 naming
 * the field. A leap second (23:59:60) counts as the last millisecond of its minute, as JavaScript
 * and the databases have none; years outside 0001–9999 are refused.
 */
export function instantOf(field: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const normalised = text.replace(/^(.*T\d\d:\d\d):60(?:\.\d+)?/i, '$1:59.999');
  const ms = Date.parse(normalised);
  if (Number.isNaN(ms)) throw invalidField(field, `${field} is not a date-time such as 2026-01-31T12:00:00Z`);
  const year = new Date(ms).getUTCFullYear();
  if (year < 1 || year > 9999) throw invalidField(field, `${field} must be between the years 0001 and 9999`);
  return new Date(ms).toISOString();
}
