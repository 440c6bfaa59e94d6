import { Type } from '../http/type.ts';
import { Id, Paging, Timestamp, UserSummary, StringEnum } from '../http/schemas.ts';
import { NO_NUL } from '../teams/schemas.ts';

const Kind = StringEnum(['source', 'enrichment'], { description: 'source or enrichment' });
const Name = Type.String({ minLength: 1, maxLength: 255, description: 'Unique regardless of case' });
const Description = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);
const TeamIds = Type.Array(Id(), {
  maxItems: 10_000,
  description: 'The teams holding the datastore (the Public team included if listed); replaces the current list. Needs teams.manage (Admin): putting a datastore in a team grants access to it',
});

export const Datastore = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    kind: Kind,
    description: Type.Union([Type.String(), Type.Null()]),
    teams: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }), {
      description: 'Teams holding the datastore. Managers and Admins see all of them; a member sees the teams through which they reach it',
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
    created_by: Type.Union([UserSummary, Type.Null()]),
  },
  { $id: 'Datastore' },
);

export const DatastoreList = Type.Object({ items: Type.Array(Type.Ref('Datastore')), total: Type.Integer(), page: Type.Integer(), size: Type.Integer() }, { title: 'DatastorePage' });

export const ListDatastoresQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 255, pattern: NO_NUL, description: 'Matches name or description (case-insensitive substring)' })),
  kind: Type.Optional(Kind),
  ...Paging,
});

export const CreateDatastoreBody = Type.Object(
  { name: Name, kind: Kind, description: Type.Optional(Description), team_ids: Type.Optional(TeamIds) },
  { title: 'CreateDatastoreRequest', additionalProperties: false },
);

export const UpdateDatastoreBody = Type.Object(
  { name: Type.Optional(Name), kind: Type.Optional(Kind), description: Type.Optional(Description), team_ids: Type.Optional(TeamIds) },
  { title: 'UpdateDatastoreRequest', additionalProperties: false },
);
