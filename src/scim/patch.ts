// The PATCH engine (RFC 7644 §3.5.2) over a canonical resource document, in memory: the caller
// loads the resource, applies every operation here, validates the result and writes it in one
// transaction, so a request applies all its operations or none. Handles what Okta and Entra ID
// send: any case for `op`, value maps with dotted and URN keys, filters in paths, removal of
// members by a value list, and booleans as strings (coerced when the result is normalized).
import { elementMatches, equalitiesOf, parsePath, READ_ONLY, type AttrPath, type Doc, type Json, type ResourceKind } from './resource.ts';
import { EXTENSION_ATTRS } from './schemas.ts';
import { invalidSyntax, invalidValue, mutability, noTarget } from './errors.ts';

type Op = 'add' | 'replace' | 'remove';

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function getCI(obj: Doc, key: string): Json | undefined {
  const k = Object.keys(obj).find((x) => x.toLowerCase() === key.toLowerCase());
  return k === undefined ? undefined : obj[k];
}

/** Sets `key` on obj, replacing any differently-cased spelling of it. */
function setCI(obj: Doc, key: string, value: Json): void {
  for (const k of Object.keys(obj)) if (k !== key && k.toLowerCase() === key.toLowerCase()) delete obj[k];
  obj[key] = value;
}

function deleteCI(obj: Doc, key: string): void {
  for (const k of Object.keys(obj)) if (k.toLowerCase() === key.toLowerCase()) delete obj[k];
}

/**
 * What identifies an element of a multi-valued attribute: its `value` (case-insensitively), else the
 * whole element. Two elements are the same when their keys are; a Map of keys makes adding or
 * removing 2,000 group members linear instead of 2,000 × 2,000 comparisons.
 */
function elementKey(el: Json): string {
  const v = isObject(el) ? getCI(el, 'value') : undefined;
  return v !== undefined ? `value:${String(v).toLowerCase()}` : `json:${JSON.stringify(el)}`;
}

function containerOf(doc: Doc, p: AttrPath): Doc {
  if (!p.urn) return doc;
  if (!isObject(doc[p.urn])) doc[p.urn] = {};
  return doc[p.urn] as Doc;
}

function checkWritable(p: AttrPath, path: string): void {
  if (!p.urn && p.attr && READ_ONLY.has(p.attr.name)) throw mutability(`${p.attr.name} is read-only (path "${path}")`);
}

function setAt(kind: ResourceKind, doc: Doc, p: AttrPath, value: Json, op: Exclude<Op, 'remove'>, path: string): void {
  if (!p.attr) {
    // the whole extension: each of its attributes
    if (!isObject(value)) throw invalidValue(`The value for ${p.urn} must be an object`);
    const defs = EXTENSION_ATTRS.get(p.urn!.toLowerCase())!;
    for (const [key, v] of Object.entries(value)) {
      const def = defs.get(key.toLowerCase());
      if (def) setAt(kind, doc, { urn: p.urn, attr: def }, v, op, `${p.urn}:${key}`);
    }
    return;
  }
  const def = p.attr;
  const container = containerOf(doc, p);
  const current = container[def.name];

  if (p.filter) {
    const list = Array.isArray(current) ? current : [];
    let matched = list.filter((el) => elementMatches(p.filter!, el));
    if (matched.length === 0) {
      // Entra ID replaces emails[type eq "work"].value on a user without a work email: create it.
      const seed = equalitiesOf(p.filter);
      if (!seed) throw noTarget(`No value of ${def.name} matches the filter in "${path}"`);
      list.push(seed);
      matched = [seed];
    }
    for (const el of matched) {
      if (!isObject(el)) continue;
      if (p.sub) setCI(el, p.sub.name, value);
      else if (isObject(value)) for (const [k, v] of Object.entries(value)) setCI(el, k, v);
      else throw invalidValue(`The value for "${path}" must be an object`);
    }
    container[def.name] = list;
    return;
  }

  if (p.sub) {
    if (def.multiValued) {
      const list = Array.isArray(current) ? current : [];
      if (list.length === 0) list.push({});
      for (const el of list) if (isObject(el)) setCI(el, p.sub.name, value);
      container[def.name] = list;
    } else {
      const obj = isObject(current) ? current : {};
      setCI(obj, p.sub.name, value);
      container[def.name] = obj;
    }
    return;
  }

  if (value === null) {
    delete container[def.name];
    return;
  }
  if (def.multiValued) {
    const incoming = Array.isArray(value) ? value : [value];
    if (op === 'replace') {
      container[def.name] = incoming;
      return;
    }
    const list = Array.isArray(current) ? [...current] : [];
    const at = new Map<string, number>();
    list.forEach((x, i) => { if (!at.has(elementKey(x))) at.set(elementKey(x), i); });
    for (const el of incoming) {
      const key = elementKey(el);
      const i = at.get(key);
      if (i === undefined) {
        at.set(key, list.length);
        list.push(el);
      } else if (isObject(list[i]) && isObject(el)) list[i] = { ...(list[i] as Doc), ...el };
    }
    container[def.name] = list;
    return;
  }
  if (def.type === 'complex' && isObject(value)) {
    // sub-attributes not given are left as they are (RFC 7644 §3.5.2.3)
    const obj = isObject(current) ? { ...current } : {};
    for (const [k, v] of Object.entries(value)) setCI(obj, k, v);
    container[def.name] = obj;
    return;
  }
  container[def.name] = value;
}

