// AuthZEN 1.0 at the root (the specification's default paths), not under /api: app.ts registers
// these in their own scope with the same authentication hook as /api.
import type { FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { badRequest } from '../http/errors.ts';
import { errors } from '../http/schemas.ts';
import { fieldErrorsOf } from '../http/validation-errors.ts';
import { ActionSearchBody, ActionSearchReply, ConfigurationReply, DecisionReply, EntitySearchReply, EvaluationBody, EvaluationsBody, EvaluationsReply, ResourceSearchBody, SubjectSearchBody } from './schemas.ts';
import { configuration, evaluation, evaluations, searchActions, searchResources, searchSubjects } from './service.ts';

const WHO = 'The caller needs `decisions.evaluate` (Admins have it; give a PEP a service token narrowed to it), else 403. A request the model cannot map (missing subject/action/resource, an unknown action, a subject type other than "user", a resource type other than "datastore"/"platform", a datastore action on the platform) is 400.';

/** AuthZEN answers a malformed request 400 (its §Error Responses), not Warden's usual 422. */
function validated(request: FastifyRequest): void {
  const failure = (request as { validationError?: { validation?: ErrorObject[] } }).validationError;
  if (!failure) return;
  const { errors: list, more } = fieldErrorsOf(failure.validation ?? [], 'body');
  const listed = list.map((e) => (e.path === 'body' ? e.message : `${e.path} ${e.message}`)).join('; ');
  throw badRequest(`The request is not an AuthZEN 1.0 request: ${listed}${more ? `; and ${more} more` : ''}`, list);
}

export function registerAuthzenRoutes(api: ApiInstance, { db, config }: AppContext): void {
  api.post('/access/v1/evaluation', {
    attachValidation: true,
    schema: {
      operationId: 'evaluateAccess', tags: ['decisions'], summary: 'AuthZEN 1.0 access evaluation',
      description: `May the subject take the action on the resource? Warden's own decision (the one \`POST /api/authorize\` makes for a user), in AuthZEN 1.0 shape. Subject \`{type: "user", id: <user_id>}\`, action \`{name: <catalog action>}\`, resource \`{type: "datastore", id: "<id>"}\` or \`{type: "platform", id: "warden"}\`. The answer's \`context\` carries Warden's \`reason\`, \`role\`, \`level\` and \`team\`; an unknown user or datastore is \`{decision: false, context: {error: {status: 404, message}}}\`. ${WHO}`,
      body: EvaluationBody, response: { 200: DecisionReply, ...errors(400, 401, 403, 429) },
    },
  }, async (request) => {
    validated(request);
    return evaluation(db, contextOf(request), request.body);
  });

  api.post('/access/v1/evaluations', {
    attachValidation: true,
    schema: {
      operationId: 'evaluateAccessBatch', tags: ['decisions'], summary: 'AuthZEN 1.0 access evaluations (boxcarred)',
      description: `Several evaluations in one request, answered in order. Top-level \`subject\`, \`action\`, \`resource\` and \`context\` are defaults each evaluation may override. \`options.evaluations_semantic\`: \`execute_all\` (default), \`deny_on_first_deny\` (stops after the first denial), \`permit_on_first_permit\` (stops after the first permit). An evaluation Warden cannot answer is a closed decision whose \`context.error\` says why (400 or 404); one left without subject, action or resource makes the whole request 400. Without \`evaluations\` it answers like a single evaluation. ${WHO}`,
      body: EvaluationsBody, response: { 200: EvaluationsReply, ...errors(400, 401, 403, 429) },
    },
  }, async (request) => {
    validated(request);
    return evaluations(db, contextOf(request), request.body);
  });

  const paging = 'Paged as AuthZEN says: `page: {limit}` (default 100, at most 1000) and `page: {token: <next_token>}` with the rest of the request unchanged (else 400); `page.next_token` in the answer is empty on the last page.';
  api.post('/access/v1/search/subject', {
    attachValidation: true,
    schema: {
      operationId: 'searchSubjects', tags: ['decisions'], summary: 'AuthZEN 1.0 subject search: who may take this action on this datastore',
      description: `The users (\`{type: "user", id: <user_id>}\`) whose evaluation of the action on the resource is a permit. ${paging} ${WHO}`,
      body: SubjectSearchBody, response: { 200: EntitySearchReply, ...errors(400, 401, 403, 429) },
    },
  }, async (request) => {
    validated(request);
    return searchSubjects(db, contextOf(request), request.body);
  });

  api.post('/access/v1/search/resource', {
    attachValidation: true,
    schema: {
      operationId: 'searchResources', tags: ['decisions'], summary: 'AuthZEN 1.0 resource search: on which datastores may this user take this action',
      description: `The datastores (\`{type: "datastore", id}\`) on which the subject's evaluation of the action is a permit; with \`resource.type: "platform"\` and a platform action, \`[{type: "platform", id: "warden"}]\` or nothing. An unknown user gets no results. ${paging} ${WHO}`,
      body: ResourceSearchBody, response: { 200: EntitySearchReply, ...errors(400, 401, 403, 429) },
    },
  }, async (request) => {
    validated(request);
    return searchResources(db, contextOf(request), request.body);
  });

  api.post('/access/v1/search/action', {
    attachValidation: true,
    schema: {
      operationId: 'searchActions', tags: ['decisions'], summary: 'AuthZEN 1.0 action search: what may this user do on this datastore',
      description: `The catalog actions of the resource's kind (datastore actions on a datastore, platform actions on the platform) the subject may take. An unknown user or datastore gets no results. ${paging} ${WHO}`,
      body: ActionSearchBody, response: { 200: ActionSearchReply, ...errors(400, 401, 403, 429) },
    },
  }, async (request) => {
    validated(request);
    return searchActions(db, contextOf(request), request.body);
  });

  api.get('/.well-known/authzen-configuration', {
    config: { auth: 'public' },
    schema: {
      operationId: 'getAuthzenConfiguration', tags: ['decisions'], summary: 'AuthZEN 1.0 PDP metadata',
      description: 'The Policy Decision Point metadata: its identifier (`WARDEN_PUBLIC_URL`) and the URL of each endpoint. Public.',
      response: { 200: ConfigurationReply },
    },
  }, async () => configuration(config.publicUrl));
}
