import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { IdParams, MAX_ID, errors } from '../http/schemas.ts';
import { CreateTokenBody, CreatedToken, ExposureAccepted, ExposureReport, RevokeBody, RotateBody, RotateReply, ServiceTokensQuery, StatusQuery, Token, TokenList } from './schemas.ts';
import { createToken, getToken, listOwnTokens, listServiceTokens, removeToken, reportExposed, rotateToken, setTokenRevoked } from './service.ts';
import { ExposureWorker } from './exposure-worker.ts';
import { Type } from '../http/type.ts';
import { AppError, forbidden, invalidField, tooManyRequests } from '../http/errors.ts';
import { aliased } from '../http/aliases.ts';
import { WindowLimiter } from '../http/rate-limit.ts';

const tags = ['tokens'];

/** A user named by a numeric string is its id (when it can be one); any other text is a user_id. */
function numericRef<T extends number | string | undefined>(ref: T): T | number {
  return typeof ref === 'string' && /^\d{1,10}$/.test(ref) && Number(ref) <= MAX_ID ? Number(ref) : ref;
}

export function registerTokenRoutes(api: ApiInstance, { db, config }: AppContext): void {
  api.addSchema(Token);
  const tokenRef = Type.Ref('Token');

  api.post('/user-tokens', {
    schema: {
      operationId: 'createToken', tags, summary: 'Issue a token: your own PAT, or (Admin, with user_id) a service token',
      description: 'The secret is in the `token` field of this answer and nowhere else, ever. Service users cannot issue tokens for themselves. Made with a narrowed token, the new token is never wider than it: each restriction left out is inherited from it, and asking for more actions, datastores, networks or a later expiry is 403 `forbidden/wider-than-credential` with `errors[0].path` naming the field.',
      body: CreateTokenBody, response: { 201: CreatedToken, ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const { scim_endpoints_only: _alias, ...body } = request.body;
    const scimOnly = aliased<boolean>(request.body, 'scim_only', 'scim_endpoints_only');
    const userRef = numericRef(body.user_id);
    reply.status(201);
    return createToken(db, contextOf(request), { maxTokenDays: config.maxTokenDays }, { ...body, user_id: userRef, ...(scimOnly === undefined ? {} : { scim_only: scimOnly }) });
  });

  api.get('/user-tokens', {
    schema: { operationId: 'listTokens', description: "The caller's own personal access tokens, active, expired and revoked, newest first. The secret is never listed: it is shown once, when the token is issued.", tags, summary: 'Your own personal access tokens', querystring: StatusQuery, response: { 200: TokenList, ...errors(401, 403) } },
  }, async (request) => {
    const { page = 1, size = 50, status } = request.query;
    return { ...(await listOwnTokens(db, contextOf(request), { status, offset: (page - 1) * size, limit: size })), page, size };
  });

  api.get('/user-tokens/service', {
    schema: { operationId: 'listServiceTokens', description: 'The tokens of service users, optionally of one service user (`user_id`: numeric id or user_id string). Admin only.', tags, summary: 'Every service token (Admin)', querystring: ServiceTokensQuery, response: { 200: TokenList, ...errors(401, 403) } },
  }, async (request) => {
    const { page = 1, size = 50, status, user_id: ref } = request.query;
    const found = await listServiceTokens(db, contextOf(request), { status, user_id: numericRef(ref), offset: (page - 1) * size, limit: size });
    return { ...found, page, size };
  });

  api.get('/user-tokens/current', {
    schema: {
      operationId: 'getCurrentToken', tags, summary: 'The token this request is authenticated with',
      description: 'For a CLI or pipeline to learn its own token\'s name, expiry and id (e.g. to revoke it at logout). 404 when the request is signed in with a console session.',
      response: { 200: tokenRef, ...errors(401, 404) },
    },
  }, async (request) => {
    const credential = request.principal!.credential;
    if (credential.kind !== 'token') throw new AppError(404, 'not-found', 'Not found', 'This request is signed in with a console session, not with a token');
    return getToken(db, contextOf(request), credential.tokenId);
  });

  api.get('/user-tokens/:id', {
    schema: { operationId: 'getToken', description: 'One token, without its secret. Its owner sees a personal token; Admins see service tokens. A token the caller may not see answers 404.', tags, summary: 'One token (its owner; Admins for service tokens)', params: IdParams, response: { 200: tokenRef, ...errors(401, 404) } },
  }, async (request) => getToken(db, contextOf(request), request.params.id));

  api.put('/user-tokens/:id', {
    schema: {
      operationId: 'updateToken', tags, summary: 'Revoke or restore a token',
      description: 'Takes effect on the very next request on every node. An expired token cannot be restored (409).',
      params: IdParams, body: RevokeBody, response: { 200: tokenRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const revoked = aliased<boolean>(request.body, 'revoked', 'revoke');
    if (revoked === undefined) throw invalidField('revoked', 'revoked is required: true revokes the token, false restores it (Qualytics\' "revoke" is accepted too)');
    return setTokenRevoked(db, contextOf(request), request.params.id, revoked);
  });

  api.post('/user-tokens/:id/rotate', {
    schema: {
      operationId: 'rotateToken', tags, summary: 'Rotate a token: a successor now, the old one ending after an overlap',
      description: 'Who may: as for revoke (the owner of a personal token; an Admin for a service token). In one transaction a new token is issued with the same owner, name, scope and restrictions; the old one keeps working (and its last use keeps being recorded) until `overlap_hours` from now (default 24, 0 = at once, at most 720), then answers 401 "The token has expired" with `expiry_reason: rotated`. The successor\'s lifetime is `expires_in_days`, else the old token\'s, within the instance\'s cap. Both link to each other (`rotated_from`, `rotated_to`). A token rotated once answers 409 naming its successor; nothing is revoked behind your back. The secret is in `successor.token`, shown once. Made with a narrowed token: only a token within its narrowing rotates (403 `forbidden/wider-than-credential` naming the field otherwise), and the successor expires no later than that token (without `expires_in_days` it is brought forward to it; a later one is 403 naming `expires_in_days`).',
      params: IdParams, body: RotateBody, response: { 201: RotateReply, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    const { token, previous } = await rotateToken(db, contextOf(request), { maxTokenDays: config.maxTokenDays }, request.params.id, request.body);
    return { successor: token, previous };
  });

  api.delete('/user-tokens/:id', {
    schema: { operationId: 'deleteToken', description: 'Removes a token from the lists once it is revoked (revoke first with PUT `{"revoked": true}`: 409 otherwise). Its audit events stay.', tags, summary: 'Delete a revoked token (two-step deletion)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 409) } },
  }, async (request, reply) => {
    await removeToken(db, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}

const EXPOSURE_ANSWER = { status: 'accepted' as const, detail: 'Thank you. Every active Warden token among these credentials will be revoked within a second, and its owner told.' };

/**
 * POST /api/credentials/revoke: for whoever finds a leaked token (a secret scanner, a person). No
 * credential; the same answer, after the same work, whatever was sent, so it reveals nothing about
 * which strings were tokens (the revocation happens off the request path); rate limited per client IP.
 */
export function registerExposureRoutes(api: ApiInstance, { db, config }: AppContext): void {
  const limiter = new WindowLimiter(config.exposureReportLimit, 3_600_000);
  const worker = new ExposureWorker(db);
  worker.onError = (err) => api.log.error({ err }, 'could not revoke reported tokens (they stay queued)');
  api.addHook('onReady', async () => worker.start());
  api.addHook('onClose', async () => worker.stop());
  api.post('/credentials/revoke', {
    config: { auth: 'public' },
    schema: {
      operationId: 'reportExposedCredentials', tags, summary: 'Report leaked tokens: each active one is revoked within a second (no credential)', security: [],
      description: 'For secret scanners and anyone who finds a Warden token where it should not be. Send up to 1000 strings; every well-formed, known, active token among them is revoked within a second (`revoked_reason: exposed`, `exposed_at` the time of the report), audited with actor `system` and the reporter\'s address, and its owner told. The report is stored before the answer and acted on after it, so the answer takes as long whatever was sent. Always 202 with the same body: nothing says which strings were tokens. Malformed strings are ignored and never logged. An authenticated call is refused (403), so that nobody mistakes it for an API call. Rate limited per client address (WARDEN_EXPOSURE_REPORT_LIMIT per hour, then 429).',
      body: ExposureReport, response: { 202: ExposureAccepted, ...errors(403, 413, 422, 429) },
    },
  }, async (request, reply) => {
    if (request.headers.authorization !== undefined || request.cookies?.warden_session) {
      throw forbidden('POST /api/credentials/revoke takes no credential: report leaked tokens without signing in');
    }
    const retryAfter = limiter.retryAfter(request.clientAddress);
    if (retryAfter > 0) throw tooManyRequests(retryAfter, `Too many reports from this address; retry in ${retryAfter} s`);
    limiter.record(request.clientAddress);
    await reportExposed(db, { requestId: request.id, ip: request.clientAddress }, request.body.credentials);
    worker.reported();
    reply.status(202);
    return EXPOSURE_ANSWER;
  });
}
