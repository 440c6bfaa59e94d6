// Token format of shared/spec/tokens.md: wdn_pat_|wdn_svc_ + 32 random base62 + 6 base62 CRC32 checksum.
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const PREFIX = { personal: 'wdn_pat_', service: 'wdn_svc_' } as const;
export type TokenKind = keyof typeof PREFIX;
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = /^wdn_(pat|svc)_[0-9A-Za-z]{38}$/;

/** Uniform base62 characters from the CSPRNG, by rejection sampling (no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      // 248 = 4 * 62: bytes at or above it would make the first characters likelier.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function toBase62(n: number, width: number): string {
  let out = '';
  let v = n;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

export function checksum(text: string): string {
  return toBase62(zlib.crc32(text), CHECKSUM_LENGTH);
}

export function generateToken(kind: TokenKind): string {
  const body = PREFIX[kind] + randomBase62(RANDOM_LENGTH);
  return body + checksum(body);
}

/** Shape and checksum only: lets a mistyped or truncated token be refused without a database lookup. */
export function isWellFormed(token: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false;
  const cut = token.length - CHECKSUM_LENGTH;
  return checksum(token.slice(0, cut)) === token.slice(cut);
}

/** Hex SHA-256 of the token, in one call (every authenticated request computes it). */
export function hashToken(token: string): string {
  return crypto.hash('sha256', token, 'hex');
}

/** What people see to tell tokens apart: the prefix and the first 4 random characters. */
export function hintOf(token: string): string {
  return `${token.slice(0, PREFIX.personal.length + 4)}…`;
}
