import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { IdParams, errors } from '../http/schemas.ts';
import { CreateDatastoreBody, Datastore, DatastoreList, ListDatastoresQuery, UpdateDatastoreBody } from './schemas.ts';
import { createDatastore, deleteDatastore, getDatastore, listDatastores, updateDatastore } from './service.ts';

const tags = ['datastores'];
const VISIBILITY = 'A member sees only the datastores a team of theirs reaches (the Public team included); any other id answers 404, never 403. Managers and Admins see every registry entry.';

export function registerDatastoreRoutes(api: ApiInstance, { db }: AppContext): void {
  api.addSchema(Datastore);
  const datastoreRef = Type.Ref('Datastore');

  api.get('/datastores', {
    schema: { operationId: 'listDatastores', tags, summary: 'List the datastores the caller can see, by name', description: VISIBILITY, querystring: ListDatastoresQuery, response: { 200: DatastoreList, ...errors(401, 422) } },
  }, async (request) => {
    const q = request.query;
    const page = q.page ?? 1;
    const size = q.size ?? 50;
    const { items, total } = await listDatastores(db, contextOf(request), { q: q.q, kind: q.kind, offset: (page - 1) * size, limit: size });
    return { items, total, page, size };
  });

  api.get('/datastores/:id', {
    schema: { operationId: 'getDatastore', tags, summary: 'One datastore', description: VISIBILITY, params: IdParams, response: { 200: datastoreRef, ...errors(401, 404) } },
  }, async (request) => getDatastore(db, contextOf(request), request.params.id));

  api.post('/datastores', {
    schema: {
      operationId: 'createDatastore', tags, summary: 'Register a datastore (datastores.create: Manager, Admin)',
      description: 'Names are unique regardless of case (409). Without `team_ids` no team reaches it yet (default-deny); `team_ids` needs teams.manage (Admin), as does editing a team\'s `datastore_ids`.',
      body: CreateDatastoreBody, response: { 201: datastoreRef, ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createDatastore(db, contextOf(request), request.body);
  });

  api.put('/datastores/:id', {
    schema: {
      operationId: 'updateDatastore', tags, summary: 'Change a datastore (datastore.manage: the editor level through a team, or Admin)',
      description: `Fields left out stay as they are. \`team_ids\` needs teams.manage (Admin). ${VISIBILITY}`,
      params: IdParams, body: UpdateDatastoreBody, response: { 200: datastoreRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => updateDatastore(db, contextOf(request), request.params.id, request.body));

  api.delete('/datastores/:id', {
    schema: {
      operationId: 'deleteDatastore', tags, summary: 'Delete a datastore (datastores.delete: Admin)',
      description: `It leaves every team that held it. ${VISIBILITY}`,
      params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) },
    },
  }, async (request, reply) => {
    await deleteDatastore(db, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });
}
