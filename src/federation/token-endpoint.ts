// POST /api/oauth/token (RFC 6749, RFC 8693): a pipeline proves who it is and gets a short-lived
// Warden service token.
// - token-exchange: an identity token of an external OpenID issuer (GitHub Actions, GitLab CI, a
//   Kubernetes service account, an Azure managed identity) that a service user's workload identity
//   trusts; the issued token has origin `federated`.
// - client_credentials: the service user as client_id and one of its service tokens as the secret,
//   for tools that only speak OAuth; the issued token (origin `exchanged`) is never wider than the
//   secret, in any dimension nor in time.
// The issued token is an ordinary service token (same hashing, caches, revocation, last use, audit).
// Its expiry: the moment of issue plus the workload identity's token_ttl_minutes (5–60), whatever
// the subject token's own exp (issue happens before that exp, so it is never later than exp + TTL);
// for client_credentials 15 minutes, never later than the secret's own expiry.
// Refusals are RFC 6749 §5.2 errors; each counts towards the client's failure limit and is audited
// with its reason (never the token).
import type { Db } from '../db/connection.ts';
import { transact } from '../db/transaction.ts';
import type { Principal } from '../access/principal.ts';
import { AppError } from '../http/errors.ts';
import { recordAudit, created } from '../audit/service.ts';
import { findUserById, findUserByUserId, type UserRow } from '../users/store.ts';
import { effectiveRole } from '../access/elevation.ts';
import { findTokenById } from '../tokens/store.ts';
import { hashToken, hintOf, randomBase62 } from '../tokens/format.ts';
import { checkDatastoresReachable, issue, restrictionAudit } from '../tokens/service.ts';
import {
  inheritBound, mintingBoundOf, normaliseRestriction, requireExpiryWithin, requireWithinBound, restrictionColumns, restrictionOfColumns,
  type MintingBound, type RestrictionInput,
} from '../tokens/restrictions.ts';
import { authenticateBearer, type AuthDeps } from '../http/auth.ts';
import { MAX_ID } from '../http/schemas.ts';
import { SubjectTokenRefused, unverifiedClaims, type IssuerKeys } from './issuers.ts';
import { claimMismatch, subjectMatches, type ClaimValue } from './subject.ts';
import { rememberSubjectToken, touchWorkloadIdentity, workloadIdentitiesForIssuer } from './store.ts';

export const GRANT_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GRANT_CLIENT_CREDENTIALS = 'client_credentials';
export const TOKEN_TYPE_JWT = 'urn:ietf:params:oauth:token-type:jwt';
export const TOKEN_TYPE_ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
export const TOKEN_TYPE_ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
export const CLIENT_CREDENTIALS_TTL_MINUTES = 15;
const MAX_SUBJECT_TOKEN = 16 * 1024;

export type OAuthErrorCode = 'invalid_request' | 'invalid_grant' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

/** A refusal of the token endpoint: its RFC 6749 code, the sentence, and what the audit records. */
export class OAuthError extends Error {
  code: OAuthErrorCode;
  status: number;
  /** What the audit event is about (a workload identity, a client), when known. */
  target: { type: 'workload_identity' | 'oauth_client'; id: number | null };
  details: Record<string, unknown>;
  /** Basic authentication was tried: the 401 names the scheme. */
  basic = false;

  constructor(code: OAuthErrorCode, description: string, extra: { status?: number; target?: OAuthError['target']; details?: Record<string, unknown> } = {}) {
    super(description);
    this.code = code;
    this.status = extra.status ?? (code === 'invalid_client' ? 401 : 400);
    this.target = extra.target ?? { type: 'workload_identity', id: null };
    this.details = extra.details ?? {};
  }
}

export interface TokenRequestBody {
  grant_type?: unknown;
  subject_token?: unknown;
  subject_token_type?: unknown;
  requested_token_type?: unknown;
  actor_token?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  scope?: unknown;
  datastore_ids?: unknown;
  allowed_cidrs?: unknown;
}

export interface IssuedToken {
  access_token: string;
  issued_token_type: typeof TOKEN_TYPE_ACCESS_TOKEN;
  token_type: 'Bearer';
  expires_in: number;
}

