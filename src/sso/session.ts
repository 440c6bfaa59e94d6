// The console session on the wire: cookies, and the SessionAuthenticator that lets every /api
// route accept a session (with the CSRF rule for mutating requests).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Db } from '../db/connection.ts';
import type { Principal } from '../access/principal.ts';
import type { SessionAuthenticator } from '../http/auth.ts';
import { forbidden } from '../http/errors.ts';
import { csrfTokenFor, resolveSession, sameSecret, type NewSession, type SessionPolicy } from './service.ts';

export const SESSION_COOKIE = 'warden_session';
export const CSRF_COOKIE = 'warden_csrf';
export const LOGIN_COOKIE = 'warden_login';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieBase(publicUrl: string): CookieSerializeOptions {
  return { path: '/', sameSite: 'lax', secure: new URL(publicUrl).protocol === 'https:' };
}

export function sessionSecretOf(request: FastifyRequest): string | null {
  const value = request.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? value : null;
}

export function setSessionCookies(reply: FastifyReply, publicUrl: string, session: NewSession, sessionHours: number): void {
  const base = cookieBase(publicUrl);
  const maxAge = sessionHours * 3600;
  reply.setCookie(SESSION_COOKIE, session.secret, { ...base, httpOnly: true, maxAge });
  // Readable by the console's script, which echoes it in X-CSRF-Token; a cross-site page cannot read it.
  reply.setCookie(CSRF_COOKIE, session.csrf, { ...base, httpOnly: false, maxAge });
}

export function clearSessionCookies(reply: FastifyReply, publicUrl: string): void {
  const base = cookieBase(publicUrl);
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, { ...base, httpOnly: false });
}

/** True when `presented` is the CSRF token of the session whose id is `secret`. */
export function csrfMatches(secret: string, presented: unknown): boolean {
  return typeof presented === 'string' && presented !== '' && sameSecret(presented, csrfTokenFor(secret));
}

export const csrfRefused = () =>
  forbidden('A request signed in with the session cookie that changes something must carry the warden_csrf cookie\'s value in the X-CSRF-Token header');

/** Console sessions for the auth plugin: bearer tokens take precedence and need no CSRF token. */
export class CookieSessions implements SessionAuthenticator {
  #db: Db;
  #policy: SessionPolicy;

  constructor(db: Db, policy: SessionPolicy) {
    this.#db = db;
    this.#policy = policy;
  }

  present(request: FastifyRequest): boolean {
    return sessionSecretOf(request) !== null;
  }

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const secret = sessionSecretOf(request);
    if (secret === null) return null;
    const { principal } = await resolveSession(this.#db, this.#policy, secret);
    if (!SAFE_METHODS.has(request.method) && !csrfMatches(secret, request.headers[CSRF_HEADER])) throw csrfRefused();
    return principal;
  }
}
