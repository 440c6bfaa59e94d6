import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { nowOf } from '../access/principal.ts';
import { MAX_ID, UserRefParams, errors } from '../http/schemas.ts';
import { invalidField } from '../http/errors.ts';
import type { Role } from '../access/model.ts';
import type { UserSort } from './store.ts';
import { instantOf } from '../http/time.ts';
import { ReactivatedUser, ServiceUserIdPreview, ServiceUserIdQuery, CreateServiceUserBody, ListUsersQuery, ReasonBody, ReasonQuery, ReviewBody, UpdateUserBody, User, UserList } from './schemas.ts';
import { createServiceUser, deactivateUser, getUser, getUserView, listUsers, reactivateUser, reviewUser, updateUser, userIdFromRef, previewServiceUserId } from './service.ts';

const tags = ['users'];

/**
 * Qualytics-shaped list filters (issue 22) as Warden's: type Human/Service, capitalised roles,
 * include_deleted, sort=last_login, teams by id or name.
 */
function userListAliases(q: { type?: string; role?: string; team?: string[]; active?: boolean; include_deleted?: boolean; sort?: string; sort_dir?: 'asc' | 'desc' }) {
  const type = q.type === undefined ? undefined : q.type.toLowerCase() === 'human' ? 'personal' : (q.type.toLowerCase() as 'personal' | 'service');
  const role = q.role === undefined ? undefined : (q.role.toLowerCase() as Role);
  let active = q.active;
  if (q.include_deleted !== undefined) {
    if (q.include_deleted === false && q.active === false) throw invalidField('include_deleted', 'include_deleted=false (Qualytics\' name for active=true) and active=false disagree; send one of them');
    if (q.include_deleted === true && q.active === true) throw invalidField('include_deleted', 'include_deleted=true (Qualytics\' name) asks for deactivated users too, and active=true leaves them out; send one of them');
    if (q.include_deleted === false) active = true;
  }
  const sort = (q.sort === 'last_login' ? 'last_active_at' : (q.sort ?? 'name')) as UserSort;
  const teams = q.team?.map((t) => (/^\d{1,10}$/.test(t) && Number(t) >= 1 && Number(t) <= MAX_ID ? Number(t) : t));
  return { type, role, active, sort, sortDir: q.sort_dir ?? 'asc', teams };
}

