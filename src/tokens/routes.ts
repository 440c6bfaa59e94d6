import type { ApiInstance, AppContext } from '../http/app.ts';
import { contextOf } from '../http/auth.ts';
import { IdParams, MAX_ID, errors } from '../http/schemas.ts';
import { CreateTokenBody, CreatedToken, RevokeBody, ServiceTokensQuery, StatusQuery, Token, TokenList } from './schemas.ts';
import { createToken, getToken, listOwnTokens, listServiceTokens, removeToken, setTokenRevoked } from './service.ts';
import { Type } from 'typebox';
import { AppError } from '../http/errors.ts';

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
      tags, summary: 'Issue a token: your own PAT, or (Admin, with user_id) a service token',
      description: 'The secret is in the `token` field of this answer and nowhere else, ever. Service users cannot issue tokens for themselves.',
      body: CreateTokenBody, response: { 201: CreatedToken, ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const body = request.body;
    const userRef = numericRef(body.user_id);
    reply.status(201);
    return createToken(db, contextOf(request), { maxTokenDays: config.maxTokenDays }, { ...body, user_id: userRef });
  });

  api.get('/user-tokens', {
    schema: { tags, summary: 'Your own personal access tokens', querystring: StatusQuery, response: { 200: TokenList, ...errors(401, 403) } },
  }, async (request) => {
    const { page = 1, size = 50, status } = request.query;
    return { ...(await listOwnTokens(db, contextOf(request), { status, offset: (page - 1) * size, limit: size })), page, size };
  });

  api.get('/user-tokens/service', {
    schema: { tags, summary: 'Every service token (Admin)', querystring: ServiceTokensQuery, response: { 200: TokenList, ...errors(401, 403) } },
  }, async (request) => {
    const { page = 1, size = 50, status, user_id: ref } = request.query;
    const found = await listServiceTokens(db, contextOf(request), { status, user_id: numericRef(ref), offset: (page - 1) * size, limit: size });
    return { ...found, page, size };
  });

  api.get('/user-tokens/current', {
    schema: {
      tags, summary: 'The token this request is authenticated with',
      description: 'For a CLI or pipeline to learn its own token\'s name, expiry and id (e.g. to revoke it at logout). 404 when the request is signed in with a console session.',
      response: { 200: tokenRef, ...errors(401, 404) },
    },
  }, async (request) => {
    const credential = request.principal!.credential;
    if (credential.kind !== 'token') throw new AppError(404, 'not-found', 'Not found', 'This request is signed in with a console session, not with a token');
    return getToken(db, contextOf(request), credential.tokenId);
  });

  api.get('/user-tokens/:id', {
    schema: { tags, summary: 'One token (its owner; Admins for service tokens)', params: IdParams, response: { 200: tokenRef, ...errors(401, 404) } },
  }, async (request) => getToken(db, contextOf(request), request.params.id));

  api.put('/user-tokens/:id', {
    schema: {
      tags, summary: 'Revoke or restore a token',
      description: 'Takes effect on the very next request on every node. An expired token cannot be restored (409).',
      params: IdParams, body: RevokeBody, response: { 200: tokenRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => setTokenRevoked(db, contextOf(request), request.params.id, request.body.revoked));

  api.delete('/user-tokens/:id', {
    schema: { tags, summary: 'Delete a revoked token (two-step deletion)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 409) } },
  }, async (request, reply) => {
    await removeToken(db, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