export interface TokenEndpointDeps {
  db: Db;
  keys: IssuerKeys;
  auth: AuthDeps;
  now?: () => number;
}

export interface RequestInfo {
  requestId: string;
  ip: string;
  /** The Authorization header, if any (client_credentials by HTTP Basic). */
  authorization?: string;
}

function text(body: TokenRequestBody, name: keyof TokenRequestBody): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new OAuthError('invalid_request', `${name} must be given once, as text`);
  return v;
}

const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/** The narrowing asked for: scope (actions), datastore_ids, allowed_cidrs. Invalid values are invalid_scope. */
function askedRestriction(body: TokenRequestBody): RestrictionInput {
  const input: RestrictionInput = {};
  const scope = text(body, 'scope');
  if (scope !== undefined && scope.trim() !== '') input.actions = list(scope);
  const ds = text(body, 'datastore_ids');
  if (ds !== undefined && ds.trim() !== '') {
    input.datastore_ids = list(ds).map((d) => {
      if (!/^\d{1,10}$/.test(d) || Number(d) < 1 || Number(d) > MAX_ID) throw new OAuthError('invalid_scope', `datastore_ids: "${d.slice(0, 20)}" is not a datastore id`);
      return Number(d);
    });
  }
  const cidrs = text(body, 'allowed_cidrs');
  if (cidrs !== undefined && cidrs.trim() !== '') input.allowed_cidrs = list(cidrs);
  return input;
}

/** An AppError of the narrowing rules (422 invalid value, 403 wider than the bound) as invalid_scope. */
function asScopeError(err: unknown): never {
  if (err instanceof AppError && (err.status === 422 || err.status === 403)) throw new OAuthError('invalid_scope', err.message);
  throw err;
}

function principalOfUser(user: UserRow, tokenId = 0): Principal {
  return {
    id: user.id, userId: user.user_id, type: user.type, name: user.name, email: user.email,
    role: effectiveRole(user, Date.now()), active: user.deactivated_at === null,
    credential: { kind: 'token', tokenId, scope: 'all' },
  };
}

/** The service user a client_id names (numeric id or user_id), or undefined. */
async function userOfClientId(db: Db, clientId: string): Promise<UserRow | undefined> {
  if (/^\d{1,10}$/.test(clientId)) return Number(clientId) <= MAX_ID ? findUserById(db.kysely, Number(clientId)) : undefined;
  return findUserByUserId(db.kysely, clientId);
}

interface Mint {
  owner: UserRow;
  bound: MintingBound | null;
  asked: RestrictionInput;
  expiresAt: string;
  namePrefix: string;
  origin: NonNullable<Parameters<typeof issue>[2]['origin']>;
  audit: Record<string, unknown>;
  /** Runs in the transaction before the token is issued (replay check, re-reading the trust). */
  before?: (trx: Db['kysely']) => Promise<void>;
  actorTokenId?: number;
}

async function mint(deps: TokenEndpointDeps, info: RequestInfo, m: Mint, now: number): Promise<IssuedToken> {
  let restriction;
  try {
    restriction = inheritBound(normaliseRestriction(m.asked), m.bound);
    requireWithinBound(restriction, m.bound, 'the requested token');
    requireExpiryWithin(m.expiresAt, m.bound, 'the requested token');
  } catch (err) {
    asScopeError(err);
  }
  const ctx = { actor: principalOfUser(m.owner, m.actorTokenId), requestId: info.requestId, ip: info.ip, now };
  return transact(deps.db, async (trx) => {
    await m.before?.(trx);
    const owner = await findUserById(trx, m.owner.id);
    if (!owner || owner.deactivated_at !== null) throw new OAuthError('invalid_grant', `${m.owner.user_id} is deactivated`, { details: m.audit });
    try {
      await checkDatastoresReachable(trx, owner, restriction.datastoreIds);
    } catch (err) {
      asScopeError(err);
    }
    const columns = restrictionColumns(restriction);
    const name = `${m.namePrefix}-${new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBase62(6)}`;
    const { id, secret } = await issue(trx, ctx, { owner, name, scope: 'all', expiresAt: m.expiresAt, restriction: columns, origin: m.origin });
    await recordAudit(trx, ctx, {
      action: 'token.created', targetType: 'token', targetId: id,
      changes: created({ name, kind: 'service', owner: owner.user_id, hint: hintOf(secret), scim_only: false, expires_at: m.expiresAt, origin: m.origin.kind, ...m.audit, ...restrictionAudit(columns) }),
    });
    return { access_token: secret, issued_token_type: TOKEN_TYPE_ACCESS_TOKEN, token_type: 'Bearer' as const, expires_in: Math.round((Date.parse(m.expiresAt) - now) / 1000) };
  });
}

