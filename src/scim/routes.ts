// /api/scim/v2: SCIM 2.0 (RFC 7643/7644) for Okta, Entra ID and other directories.
// Its own scope: SCIM+JSON bodies in and out, SCIM errors (including the shared auth hook's),
// and reachable by SCIM-only tokens. The token's owner must be an active Admin.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { invalidSyntax, invalidValue, ScimError, scimNotFound, toScimError } from './errors.ts';
import { AppError } from '../http/errors.ts';
import { parseJsonBody } from '../http/json-body.ts';
import { project } from './resource.ts';
import { ALL_SCHEMAS, resourceTypes, schemaDocument, serviceProviderConfig, LIST_RESPONSE } from './schemas.ts';
import {
  createScimGroup, createScimUser, deleteScimGroup, deleteScimUser, getScimGroup, getScimUser, listScimGroupsPage, listScimUsersPage,
  patchScimGroup, patchScimUser, replaceScimGroup, replaceScimUser, searchAllResources, type ListParams, type Versioned,
} from './service.ts';

const SCIM_TYPE = 'application/scim+json; charset=utf-8';
const tags = ['scim'];

const ListQuery = Type.Object({
  filter: Type.Optional(Type.String({ description: 'A SCIM filter, e.g. userName eq "ada@example.com"' })),
  sortBy: Type.Optional(Type.String()),
  sortOrder: Type.Optional(Type.String({ description: 'ascending (default) or descending' })),
  startIndex: Type.Optional(Type.String({ description: '1-based index of the first result' })),
  count: Type.Optional(Type.String({ description: 'Results per page (default 100, at most 1000)' })),
  attributes: Type.Optional(Type.String()),
  excludedAttributes: Type.Optional(Type.String()),
});
const ProjectionQuery = Type.Object({ attributes: Type.Optional(Type.String()), excludedAttributes: Type.Optional(Type.String()) });
const IdParam = Type.Object({ id: Type.String() });
const AnyBody = Type.Unknown({ description: 'A SCIM resource or message (application/scim+json or application/json)' });
const ScimErrorSchema = Type.Object({
  schemas: Type.Array(Type.String()),
  status: Type.String({ description: 'The HTTP status, as a string' }),
  scimType: Type.Optional(Type.String()),
  detail: Type.String(),
}, { title: 'ScimError', description: 'A SCIM Error (RFC 7644 §3.12), application/scim+json' });

/** Documents the answers of a route (replies are sent pre-serialized as application/scim+json). */
function answers(success: number, description: string, ...errorStatuses: number[]) {
  const out: Record<number, unknown> = { [success]: success === 204 ? Type.Null({ description }) : Type.Unknown({ description }) };
  for (const s of [401, 403, ...errorStatuses]) out[s] = ScimErrorSchema;
  return out;
}

function send(reply: FastifyReply, status: number, body: unknown, etag?: string): FastifyReply {
  reply.status(status).header('content-type', SCIM_TYPE);
  if (etag) reply.header('etag', etag);
  return reply.send(JSON.stringify(body));
}

function integerParam(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value).trim();
  if (!/^-?\d{1,12}$/.test(text)) throw invalidValue(`${name} must be an integer`);
  return Number(text);
}

/** The parameters of a SearchRequest body (RFC 7644 §3.4.3): those of a GET, attributes as arrays. */
function searchParamsOf(body: unknown): ListParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidSyntax('The body must be a SearchRequest object');
  return listParamsOf(body as Record<string, unknown>);
}

function listParamsOf(q: Record<string, unknown>): ListParams {
  const s = (v: unknown, name: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map(String).join(',');
    if (typeof v !== 'string' && typeof v !== 'number') throw invalidValue(`${name} must be a string`);
    return String(v);
  };
  return {
    filter: s(q.filter, 'filter'),
    sortBy: s(q.sortBy, 'sortBy'),
    sortOrder: s(q.sortOrder, 'sortOrder'),
    startIndex: integerParam(s(q.startIndex, 'startIndex'), 'startIndex'),
    count: integerParam(s(q.count, 'count'), 'count'),
    attributes: s(q.attributes, 'attributes'),
    excludedAttributes: s(q.excludedAttributes, 'excludedAttributes'),
  };
}

