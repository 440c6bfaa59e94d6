// One version everywhere: the newest release in CHANGELOG.md is the package's version, what
// `warden --version` prints, what GET /api/info answers, and what the image and the Kubernetes
// base are labelled and tagged with.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describeEachDatabase, startTestApp, type TestApp } from './support.ts';

const ROOT = path.join(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const VERSION = (JSON.parse(read('package.json')) as { version: string }).version;

test('the newest release in CHANGELOG.md is package.json\'s version (Keep a Changelog, semver)', () => {
  const changelog = read('CHANGELOG.md');
  assert.match(changelog, /keepachangelog\.com/);
  const releases = [...changelog.matchAll(/^## \[?(\d+\.\d+\.\d+)\]? - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => m[1]);
  assert.ok(releases.length > 0, 'CHANGELOG.md has no release heading "## x.y.z - YYYY-MM-DD"');
  assert.equal(releases[0], VERSION);
  assert.match(VERSION, /^\d+\.\d+\.\d+$/);
});

test('`warden --version` prints it', () => {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin', 'warden.js'), '--version'], { encoding: 'utf8' });
  assert.equal(out.trim(), VERSION);
});

test('the image is labelled with it and the Kubernetes base deploys it', () => {
  assert.match(read('Containerfile'), new RegExp(`^ARG WARDEN_VERSION=${VERSION.replaceAll('.', '\\.')}$`, 'm'));
  assert.match(read('deploy/kubernetes/base/kustomization.yaml'), new RegExp(`newTag: ${VERSION.replaceAll('.', '\\.')}\\b`));
});

describeEachDatabase('GET /api/info', (dialect) => {
  let t: TestApp;
  before(async () => { t = await startTestApp(dialect); });
  after(async () => t.close());
  test('answers the same version', async () => {
    const res = await t.request('GET', '/api/info', { token: null });
    assert.equal(res.body.version, VERSION);
  });
});