// ---- token-exchange -----------------------------------------------------------------------------

async function tokenExchange(deps: TokenEndpointDeps, info: RequestInfo, body: TokenRequestBody, now: number): Promise<IssuedToken> {
  // Azure Data Factory's Web activity (authentication MSI) sends its managed identity token only as
  // `Authorization: Bearer <JWT>`: taken as the subject token when the form has none.
  const bearer = /^Bearer\s+(eyJ[\w-]*\.[\w-]*\.[\w-]*)\s*$/.exec(info.authorization ?? '')?.[1];
  const subjectToken = text(body, 'subject_token') ?? bearer;
  const type = text(body, 'subject_token_type');
  if (!subjectToken) throw new OAuthError('invalid_request', 'subject_token is required: the identity token your platform gave the job');
  if (!type) throw new OAuthError('invalid_request', `subject_token_type is required: ${TOKEN_TYPE_JWT} or ${TOKEN_TYPE_ID_TOKEN}`);
  if (type !== TOKEN_TYPE_JWT && type !== TOKEN_TYPE_ID_TOKEN) throw new OAuthError('invalid_request', `subject_token_type must be ${TOKEN_TYPE_JWT} or ${TOKEN_TYPE_ID_TOKEN}`);
  const requested = text(body, 'requested_token_type');
  if (requested !== undefined && requested !== TOKEN_TYPE_ACCESS_TOKEN) throw new OAuthError('invalid_request', `requested_token_type: only ${TOKEN_TYPE_ACCESS_TOKEN} is issued`);
  if (body.actor_token !== undefined) throw new OAuthError('invalid_request', 'actor_token (delegation) is not supported');
  if (subjectToken.length > MAX_SUBJECT_TOKEN) throw new OAuthError('invalid_request', `subject_token is longer than ${MAX_SUBJECT_TOKEN} characters`);
  const clientId = text(body, 'client_id');
  const asked = askedRestriction(body);

  let claims;
  try {
    claims = unverifiedClaims(subjectToken);
  } catch (err) {
    throw new OAuthError('invalid_grant', (err as Error).message);
  }
  const issuer = typeof claims.iss === 'string' ? claims.iss : null;
  if (issuer === null) throw new OAuthError('invalid_grant', 'the subject token has no iss');
  const seen = { issuer: issuer.slice(0, 500), subject: typeof claims.sub === 'string' ? claims.sub.slice(0, 500) : null, ...(clientId !== undefined ? { client_id: clientId.slice(0, 300) } : {}) };

  let candidates = await workloadIdentitiesForIssuer(deps.db.kysely, issuer);
  if (clientId !== undefined) {
    const user = await userOfClientId(deps.db, clientId);
    candidates = user ? candidates.filter((c) => c.user_id === user.id) : [];
    if (candidates.length === 0) throw new OAuthError('invalid_grant', `service user ${clientId.slice(0, 300)} has no workload identity that trusts this issuer`, { details: seen });
  }
  if (candidates.length === 0) throw new OAuthError('invalid_grant', 'no workload identity trusts the subject token\'s issuer', { details: seen });
  const single = candidates.length === 1 ? candidates[0].id : null;
  const target = { type: 'workload_identity' as const, id: single };

  let payload;
  try {
    payload = await deps.keys.verify(subjectToken, issuer, [...new Set(candidates.map((c) => c.audience))]);
  } catch (err) {
    if (err instanceof SubjectTokenRefused) throw new OAuthError('invalid_grant', err.message, { target, details: seen });
    throw err;
  }

  // Which trust relationships this verified token satisfies.
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const reasons: string[] = [];
  const matching = candidates.filter((c) => {
    let why: string | null;
    if (!aud.includes(c.audience)) why = 'its aud does not contain the audience';
    else if (!subjectMatches(c.subject, payload.sub!)) why = `its sub "${payload.sub!.slice(0, 200)}" does not match the subject`;
    else why = claimMismatch(JSON.parse(c.claims) as Record<string, ClaimValue>, payload);
    if (why) reasons.push(candidates.length === 1 ? why : `${c.owner_user_id}/${c.name}: ${why}`);
    return why === null;
  });
  if (matching.length === 0) {
    throw new OAuthError('invalid_grant', `the subject token matches no workload identity: ${reasons.slice(0, 5).join('; ')}`, { target, details: seen });
  }
  const users = [...new Set(matching.map((c) => c.owner_user_id))];
  if (users.length > 1) {
    throw new OAuthError('invalid_request', `the subject token matches workload identities of several service users (${users.slice(0, 5).join(', ')}); name one with client_id`, { details: seen });
  }
  const chosen = matching[0];
  const wTarget = { type: 'workload_identity' as const, id: chosen.id };
  if (chosen.owner_deactivated_at !== null) throw new OAuthError('invalid_grant', `${chosen.owner_user_id} is deactivated`, { target: wTarget, details: seen });
  const owner = (await findUserById(deps.db.kysely, chosen.user_id))!;

  // Single use: the jti (or, without one, the token's hash), remembered until the token's exp.
  const jti = typeof payload.jti === 'string' && payload.jti !== '' ? payload.jti.slice(0, 500) : null;
  const replayKey = jti ?? `sha256:${hashToken(subjectToken)}`;
  const subjectExp = new Date((payload.exp! + 60) * 1000).toISOString();
  const expiresAt = new Date(now + chosen.token_ttl_minutes * 60_000).toISOString();
  const bound: MintingBound | null = chosen.allowed_actions === null && chosen.allowed_datastores === null && chosen.allowed_cidrs === null
    ? null : { ...restrictionOfColumns(chosen), expiresAt: null };
  const details = { ...seen, subject: payload.sub!, jti, workload_identity: chosen.name };
  try {
    return await mint(deps, info, {
      owner, bound, asked, expiresAt, namePrefix: `federated-${chosen.name}`.slice(0, 120),
      origin: { kind: 'federated', workloadIdentityId: chosen.id, issuer, subject: payload.sub!, jti },
      audit: { workload_identity_id: chosen.id, issuer, subject: payload.sub!, jti },
      before: async (trx) => {
        // Deleted since it was read: refused (deletion takes effect at the next exchange).
        const still = await trx.selectFrom('workload_identities').select('id').where('id', '=', chosen.id).executeTakeFirst();
        if (!still) throw new OAuthError('invalid_grant', 'the workload identity was deleted', { target: wTarget, details });
        if (!(await rememberSubjectToken(trx, issuer, replayKey, subjectExp, new Date(now).toISOString()))) {
          throw new OAuthError('invalid_grant', 'the subject token was exchanged already (each is single use)', { target: wTarget, details });
        }
        await touchWorkloadIdentity(trx, chosen.id, new Date(now).toISOString());
      },
    }, now);
  } catch (err) {
    if (err instanceof OAuthError) {
      if (err.target.id === null) err.target = wTarget;
      if (Object.keys(err.details).length === 0) err.details = details;
    }
    throw err;
  }
}

