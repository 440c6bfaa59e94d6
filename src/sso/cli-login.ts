// The rules of the CLI's browser login (RFC 8252 style, as `gh` does it). The CLI starts with a
// state and a PKCE S256 challenge; the person confirms in the browser; Warden redirects to the
// CLI's loopback listener with a one-time code, never the token; the CLI exchanges the code, its
// state and its verifier over a direct POST, and only then is the token issued. A code is
// short-lived, stored hashed, and good for one attempt: a replayed, late, or wrong-verifier code
// is refused, and a wrong attempt burns it (whoever intercepted it gets nothing on a retry either).
import crypto from 'node:crypto';
import type { Db } from '../db/connection.ts';
import type { ActionContext } from '../access/principal.ts';
import { AppError } from '../http/errors.ts';
import { findUserById } from '../users/store.ts';
import type { TokenSettings, TokenView } from '../tokens/service.ts';
import { issueCliToken, sessionFingerprint } from './service.ts';
import { findSessionHashById } from './store.ts';
import { claimLoginCode, deleteStaleLoginCodes, findLoginCode, insertLoginCode } from './cli-login-store.ts';

/** How long a code may wait for its exchange. The CLI exchanges it the moment it arrives. */
export const CLI_LOGIN_CODE_SECONDS = 60;
const KEEP_STALE_MS = 3_600_000;

/** base64url(SHA-256(verifier)): PKCE S256 (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return crypto.createHash('sha256').update(verifier).digest('base64url');
}

const sha256Hex = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

function sameText(a: string, b: string): boolean {
  return crypto.timingSafeEqual(crypto.createHash('sha256').update(a).digest(), crypto.createHash('sha256').update(b).digest());
}

const refused = (detail: string) => new AppError(400, 'cli-login/invalid-code', 'Login code refused', `${detail}; run \`warden auth login\` again`);

export interface NewLoginCode {
  userId: number;
  sessionId: number;
  state: string;
  codeChallenge: string;
  hostname: string;
}

/** Records a code for a confirmed login and returns it (the only copy: it goes into the redirect). */
export async function createLoginCode(db: Db, input: NewLoginCode): Promise<string> {
  const code = crypto.randomBytes(32).toString('base64url');
  const now = Date.now();
  await deleteStaleLoginCodes(db.kysely, new Date(now - KEEP_STALE_MS).toISOString());
  await insertLoginCode(db.kysely, {
    code_hash: sha256Hex(code), user_id: input.userId, session_id: input.sessionId, state_hash: sha256Hex(input.state),
    code_challenge: input.codeChallenge, hostname: input.hostname,
    created_at: new Date(now).toISOString(), expires_at: new Date(now + CLI_LOGIN_CODE_SECONDS * 1000).toISOString(), used_at: null,
  });
  return code;
}

export interface CodeExchange {
  code: string;
  code_verifier: string;
  state: string;
}

/** Exchanges a code for the CLI's token (`cli-<hostname>`), issued now, as the person who confirmed. */
export async function exchangeLoginCode(db: Db, meta: Omit<ActionContext, 'actor'>, settings: TokenSettings, input: CodeExchange): Promise<TokenView & { token: string }> {
  const hash = sha256Hex(input.code);
  const now = new Date().toISOString();
  // Claimed first, in its own statement, so that a refused attempt still uses the code up.
  const first = await claimLoginCode(db.kysely, hash, now);
  const row = await findLoginCode(db.kysely, hash);
  if (!row) throw refused('This login code is unknown');
  if (!first) throw refused('This login code has already been used');
  if (row.expires_at <= now) throw refused(`This login code has expired (codes last ${CLI_LOGIN_CODE_SECONDS} s)`);
  if (!sameText(sha256Hex(input.state), row.state_hash)) throw refused('This login code belongs to another login (the state differs)');
  if (!sameText(s256(input.code_verifier), row.code_challenge)) throw refused('The code verifier does not match the challenge this login started with');
  const user = await findUserById(db.kysely, row.user_id);
  if (!user || user.type !== 'personal' || user.deactivated_at !== null) throw refused('The account that confirmed this login can no longer sign in');
  // The audit names the console session that confirmed the login (its fingerprint while it lasts).
  const session = await findSessionHashById(db.kysely, row.session_id);
  const actor = {
    id: user.id, userId: user.user_id, type: user.type, name: user.name, email: user.email, role: user.role, active: true,
    credential: { kind: 'session' as const, sessionId: row.session_id, ...(session ? { hint: sessionFingerprint(session.hash) } : {}) },
  };
  return issueCliToken(db, { ...meta, actor }, settings, row.hostname);
}
