// The README's "First run", run as printed: a real `warden serve` (the `npm start` command) in a fresh
// directory, then every command of the README's shell blocks through bash, in order, in that same
// directory. The only changes are the ones a reader makes: `npx warden` is this checkout's
// bin/warden.js, `localhost:8080` is the port the test took, the placeholder `wdn_svc_…` is the
// token `warden bootstrap` printed, and the token "pasted" at `auth login --with-token` is fed on
// stdin. Each full-line comment under a command is the output the README promises: it must appear
// in what that command printed (`…` stands for anything).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, spawnServe, type ServeProcess } from './cli-support.ts';
import { freePortPair } from './ports.ts';

const README = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

interface Step {
  command: string;
  /** Full-line comments right under the command: what it prints. */
  promises: string[];
}

/** The commands of the shell blocks under "## First run", each with the output promised under it. */
export function firstRunSteps(readme: string): Step[] {
  const start = readme.indexOf('\n## First run');
  assert.ok(start >= 0, 'README.md has no "## First run" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const steps: Step[] = [];
  for (const block of section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    for (const line of block[1].split('\n')) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      if (trimmed.startsWith('#')) {
        assert.ok(steps.length > 0, `a comment before any command: ${trimmed}`);
        steps[steps.length - 1].promises.push(trimmed.replace(/^#\s*/, ''));
        continue;
      }
      const previous = steps[steps.length - 1];
      if (previous?.command.endsWith('\\')) previous.command = `${previous.command.slice(0, -1).trimEnd()} ${trimmed}`;
      else steps.push({ command: line.replace(/\s+#.*$/, '').trim(), promises: [] });
    }
  }
  return steps;
}

/** A promised output line as a pattern: `…` is anything; a remark after two or more spaces is prose. */
function promisePattern(promise: string): RegExp {
  const text = promise.split(/\s{2,}/)[0];
  return new RegExp(text.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*'));
}

let serve: ServeProcess;
let port: number;
let dir: string;

before(async () => {
  port = await freePortPair();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-readme-'));
  fs.mkdirSync(path.join(dir, 'home'));
  // `npm start` is `node bin/warden.js serve` (package.json); development, as a new user runs it.
  serve = await spawnServe({ WARDEN_ENV: 'development', WARDEN_PORT: String(port), HOME: path.join(dir, 'home') }, { timeoutMs: 60_000, cwd: dir });
});

after(async () => {
  if (serve?.child.exitCode === null) {
    serve.child.kill('SIGTERM');
    await new Promise((resolve) => serve.child.once('exit', resolve));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the README parses into the commands a reader types', () => {
  const steps = firstRunSteps(README);
  assert.ok(steps.length >= 9, `only ${steps.length} commands found`);
  assert.ok(steps.some((s) => s.command.startsWith('npx warden bootstrap')));
  assert.ok(steps.every((s) => !s.command.includes('#')), 'inline comments are stripped');
});

test('the README\'s First run works as printed on a fresh instance, every promised output included', () => {
  const steps = firstRunSteps(README);
  const bin = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`;
  const env = { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), XDG_CONFIG_HOME: path.join(dir, 'home', '.config'), WARDEN_PORT: String(port) };
  // One bash for the whole run, so `export` carries over as in the reader's terminal; each command's
  // output is fenced by markers so that it can be held against its own promises.
  const bootstrap = steps.findIndex((s) => s.command.startsWith('npx warden bootstrap'));
  let script = 'set -u\n';
  steps.forEach((step, i) => {
    let command = step.command.replaceAll('npx warden', bin).replaceAll('localhost:8080', `127.0.0.1:${port}`);
    if (command.startsWith('export TOKEN=')) command = `export TOKEN=$(grep -o 'wdn_svc_[A-Za-z0-9_]*' ${JSON.stringify(path.join(dir, `step${bootstrap}.out`))} | head -1)`;
    if (command.includes('auth login --with-token')) command = `printf '%s\\n' "$TOKEN" | ${command}`;
    script += `echo "@@step ${i}@@"\n{ ${command}\n} > >(tee ${JSON.stringify(path.join(dir, `step${i}.out`))}) 2>&1\necho "@@status $?@@"\nsleep 0.1\n`;
  });
  const run = spawnSync('bash', ['-c', script], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const parts = run.stdout.split(/@@step \d+@@\n/).slice(1);
  assert.equal(parts.length, steps.length, run.stdout);
  steps.forEach((step, i) => {
    const status = /@@status (\d+)@@/.exec(parts[i]);
    const output = parts[i].replace(/@@status \d+@@\n?/, '');
    assert.equal(status?.[1], '0', `"${step.command}" failed:\n${output}`);
    for (const promise of step.promises) assert.match(output, promisePattern(promise), `"${step.command}" did not print what the README promises`);
  });
  // The last promise is the refusal of the revoked token: the run really ended with a 401.
  assert.match(parts[parts.length - 1], /"status":401/);
});