// ---- client_credentials -------------------------------------------------------------------------

/** client_id and client_secret from HTTP Basic (RFC 6749 §2.3.1: each form-urlencoded) or the body, not both. */
function clientCredentialsOf(info: RequestInfo, body: TokenRequestBody): { id: string; secret: string; basic: boolean } {
  const bodyId = text(body, 'client_id');
  const bodySecret = text(body, 'client_secret');
  const header = info.authorization;
  if (header !== undefined && /^basic\s/i.test(header)) {
    if (bodySecret !== undefined) throw new OAuthError('invalid_request', 'send the client secret either with HTTP Basic or in the body, not both');
    let decoded: string;
    try {
      decoded = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
    } catch {
      decoded = '';
    }
    const colon = decoded.indexOf(':');
    const unform = (s: string) => {
      try {
        return decodeURIComponent(s.replaceAll('+', ' '));
      } catch {
        return s;
      }
    };
    if (colon === -1) {
      const e = new OAuthError('invalid_client', 'the HTTP Basic credentials are not client_id:client_secret');
      e.basic = true;
      throw e;
    }
    const id = unform(decoded.slice(0, colon));
    if (bodyId !== undefined && bodyId !== id) throw new OAuthError('invalid_request', 'client_id in the body is not the one of HTTP Basic');
    return { id, secret: unform(decoded.slice(colon + 1)), basic: true };
  }
  if (bodyId === undefined || bodyId === '') throw new OAuthError('invalid_client', 'client_id is required: the service user (numeric id or user_id)');
  if (bodySecret === undefined || bodySecret === '') throw new OAuthError('invalid_client', 'client_secret is required: one of the service user\'s service tokens', { target: { type: 'oauth_client', id: null } });
  return { id: bodyId, secret: bodySecret, basic: false };
}

