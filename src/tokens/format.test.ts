import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { BASE62, checksum, generateToken, hashToken, hintOf, isWellFormed, randomBase62, toBase62 } from './format.ts';

test('a service token is wdn_svc_ + 32 base62 characters + a 6-character checksum', () => {
  const token = generateToken('service');
  assert.match(token, /^wdn_svc_[0-9A-Za-z]{38}$/);
  assert.ok(isWellFormed(token));
});

test('a personal token starts with wdn_pat_', () => {
  assert.match(generateToken('personal'), /^wdn_pat_[0-9A-Za-z]{38}$/);
});

test('the checksum is CRC32 of the text before it in base62, most significant first, padded to 6', () => {
  const body = 'wdn_svc_' + 'a'.repeat(32);
  const crc = zlib.crc32(body);
  // independent base62 encoding
  let n = BigInt(crc);
  let digits = '';
  while (n > 0n) { digits = BASE62[Number(n % 62n)] + digits; n /= 62n; }
  assert.equal(checksum(body), digits.padStart(6, '0'));
  assert.equal(toBase62(0, 6), '000000');
  assert.equal(toBase62(61, 6), '00000z');
  assert.equal(toBase62(62, 6), '000010');
  assert.equal(toBase62(0xffffffff, 6), '4gfFC3');
});

test('a changed character, a truncated token or a wrong prefix is not well formed', () => {
  const token = generateToken('service');
  const i = 12;
  const swapped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
  assert.equal(isWellFormed(swapped), false);
  assert.equal(isWellFormed(token.slice(0, -1)), false);
  assert.equal(isWellFormed(token.replace('wdn_svc_', 'wdn_xxx_')), false);
  assert.equal(isWellFormed(token + 'A'), false);
  assert.equal(isWellFormed(''), false);
});

test('random characters cover the whole alphabet roughly uniformly (no modulo bias)', () => {
  const counts = new Map<string, number>();
  const sample = randomBase62(62 * 2000);
  for (const c of sample) counts.set(c, (counts.get(c) ?? 0) + 1);
  assert.equal(counts.size, 62);
  // expected 2000 each; a biased generator (byte % 62) over-weights the first 8 characters by ~25 %
  const first8 = [...BASE62.slice(0, 8)].reduce((s, c) => s + counts.get(c)!, 0) / 8;
  const rest = [...BASE62.slice(8)].reduce((s, c) => s + counts.get(c)!, 0) / 54;
  assert.ok(Math.abs(first8 / rest - 1) < 0.08, `first-8 mean ${first8} vs rest ${rest}`);
});

test('the stored hash is SHA-256 hex and the hint shows the prefix and 4 characters', () => {
  const token = generateToken('service');
  assert.match(hashToken(token), /^[0-9a-f]{64}$/);
  assert.equal(hintOf(token), token.slice(0, 12) + '…');
});
