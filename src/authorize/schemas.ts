import { Type } from '../http/type.ts';
import { ACTION_NAMES, ACTIONS, LEVELS, ROLES } from '../access/model.ts';
import { Id, UserSummary, StringEnum } from '../http/schemas.ts';

const PLATFORM = ACTION_NAMES.filter((a) => ACTIONS[a].kind === 'platform');
const DATASTORE = ACTION_NAMES.filter((a) => ACTIONS[a].kind === 'datastore');

export const Action = StringEnum([...ACTION_NAMES], { description: 'An action of the catalog (see the table in the API description). Unknown actions answer 422' });
const Level = StringEnum([...LEVELS]);
const Role = StringEnum([...ROLES]);
const TeamRef = Type.Object({ id: Type.Integer(), name: Type.String() });
const REASONS = ['inactive', 'admin', 'role', 'insufficient_role', 'personal_accounts_only', 'team', 'insufficient_level', 'no_team', 'admin_only', 'datastore_required'];

export const AuthorizeBody = Type.Object(
  {
    action: Action,
    datastore_id: Type.Optional(Id('Required for datastore actions; ignored for platform actions')),
    user_id: Type.Optional(
      Type.Union([Id(), Type.String({ minLength: 1, maxLength: 300 })], {
        description: 'Decide for this user (numeric id or user_id string) instead of the caller; needs users.read unless it is the caller',
      }),
    ),
  },
  { title: 'AuthorizeRequest', additionalProperties: false },
);

export const AuthorizeReply = Type.Object({
  allowed: Type.Boolean(),
  reason: StringEnum(REASONS, {
    description: 'admin (bypass), role (platform action allowed by the role), team (granted by `team` at `level`); denials: inactive, insufficient_role, personal_accounts_only, no_team, insufficient_level, admin_only',
  }),
  role: Role,
  level: Type.Union([Level, Type.Null()], { description: 'The effective level on the datastore: the highest over the teams holding both the user and the datastore' }),
  team: Type.Union([TeamRef, Type.Null()], { description: 'The team that grants that level' }),
  action: Action,
  user: UserSummary,
  datastore_id: Type.Union([Type.Integer(), Type.Null()]),
}, { title: 'Decision' });

export const ActionsReply = Type.Object({
  items: Type.Array(
    Type.Object({
      name: Action,
      kind: Type.Enum(['platform', 'datastore']),
      description: Type.String(),
      min_role: Type.Union([Role, Type.Null()], { description: 'Platform action: the lowest role allowed. Datastore action: a role needed besides the level (or null)' }),
      min_level: Type.Union([Level, Type.Null()], { description: 'Datastore action: the lowest team level (null: Admin only). Platform action: null' }),
      min_level_on_enrichment: Type.Union([Level, Type.Null()], { description: 'The lowest level on an enrichment datastore when higher than min_level (datastore.read: viewer), else null' }),
      personal_only: Type.Boolean({ description: 'Only personal accounts may take it' }),
    }),
  ),
});

export const PermissionsReply = Type.Object({
  user: UserSummary,
  type: StringEnum(['personal', 'service']),
  role: Role,
  active: Type.Boolean({ description: 'A deactivated user may do nothing: both action lists are empty' }),
  all_datastores: Type.Boolean({ description: 'true for an active Admin: every datastore action on every datastore, whatever the teams (admin bypass)' }),
  platform_actions: Type.Array(StringEnum(PLATFORM)),
  datastores: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      kind: StringEnum(['source', 'enrichment']),
      level: Level,
      team: Type.Object({ id: Type.Integer(), name: Type.String() }, { description: 'The team granting the level' }),
      teams: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), level: Level }), { description: 'Every team reaching the datastore, highest level first' }),
      actions: Type.Array(StringEnum(DATASTORE)),
    }),
    { description: 'The datastores the user reaches through a team (the Public team included), by name' },
  ),
}, { title: 'Permissions' });

// Strings, checked by the handler: a proxy filling the query from variables sends empty values
// (\`?action=&datastore_id=\`) for "none", which must mean absent rather than invalid.
export const ForwardAuthQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 100, description: 'An action of the catalog; empty or absent: authenticate only' })),
  datastore_id: Type.Optional(Type.String({ maxLength: 20, description: 'A datastore id, required with datastore actions; empty means absent' })),
});
