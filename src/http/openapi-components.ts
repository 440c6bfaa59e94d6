// Named schemas in the OpenAPI document. A route schema marked with a `title` (`Type.Object({...},
// { title: 'AuditEvent' })`) is written once under components/schemas and `$ref`'d wherever it
// appears, so generators make one `AuditEvent` type rather than one per operation. The marking is
// only an annotation: validation and serialisation use the schema as it is. Schemas added with
// app.addSchema ($id: User, Token, Team…) are components already (@fastify/swagger's refResolver).

/** A component name: what generators turn into a type or class name. */
const COMPONENT_NAME = /^[A-Z][A-Za-z0-9]*$/;

type Json = unknown;
type Schemas = Record<string, Json>;

function isSchemaLike(node: Record<string, unknown>): boolean {
  return 'type' in node || 'properties' in node || 'anyOf' in node || 'oneOf' in node || 'allOf' in node || 'enum' in node;
}

/**
 * Replaces every titled schema under `node` with a $ref to components/schemas/<title>, adding it
 * there. Two different schemas with one title are a programming error: it throws, naming both.
 */
function hoist(node: Json, components: Schemas, where: string): Json {
  if (Array.isArray(node)) return node.map((item, i) => hoist(item, components, `${where}/${i}`));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = hoist(value, components, `${where}/${key}`);
  const title = out.title;
  if (typeof title !== 'string' || !COMPONENT_NAME.test(title) || !isSchemaLike(out)) return out;
  const existing = components[title];
  if (existing === undefined) components[title] = out;
  else if (JSON.stringify(existing) !== JSON.stringify(out)) {
    throw new Error(`OpenAPI: two different schemas are named ${title} (the second at ${where}); give one another title`);
  }
  return { $ref: `#/components/schemas/${title}` };
}

/** @fastify/swagger's transformObject: hoists the titled schemas of paths and components. */
export function hoistNamedSchemas<T extends { paths?: Json; components?: { schemas?: Schemas } }>(doc: T): T {
  const components: Schemas = { ...(doc.components?.schemas ?? {}) };
  const paths = hoist(doc.paths ?? {}, components, '#/paths');
  for (const [name, schema] of Object.entries(components)) {
    // The components' own properties may use titled schemas too (User's created_by: UserSummary).
    if (schema !== null && typeof schema === 'object') {
      const inner: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema)) inner[key] = hoist(value, components, `#/components/schemas/${name}/${key}`);
      components[name] = inner;
    }
  }
  return { ...doc, paths, components: { ...doc.components, schemas: sortedByName(components) } };
}

function sortedByName(schemas: Schemas): Schemas {
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}
