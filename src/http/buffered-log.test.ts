// The buffered standard output (logging.ts BufferedLog): every line written comes out, whole and
// in order, however the process ends — process.exit, the event loop running out, the app closing
// — and while sonic-boom is still writing an earlier chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const LOGGING = new URL('./logging.ts', import.meta.url).href;

function run(body: string): string[] {
  const script = `import { BufferedLog } from ${JSON.stringify(LOGGING)};\nconst log = new BufferedLog();\n${body}`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  assert.equal(out.status, 0, out.stderr);
  assert.ok(out.stdout.endsWith('\n') || out.stdout === '', 'ends with a whole line');
  return out.stdout.split('\n').slice(0, -1);
}

const expected = (n: number) => Array.from({ length: n }, (_, i) => `{"n":${i},"pad":"${'é'.repeat(i % 97)}"}`);
const writeAll = (n: number) => `for (let i = 0; i < ${n}; i++) log.stream.write(JSON.stringify({ n: i, pad: 'é'.repeat(i % 97) }) + '\\n');`;

test('a few lines and process.exit: out synchronously at exit', () => {
  assert.deepEqual(run(`${writeAll(3)}\nprocess.exit(0);`), expected(3));
});

test('many chunks, the process exiting while sonic-boom writes: every line, in order', () => {
  assert.deepEqual(run(`${writeAll(50_000)}\nprocess.exit(0);`), expected(50_000));
});

test('lines written across turns of the event loop, then the loop runs out (no exit call)', () => {
  assert.deepEqual(run(`let i = 0;\nconst tick = () => { for (let k = 0; k < 500 && i < 20000; k++, i++) log.stream.write(JSON.stringify({ n: i, pad: 'é'.repeat(i % 97) }) + '\\n'); if (i < 20000) setImmediate(tick); };\ntick();`), expected(20_000));
});

test('close() writes out what is buffered and resolves; the timer does not hold the process', () => {
  assert.deepEqual(run(`${writeAll(1000)}\nawait log.close();`), expected(1000));
});

test('the periodic flush: a line written and then waited for appears without an exit', () => {
  const body = `log.stream.write('{"a":1}\\n');\nawait new Promise((r) => setTimeout(r, 1500));\nconst fs = await import('node:fs');\nfs.writeSync(2, '');\nprocess.kill(process.pid, 'SIGKILL');`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', `import { BufferedLog } from ${JSON.stringify(LOGGING)};\nconst log = new BufferedLog();\n${body}`], { encoding: 'utf8' });
  assert.equal(out.signal, 'SIGKILL');
  assert.equal(out.stdout, '{"a":1}\n', 'written by the timer before the kill');
});
