// Schemas shared by several features: problem+json, ids, paging.
import type { Static, TSchemaOptions } from 'typebox';
import { Type } from './type.ts';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    request_id: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'An RFC 9457 problem document (application/problem+json).' },
);

const ref = Type.Ref('Problem');
/** Documents the error answers a route can give (all are problem+json). */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ref])) as Record<number, typeof ref>;
}

/**
 * A string enum, written `{type: 'string', enum: [...]}`: generators make one enum type of it (a
 * Union of Literals is an `anyOf` of one-value consts: three classes in a Python client). A wrong
 * value reads "must be one of a, b, c" (src/http/validation-errors.ts).
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: TSchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] });
}

/** The largest id a table holds (PostgreSQL integer); larger numbers name nothing. */
export const MAX_ID = 2_147_483_647;

/** A row id in a request: every id schema has this range, so no database is asked about 2^53. */
export const Id = (description?: string) => Type.Integer({ minimum: 1, maximum: MAX_ID, ...(description ? { description } : {}) });

export const IdParams = Type.Object({ id: Id() });
export type IdParams = Static<typeof IdParams>;

export const UserRefParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 300, description: 'The numeric id, the user_id (URL-encoded: `pipeline_automation%40service`), or `me`' }),
});

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page number, from 1' })),
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page, at most 200' })),
};

export const UserSummary = Type.Object({ id: Type.Integer(), user_id: Type.String(), name: Type.String() }, { title: 'UserSummary' });

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export function paged<T extends ReturnType<typeof Type.Object>>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() });
}

/** A date-time in a query: RFC 3339, between years 1 and 9999 (what both databases store). */
export const TimestampQuery = (description: string) => Type.String({ format: 'date-time', description: `${description}; RFC 3339, e.g. 2026-01-31T12:00:00Z` });
