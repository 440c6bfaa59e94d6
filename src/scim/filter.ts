// SCIM filters (RFC 7644 §3.4.2.2) translated to SQL: the parsed filter becomes one Kysely
// expression over the users/groups query, so paging and counts happen in the database.
// Anything outside the supported attributes is 400 invalidFilter, never a silent in-memory pass.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Filter } from './filter-parser.ts';
import type { DialectName } from '../db/connection.ts';
import { invalidFilter, invalidValue } from './errors.ts';
import { coreSchema, type ResourceKind } from './resource.ts';
import { lowerFor } from '../db/text-match.ts';
import { isAscii } from '../db/unicode-lower.ts';

type Value = boolean | null | number | string;

/** How one filterable attribute maps to SQL. */
type Column =
  | { kind: 'string'; expr: RawBuilder<unknown>; caseExact: boolean }
  | { kind: 'id'; expr: RawBuilder<unknown> }
  | { kind: 'time'; expr: RawBuilder<unknown> }
  | { kind: 'boolean'; expr: RawBuilder<unknown> }
  /** A column that is null exactly when the boolean is true (active ⇔ deactivated_at is null). */
  | { kind: 'nullIsTrue'; expr: RawBuilder<unknown> }
  | { kind: 'multi'; name: string; exists: (cond: RawBuilder<SqlBool> | null) => RawBuilder<SqlBool>; element: Resolver; defaultSub: string };

type Resolver = (attr: string) => Column | null;

const ref = (r: string) => sql.ref(r) as unknown as RawBuilder<unknown>;

const USER_COLUMNS: Record<string, Column> = {
  id: { kind: 'id', expr: ref('s.user_id') },
  username: { kind: 'string', expr: ref('s.user_name'), caseExact: false },
  externalid: { kind: 'string', expr: ref('s.external_id'), caseExact: true },
  displayname: { kind: 'string', expr: ref('s.display_name'), caseExact: false },
  'name.formatted': { kind: 'string', expr: ref('s.formatted_name'), caseExact: false },
  'name.familyname': { kind: 'string', expr: ref('s.family_name'), caseExact: false },
  'name.givenname': { kind: 'string', expr: ref('s.given_name'), caseExact: false },
  'name.middlename': { kind: 'string', expr: ref('s.middle_name'), caseExact: false },
  'name.honorificprefix': { kind: 'string', expr: ref('s.honorific_prefix'), caseExact: false },
  'name.honorificsuffix': { kind: 'string', expr: ref('s.honorific_suffix'), caseExact: false },
  active: { kind: 'nullIsTrue', expr: ref('u.deactivated_at') },
  'meta.created': { kind: 'time', expr: ref('s.created_at') },
  // the account changes outside SCIM too (an Admin deactivates, changes the role)
  'meta.lastmodified': { kind: 'time', expr: sql`(case when u.updated_at > s.updated_at then u.updated_at else s.updated_at end)` },
  emails: {
    kind: 'multi',
    name: 'emails',
    defaultSub: 'value',
    // an uncorrelated IN lets the database use the lower(value) index instead of probing per user
    exists: (cond) => sql<SqlBool>`s.user_id in (select e.user_id from scim_user_emails e${cond ? sql` where ${cond}` : sql``})`,
    element: (sub) => ({
      value: { kind: 'string', expr: ref('e.value'), caseExact: false },
      type: { kind: 'string', expr: ref('e.type'), caseExact: false },
      display: { kind: 'string', expr: ref('e.display'), caseExact: false },
      primary: { kind: 'boolean', expr: ref('e.is_primary') },
    } as Record<string, Column>)[sub] ?? null,
  },
};

/**
 * A member's display as the group shows it (service.ts, groupDoc): the display the directory sent
 * for it, else the member's displayName, else its userName.
 */
const memberDisplay: Record<DialectName, RawBuilder<unknown>> = {
  sqlite: sql`coalesce(json_extract(mg.member_displays, '$."' || m.user_id || '"'), ms.display_name, ms.user_name)`,
  postgres: sql`coalesce(cast(mg.member_displays as jsonb) ->> cast(m.user_id as text), ms.display_name, ms.user_name)`,
};