function removeAt(doc: Doc, p: AttrPath, value: Json | undefined, path: string): void {
  if (!p.attr) {
    delete doc[p.urn!];
    return;
  }
  const def = p.attr;
  // RFC 7644 §3.5.2.2: removing a required attribute is a mutability error
  if (def.required && !p.sub && !p.filter) throw mutability(`${def.name} is required; it cannot be removed (path "${path}")`);
  const container = p.urn ? (doc[p.urn] as Doc | undefined) : doc;
  if (!isObject(container)) return;
  const current = container[def.name];
  if (current === undefined) return;

  if (p.filter) {
    if (!Array.isArray(current)) return;
    if (p.sub) {
      for (const el of current) if (isObject(el) && elementMatches(p.filter, el)) deleteCI(el, p.sub.name);
    } else {
      container[def.name] = current.filter((el) => !elementMatches(p.filter!, el));
    }
    return;
  }
  if (p.sub) {
    if (Array.isArray(current)) {
      for (const el of current) if (isObject(el)) deleteCI(el, p.sub.name);
    } else if (isObject(current)) {
      deleteCI(current, p.sub.name);
    }
    return;
  }
  if (def.multiValued && Array.isArray(current) && value !== undefined && value !== null) {
    // Entra ID removes group members with {"op":"Remove","path":"members","value":[{"value":"id"}]}: only those.
    const targets = new Set((Array.isArray(value) ? value : [value]).map(elementKey));
    container[def.name] = current.filter((el) => !targets.has(elementKey(el)));
    return;
  }
  delete container[def.name];
}

/** Applies the Operations of a PatchOp request to a copy of `doc`; throws a SCIM error on the first bad one. */
export function applyPatch(kind: ResourceKind, doc: Doc, body: unknown): Doc {
  if (!isObject(body)) throw invalidSyntax('The PATCH body must be a PatchOp object');
  const operations = getCI(body, 'Operations');
  if (operations === undefined) throw invalidSyntax('The PATCH body needs "Operations"');
  if (!Array.isArray(operations)) throw invalidSyntax('"Operations" must be an array');
  const out = structuredClone(doc);
  operations.forEach((raw, i) => {
    if (!isObject(raw)) throw invalidSyntax(`Operations[${i}] must be an object`);
    const opText = getCI(raw, 'op');
    const op = typeof opText === 'string' ? (opText.toLowerCase() as Op) : null;
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidSyntax(`Operations[${i}].op must be add, replace or remove`);
    const path = getCI(raw, 'path');
    const value = getCI(raw, 'value');
    if (path !== undefined && path !== null && typeof path !== 'string') throw invalidSyntax(`Operations[${i}].path must be a string`);
    if (typeof path === 'string' && path.trim() !== '') {
      const p = parsePath(kind, path);
      checkWritable(p, path);
      if (op === 'remove') removeAt(out, p, value, path);
      else {
        if (value === undefined) throw invalidSyntax(`Operations[${i}] (${op}) needs a value`);
        setAt(kind, out, p, value, op, path);
      }
      return;
    }
    if (op === 'remove') throw noTarget(`Operations[${i}] (remove) needs a path`);
    if (!isObject(value)) throw invalidSyntax(`Operations[${i}] (${op}) without a path needs an object value`);
    for (const [key, v] of Object.entries(value)) {
      let p: AttrPath;
      try {
        p = parsePath(kind, key, false);
      } catch {
        continue; // attributes Warden does not know are ignored, as in a POST
      }
      // Okta repeats the id in value maps; read-only attributes there are ignored
      if (!p.urn && p.attr && READ_ONLY.has(p.attr.name)) continue;
      setAt(kind, out, p, v, op, key);
    }
  });
  return out;
}
