// The schema builders the routes use (Type.Object, Type.String, …), written here instead of
// loaded from TypeBox: TypeBox is about 370 modules, and loading them cost a node about 9 MB of
// memory and a quarter of a second at every start (issue 24), to build plain JSON Schema objects.
// Each builder returns exactly the object TypeBox returns (the same keys in the same order, the same
// non-enumerable `~kind` / `~optional` marks; src/http/type.test.ts compares them with TypeBox's),
// and has TypeBox's type, so `Static<…>` and the Fastify type provider see no difference.
import type { Type as TypeBox } from 'typebox';

type Builders = Pick<typeof TypeBox, 'Array' | 'Boolean' | 'Enum' | 'Integer' | 'Literal' | 'Null' | 'Number' | 'Object' | 'Optional' | 'Record' | 'Ref' | 'String' | 'Union' | 'Unknown' | 'Unsafe'>;
type Schema = Record<string, unknown>;
type Options = Record<string, unknown> | undefined;

/** A schema with its kind, as TypeBox marks it (not enumerable: not part of the JSON). */
function kind<T extends Schema>(name: string, schema: T): T {
  Object.defineProperty(schema, '~kind', { value: name, writable: true, enumerable: false, configurable: true });
  return schema;
}

const isOptional = (schema: unknown) => (schema as Schema)['~optional'] === true;

const builders = {
  Array: (items: Schema, options?: Options) => kind('Array', { type: 'array', items, ...options }),
  Boolean: (options?: Options) => kind('Boolean', { type: 'boolean', ...options }),
  Enum: (values: readonly unknown[], options?: Options) => kind('Enum', { enum: [...values], ...options }),
  Integer: (options?: Options) => kind('Integer', { type: 'integer', ...options }),
  Literal: (value: string | number | boolean, options?: Options) => kind('Literal', { type: typeof value, const: value, ...options }),
  Null: (options?: Options) => kind('Null', { type: 'null', ...options }),
  Number: (options?: Options) => kind('Number', { type: 'number', ...options }),
  Object: (properties: Record<string, Schema>, options?: Options) => {
    const required = Object.keys(properties).filter((key) => !isOptional(properties[key]));
    return kind('Object', { type: 'object', ...(required.length > 0 ? { required } : {}), properties: { ...properties }, ...options });
  },
  Optional: (schema: Schema) => {
    const copy = { ...schema };
    for (const mark of ['~kind', '~unsafe']) {
      if (mark in schema) Object.defineProperty(copy, mark, { value: schema[mark], writable: true, enumerable: false, configurable: true });
    }
    Object.defineProperty(copy, '~optional', { value: true, writable: true, enumerable: false, configurable: true });
    return copy;
  },
  // TypeBox marks a record before adding the options (the order of the own keys is kept the same).
  Record: (_key: Schema, value: Schema, options?: Options) => Object.assign(kind('Record', { type: 'object', patternProperties: { '^.*$': value } }), options),
  Ref: (ref: string, options?: Options) => kind('Ref', { $ref: ref, ...options }),
  String: (options?: Options) => kind('String', { type: 'string', ...options }),
  Union: (anyOf: Schema[], options?: Options) => kind('Union', { anyOf: [...anyOf], ...options }),
  Unknown: (options?: Options) => kind('Unknown', { ...options }),
  Unsafe: (schema: Schema) => {
    const copy = { ...schema };
    Object.defineProperty(copy, '~unsafe', { value: null, writable: true, enumerable: false, configurable: true });
    return copy;
  },
};

export const Type = builders as unknown as Builders;