function idOf(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

function ifMatchOf(request: FastifyRequest) {
  const h = request.headers['if-match'];
  return { ifMatch: Array.isArray(h) ? h.join(',') : h };
}

/** GET with If-None-Match answers 304 when the client's copy is current. */
function sendResource(request: FastifyRequest, reply: FastifyReply, v: Versioned, project: (doc: Versioned['resource']) => unknown) {
  const none = request.headers['if-none-match'];
  if (typeof none === 'string' && none.split(',').some((t) => t.trim().replace(/^W\//, '') === v.etag.replace(/^W\//, ''))) {
    return reply.status(304).header('etag', v.etag).send();
  }
  return send(reply, 200, project(v.resource), v.etag);
}

export function registerScimRoutes(api: ApiInstance, { db, config }: AppContext): void {
  const baseUrl = `${config.publicUrl}/api/scim/v2`;

  api.register(async (scim) => {
    // Bodies: SCIM clients send application/scim+json or application/json; an empty body is no body.
    scim.removeContentTypeParser('application/json');
    scim.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (_request, body, done) => {
      const text = String(body);
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, parseJsonBody(text));
      } catch (err) {
        done(err instanceof AppError ? err : invalidSyntax(`The request body is not valid JSON: ${(err as Error).message}`), undefined);
      }
    });

    // Every error here, the auth hook's 401/403/429 included, is a SCIM Error.
    scim.setErrorHandler((err, request, reply) => {
      const e = toScimError(err, request.id);
      if (e.status === 500) request.log.error({ err }, 'unhandled error');
      if (e.headers) reply.headers(e.headers);
      return send(reply, e.status, e.body);
    });
    const noEndpoint = async (request: FastifyRequest, reply: FastifyReply) => send(reply, 404, toScimError(new ScimError(404, `No SCIM endpoint ${request.method} ${request.url.split('?')[0]}`), request.id).body);
    scim.setNotFoundHandler(noEndpoint);
    // A route (not only the not-found handler) so that a SCIM-only token gets 404 here, not 403.
    scim.route({ method: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'], url: '/*', config: { scim: true }, schema: { hide: true }, handler: noEndpoint });

    // A SCIM client acts for the directory: only an Admin's token may (SCIM-only or not).
    scim.addHook('preHandler', async (request) => {
      const p = request.principal;
      if (!p) return;
      if (p.role !== 'admin') throw new ScimError(403, 'SCIM provisioning needs a token of an active Admin');
    });

    const opts = (operationId: string, summary: string, description: string, extra: Record<string, unknown> = {}) => ({ config: { scim: true }, schema: { operationId, tags, summary, description, ...extra } });

    // ---- discovery
    const spc = async (_request: FastifyRequest, reply: FastifyReply) => send(reply, 200, serviceProviderConfig(baseUrl));
    scim.get('/ServiceProviderConfig', opts('getScimServiceProviderConfig', 'SCIM service provider configuration', 'What this SCIM service supports (RFC 7644 §4): PATCH, filter, sort, ETags and bulk (not supported), and how to authenticate (an Admin\'s bearer token).', { response: answers(200, 'ServiceProviderConfig') }), spc);
    // Alias: Microsoft's conformance collection reads /serviceConfiguration, which RFC 7644 does not define.
    scim.get('/serviceConfiguration', { config: { scim: true }, schema: { hide: true, response: answers(200, 'ServiceProviderConfig') } }, spc);

    scim.get('/ResourceTypes', opts('listScimResourceTypes', 'SCIM resource types', 'The resource types served: User (with the EnterpriseUser and Warden extensions) and Group.', { response: answers(200, 'ListResponse of ResourceTypes') }), async (_request, reply) => {
      const all = resourceTypes(baseUrl);
      return send(reply, 200, { schemas: [LIST_RESPONSE], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all });
    });
    scim.get('/ResourceTypes/:id', opts('getScimResourceType', 'One SCIM resource type', 'One resource type by id (User or Group); 404 for any other.', { params: IdParam, response: answers(200, 'ResourceType', 404) }), async (request, reply) => {
      const found = resourceTypes(baseUrl).find((r) => r.id === idOf(request));
      if (!found) throw scimNotFound(`ResourceType ${idOf(request)}`);
      return send(reply, 200, found);
    });
    scim.get('/Schemas', opts('listScimSchemas', 'SCIM schemas: User, Group, EnterpriseUser, Warden\'s extension', 'The attribute definitions of every schema served, as RFC 7643 §7 describes them.', { response: answers(200, 'ListResponse of Schemas') }), async (_request, reply) => {
      const all = ALL_SCHEMAS.map((s) => schemaDocument(s, baseUrl));
      return send(reply, 200, { schemas: [LIST_RESPONSE], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all });
    });
    scim.get('/Schemas/:id', opts('getScimSchema', 'One SCIM schema', 'One schema by its URN (case-insensitive); 404 for any other.', { params: IdParam, response: answers(200, 'Schema', 404) }), async (request, reply) => {
      const found = ALL_SCHEMAS.find((s) => s.id.toLowerCase() === idOf(request).toLowerCase());
      if (!found) throw scimNotFound(`Schema ${idOf(request)}`);
      return send(reply, 200, schemaDocument(found, baseUrl));
    });

    // ---- a search across Users and Groups (RFC 7644 §3.4.3)
    scim.post('/.search', opts('searchScimResources', 'Search Users and Groups together (a SearchRequest body; Users first, then Groups)', 'A SearchRequest (RFC 7644 §3.4.3) across both resource types: filter, attributes, sortBy, startIndex and count, answered as one ListResponse.', { body: AnyBody, response: answers(200, 'ListResponse', 400) }), async (request, reply) =>
      send(reply, 200, await searchAllResources(db, contextOf(request), searchParamsOf(request.body), baseUrl)));

    // ---- users and groups: the same seven routes each
    const resources = [
      { path: '/Users', name: 'User', list: listScimUsersPage, create: createScimUser, get: getScimUser, replace: replaceScimUser, patch: patchScimUser, remove: deleteScimUser },
      { path: '/Groups', name: 'Group', list: listScimGroupsPage, create: createScimGroup, get: getScimGroup, replace: replaceScimGroup, patch: patchScimGroup, remove: deleteScimGroup },
    ] as const;
    for (const r of resources) {
      scim.get(r.path, opts(`listScim${r.name}s`, `List or filter ${r.name}s`, `${r.name}s one page at a time (startIndex, count), with an optional SCIM filter (RFC 7644 §3.4.2.2), sortBy, attributes and excludedAttributes. A malformed filter answers 400 invalidFilter.`, { querystring: ListQuery, response: answers(200, 'ListResponse', 400) }), async (request, reply) =>
        send(reply, 200, await r.list(db, contextOf(request), listParamsOf(request.query as Record<string, unknown>), baseUrl)));

      if (r.name === 'User') {
        // Alias: Microsoft's conformance collection lists users at lowercase /users (RFC 7644: /Users).
        scim.get('/users', { config: { scim: true }, schema: { hide: true, querystring: ListQuery, response: answers(200, 'ListResponse', 400) } }, async (request, reply) =>
          send(reply, 200, await r.list(db, contextOf(request), listParamsOf(request.query as Record<string, unknown>), baseUrl)));
      }

      scim.post(`${r.path}/.search`, opts(`searchScim${r.name}s`, `Search ${r.name}s (a SearchRequest body)`, `The same as listing ${r.name}s, with the query in a SearchRequest body (RFC 7644 §3.4.3), so that a filter stays out of URLs and logs.`, { body: AnyBody, response: answers(200, 'ListResponse', 400) }), async (request, reply) => {
        return send(reply, 200, await r.list(db, contextOf(request), searchParamsOf(request.body), baseUrl));
      });

      scim.post(r.path, opts(`createScim${r.name}`, `Create a ${r.name}`, r.name === 'User' ? 'Provisions a personal account from the identity provider (userName is its login). 409 uniqueness when it exists. Answers 201 with ETag and Location.' : 'Creates a team from a group, with its members. 409 uniqueness when a team has the name. Answers 201 with ETag and Location.', { body: AnyBody, response: answers(201, `The created ${r.name}, with ETag and Location`, 400, 409) }), async (request, reply) => {
        const v = await r.create(db, contextOf(request), request.body, baseUrl);
        reply.header('location', (v.resource.meta as { location: string }).location);
        return send(reply, 201, v.resource, v.etag);
      });

      scim.get(`${r.path}/:id`, opts(`getScim${r.name}`, `One ${r.name}`, `One ${r.name} by id, with its ETag; If-None-Match answers 304 when it has not changed. attributes and excludedAttributes select what is returned.`, { params: IdParam, querystring: ProjectionQuery, response: { ...answers(200, `The ${r.name}, with ETag`, 404), 304: Type.Null({ description: 'Not modified (If-None-Match)' }) } }), async (request, reply) => {
        const v = await r.get(db, contextOf(request), idOf(request), baseUrl);
        const q = listParamsOf(request.query as Record<string, unknown>);
        return sendResource(request, reply, v, (doc) => project(r.name, doc, q.attributes, q.excludedAttributes));
      });

      scim.put(`${r.path}/:id`, opts(`replaceScim${r.name}`, `Replace a ${r.name} (If-Match honoured)`, `Replaces the ${r.name}'s attributes with the body's (RFC 7644 §3.5.1). A stale If-Match answers 412; a clash with another ${r.name}'s name 409.`, { params: IdParam, body: AnyBody, response: answers(200, `The ${r.name}, with ETag`, 400, 404, 409, 412) }), async (request, reply) => {
        const v = await r.replace(db, contextOf(request), idOf(request), request.body, ifMatchOf(request), baseUrl);
        return send(reply, 200, v.resource, v.etag);
      });

      scim.patch(`${r.path}/:id`, opts(`patchScim${r.name}`, `Modify a ${r.name} with a PatchOp (If-Match honoured)`, `Applies the operations of a PatchOp (add, replace, remove; RFC 7644 §3.5.2) all or none, in one transaction. A stale If-Match answers 412.`, { params: IdParam, body: AnyBody, response: answers(200, `The ${r.name}, with ETag`, 400, 404, 409, 412) }), async (request, reply) => {
        const v = await r.patch(db, contextOf(request), idOf(request), request.body, ifMatchOf(request), baseUrl);
        return send(reply, 200, v.resource, v.etag);
      });

      scim.delete(`${r.path}/:id`, opts(`deleteScim${r.name}`, r.name === 'User' ? 'Deprovision a User: deactivate and detach (the account is kept)' : 'Delete a Group (its team)', r.name === 'User' ? 'Deactivates the account and detaches it from the directory: its tokens and sessions stop working at once; the account and its audit trail are kept. 204.' : 'Deletes the team the group provisioned; its members keep their accounts. 204.', { params: IdParam, response: answers(204, 'Done', 404, 409, 412) }), async (request, reply) => {
        await r.remove(db, contextOf(request), idOf(request), ifMatchOf(request), baseUrl);
        return reply.status(204).send();
      });
    }
  }, { prefix: '/scim/v2' });
}