const groupColumns = (dialect: DialectName): Record<string, Column> => ({
  id: { kind: 'id', expr: ref('t.id') },
  displayname: { kind: 'string', expr: ref('t.name'), caseExact: false },
  externalid: { kind: 'string', expr: ref('g.external_id'), caseExact: true },
  'meta.created': { kind: 'time', expr: ref('t.created_at') },
  'meta.lastmodified': { kind: 'time', expr: ref('t.updated_at') },
  members: {
    kind: 'multi',
    name: 'members',
    defaultSub: 'value',
    // only members a directory provisioned are SCIM members
    exists: (cond) => sql<SqlBool>`t.id in (select m.team_id from team_members m inner join scim_users ms on ms.user_id = m.user_id and ms.detached_at is null left join scim_groups mg on mg.team_id = m.team_id${cond ? sql` where ${cond}` : sql``})`,
    element: (sub) => ({
      value: { kind: 'id', expr: ref('m.user_id') },
      display: { kind: 'string', expr: memberDisplay[dialect], caseExact: false },
    } as Record<string, Column>)[sub] ?? null,
  },
});
const GROUP_COLUMNS: Record<DialectName, Record<string, Column>> = { sqlite: groupColumns('sqlite'), postgres: groupColumns('postgres') };

function resolverFor(kind: ResourceKind, dialect: DialectName): Resolver {
  const columns = kind === 'User' ? USER_COLUMNS : GROUP_COLUMNS[dialect];
  const core = coreSchema(kind).toLowerCase() + ':';
  return (attr) => {
    let a = attr.toLowerCase();
    if (a.startsWith(core)) a = a.slice(core.length);
    const direct = columns[a];
    if (direct) return direct;
    // emails.value → the multi-valued attribute with a sub-attribute
    const dot = a.indexOf('.');
    if (dot > 0) {
      const multi = columns[a.slice(0, dot)];
      if (multi?.kind === 'multi') {
        const sub = multi.element(a.slice(dot + 1));
        if (!sub) return null;
        return { ...multi, defaultSub: a.slice(dot + 1) };
      }
    }
    return null;
  };
}

function compareString(dialect: DialectName, col: { expr: RawBuilder<unknown>; caseExact: boolean }, op: string, value: Value, attr: string): RawBuilder<SqlBool> {
  if (typeof value === 'boolean') throw invalidFilter(`${attr} is a string; compare it with a quoted value`);
  if (value === null) {
    if (op === 'eq') return sql<SqlBool>`${col.expr} is null`;
    if (op === 'ne') return sql<SqlBool>`${col.expr} is not null`;
    throw invalidFilter(`${op} null is not meaningful`);
  }
  const text = String(value);
  // every letter lower-cased on both databases (db/text-match.ts); an ASCII value keeps lower(…) and its indexes
  const lower = lowerFor(dialect, text);
  const c = col.caseExact ? col.expr : sql`${lower}(${col.expr})`;
  const v = col.caseExact ? sql`cast(${text} as text)` : sql`${lower}(cast(${text} as text))`;
  const collate = dialect === 'postgres' ? sql` collate "C"` : sql``;
  switch (op) {
    case 'eq': return sql<SqlBool>`${c} = ${v}`;
    case 'ne': return sql<SqlBool>`(${col.expr} is null or ${c} <> ${v})`;
    case 'co': return dialect === 'postgres' ? sql<SqlBool>`strpos(${c}, ${v}) > 0` : sql<SqlBool>`instr(${c}, ${v}) > 0`;
    case 'sw': return sql<SqlBool>`substr(${c}, 1, length(${v})) = ${v}`;
    case 'ew': return sql<SqlBool>`substr(${c}, length(${c}) - length(${v}) + 1) = ${v}`;
    case 'gt': return sql<SqlBool>`${c}${collate} > ${v}${collate}`;
    case 'ge': return sql<SqlBool>`${c}${collate} >= ${v}${collate}`;
    case 'lt': return sql<SqlBool>`${c}${collate} < ${v}${collate}`;
    case 'le': return sql<SqlBool>`${c}${collate} <= ${v}${collate}`;
  }
  throw invalidFilter(`Unknown operator ${op}`);
}

