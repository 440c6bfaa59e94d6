// Schema violations as people read them: one sentence per field ("role must be one of member,
// manager, admin"), not Ajv's branch-by-branch noise, and at most MAX_ERRORS of them.
import type { ErrorObject } from 'ajv';
import type { FieldError } from './errors.ts';

export const MAX_ERRORS = 20;

type Schema = Record<string, unknown>;

function describeValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A noun phrase for what a schema accepts ("an integer from 1 to 365"). */
function describe(s: Schema): string {
  if ('const' in s) return describeValue(s.const);
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(describeValue).join(', ')}`;
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  switch (s.type) {
    case 'null': return 'null';
    case 'boolean': return 'true or false';
    case 'integer':
    case 'number': {
      const noun = s.type === 'integer' ? 'an integer' : 'a number';
      if (min !== undefined && max !== undefined) return `${noun} from ${min} to ${max}`;
      if (min !== undefined) return `${noun} of at least ${min}`;
      if (max !== undefined) return `${noun} of at most ${max}`;
      return noun;
    }
    case 'string':
      if (s.format === 'date-time') return 'a date-time such as 2026-01-31T12:00:00Z';
      if (typeof s.maxLength === 'number') return `a text of at most ${s.maxLength} characters`;
      return 'a text';
    case 'array': return typeof s.maxItems === 'number' ? `a list of at most ${s.maxItems} items` : 'a list';
    case 'object': return 'an object';
    default: return 'a valid value';
  }
}

function describeAlternatives(branches: Schema[]): string {
  if (branches.every((b) => 'const' in b)) return `one of ${branches.map((b) => describeValue(b.const)).join(', ')}`;
  const parts = branches.map(describe);
  return parts.length <= 2 ? parts.join(' or ') : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

function messageOf(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': return `unknown field "${params.additionalProperty as string}"`;
    case 'required': return 'is required';
    case 'anyOf':
    case 'oneOf': return `must be ${describeAlternatives(e.schema as Schema[])}`;
    case 'const': return `must be ${describeValue(params.allowedValue)}`;
    case 'enum': return `must be one of ${(params.allowedValues as unknown[]).map(describeValue).join(', ')}`;
    case 'format': return `must be ${describe({ type: 'string', format: params.format })}`;
    case 'type': return `must be ${describe({ type: params.type })}`;
    default: return e.message ?? 'is invalid';
  }
}

/** Field errors for Ajv's errors of one part of the request (body, querystring, params). */
export function fieldErrorsOf(validation: ErrorObject[], where: string): { errors: FieldError[]; more: number } {
  // The branches of a failed anyOf only explain it: keep the anyOf, described once.
  const alternatives = validation.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  // A string enum given a number fails both `type` and `enum`: the enum's list says it all.
  const enumAt = new Set(validation.filter((e) => e.keyword === 'enum').map((e) => e.instancePath));
  const kept = validation.filter((e) => !alternatives.some((prefix) => e.schemaPath.startsWith(prefix)) && !(e.keyword === 'type' && enumAt.has(e.instancePath)));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const params = e.params as { missingProperty?: string; additionalProperty?: string };
    const base = e.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const path = [base, params.missingProperty ?? params.additionalProperty].filter(Boolean).join('.') || where;
    const error = { path, message: messageOf(e) };
    const key = `${error.path}\u0000${error.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push(error);
    }
  }
  return { errors: errors.slice(0, MAX_ERRORS), more: Math.max(0, errors.length - MAX_ERRORS) };
}
