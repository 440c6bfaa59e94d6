// AuthZEN 1.0 (OpenID Foundation Authorization API 1.0) request and response shapes. Unknown
// fields are ignored, as the specification requires of receivers (§ JSON Serialization).
import { Type } from '../http/type.ts';

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 300, description });
const Properties = Type.Optional(Type.Object({}, { description: 'Ignored: Warden decides from its own data' }));

const Subject = Type.Object({
  type: Text('"user"'),
  id: Text('The user\'s `user_id` (as in `X-Warden-User-Id` and the introspection `sub`)'),
  properties: Properties,
}, { description: 'Who: `{type: "user", id: <user_id>}`' });
const SubjectType = Type.Object({ type: Text('"user"'), id: Type.Optional(Type.String({ maxLength: 300, description: 'Ignored in a subject search' })), properties: Properties });

const Resource = Type.Object({
  type: Text('"datastore" or "platform"'),
  id: Type.String({ maxLength: 300, description: 'The datastore id (decimal) for "datastore"; any value (e.g. "warden") for "platform"' }),
  properties: Properties,
}, { description: 'On what: `{type: "datastore", id: "<datastore id>"}` for datastore actions, `{type: "platform", id: "warden"}` for platform actions' });
const ResourceType = Type.Object({ type: Text('"datastore" or "platform"'), id: Type.Optional(Type.String({ maxLength: 300, description: 'Ignored in a resource search' })), properties: Properties });

const Action = Type.Object({ name: Text('An action of the catalog (`datastore.read`, `users.manage`…)'), properties: Properties }, { description: 'What: `{name: <catalog action>}`' });
const Context = Type.Object({}, { description: 'Accepted and ignored: Warden decides at the time of the request' });

export const EvaluationBody = Type.Object({ subject: Subject, action: Action, resource: Resource, context: Type.Optional(Context) });

export const EvaluationsBody = Type.Object({
  subject: Type.Optional(Subject),
  action: Type.Optional(Action),
  resource: Type.Optional(Resource),
  context: Type.Optional(Context),
  evaluations: Type.Optional(Type.Array(Type.Object({ subject: Type.Optional(Subject), action: Type.Optional(Action), resource: Type.Optional(Resource), context: Type.Optional(Context) }), { maxItems: 1000, description: 'Each evaluation; a key it leaves out is taken from the top level' })),
  options: Type.Optional(Type.Object({ evaluations_semantic: Type.Optional(Type.Enum(['execute_all', 'deny_on_first_deny', 'permit_on_first_permit'])) })),
});

const PageRequest = Type.Optional(Type.Object({
  token: Type.Optional(Type.String({ maxLength: 2000, description: 'The `next_token` of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Results per page (default 100; 0 means the default)' })),
}));

export const SubjectSearchBody = Type.Object({ subject: SubjectType, action: Action, resource: Resource, context: Type.Optional(Context), page: PageRequest });
export const ResourceSearchBody = Type.Object({ subject: Subject, action: Action, resource: ResourceType, context: Type.Optional(Context), page: PageRequest });
export const ActionSearchBody = Type.Object({ subject: Subject, resource: Resource, context: Type.Optional(Context), page: PageRequest });

const DecisionContext = Type.Object({
  reason: Type.Optional(Type.String({ description: 'Warden\'s reason, as `POST /api/authorize` names it' })),
  role: Type.Optional(Type.String()),
  level: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'The effective level on the datastore' })),
  team: Type.Optional(Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()], { description: 'The team granting that level' })),
  error: Type.Optional(Type.Object({ status: Type.Integer(), message: Type.String() }, { description: 'Why no decision could be made (404: no such user or datastore; 400: an evaluation Warden cannot map)' })),
});

export const DecisionReply = Type.Object({ decision: Type.Boolean(), context: Type.Optional(DecisionContext) });
export const EvaluationsReply = Type.Object({
  decision: Type.Optional(Type.Boolean({ description: 'Only when the request had no `evaluations` (a single evaluation)' })),
  context: Type.Optional(DecisionContext),
  evaluations: Type.Optional(Type.Array(DecisionReply)),
});

const PageReply = Type.Object({
  next_token: Type.String({ description: 'Empty on the last page' }),
  count: Type.Integer(),
  total: Type.Optional(Type.Integer()),
});
export const EntitySearchReply = Type.Object({ page: PageReply, results: Type.Array(Type.Object({ type: Type.String(), id: Type.String() })) });
export const ActionSearchReply = Type.Object({ page: PageReply, results: Type.Array(Type.Object({ name: Type.String() })) });

export const ConfigurationReply = Type.Object({
  policy_decision_point: Type.String(),
  access_evaluation_endpoint: Type.String(),
  access_evaluations_endpoint: Type.String(),
  search_subject_endpoint: Type.String(),
  search_resource_endpoint: Type.String(),
  search_action_endpoint: Type.String(),
});