function compareTime(dialect: DialectName, expr: RawBuilder<unknown>, op: string, value: Value, attr: string): RawBuilder<SqlBool> {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidFilter(`${attr} is compared with a quoted date-time such as "2024-01-31T12:00:00Z"`);
  const iso = new Date(value).toISOString();
  const v = dialect === 'postgres' ? sql`cast(${iso} as timestamptz)` : sql`${iso}`;
  const ops: Record<string, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
  if (!ops[op]) throw invalidFilter(`${op} does not apply to the date-time ${attr}`);
  return sql<SqlBool>`${expr} ${sql.raw(ops[op])} ${v}`;
}

function compareBoolean(col: Column & { kind: 'boolean' | 'nullIsTrue' }, op: string, value: Value, attr: string): RawBuilder<SqlBool> {
  if (op !== 'eq' && op !== 'ne') throw invalidFilter(`${op} does not apply to the boolean ${attr}`);
  if (typeof value !== 'boolean') throw invalidFilter(`${attr} is a boolean; compare it with true or false`);
  const want = op === 'eq' ? value : !value;
  if (col.kind === 'nullIsTrue') return want ? sql<SqlBool>`${col.expr} is null` : sql<SqlBool>`${col.expr} is not null`;
  return sql<SqlBool>`${col.expr} = ${want ? 1 : 0}`;
}

function compareId(expr: RawBuilder<unknown>, op: string, value: Value, attr: string): RawBuilder<SqlBool> {
  if (op !== 'eq' && op !== 'ne') throw invalidFilter(`${op} does not apply to ${attr}`);
  const text = value === null ? '' : String(value);
  const id = /^\d{1,10}$/.test(text) ? Number(text) : null;
  if (id === null || id > 2_147_483_647) return op === 'eq' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
  return op === 'eq' ? sql<SqlBool>`${expr} = ${id}` : sql<SqlBool>`${expr} <> ${id}`;
}

function compare(dialect: DialectName, col: Column, op: string, value: Value, attr: string): RawBuilder<SqlBool> {
  switch (col.kind) {
    case 'string': return compareString(dialect, col, op, value, attr);
    case 'time': return compareTime(dialect, col.expr, op, value, attr);
    case 'boolean':
    case 'nullIsTrue': return compareBoolean(col, op, value, attr);
    case 'id': return compareId(col.expr, op, value, attr);
    case 'multi': {
      const sub = col.element(col.defaultSub)!;
      return col.exists(compare(dialect, sub, op, value, `${col.name}.${col.defaultSub}`));
    }
  }
}

function present(col: Column): RawBuilder<SqlBool> {
  switch (col.kind) {
    case 'multi': {
      const sub = col.element(col.defaultSub)!;
      return col.exists(sub.kind === 'multi' ? null : present(sub));
    }
    case 'nullIsTrue': return sql<SqlBool>`1 = 1`;
    case 'string': return sql<SqlBool>`(${col.expr} is not null and ${col.expr} <> '')`;
    default: return sql<SqlBool>`${col.expr} is not null`;
  }
}

function translate(dialect: DialectName, filter: Filter, resolve: Resolver, depth: number): RawBuilder<SqlBool> {
  if (depth > 50) throw invalidFilter('The filter is nested too deeply');
  switch (filter.op) {
    case 'and':
    case 'or': {
      const parts = filter.filters.map((f) => translate(dialect, f, resolve, depth + 1));
      return sql<SqlBool>`(${sql.join(parts, sql.raw(` ${filter.op} `))})`;
    }
    case 'not':
      // an absent attribute compares as unknown (NULL); `not` of it should match
      return sql<SqlBool>`not coalesce(${translate(dialect, filter.filter, resolve, depth + 1)}, ${sql.raw(dialect === 'postgres' ? 'false' : '0')})`;
    case '[]': {
      const col = resolve(filter.attrPath);
      if (!col || col.kind !== 'multi' || col.defaultSub !== 'value') throw invalidFilter(`${filter.attrPath} cannot take a value filter; supported: emails[...], members[...]`);
      return col.exists(translate(dialect, filter.valFilter, (a) => col.element(a.toLowerCase()), depth + 1));
    }
    case 'pr': {
      const col = resolve(filter.attrPath);
      if (!col) throw invalidFilter(`Filtering on ${filter.attrPath} is not supported`);
      return present(col);
    }
    default: {
      const f = filter as { op: string; attrPath: string; compValue: Value };
      const col = resolve(f.attrPath);
      if (!col) throw invalidFilter(`Filtering on ${f.attrPath} is not supported`);
      return compare(dialect, col, f.op, f.compValue, f.attrPath);
    }
  }
}

