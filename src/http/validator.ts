// Request validation: bodies are validated strictly (no type coercion, unknown fields refused);
// query strings and path params are coerced from text.
//
// Validators and response serializers are compiled when a route first needs them, not at start:
// compiling every route's schemas (about 90 routes) cost most of a node's start time and memory
// (issue 24), and a deployment uses a few of its routes most of the time. The compiled function is
// kept; the schemas are the same, only the moment of compilation moves. Ajv itself (about 65
// modules with its formats) is loaded with the first compilation too: synchronously (require), as
// a validator's first call is.
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

const require = createRequire(import.meta.url);

function makeAjv(coerce: boolean): Ajv {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    verbose: true, // errors carry their schema, so a failed anyOf can name what it accepts
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

type LazyValidator = ((data: unknown) => boolean | Promise<unknown>) & { errors?: ValidateFunction['errors'] };

/** A validator compiled on its first call; Fastify reads the errors of a failed call from the function itself, as from ajv's. */
function lazyValidator(compile: () => ValidateFunction): LazyValidator {
  let compiled: ValidateFunction | null = null;
  const validate: LazyValidator = (data) => {
    compiled ??= compile();
    const result = compiled(data);
    validate.errors = compiled.errors;
    return result;
  };
  return validate;
}

type Serializer = (data: unknown) => string;
type SerializerFactory = (externalSchemas: unknown, options: unknown) => (route: { schema: object }) => Serializer;
/** fast-json-stringify (which loads Ajv too), as Fastify's default, loaded with the first serializer compiled. */
let defaultSerializers: SerializerFactory | null = null;
const serializers = () => (defaultSerializers ??= (require('@fastify/fast-json-stringify-compiler') as { SerializerSelector: typeof SerializerSelector }).SerializerSelector() as unknown as SerializerFactory);

/**
 * A response serializer compiled as Fastify compiles a route's (the same compiler, schema and
 * options; compiled on first use): for an answer given in front of Fastify (hot-path.ts) that must
 * be the bytes the route would send.
 */
export function responseSerializer(schema: object): Serializer {
  let serialize: Serializer | null = null;
  return (data) => (serialize ??= serializers()({}, undefined)({ schema }))(data);
}

/** Fastify's schema controller: one strict ajv for bodies, one coercing ajv for the rest. Fastify calls this again whenever a scope adds schemas. */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: ((externalSchemas: Record<string, unknown>) => {
      // The ajv instances themselves (with their formats) are made on first use too.
      let ajvs: { body: Ajv; other: Ajv } | null = null;
      const ajvsOf = () => {
        if (ajvs) return ajvs;
        ajvs = { body: makeAjv(false), other: makeAjv(true) };
        for (const schema of Object.values(externalSchemas)) {
          ajvs.body.addSchema(schema as object);
          ajvs.other.addSchema(schema as object);
        }
        return ajvs;
      };
      return ({ schema, httpPart }: { schema: object; httpPart?: string }) => lazyValidator(() => (httpPart === 'body' ? ajvsOf().body : ajvsOf().other).compile(schema));
    }) as never, // Fastify's declared type is its own ajv pool's; it calls this with {schema, httpPart}.
    buildSerializer: ((externalSchemas: unknown, options: unknown) => {
      let compile: ((route: { schema: object }) => Serializer) | null = null;
      return (route: { schema: object }) => {
        let serialize: Serializer | null = null;
        return (data: unknown) => (serialize ??= (compile ??= serializers()(externalSchemas, options))(route))(data);
      };
    }) as never, // fast-json-stringify, as Fastify's default, compiled on first use
  },
};
