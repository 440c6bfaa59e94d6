import { Type } from 'typebox';
import type { ApiInstance, AppContext } from '../http/app.ts';
import { contextOf } from '../http/auth.ts';
import { IdParams, errors } from '../http/schemas.ts';
import { CreateServiceUserBody, ListUsersQuery, ReasonBody, ReasonQuery, ReviewBody, UpdateUserBody, User, UserList } from './schemas.ts';
import { createServiceUser, deactivateUser, getUser, listUsers, reactivateUser, reviewUser, updateUser } from './service.ts';

const tags = ['users'];

export function registerUserRoutes(api: ApiInstance, { db }: AppContext): void {
  api.addSchema(User);
  const userRef = Type.Ref('User');

  api.get('/users', {
    schema: { tags, summary: 'List users (users.read)', querystring: ListUsersQuery, response: { 200: UserList, ...errors(401, 403, 422) } },
  }, async (request) => {
    const q = request.query;
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const { items, total } = await listUsers(db, contextOf(request), {
      type: q.type, role: q.role, teamId: q.team, active: q.active, q: q.q,
      sort: q.sort ?? 'name', sortDir: q.sort_dir ?? 'asc', offset: (page - 1) * size, limit: size,
    });
    return { items, total, page, size };
  });

  api.get('/users/me', {
    schema: { tags, summary: 'The caller', response: { 200: userRef, ...errors(401) } },
  }, async (request) => getUser(db, contextOf(request), request.principal!.id));

  api.get('/users/:id', {
    schema: { tags, summary: 'One user (users.read, or oneself)', params: IdParams, response: { 200: userRef, ...errors(401, 403, 404) } },
  }, async (request) => getUser(db, contextOf(request), request.params.id));

  api.post('/users', {
    schema: {
      tags, summary: 'Create a service user (Admin)',
      description: 'The user_id is derived from the name: `Pipeline Automation` → `pipeline_automation@service`. 409 when it exists; 422 when nothing is left of the name. A reason is required for the manager and admin roles.',
      body: CreateServiceUserBody, response: { 201: userRef, ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createServiceUser(db, contextOf(request), request.body);
  });

  api.put('/users/:id', {
    schema: {
      tags, summary: 'Change role, teams, owner or purpose (Admin)',
      description: 'A reason is required when the new role is manager or admin. Nobody changes their own role or teams (403); the last active Admin cannot be demoted (409).',
      params: IdParams, body: UpdateUserBody, response: { 200: userRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => updateUser(db, contextOf(request), request.params.id, request.body));

  api.delete('/users/:id', {
    schema: {
      tags, summary: 'Deactivate a user (Admin); the account is kept',
      description: 'The reason may come in a JSON body or as ?reason=. Tokens and sessions of the user stop working at once; reactivation brings back what was neither revoked nor expired.',
      params: IdParams, querystring: ReasonQuery, body: ReasonBody, response: { 200: userRef, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => deactivateUser(db, contextOf(request), request.params.id, request.body.reason ?? request.query.reason ?? null));

  api.post('/users/:id/reactivate', {
    schema: { tags, summary: 'Reactivate a user, role and teams intact (Admin)', params: IdParams, body: ReasonBody, response: { 200: userRef, ...errors(401, 403, 404) } },
  }, async (request) => reactivateUser(db, contextOf(request), request.params.id, request.body.reason ?? null));

  api.post('/users/:id/review', {
    schema: { tags, summary: 'Record a periodic review (Admin)', params: IdParams, body: ReviewBody, response: { 200: userRef, ...errors(401, 403, 404) } },
  }, async (request) => reviewUser(db, contextOf(request), request.params.id, request.body.note ?? null));
}