/** The SQL condition for a parsed filter on Users (`s`, `u`) or Groups (`t`, `g`). */
export function filterToSql(kind: ResourceKind, dialect: DialectName, filter: Filter): Expression<SqlBool> {
  return translate(dialect, filter, resolverFor(kind, dialect), 0);
}

/** The SQL expression to sort by, for sortBy (single-valued attributes only). */
export function sortExpression(kind: ResourceKind, dialect: DialectName, sortBy: string): RawBuilder<unknown> {
  const col = resolverFor(kind, dialect)(sortBy);
  if (!col) throw invalidValue(`Sorting by ${sortBy} is not supported`);
  switch (col.kind) {
    case 'string': return col.caseExact ? col.expr : sql`lower(${col.expr})`;
    case 'multi': {
      // a multi-valued attribute sorts by its primary value (RFC 7644 §3.4.2.3), else the first
      if (col.name !== 'emails') throw invalidValue(`Sorting by ${sortBy} is not supported`);
      return sql`(select lower(e.value) from scim_user_emails e where e.user_id = s.user_id order by e.is_primary desc, e.position limit 1)`;
    }
    default: return col.expr;
  }
}

/** A filter with its string values taken out, and those values in order (filterTemplate). */
export interface FilterTemplate {
  /** The filter with each string value compared with a string column replaced by `${mark}${index}`. */
  shape: Filter;
  values: string[];
}

/**
 * The filter as a template for a cached page query (service.ts, listPage): each ASCII string value
 * compared with a string column (userName, emails.value, displayName, …) becomes the placeholder
 * `${mark}${i}`, since filterToSql passes such a value to the database as a parameter and nothing
 * else (compareString), so the SQL of every filter with the same shape is the same text. Any
 * other value (an id, a date-time, a boolean, null, a number, a string with letters outside ASCII)
 * stays in the shape as it is: its SQL depends on it. Null when the filter does not translate (filterToSql then says why).
 */
export function filterTemplate(kind: ResourceKind, dialect: DialectName, filter: Filter, mark: string): FilterTemplate | null {
  const values: string[] = [];
  const walk = (f: Filter, resolve: Resolver, depth: number): Filter | null => {
    if (depth > 50) return null;
    switch (f.op) {
      case 'and':
      case 'or': {
        const parts: Filter[] = [];
        for (const part of f.filters) {
          const t = walk(part, resolve, depth + 1);
          if (!t) return null;
          parts.push(t);
        }
        return { op: f.op, filters: parts };
      }
      case 'not': {
        const t = walk(f.filter, resolve, depth + 1);
        return t && { op: 'not', filter: t };
      }
      case '[]': {
        const col = resolve(f.attrPath);
        if (!col || col.kind !== 'multi' || col.defaultSub !== 'value') return null;
        const t = walk(f.valFilter, (a) => col.element(a.toLowerCase()), depth + 1);
        return t && { op: '[]', attrPath: f.attrPath, valFilter: t };
      }
      case 'pr':
        return resolve(f.attrPath) ? f : null;
      default: {
        const col = resolve(f.attrPath);
        if (!col) return null;
        const target = col.kind === 'multi' ? col.element(col.defaultSub) : col;
        if (!target) return null;
        // a value outside ASCII chooses its comparison on SQLite (compareString): it stays in the shape
        if (target.kind !== 'string' || typeof f.compValue !== 'string' || !isAscii(f.compValue)) return f;
        values.push(f.compValue);
        return { op: f.op, attrPath: f.attrPath, compValue: `${mark}${values.length - 1}` };
      }
    }
  };
  const shape = walk(filter, resolverFor(kind, dialect), 0);
  return shape && { shape, values };
}
