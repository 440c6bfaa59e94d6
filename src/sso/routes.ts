// Single sign-on routes: the OIDC login and callback, the session, logout, and the CLI's browser login.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import formbody from '@fastify/formbody';
import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { AppError, badRequest } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { getUser } from '../users/service.ts';
import { RelyingParty, SignInFailure, signInFailed, type FailedCheck, type PendingLogin } from './oidc.ts';
import { csrfTokenFor, endSession, resolveSession, signIn, type ResolvedSession } from './service.ts';
import { CliAuthorizeForm, CliAuthorizeQuery, CliTokenBody, LoginQuery, SessionInfo } from './schemas.ts';
import { CLI_LOGIN_CODE_SECONDS, createLoginCode, exchangeLoginCode } from './cli-login.ts';
import { CreatedToken } from '../tokens/schemas.ts';
import {
  CSRF_HEADER,
  CookieSessions,
  LOGIN_COOKIE,
  clearSessionCookies,
  cookieBase,
  csrfMatches,
  csrfRefused,
  sessionSecretOf,
  setSessionCookies,
} from './session.ts';
import { html, sendFailure, sendPage } from './pages.ts';

const tags = ['sso'];
const LOGIN_PATH = '/api/auth/login';
const CALLBACK_PATH = '/api/auth/callback';
const LOGIN_TTL_SECONDS = 600;

export const ssoNotConfigured = () =>
  new AppError(404, 'sso-not-configured', 'SSO is not configured', 'SSO is not configured on this instance: set WARDEN_OIDC_ISSUER, WARDEN_OIDC_CLIENT_ID and WARDEN_OIDC_CLIENT_SECRET');

/** A path on this Warden, or null: never another origin (no open redirect). */
export function safeReturnTo(raw: string | undefined, publicUrl: string): string | null {
  if (raw === undefined || raw === '') return '/';
  // No backslash (browsers read it as /) and no control character (header splitting, hidden tricks).
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\') || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  const base = new URL(publicUrl);
  const url = new URL(raw, base);
  return url.origin === base.origin ? url.pathname + url.search + url.hash : null;
}

/** Only the CLI's own loopback listener may receive its token. */
export function loopbackRedirect(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const ok = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost') && url.port !== '' && !url.username && !url.password && !url.hash;
  return ok ? url : null;
}

const notLoopback = () => badRequest('redirect_uri must be the CLI\'s loopback address: http://127.0.0.1:<port>/… or http://localhost:<port>/…');
const outdatedCli = () => badRequest('This Warden CLI is too old for this server: its login must send a PKCE code_challenge (S256). Update the warden CLI and run `warden auth login` again');

function encodePending(p: PendingLogin): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodePending(raw: string | undefined): PendingLogin | null {
  if (!raw) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<PendingLogin>;
    if ([p.state, p.nonce, p.verifier, p.returnTo].every((v) => typeof v === 'string' && v !== '')) return p as PendingLogin;
  } catch {
    // fall through: an unreadable cookie is no pending sign-in
  }
  return null;
}

/**
 * Tells the operator which check refused a sign-in (the page stays general), never the error's own
 * message or cause, which can carry the code, the state or a token.
 */
function logSignInFailure(request: FastifyRequest, err: AppError): void {
  const why: FailedCheck = err instanceof SignInFailure ? err.failedCheck : { check: err.slug, explanation: err.message };
  request.log.warn({ sign_in_failure: { ...why, status: err.status } }, `sign-in refused (${why.check}): ${why.explanation}`);
}

