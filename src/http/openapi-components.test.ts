import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoistNamedSchemas } from './openapi-components.ts';

const summary = { title: 'UserSummary', type: 'object', properties: { id: { type: 'integer' } } };

test('a titled schema is listed once under components/schemas and $ref\'d where it appeared, nested ones too', () => {
  const doc = hoistNamedSchemas({
    paths: {
      '/a': { get: { responses: { 200: { content: { 'application/json': { schema: { title: 'Thing', type: 'object', properties: { owner: summary, title: { type: 'string' } } } } } } } } },
      '/b': { get: { responses: { 200: { content: { 'application/json': { schema: { type: 'array', items: summary } } } } } } },
    },
    components: { schemas: { User: { type: 'object', properties: { created_by: { anyOf: [summary, { type: 'null' }] } } } } },
  });
  const paths = doc.paths as any;
  assert.deepEqual(paths['/a'].get.responses[200].content['application/json'].schema, { $ref: '#/components/schemas/Thing' });
  assert.deepEqual(paths['/b'].get.responses[200].content['application/json'].schema.items, { $ref: '#/components/schemas/UserSummary' });
  const schemas = doc.components!.schemas as any;
  assert.deepEqual(Object.keys(schemas), ['Thing', 'User', 'UserSummary']);
  assert.deepEqual(schemas.Thing.properties.owner, { $ref: '#/components/schemas/UserSummary' });
  assert.deepEqual(schemas.Thing.properties.title, { type: 'string' }, 'a property named title is not a schema title');
  assert.deepEqual(schemas.User.properties.created_by.anyOf[0], { $ref: '#/components/schemas/UserSummary' });
});

test('two different schemas with one title stop the document, naming the title', () => {
  assert.throws(() => hoistNamedSchemas({
    paths: {
      '/a': { get: { responses: { 200: { content: { 'application/json': { schema: { title: 'Page', type: 'object', properties: { a: { type: 'string' } } } } } } } } },
      '/b': { get: { responses: { 200: { content: { 'application/json': { schema: { title: 'Page', type: 'object', properties: { b: { type: 'string' } } } } } } } } },
    },
  }), /two different schemas are named Page/);
});
