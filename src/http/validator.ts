// Request validation: bodies are validated strictly (no type coercion, unknown fields refused);
// query strings and path params are coerced from text.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyServerOptions } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
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

/** Fastify's schema controller: one strict ajv for bodies, one coercing ajv for the rest. Fastify calls this again whenever a scope adds schemas. */
export const schemaController: FastifyServerOptions['schemaController'] = {
  compilersFactory: {
    buildValidator: ((externalSchemas: Record<string, unknown>) => {
      const bodyAjv = makeAjv(false);
      const otherAjv = makeAjv(true);
      for (const schema of Object.values(externalSchemas)) {
        bodyAjv.addSchema(schema as object);
        otherAjv.addSchema(schema as object);
      }
      return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema);
    }) as never, // Fastify's declared type is its own ajv pool's; it calls this with {schema, httpPart}.
  },
};
