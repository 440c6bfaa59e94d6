// SCIM resources as plain JSON: canonical attribute names (clients may write any case),
// coercion of values by schema type (Entra's "True"/"False"), attribute paths, and the
// attributes/excludedAttributes projection. Pure functions, no I/O.
import { FILTER_LIMITS, parseFilter as parseFilterText, type Filter } from './filter-parser.ts';
import { CORE_GROUP, CORE_USER, EXTENSION_ATTRS, EXTENSION_IDS, GROUP_ATTRS, USER_ATTRS, type AttrDef } from './schemas.ts';
import { invalidFilter, invalidPath, invalidValue } from './errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Doc = { [key: string]: Json };
export type ResourceKind = 'User' | 'Group';

/** Attributes the server sets; ignored in request bodies, refused as PATCH targets. */
export const READ_ONLY = new Set(['id', 'meta', 'groups', 'schemas']);

export function coreAttrs(kind: ResourceKind): Map<string, AttrDef> {
  return kind === 'User' ? USER_ATTRS : GROUP_ATTRS;
}

export function coreSchema(kind: ResourceKind): string {
  return kind === 'User' ? CORE_USER : CORE_GROUP;
}

function getCI(obj: Doc, key: string): Json | undefined {
  const k = Object.keys(obj).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : obj[k];
}

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Coerces one simple value to its attribute's type; throws invalidValue otherwise. */
function coerceSimple(def: AttrDef, v: Json, where: string): Json {
  if (v === null) return null;
  if (def.type === 'boolean') {
    if (typeof v === 'boolean') return v;
    // Entra ID sends booleans as the strings "True" and "False".
    if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    throw invalidValue(`${where} must be a boolean`);
  }
  if (def.type === 'integer' || def.type === 'decimal') {
    if (typeof v === 'number') return v;
    throw invalidValue(`${where} must be a number`);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalidValue(`${where} must be a string`);
}

function normalizeComplex(def: AttrDef, v: Json, where: string): Json {
  if (v === null) return null;
  // Entra ID sends the enterprise manager as a bare id; the schema says {value}.
  if (!isObject(v)) {
    if ((typeof v === 'string' || typeof v === 'number') && def.subAttributes?.some((s) => s.name === 'value')) return { value: String(v) };
    throw invalidValue(`${where} must be an object`);
  }
  const subs = new Map((def.subAttributes ?? []).map((s) => [s.name.toLowerCase(), s]));
  const out: Doc = {};
  for (const [key, value] of Object.entries(v)) {
    // Microsoft's reference client names a member's display "displayName"; take it as display
    const alias = def.name === 'members' && key.toLowerCase() === 'displayname' && getCI(v, 'display') === undefined ? 'display' : key;
    const sub = subs.get(alias.toLowerCase());
    if (!sub) continue; // unknown sub-attributes are not kept
    const coerced = coerceSimple(sub, value, `${where}.${sub.name}`);
    if (coerced !== null) out[sub.name] = coerced;
  }
  // a complex value whose sub-attributes were all removed is unassigned, not {} (RFC 7644 §3.5.2.2)
  return Object.keys(out).length ? out : null;
}

/** Normalizes one attribute's value by its definition. null means "unassigned". */
export function normalizeValue(def: AttrDef, v: Json, where: string = def.name): Json {
  if (v === null || v === undefined) return null;
  if (def.multiValued) {
    const list = Array.isArray(v) ? v : [v];
    const out = list.map((item, i) => (def.type === 'complex' ? normalizeComplex(def, item, `${where}[${i}]`) : coerceSimple(def, item, `${where}[${i}]`))).filter((x) => x !== null);
    return out.length ? out : null;
  }
  if (Array.isArray(v)) throw invalidValue(`${where} is single-valued`);
  return def.type === 'complex' ? normalizeComplex(def, v, where) : coerceSimple(def, v, where);
}

/**
 * A request body as a canonical resource: known attributes in canonical spelling, values coerced,
 * extension blocks under their canonical URN, read-only and unknown attributes dropped.
 */
export function normalizeResource(kind: ResourceKind, input: unknown): Doc {
  if (!isObject(input)) throw invalidSyntax('The request body must be a JSON object');
  const attrs = coreAttrs(kind);
  const out: Doc = {};
  for (const [key, value] of Object.entries(input)) {
    const lower = key.toLowerCase();
    const urn = EXTENSION_IDS.get(lower);
    if (urn && kind === 'User') {
      if (value === null) continue;
      if (!isObject(value)) throw invalidValue(`${urn} must be an object`);
      const ext = normalizeExtension(urn, value);
      if (Object.keys(ext).length) out[urn] = ext;
      continue;
    }
    // core attributes may also be written with the core schema URN as prefix
    const coreName = lower.startsWith(coreSchema(kind).toLowerCase() + ':') ? lower.slice(coreSchema(kind).length + 1) : lower;
    const def = attrs.get(coreName);
    if (!def || READ_ONLY.has(def.name) || def.name === 'password') continue;
    const v = normalizeValue(def, value);
    if (v !== null) out[def.name] = v;
  }
  return out;
}

function normalizeExtension(urn: string, value: Doc): Doc {
  const defs = EXTENSION_ATTRS.get(urn.toLowerCase())!;
  const out: Doc = {};
  for (const [key, v] of Object.entries(value)) {
    const def = defs.get(key.toLowerCase());
    if (!def) continue;
    const n = normalizeValue(def, v, `${urn}:${def.name}`);
    if (n !== null) out[def.name] = n;
  }
  return out;
}

function invalidSyntax(detail: string) {
  return invalidValue(detail);
}

/** A parsed attribute path: `[urn:]attr[filter][.sub]`, or a whole extension (`attr` null). */
export interface AttrPath {
  /** The canonical extension URN, or null for the core schema. */
  urn: string | null;
  attr: AttrDef | null;
  filter?: Filter;
  sub?: AttrDef;
}

/** A path in an error message: quoted, and cut short (paths may be up to 4096 characters). */
function quoted(path: string): string {
  return JSON.stringify(path.length > 60 ? `${path.slice(0, 60)}…` : path);
}

/** Splits `urn:...:Schema:attr...` into the schema and the rest; core URNs are dropped. */
function splitUrn(kind: ResourceKind, path: string): { urn: string | null; rest: string } {
  const lower = path.toLowerCase();
  const core = coreSchema(kind).toLowerCase();
  if (lower.startsWith(core + ':')) return { urn: null, rest: path.slice(core.length + 1) };
  if (kind === 'User') {
    for (const [l, urn] of EXTENSION_IDS) {
      if (lower === l) return { urn, rest: '' };
      if (lower.startsWith(l + ':')) return { urn, rest: path.slice(l.length + 1) };
    }
  }
  if (lower.startsWith('urn:')) throw invalidPath(`Unknown schema in path ${quoted(path)}`);
  return { urn: null, rest: path };
}

/** Parses a PATCH path or an attributes entry; `allowFilter` permits `attr[filter]`. */
export function parsePath(kind: ResourceKind, path: string, allowFilter = true): AttrPath {
  // paths share the filter's length cap: a path is an attribute and at most one value filter
  if (path.length > FILTER_LIMITS.maxLength) throw invalidPath(`The path is ${path.length} characters long; at most ${FILTER_LIMITS.maxLength} are accepted`);
  const trimmed = path.trim();
  if (trimmed === '') throw invalidPath('The path is empty');
  const { urn, rest } = splitUrn(kind, trimmed);
  if (rest === '') return { urn, attr: null };
  const defs = urn ? EXTENSION_ATTRS.get(urn.toLowerCase())! : coreAttrs(kind);
  const m = /^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/s.exec(rest);
  if (!m) throw invalidPath(`The path ${quoted(path)} is not valid: a path is attribute, attribute.subAttribute or attribute[filter], optionally followed by .subAttribute`);
  const [, name, filterText, subName] = m;
  const attr = defs.get(name.toLowerCase());
  if (!attr) throw invalidPath(`Unknown attribute ${quoted(name)} in path ${quoted(path)}`);
  const out: AttrPath = { urn, attr };
  if (filterText !== undefined) {
    if (!allowFilter) throw invalidPath(`A filter is not allowed in ${quoted(path)}`);
    if (!attr.multiValued || attr.type !== 'complex') throw invalidPath(`${attr.name} is not a multi-valued complex attribute; it cannot take a filter`);
    // positions in filter errors count from the start of the whole path
    const filterStart = (path.length - path.trimStart().length) + (trimmed.length - rest.length) + name.length + 1;
    out.filter = parseFilterText(filterText, { offset: filterStart });
  }
  if (subName !== undefined) {
    const sub = attr.subAttributes?.find((s) => s.name.toLowerCase() === subName.toLowerCase());
    if (!sub) throw invalidPath(`Unknown sub-attribute "${subName}" of ${attr.name}`);
    out.sub = sub;
  }
  return out;
}

/** Parses a filter (see filter-parser.ts: linear time, capped length, depth and conditions). */
export function parseFilter(text: string): Filter {
  return parseFilterText(text);
}

// ---------- in-memory evaluation of PATCH path filters on one multi-valued attribute ----------

function getCaseInsensitive(obj: Doc, key: string): Json | undefined {
  const k = Object.keys(obj).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : obj[k];
}

function compareValues(op: string, actual: Json | undefined, expected: Json): boolean {
  if (op === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return op === 'eq' ? expected === null : op === 'ne' ? expected !== null : false;
  const a = typeof actual === 'string' ? actual.toLowerCase() : actual;
  const e = typeof expected === 'string' ? expected.toLowerCase() : expected;
  if (typeof a === 'boolean' || typeof e === 'boolean') {
    const eb = typeof e === 'string' ? e === 'true' : e;
    return op === 'eq' ? a === eb : op === 'ne' ? a !== eb : false;
  }
  const as = String(a);
  const es = String(e);
  switch (op) {
    case 'eq': return as === es;
    case 'ne': return as !== es;
    case 'co': return as.includes(es);
    case 'sw': return as.startsWith(es);
    case 'ew': return as.endsWith(es);
    case 'gt': return as > es;
    case 'ge': return as >= es;
    case 'lt': return as < es;
    case 'le': return as <= es;
    default: return false;
  }
}

/** Whether one element of a multi-valued attribute matches a value filter. */
export function elementMatches(filter: Filter, element: Json): boolean {
  switch (filter.op) {
    case 'and': return (filter as { filters: Filter[] }).filters.every((f) => elementMatches(f, element));
    case 'or': return (filter as { filters: Filter[] }).filters.some((f) => elementMatches(f, element));
    case 'not': return !elementMatches((filter as { filter: Filter }).filter, element);
    case '[]': throw invalidFilter('Nested value paths are not supported');
    default: {
      const f = filter as { op: string; attrPath: string; compValue?: Json };
      const value = isObject(element) ? getCaseInsensitive(element, f.attrPath) : f.attrPath.toLowerCase() === 'value' ? element : undefined;
      return compareValues(f.op, value, f.compValue ?? null);
    }
  }
}

/** The `attr eq "x"` conditions of a filter joined by and: used to create the element a PATCH targets. */
export function equalitiesOf(filter: Filter): Doc | null {
  if (filter.op === 'eq') {
    const f = filter as { attrPath: string; compValue: Json };
    return { [f.attrPath]: f.compValue };
  }
  if (filter.op === 'and') {
    const out: Doc = {};
    for (const f of (filter as { filters: Filter[] }).filters) {
      const part = equalitiesOf(f);
      if (!part) return null;
      Object.assign(out, part);
    }
    return out;
  }
  return null;
}

// ---------- attributes / excludedAttributes ----------

function listOf(param: string | undefined): string[] {
  return (param ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** `emails[type eq "work"].value` → `emails.value`: from the first "[" to the last "]" (indexOf, not a backtracking regex). */
function withoutValueFilter(p: string): string {
  const open = p.indexOf('[');
  const close = p.lastIndexOf(']');
  return open >= 0 && close > open ? p.slice(0, open) + p.slice(close + 1) : p;
}

/** Applies `attributes` or `excludedAttributes` (RFC 7644 §3.4.2.5); id and schemas are always returned. */
export function project(kind: ResourceKind, resource: Doc, attributes?: string, excluded?: string): Doc {
  const wanted = listOf(attributes);
  const unwanted = listOf(excluded);
  const resolve = (p: string): AttrPath | null => {
    try {
      // `emails[type eq "work"]` in attributes: the attribute, unfiltered
      return parsePath(kind, withoutValueFilter(p), false);
    } catch {
      return null; // unknown attributes are ignored, as RFC 7644 allows
    }
  };
  if (wanted.length) {
    const out: Doc = { schemas: resource.schemas, id: resource.id };
    for (const p of wanted.map(resolve)) {
      if (!p) continue;
      const source = p.urn ? (resource[p.urn] as Doc | undefined) : resource;
      if (!source) continue;
      const target = p.urn ? ((out[p.urn] as Doc | undefined) ?? (out[p.urn] = {})) as Doc : out;
      if (!p.attr) {
        Object.assign(target, source);
        continue;
      }
      const value = source[p.attr.name];
      if (value === undefined) continue;
      if (!p.sub) {
        target[p.attr.name] = value;
      } else if (Array.isArray(value)) {
        target[p.attr.name] = value.map((el) => (isObject(el) && el[p.sub!.name] !== undefined ? { [p.sub!.name]: el[p.sub!.name] } : {})).filter((x) => Object.keys(x).length);
      } else if (isObject(value) && value[p.sub.name] !== undefined) {
        target[p.attr.name] = { ...((target[p.attr.name] as Doc | undefined) ?? {}), [p.sub.name]: value[p.sub.name] };
      }
    }
    for (const key of Object.keys(out)) if (isObject(out[key]) && key.startsWith('urn:') && !Object.keys(out[key] as Doc).length) delete out[key];
    return out;
  }
  if (unwanted.length) {
    // Copies only what it changes (the resource itself is left as it is): a deep copy of a group
    // with its members, to drop them, cost more than the lookup that found it.
    const out: Doc = { ...resource };
    const without = (o: Doc, name: string): Doc => {
      const copy = { ...o };
      delete copy[name];
      return copy;
    };
    for (const p of unwanted.map(resolve)) {
      if (!p) continue;
      if (!p.attr) {
        if (p.urn) delete out[p.urn];
        continue;
      }
      if (p.attr.name === 'id' || p.attr.name === 'schemas') continue;
      const holder = p.urn ? out[p.urn] : out;
      // deleting a property of anything but an object (a string, an array) changed nothing
      if (!isObject(holder)) continue;
      const source = p.urn ? (out[p.urn] = { ...holder }) : out;
      if (!p.sub) delete source[p.attr.name];
      else {
        const v = source[p.attr.name];
        const sub = p.sub.name;
        if (Array.isArray(v)) source[p.attr.name] = v.map((el) => (isObject(el) ? without(el, sub) : el));
        if (isObject(v)) source[p.attr.name] = without(v, sub);
      }
    }
    return out;
  }
  return resource;
}