export function registerSsoRoutes(api: ApiInstance, ctx: AppContext): void {
  const { config, db } = ctx;
  const policy = { sessionHours: config.sessionHours, sessionIdleMinutes: config.sessionIdleMinutes, initialAdmins: config.initialAdmins, groupSync: config.oidc.groupSync };
  ctx.sessions.current = new CookieSessions(db, policy);
  const o = config.oidc;
  const rp = o.issuer && o.clientId
    ? new RelyingParty({
        issuer: o.issuer, clientId: o.clientId, clientSecret: o.clientSecret, tokenEndpointAuthMethod: o.tokenEndpointAuthMethod,
        scopes: o.scopes, redirectUri: `${config.publicUrl}${CALLBACK_PATH}`, emailClaim: o.emailClaim, nameClaim: o.nameClaim,
        groupsClaim: o.groupsClaim, groupsNeeded: o.groupSync !== 'off',
      })
    : null;
  if (o.issuer && !o.clientId) api.log.error('WARDEN_OIDC_ISSUER is set but WARDEN_OIDC_CLIENT_ID is not: sign-in is disabled');

  /** The request's live session, or null (an ended one is cleared from the browser). */
  async function currentSession(request: FastifyRequest, reply: FastifyReply): Promise<{ secret: string; resolved: ResolvedSession } | null> {
    const secret = sessionSecretOf(request);
    if (!secret) return null;
    try {
      return { secret, resolved: await resolveSession(db, policy, secret) };
    } catch (err) {
      if ((err as AppError).status !== 401) throw err;
      clearSessionCookies(reply, config.publicUrl);
      return null;
    }
  }

  // Form posts (the CLI confirmation) are understood in this scope only.
  api.register(async (child) => {
    await child.register(formbody);
    const scope = child.withTypeProvider<TypeBoxTypeProvider>();

    scope.get('/auth/login', {
      config: { auth: 'public' },
      logLevel: 'warn',
      schema: {
        operationId: 'login', tags, summary: 'Sign in through the organisation\'s identity provider (302 to it)', security: [],
        description: 'Starts an OpenID Connect authorization code flow with PKCE (S256), state and nonce. 404 when SSO is not configured.',
        querystring: LoginQuery, response: { 302: Type.Null(), ...errors(400, 404, 502) },
      },
    }, async (request, reply) => {
      if (!rp) throw ssoNotConfigured();
      const returnTo = safeReturnTo(request.query.return_to, config.publicUrl);
      if (returnTo === null) throw badRequest('return_to must be a path on this Warden, starting with a single /');
      const { url, pending } = await rp.begin(returnTo);
      reply.setCookie(LOGIN_COOKIE, encodePending(pending), { ...cookieBase(config.publicUrl), path: CALLBACK_PATH, httpOnly: true, maxAge: LOGIN_TTL_SECONDS });
      return reply.redirect(url.href, 302);
    });

    scope.get('/auth/callback', {
      config: { auth: 'public' },
      logLevel: 'warn', // the URL carries the authorization code: keep it out of the request log
      schema: { operationId: 'completeLogin', description: 'The OpenID Connect redirect URI (`$WARDEN_PUBLIC_URL/api/auth/callback`): exchanges the code, checks state and nonce, starts the session and sends the browser to the console (302). Not called by clients.', tags, summary: 'Where the identity provider sends the browser back', security: [], response: { 302: Type.Null(), ...errors(400, 403, 404, 502) } },
    }, async (request, reply) => {
      const pending = decodePending(request.cookies[LOGIN_COOKIE]);
      reply.clearCookie(LOGIN_COOKIE, { ...cookieBase(config.publicUrl), path: CALLBACK_PATH, httpOnly: true });
      const retry = `${LOGIN_PATH}${pending && pending.returnTo !== '/' ? `?return_to=${encodeURIComponent(pending.returnTo)}` : ''}`;
      try {
        if (!rp) throw ssoNotConfigured();
        if (!pending) throw signInFailed('This sign-in did not start in this browser, or it took longer than 10 minutes. Start it again', 400, { check: 'no_pending_sign_in', explanation: 'the callback came without this browser\'s sign-in cookie (another browser, or more than 10 minutes)' });
        const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        const claims = await rp.finish(search, pending);
        const { session, warnings } = await signIn(db, policy, claims, { requestId: request.id, ip: request.clientAddress, userAgent: request.headers['user-agent'] ?? null }, sessionSecretOf(request));
        for (const warning of warnings) request.log.warn({ directory_sync: warning }, `directory sync: ${warning}`);
        setSessionCookies(reply, config.publicUrl, session, config.sessionHours);
        return reply.redirect(safeReturnTo(pending.returnTo, config.publicUrl) ?? '/', 302);
      } catch (err) {
        if (err instanceof AppError) logSignInFailure(request, err);
        return sendFailure(request, reply, err, rp ? retry : null);
      }
    });

    scope.post('/auth/logout', {
      config: { auth: 'public' },
      schema: {
        operationId: 'logout', tags, summary: 'Sign out: the session ends at once, on every node',
        description: 'Needs X-CSRF-Token (or a csrf_token form field) while the session is live; without a live session it just clears the cookies. 204.',
        security: [], response: { 204: Type.Null(), ...errors(403) },
      },
    }, async (request, reply) => {
      const current = await currentSession(request, reply);
      if (current) {
        const form = request.body as { csrf_token?: unknown } | undefined;
        if (!csrfMatches(current.secret, request.headers[CSRF_HEADER] ?? form?.csrf_token)) throw csrfRefused();
        await endSession(db, { actor: current.resolved.principal, requestId: request.id, ip: request.clientAddress }, current.resolved.sessionId);
      }
      clearSessionCookies(reply, config.publicUrl);
      return reply.status(204).send(null);
    });

    scope.get('/auth/session', {
      config: { auth: 'public' },
      schema: {
        operationId: 'getSession', tags, summary: 'The console session: who is signed in, until when, and the CSRF token', security: [],
        description: 'Answers 200 whether or not someone is signed in (`authenticated`); an ended session\'s cookies are cleared.',
        response: { 200: SessionInfo },
      },
    }, async (request, reply) => {
      const base = { sso_configured: rp !== null, login_url: LOGIN_PATH };
      const current = await currentSession(request, reply);
      if (!current) return { authenticated: false, ...base };
      const { principal, expiresAt, idleExpiresAt } = current.resolved;
      return {
        authenticated: true, ...base,
        user: await getUser(db, { actor: principal, requestId: request.id, ip: request.clientAddress }, principal.id),
        expires_at: expiresAt, idle_expires_at: idleExpiresAt,
        csrf_token: csrfTokenFor(current.secret),
      };
    });

    scope.get('/cli/authorize', {
      config: { auth: 'public' },
      logLevel: 'warn',
      schema: {
        operationId: 'showCliAuthorization', tags, summary: 'The CLI\'s browser login: asks the signed-in person to confirm a token for the CLI (HTML)', security: [],
        description: 'Not signed in: 302 through the sign-in first. redirect_uri must be a loopback URL, and code_challenge a PKCE S256 challenge (400 otherwise).',
        querystring: CliAuthorizeQuery, response: { 200: Type.String({ description: 'An HTML page' }), 302: Type.Null(), ...errors(400, 404, 422) },
      },
    }, async (request, reply) => {
      const q = request.query;
      try {
        const target = loopbackRedirect(q.redirect_uri);
        if (!target) throw notLoopback();
        if (!q.code_challenge) throw outdatedCli();
        const current = await currentSession(request, reply);
        if (!current) {
          if (!rp) throw ssoNotConfigured();
          return reply.redirect(`${LOGIN_PATH}?return_to=${encodeURIComponent(request.url)}`, 302);
        }
        const person = current.resolved.principal;
        const csrf = csrfTokenFor(current.secret);
        const cancel = new URL(target);
        cancel.searchParams.set('error', 'access_denied');
        cancel.searchParams.set('state', q.state);
        return sendPage(reply, 200, 'Authorize the Warden CLI', html`
<h1>Create a token for the Warden CLI on ${q.hostname}?</h1>
<p>Signed in as <strong>${person.name}</strong>${person.email ? html` (${person.email})` : html``}.</p>
<p>The Warden CLI on <strong>${q.hostname}</strong> will receive a personal access token that acts as you, with your role and teams, for 90 days. You can revoke it at any time.</p>
<form method="post" action="/api/cli/authorize">
<input type="hidden" name="redirect_uri" value="${q.redirect_uri}">
<input type="hidden" name="state" value="${q.state}">
<input type="hidden" name="hostname" value="${q.hostname}">
<input type="hidden" name="code_challenge" value="${q.code_challenge}">
<input type="hidden" name="code_challenge_method" value="S256">
<input type="hidden" name="csrf_token" value="${csrf}">
<p><button class="primary" type="submit">Create token</button> <a class="button" href="${cancel.href}">Cancel</a></p>
</form>
<p class="muted">Only continue if you just ran <code>warden auth login</code> on that machine.</p>`, [target.origin]);
      } catch (err) {
        return sendFailure(request, reply, err, null);
      }
    });

    scope.post('/cli/authorize', {
      config: { auth: 'public' },
      logLevel: 'warn',
      schema: {
        operationId: 'confirmCliAuthorization', tags, summary: 'Confirm the CLI\'s browser login: sends a one-time code to the CLI (302)', security: [{ session: [] }],
        description: `A form post from the confirmation page, with its csrf_token. Redirects to redirect_uri with \`code\` (one-time, valid ${CLI_LOGIN_CODE_SECONDS} s, bound to \`state\` and \`code_challenge\`) and \`state\`; the CLI exchanges the code at POST /api/cli/token. The token never travels in a URL.`,
        consumes: ['application/x-www-form-urlencoded'], body: CliAuthorizeForm, response: { 302: Type.Null(), ...errors(400, 401, 403, 422) },
      },
    }, async (request, reply) => {
      const b = request.body;
      try {
        const target = loopbackRedirect(b.redirect_uri);
        if (!target) throw notLoopback();
        if (!b.code_challenge) throw outdatedCli();
        const current = await currentSession(request, reply);
        if (!current) throw new AppError(401, 'unauthorized/session-expired', 'Unauthorized', 'The session has ended; run warden auth login again');
        if (!csrfMatches(current.secret, b.csrf_token)) throw csrfRefused();
        const code = await createLoginCode(db, {
          userId: current.resolved.principal.id, sessionId: current.resolved.sessionId, state: b.state, codeChallenge: b.code_challenge, hostname: b.hostname,
        });
        target.searchParams.set('code', code);
        target.searchParams.set('state', b.state);
        reply.header('referrer-policy', 'no-referrer');
        return reply.redirect(target.href, 302);
      } catch (err) {
        return sendFailure(request, reply, err, null);
      }
    });

    scope.post('/cli/token', {
      config: { auth: 'public' },
      logLevel: 'warn', // the body carries the code and the verifier; the answer the token
      schema: {
        operationId: 'exchangeCliCode', tags, summary: 'The CLI exchanges its one-time login code for its token', security: [],
        description: `The code from the redirect, the state and the PKCE verifier the login started with. Issues the personal access token \`cli-<hostname>\` (a numeric suffix when taken) for 90 days (or the instance's cap) and answers it once, with \`token\`. A code is good for one attempt within ${CLI_LOGIN_CODE_SECONDS} s: an unknown, used, late, wrong-state or wrong-verifier code answers 400 and is used up.`,
        body: CliTokenBody, response: { 200: CreatedToken, ...errors(400, 409, 422) },
      },
    }, async (request) => exchangeLoginCode(db, { requestId: request.id, ip: request.clientAddress }, { maxTokenDays: config.maxTokenDays }, request.body));
  });
}
