// The byte set docs/forward-auth.md and the OpenAPI description promise for
// X-Warden-User-Id, checked against the encoder itself (src/authorize/routes.ts headerSafe): every
// byte of every UTF-8 length, so the sentence and the code cannot drift apart again (the README once
// said "outside printable ASCII" while space was encoded too).
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headerSafe } from '../src/authorize/routes.ts';

const root = path.join(import.meta.dirname, '..');
const SOURCES = ['docs/forward-auth.md', 'src/authorize/routes.ts'];
// e.g. "the bytes 0x21–0x7E (`!` to `~`) except `%` pass unchanged; every other byte ... is written `%XX`"
const PROMISE = /bytes 0x([0-9A-F]{2})–0x([0-9A-F]{2}) \(\\?`.\\?` to \\?`.\\?`\) except\s+\\?`(.)\\?`\s+pass\s+unchanged[;,]\s+every\s+other\s+byte/;

function documentedKept(source: string): (byte: number) => boolean {
  const text = fs.readFileSync(path.join(root, source), 'utf8');
  const m = PROMISE.exec(text);
  assert.ok(m, `${source} states which bytes X-Warden-User-Id keeps (the sentence "the bytes 0x21–0x7E (\`!\` to \`~\`) except \`%\` pass unchanged; every other byte …")`);
  const [low, high, except] = [parseInt(m[1], 16), parseInt(m[2], 16), m[3].charCodeAt(0)];
  return (b) => b >= low && b <= high && b !== except;
}

const percent = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

for (const source of SOURCES) {
  test(`X-Warden-User-Id keeps exactly the bytes ${source} says and writes every other one as %XX`, () => {
    const kept = documentedKept(source);
    // Every ASCII byte on its own and inside an id.
    for (let b = 0; b < 0x80; b++) {
      const c = String.fromCharCode(b);
      const expected = kept(b) ? c : percent(b);
      assert.equal(headerSafe(c), expected, `byte 0x${b.toString(16)}`);
      assert.equal(headerSafe(`a${c}b`), `a${expected}b`, `byte 0x${b.toString(16)} inside an id`);
    }
    // Every byte of UTF-8 beyond ASCII (0x80–0xFF) is written %XX: two-, three- and four-byte characters.
    for (const c of ['é', '\u0080', '\u07ff', '李', '\uffff', '🦊', '\u{10ffff}']) {
      assert.equal(headerSafe(c), Array.from(Buffer.from(c, 'utf8'), percent).join(''), c);
    }
    assert.equal(headerSafe('José Núñez'), 'Jos%C3%A9%20N%C3%BA%C3%B1ez', 'space is encoded');
    assert.equal(decodeURIComponent(headerSafe('100% a+b')), '100% a+b');
  });
}
