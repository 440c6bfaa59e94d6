// The OpenAPI document passes `redocly lint` (the recommended ruleset, as redocly.yaml adjusts it)
// with no error and no warning, and a second generator (@hey-api/openapi-ts) makes a client of it
// that type-checks. Generators are what the document is for: openapi-typescript already makes the
// console's and the CLI's client (src/client/schema.ts, test/client.test.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { currentOpenApiDocument } from '../src/client/generate.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '..');
const bin = (pkg: string, file: string) => path.join(ROOT, 'node_modules', pkg, file);

let dir: string;
let docFile: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-openapi-lint-'));
  docFile = path.join(dir, 'openapi.json');
  // As a deployment serves it: `servers` is WARDEN_PUBLIC_URL (a localhost URL draws a warning, rightly).
  const doc = await currentOpenApiDocument({ WARDEN_PUBLIC_URL: 'https://warden.acme-data.net' });
  fs.writeFileSync(docFile, JSON.stringify(doc, null, 2));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

test('redocly lint (recommended, redocly.yaml): 0 errors and 0 warnings', async () => {
  const out = path.join(dir, 'lint.json');
  // Exit code 1 on errors; the JSON report says everything either way.
  await run(process.execPath, [bin('@redocly/cli', 'bin/cli.js'), 'lint', docFile, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '1000'], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => fs.writeFileSync(out, stdout),
    (err: { stdout?: string }) => fs.writeFileSync(out, err.stdout ?? ''),
  );
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { totals: { errors: number; warnings: number }; problems: RedoclyProblem[] };
  const lines = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location.map((l) => l.pointer).join(', ')}: ${p.message}`);
  assert.deepEqual(lines, [], `redocly lint:\n${lines.join('\n')}`);
  assert.equal(report.totals.errors + report.totals.warnings, 0);
});

test('@hey-api/openapi-ts generates a client that tsc type-checks', async () => {
  const outDir = path.join(dir, 'hey-api');
  await run(process.execPath, [bin('@hey-api/openapi-ts', 'bin/run.js'), '--input', docFile, '--output', outDir, '--client', '@hey-api/client-fetch'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
  const generated = fs.readdirSync(outDir, { recursive: true }).map(String);
  assert.ok(generated.includes('sdk.gen.ts') && generated.includes('types.gen.ts'), `generated: ${generated.join(', ')}`);
  const sdk = fs.readFileSync(path.join(outDir, 'sdk.gen.ts'), 'utf8');
  // The operationIds are the function names a generated client offers.
  for (const name of ['listUsers', 'createServiceUser', 'createToken', 'listAuditEvents', 'authorize', 'exportAuditEvents']) {
    assert.match(sdk, new RegExp(`export const ${name}\\b`), `sdk.gen.ts has ${name}()`);
  }
  const types = fs.readFileSync(path.join(outDir, 'types.gen.ts'), 'utf8');
  for (const name of ['User', 'Token', 'Team', 'Datastore', 'Webhook', 'Problem', 'Decision', 'AuditEvent', 'UserPage']) {
    assert.match(types, new RegExp(`export type ${name} = `), `types.gen.ts names ${name}`);
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2023', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom', 'dom.iterable'], strict: true, noEmit: true, skipLibCheck: false, types: [] },
    include: ['hey-api/**/*.ts'],
  }));
  await run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).catch((err: { stdout?: string; stderr?: string }) => {
    assert.fail(`tsc on the generated client:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  });
});
