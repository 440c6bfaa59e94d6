import { Type } from '../http/type.ts';
import { Id, StringEnum, Timestamp } from '../http/schemas.ts';

const NO_NUL = '^[^\\u0000]*$';

export const DirectoryMapping = Type.Object(
  {
    id: Type.Integer(),
    group: Type.String({ description: 'The directory group: a name (matched without case) or an IdP group id (Entra ID object id)' }),
    team: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()], { description: 'The team the group gives (with the team\'s level), or null for a role mapping' }),
    role: Type.Union([StringEnum(['manager', 'admin']), Type.Null()], { description: 'The role the group gives, or null for a team mapping' }),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'Why the role is given: recorded with every elevation the mapping makes' }),
    created_at: Timestamp,
    created_by: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'DirectoryMapping' },
);

export const DirectoryMappingList = Type.Object({ items: Type.Array(Type.Ref('DirectoryMapping')), total: Type.Integer() });

export const CreateDirectoryMappingBody = Type.Object(
  {
    group: Type.String({ minLength: 1, maxLength: 256, pattern: NO_NUL, description: 'A group name (any case) or an IdP group id' }),
    team_id: Type.Optional(Id('The team the group gives; or send role')),
    role: Type.Optional(StringEnum(['manager', 'admin'], { description: 'The role the group gives; needs reason' })),
    reason: Type.Optional(Type.Union([Type.String({ maxLength: 2000, pattern: NO_NUL }), Type.Null()])),
  },
  { additionalProperties: false },
);