async function clientCredentials(deps: TokenEndpointDeps, info: RequestInfo, body: TokenRequestBody, now: number): Promise<IssuedToken> {
  const client = clientCredentialsOf(info, body);
  const fail = (description: string, id: number | null) => {
    const e = new OAuthError('invalid_client', description, { target: { type: 'oauth_client', id }, details: { client_id: client.id.slice(0, 300) } });
    e.basic = client.basic;
    return e;
  };
  const user = await userOfClientId(deps.db, client.id);
  if (!user || user.type !== 'service') throw fail('client_id names no service user', null);
  const outcome = await authenticateBearer(deps.auth, client.secret, info.ip);
  if (typeof outcome === 'string' || 'wrongScheme' in outcome) throw fail(`the client secret is not a usable service token of ${user.user_id} (${typeof outcome === 'string' ? outcome.replaceAll('_', ' ') : 'unreadable'})`, user.id);
  const cred = outcome.credential;
  if (outcome.id !== user.id || cred.kind !== 'token') throw fail(`the client secret is not a service token of ${user.user_id}`, user.id);
  if (cred.scope !== 'all') throw fail('a SCIM-only token cannot be exchanged', user.id);
  const secretToken = await findTokenById(deps.db.kysely, cred.tokenId);
  if (!secretToken) throw fail('the client secret is no longer a token', user.id);
  const asked = askedRestriction(body);
  const bound = mintingBoundOf(secretToken);
  let expiresAt = new Date(now + CLIENT_CREDENTIALS_TTL_MINUTES * 60_000).toISOString();
  if (secretToken.expires_at !== null && secretToken.expires_at < expiresAt) expiresAt = secretToken.expires_at;
  return mint(deps, info, {
    owner: user, bound, asked, expiresAt, namePrefix: 'exchanged', actorTokenId: secretToken.id,
    origin: { kind: 'exchanged', issuedFrom: secretToken.id },
    audit: { issued_from: secretToken.id },
  }, now);
}

/** Answers a token request, or throws OAuthError. */
export async function handleTokenRequest(deps: TokenEndpointDeps, info: RequestInfo, body: TokenRequestBody): Promise<IssuedToken> {
  const now = (deps.now ?? Date.now)();
  if (body === null || typeof body !== 'object') throw new OAuthError('invalid_request', 'send the request as application/x-www-form-urlencoded');
  const grant = text(body, 'grant_type');
  if (!grant) throw new OAuthError('invalid_request', `grant_type is required: ${GRANT_TOKEN_EXCHANGE} or ${GRANT_CLIENT_CREDENTIALS}`);
  if (grant === GRANT_TOKEN_EXCHANGE) return tokenExchange(deps, info, body, now);
  if (grant === GRANT_CLIENT_CREDENTIALS) return clientCredentials(deps, info, body, now);
  throw new OAuthError('unsupported_grant_type', `grant_type ${grant.slice(0, 100)} is not supported; use ${GRANT_TOKEN_EXCHANGE} or ${GRANT_CLIENT_CREDENTIALS}`);
}

