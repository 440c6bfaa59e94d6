// Generates src/client/schema.ts, the typed API client's types, from the server's own OpenAPI
// document (the app built in memory, as `GET /api/openapi.json` serves it).
// Run: npm run client:generate. test/client.test.ts fails when the committed copy is stale.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../config.ts';
import { openSqliteFile } from '../db/connection.ts';
import { buildApp } from '../http/app.ts';

export const SCHEMA_FILE = path.join(import.meta.dirname, 'schema.ts');

const HEADER = `// Generated from Warden's OpenAPI document by src/client/generate.ts (npm run client:generate).
// Do not edit by hand: change the route schemas, then regenerate.
`;

/** The OpenAPI document of the current routes; `env` adds settings (WARDEN_PUBLIC_URL: its `servers`). */
export async function currentOpenApiDocument(env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-openapi-'));
  const db = openSqliteFile(path.join(dir, 'warden.db'));
  try {
    const app = await buildApp({ config: loadConfig({ WARDEN_ENV: 'test', ...env }), db, logger: false });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    await app.close();
    return JSON.parse(res.body) as Record<string, unknown>;
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text schema.ts should hold. */
export async function generatedSchema(): Promise<string> {
  const ast = await openapiTS(JSON.stringify(await currentOpenApiDocument()) as never, { alphabetize: false, defaultNonNullable: false });
  return HEADER + astToString(ast);
}

if (import.meta.main) {
  fs.writeFileSync(SCHEMA_FILE, await generatedSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
