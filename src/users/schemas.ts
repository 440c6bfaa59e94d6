import { Type } from '../http/type.ts';
import { ROLES } from '../access/model.ts';
import { Id, NullableTimestamp, Paging, Timestamp, UserSummary, StringEnum } from '../http/schemas.ts';
import { USER_SORTS } from './store.ts';

export const Role = StringEnum(ROLES);
const Name = Type.String({ minLength: 1, maxLength: 255 });
const Reason = Type.String({ maxLength: 2000 });

export const User = Type.Object(
  {
    id: Type.Integer(),
    user_id: Type.String({ description: 'pipeline_automation@service for service users; derived from the IdP issuer and subject for personal accounts' }),
    type: StringEnum(['personal', 'service']),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    role: Role,
    elevation: Type.Union([
      Type.Object({
        role: Role,
        until: Timestamp,
        returns_to: Role,
      }, { description: 'A time-bound role: `role` holds until `until` (exclusive), then `returns_to` applies by itself' }),
      Type.Null(),
    ], { description: 'The time-bound role in force, or null when the role does not end' }),
    active: Type.Boolean(),
    teams: Type.Array(Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      until: Type.Optional(Type.String({ format: 'date-time', description: 'When this membership ends by itself; absent when it does not' })),
    })),
    maintains: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), { description: 'The teams the user is a maintainer of (WARDEN_TEAM_MAINTAINERS=on): they may change those teams\' members and maintainers' }),
    owner: Type.Union([UserSummary, Type.Null()]),
    purpose: Type.Union([Type.String(), Type.Null()]),
    created_at: Timestamp,
    created_by: Type.Union([UserSummary, Type.Null()]),
    deactivated_at: NullableTimestamp,
    last_active_at: NullableTimestamp,
    last_reviewed_at: NullableTimestamp,
    review_due_at: Type.Union([Timestamp, Type.Null()], { description: 'Service users: the next review date set for it; null: WARDEN_REVIEW_PERIOD_DAYS (GET /api/info review_period_days) after last_reviewed_at, or created_at' }),
    provisioned_by: StringEnum(['admin', 'sso', 'scim']),
    idp_groups: Type.Union([
      Type.Object({ groups: Type.Array(Type.String()), at: Timestamp }),
      Type.Null(),
    ], { description: 'The directory groups (names or ids) the identity provider sent at the last sign-in that carried them (WARDEN_OIDC_GROUPS_CLAIM), and when; null: none yet' }),
    role_source: StringEnum(['admin', 'directory'], { description: '`directory` when a directory mapping gave the role (group sync may take it back); `admin` when an Admin set it, or the default' }),
  },
  { $id: 'User' },
);

export const RestoredToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  hint: Type.String(),
  kind: StringEnum(['personal', 'service']),
  expires_at: NullableTimestamp,
});

export const ReactivatedUser = Type.Object(
  {
    ...User.properties,
    restored_tokens: Type.Array(RestoredToken, {
      description: 'The tokens that work again with this reactivation (neither revoked nor expired); each is announced as a `token.restored` event with reason `owner_reactivated`. Empty when the user was already active.',
    }),
  },
  { $id: 'ReactivatedUser' },
);

export const UserList = Type.Object({ items: Type.Array(Type.Ref('User')), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'UserPage' });

export const ListUsersQuery = Type.Object({
  type: Type.Optional(Type.String({ pattern: '^(personal|service|Personal|Service|Human|human|PERSONAL|SERVICE|HUMAN)$', description: 'personal or service; Qualytics\' Human (= personal) and Service, in any of these cases, are accepted' })),
  role: Type.Optional(Type.String({ pattern: '^(member|manager|admin|Member|Manager|Admin|MEMBER|MANAGER|ADMIN)$', description: 'member, manager or admin (capitalised as Qualytics writes them: accepted too)' })),
  team: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 50, description: 'A team id or name (without case); repeat `team` for several: users in any of them' })),
  active: Type.Optional(Type.Boolean({ description: 'true or false; both when absent' })),
  include_deleted: Type.Optional(Type.Boolean({ description: 'Qualytics\' name: false is active=true, true includes deactivated users (with active=true: 422)' })),
  q: Type.Optional(Type.String({ maxLength: 255, description: 'Matches name, email or user_id (case-insensitive substring)' })),
  name: Type.Optional(Type.String({ maxLength: 255, description: 'Matches the name only (case-insensitive substring), as Qualytics\' name filter' })),
  sort: Type.Optional(StringEnum([...USER_SORTS, 'last_login'], { default: 'name', description: 'last_login (Qualytics\' name) is last_active_at' })),
  sort_dir: Type.Optional(StringEnum(['asc', 'desc'], { default: 'asc' })),
  ...Paging,
});

/** The fields an Admin sets on a user, at creation (service users) and later (both kinds). */
const assignable = {
  role: Type.Optional(Role),
  team_ids: Type.Optional(Type.Array(Id(), { maxItems: 1000 })),
  owner_id: Type.Optional(Type.Union([Id(), Type.Null()])),
  purpose: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  review_due_at: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Service users: the date of the next review (null: WARDEN_REVIEW_PERIOD_DAYS after the last review). A review clears it.',
  })),
  reason: Type.Optional(Type.Union([Reason, Type.Null()])),
};

export const CreateServiceUserBody = Type.Object({ name: Name, ...assignable }, { title: 'CreateServiceUserRequest', additionalProperties: false });
export const UpdateUserBody = Type.Object({
  ...assignable,
  until: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'With `role`: the role holds until this instant, then the role held before returns by itself (just-in-time elevation; at most 365 days; a reason is required). null: the role holds without end.',
  })),
}, { title: 'UpdateUserRequest', additionalProperties: false });

export const ReasonBody = Type.Object({ reason: Type.Optional(Type.Union([Reason, Type.Null()])) }, { title: 'ReasonRequest', additionalProperties: false });
export const ReasonQuery = Type.Object({ reason: Type.Optional(Reason) });
export const ReviewBody = Type.Object({
  decision: Type.Optional(StringEnum(['keep', 'deactivate'], { default: 'keep', description: 'keep (the default): it stays as it is until the next review; deactivate: deactivated in the same transaction' })),
  note: Type.Optional(Type.Union([Reason, Type.Null()], { description: 'Why: recorded with the review' })),
}, { title: 'ReviewUserRequest', additionalProperties: false });

export const ServiceUserIdQuery = Type.Object({ name: Type.String({ maxLength: 255, description: 'The service user\'s name' }) });
export const ServiceUserIdPreview = Type.Object({
  user_id: Type.Union([Type.String(), Type.Null()], { description: 'null when nothing usable is left of the name' }),
  available: Type.Boolean(),
  detail: Type.Union([Type.String(), Type.Null()], { description: 'Why the name cannot be used, or null' }),
}, { title: 'ServiceUserIdPreview' });
