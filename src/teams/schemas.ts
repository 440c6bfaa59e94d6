import { Type } from '../http/type.ts';
import { AuditEvent } from '../audit/schemas.ts';
import { LEVELS } from '../access/model.ts';
import { Id, Paging, Timestamp, UserSummary, StringEnum } from '../http/schemas.ts';

export const Level = StringEnum([...LEVELS], { description: `A team permission level, lowest first: ${LEVELS.join(' < ')}; each includes everything below it` });
/** No NUL characters: PostgreSQL cannot store them, and no name needs one. */
export const NO_NUL = '^[^\\u0000]*$';
const Name = Type.String({ minLength: 1, maxLength: 255 });
const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const Ids = (what: string) => Type.Array(Id(), { maxItems: 10_000, description: `${what}; the list replaces the current one` });
const Members = Type.Array(
  Type.Object({
    user_id: Id(),
    until: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'The membership ends by itself at this instant (at most 365 days ahead); null or absent: it does not' })),
  }, { additionalProperties: false }),
  { maxItems: 10_000, description: 'Members with when each membership ends; instead of user_ids (not both). The list replaces the current one' },
);

export const Team = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    permission: Level,
    is_public: Type.Boolean({ description: 'The Public team: every user is in it; it cannot be deleted, renamed or have its membership edited' }),
    users: Type.Array(Type.Object({
      id: Type.Integer(),
      user_id: Type.String(),
      name: Type.String(),
      until: Type.Optional(Type.String({ format: 'date-time', description: 'When this membership ends by itself; absent when it does not' })),
    }), { description: 'Stored members, by name. Always empty for the Public team, whose membership is every user (implicit, never stored)' }),
    maintainers: Type.Array(UserSummary, { description: 'Members who may change the team\'s members and maintainers (WARDEN_TEAM_MAINTAINERS=on), by name' }),
    datastores: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    created_at: Timestamp,
    updated_at: Timestamp,
    created_by: Type.Union([UserSummary, Type.Null()]),
  },
  { $id: 'Team' },
);

export const TeamList = Type.Object({ items: Type.Array(Type.Ref('Team')), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'TeamPage' });

export const ListTeamsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 255, pattern: NO_NUL, description: 'Matches name or description (case-insensitive substring)' })),
  ...Paging,
});

export const CreateTeamBody = Type.Object(
  {
    name: Name,
    description: Type.Optional(Description),
    permission: Level,
    user_ids: Type.Optional(Ids('Member user ids')),
    members: Type.Optional(Members),
    datastore_ids: Type.Optional(Ids('Datastore ids')),
  },
  { title: 'CreateTeamRequest', additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    permission: Type.Optional(Level),
    user_ids: Type.Optional(Ids('Member user ids (not for the Public team: 409). Members who stay keep the end of their membership')),
    members: Type.Optional(Members),
    datastore_ids: Type.Optional(Ids('Datastore ids')),
  },
  { title: 'UpdateTeamRequest', additionalProperties: false },
);

export const HistoryQuery = Type.Object({ ...Paging });

/** The least a search must say: a maintainer finds people to add, not a directory to read (issue 21 §2). */
export const CANDIDATE_MIN_QUERY = 2;
export const CANDIDATE_MAX_LIMIT = 50;

export const MemberCandidatesQuery = Type.Object({
  q: Type.String({ minLength: CANDIDATE_MIN_QUERY, maxLength: 255, pattern: NO_NUL, description: `At least ${CANDIDATE_MIN_QUERY} characters (after trimming): part of the name or email, or of a service user's user_id (case-insensitive)` }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CANDIDATE_MAX_LIMIT, default: 20, description: `At most this many people, by name; at most ${CANDIDATE_MAX_LIMIT}` })),
});

/** Only what choosing a person needs: never role, teams, tokens or activity. */
export const MemberCandidate = Type.Object({
  id: Type.Integer(),
  user_id: Type.String({ description: 'A service user\'s readable id (pipeline_automation@service); for a person, derived from the IdP issuer and subject' }),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  type: StringEnum(['personal', 'service'] as const, { description: 'A person, or a service user' }),
}, { title: 'MemberCandidate', additionalProperties: false });

export const MemberCandidateList = Type.Object({
  items: Type.Array(MemberCandidate),
  more: Type.Boolean({ description: 'More people match than `limit`: type more of the name' }),
}, { title: 'MemberCandidatePage' });

/** A team's history: audit events of the team, and of users and datastores put in or taken out of it. */
export const HistoryList = Type.Object({ items: Type.Array(AuditEvent), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'TeamHistoryPage' });
