import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { IdParams, errors } from '../http/schemas.ts';
import { CreateDirectoryMappingBody, DirectoryMapping, DirectoryMappingList } from './schemas.ts';
import { createMapping, deleteMapping, listMappings } from './service.ts';

const tags = ['directory'];

export function registerDirectoryRoutes(api: ApiInstance, { db }: AppContext): void {
  api.addSchema(DirectoryMapping);

  api.get('/directory-mappings', {
    schema: {
      operationId: 'listDirectoryMappings', tags, summary: 'List directory mappings (Admin)',
      description: 'Every mapping from a directory group (name or IdP group id) to a team or a role, by group. Applied at OIDC sign-in (WARDEN_OIDC_GROUP_SYNC) and, for roles, to SCIM group membership.',
      response: { 200: DirectoryMappingList, ...errors(401, 403) },
    },
  }, async (request) => {
    const items = await listMappings(db, contextOf(request));
    return { items, total: items.length };
  });

  api.post('/directory-mappings', {
    schema: {
      operationId: 'createDirectoryMapping', tags, summary: 'Map a directory group to a team or a role (Admin)',
      description: '`{"group": "Data Engineers", "team_id": 3}` or `{"group": "Warden Admins", "role": "admin", "reason": "…"}`. Groups are matched without case; an IdP group id works the same way. A role mapping needs a reason (422). The same group mapped twice to the same team or role is 409. Audited.',
      body: CreateDirectoryMappingBody, response: { 201: Type.Ref('DirectoryMapping'), ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createMapping(db, contextOf(request), request.body);
  });

  api.delete('/directory-mappings/:id', {
    schema: {
      operationId: 'deleteDirectoryMapping', tags, summary: 'Remove a directory mapping (Admin)',
      description: 'Takes effect at the next sign-in or SCIM change of each person: nothing is taken away now. Audited.',
      params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) },
    },
  }, async (request, reply) => {
    await deleteMapping(db, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
