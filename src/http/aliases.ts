// Qualytics-shaped input (issue 22): a field Qualytics names differently is accepted beside
// Warden's own name; the answer always uses Warden's. Both given with different values is 422.
import { invalidField } from './errors.ts';

/**
 * The value of `canonical`, or of its Qualytics alias when only that is given. Both, disagreeing:
 * 422 naming the alias. Neither: undefined.
 */
export function aliased<T>(fields: { [k: string]: unknown }, canonical: string, alias: string, where = 'body'): T | undefined {
  const a = fields[canonical] as T | undefined;
  const b = fields[alias] as T | undefined;
  if (a !== undefined && b !== undefined && a !== b) {
    throw invalidField(alias, `${alias} (Qualytics' name for ${canonical}) and ${canonical} are both in the ${where} with different values (${JSON.stringify(b)} and ${JSON.stringify(a)}); send one of them`);
  }
  return a ?? b;
}