export function registerUserRoutes(api: ApiInstance, { db, userViews }: AppContext): void {
  api.addSchema(User);
  api.addSchema(ReactivatedUser);
  const userRef = Type.Ref('User');

  api.get('/users', {
    schema: { operationId: 'listUsers', description: 'Personal accounts and service users, one page at a time, filtered by type, role, team, active and a text query, sorted by name, user_id, role, created_at or last_active_at. Needs users.read (Manager, Admin).', tags, summary: 'List users (users.read)', querystring: ListUsersQuery, response: { 200: UserList, ...errors(401, 403, 422) } },
  }, async (request) => {
    const q = request.query;
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const { items, total } = await listUsers(db, contextOf(request), {
      ...userListAliases(q),
      q: q.q, name: q.name, offset: (page - 1) * size, limit: size,
    });
    return { items, total, page, size };
  });

  api.get('/users/me', {
    schema: { operationId: 'getCurrentUser', description: 'The user the credential belongs to: a personal account for a personal token or session, the service user for a service token.', tags, summary: 'The caller', response: { 200: userRef, ...errors(401) } },
  }, (request, reply) => {
    // From memory while nothing it shows can have changed (src/cache/user-views.ts), and then its
    // JSON too, serialised once by this route's own serializer.
    const ctx = contextOf(request);
    const id = request.principal!.id;
    const view = userViews.get(id, nowOf(ctx), () => getUserView(db, ctx, id));
    if (view instanceof Promise) return view;
    reply.header('content-type', 'application/json; charset=utf-8');
    return userViews.bodyOf(id, view, (v) => reply.serialize(v) as string) as unknown as typeof view; // a string with a JSON content type is sent as it is
  });

  api.get('/users/service-user-id', {
    schema: {
      operationId: 'previewServiceUserId', tags, summary: 'The user_id a service user name would get, and whether it is free (Admin)',
      description: 'The same rules as POST /api/users: `Pipeline Automation` → `pipeline_automation@service`. `detail` says why a name cannot be used.',
      querystring: ServiceUserIdQuery, response: { 200: ServiceUserIdPreview, ...errors(401, 403, 422) },
    },
  }, async (request) => previewServiceUserId(db, contextOf(request), request.query.name));

  api.get('/users/:id', {
    schema: { operationId: 'getUser', description: 'One user by numeric id, user_id or `me`. Needs users.read unless it is the caller; a user the caller may not see answers 404.', tags, summary: 'One user (users.read, or oneself)', params: UserRefParams, response: { 200: userRef, ...errors(401, 403, 404) } },
  }, async (request) => getUser(db, contextOf(request), await userIdFromRef(db, contextOf(request), request.params.id)));

  api.post('/users', {
    schema: {
      operationId: 'createServiceUser', tags, summary: 'Create a service user (Admin)',
      description: 'The user_id is derived from the name: `Pipeline Automation` → `pipeline_automation@service`. 409 when it exists; 422 when nothing is left of the name. A reason is required for the manager and admin roles.',
      body: CreateServiceUserBody, response: { 201: userRef, ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createServiceUser(db, contextOf(request), request.body);
  });

  api.put('/users/:id', {
    schema: {
      operationId: 'updateUser', tags, summary: 'Change role, teams, owner or purpose (Admin)',
      description: 'A reason is required when the new role is manager or admin. With `until`, the role is time-bound: at that instant the role held before returns by itself (requests are decided with it from that instant on; a job later writes the reversion, audited as access.elevation_expired with actor system). Nobody changes their own role or teams (403); the last active Admin that stays Admin (one without an end) cannot be demoted (409).',
      params: UserRefParams, body: UpdateUserBody, response: { 200: userRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => updateUser(db, contextOf(request), await userIdFromRef(db, contextOf(request), request.params.id), {
    ...request.body,
    ...(request.body.until ? { until: instantOf('until', request.body.until) } : {}),
  }));

  api.delete('/users/:id', {
    schema: {
      operationId: 'deactivateUser', tags, summary: 'Deactivate a user (Admin); the account is kept',
      description: 'The reason may come in a JSON body or as ?reason=. Tokens and sessions of the user stop working at once; reactivation brings back what was neither revoked nor expired.',
      params: UserRefParams, querystring: ReasonQuery, body: ReasonBody, response: { 200: userRef, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => deactivateUser(db, contextOf(request), await userIdFromRef(db, contextOf(request), request.params.id), request.body.reason ?? request.query.reason ?? null));

  api.post('/users/:id/reactivate', {
    schema: {
      operationId: 'reactivateUser', tags, summary: 'Reactivate a user, role and teams intact (Admin)',
      description: 'The answer lists `restored_tokens`: the tokens that work again (those that were live at deactivation and have neither been revoked nor expired since).',
      params: UserRefParams, body: ReasonBody, response: { 200: Type.Ref('ReactivatedUser'), ...errors(401, 403, 404) },
    },
  }, async (request) => reactivateUser(db, contextOf(request), await userIdFromRef(db, contextOf(request), request.params.id), request.body.reason ?? null));

  api.post('/users/:id/review', {
    schema: {
      operationId: 'reviewUser', tags, summary: 'Record a review: keep, or deactivate (Admin)',
      description: 'Records who reviewed, when and why (`note`), and sets `last_reviewed_at`. `decision: "deactivate"` deactivates the user in the same transaction (the last Admin that stays Admin cannot be: 409). A body with only `note` is a keep.',
      params: UserRefParams, body: ReviewBody, response: { 200: userRef, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => reviewUser(db, contextOf(request), await userIdFromRef(db, contextOf(request), request.params.id), request.body.note ?? null, request.body.decision ?? 'keep'));
}
