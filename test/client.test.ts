// The typed API client is generated from the server's own OpenAPI document; the committed copy
// must be what the current routes generate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SCHEMA_FILE, generatedSchema } from '../src/client/generate.ts';

test('src/client/schema.ts is what the current OpenAPI document generates (run npm run client:generate)', async () => {
  const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
  const fresh = await generatedSchema();
  assert.ok(committed === fresh, 'src/client/schema.ts is stale: run `npm run client:generate` and commit the result');
});
