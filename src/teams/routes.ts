import { Type } from '../http/type.ts';
import type { ApiInstance, AppContext } from '../http/context.ts';
import { contextOf } from '../http/auth.ts';
import { IdParams, errors } from '../http/schemas.ts';
import { CreateTeamBody, HistoryList, HistoryQuery, ListTeamsQuery, MemberCandidateList, MemberCandidatesQuery, Team, TeamList, UpdateTeamBody } from './schemas.ts';
import { addMaintainer, addTeamMember, createTeam, deleteTeam, getTeam, listTeams, memberCandidates, removeMaintainer, removeTeamMember, teamHistory, updateTeam } from './service.ts';
import { Id } from '../http/schemas.ts';

const tags = ['teams'];

const MemberParams = Type.Object({ id: Id(), user_id: Id() });
const UserIdBody = Type.Object({ user_id: Id() }, { additionalProperties: false });

export function registerTeamRoutes(api: ApiInstance, { db, config }: AppContext): void {
  const policy = { maintainersOn: config.teamMaintainers };
  api.addSchema(Team);
  const teamRef = Type.Ref('Team');

  api.get('/teams', {
    schema: { operationId: 'listTeams', description: 'Teams by name, one page at a time, with their members and datastores; `q` matches name or description.', tags, summary: 'List teams, by name (teams.read: Manager, Admin)', querystring: ListTeamsQuery, response: { 200: TeamList, ...errors(401, 403, 422) } },
  }, async (request) => {
    const page = request.query.page ?? 1;
    const size = request.query.size ?? 50;
    const { items, total } = await listTeams(db, contextOf(request), { q: request.query.q, offset: (page - 1) * size, limit: size });
    return { items, total, page, size };
  });

  api.get('/teams/:id', {
    schema: { operationId: 'getTeam', description: 'One team with its members (and when each membership ends) and the datastores it reaches at its level.', tags, summary: 'One team (teams.read: Manager, Admin)', params: IdParams, response: { 200: teamRef, ...errors(401, 403, 404) } },
  }, async (request) => getTeam(db, contextOf(request), request.params.id, policy));

  api.post('/teams', {
    schema: {
      operationId: 'createTeam', tags, summary: 'Create a team (teams.manage: Admin)',
      description: 'Names are unique regardless of case (409). Every member gets the team\'s level on every datastore of the team. Nobody adds themselves (403).',
      body: CreateTeamBody, response: { 201: teamRef, ...errors(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    reply.status(201);
    return createTeam(db, contextOf(request), request.body);
  });

  api.put('/teams/:id', {
    schema: {
      operationId: 'updateTeam', tags, summary: 'Change a team (teams.manage: Admin)',
      description: 'Fields left out stay as they are; `user_ids` and `datastore_ids` replace the lists. The Public team cannot be renamed and its membership cannot be edited (409, also for an empty `user_ids`); its level, description and datastores can be set. Changes apply on the next request.',
      params: IdParams, body: UpdateTeamBody, response: { 200: teamRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => updateTeam(db, contextOf(request), request.params.id, request.body, policy));

  api.get('/teams/:id/member-candidates', {
    schema: {
      operationId: 'listTeamMemberCandidates', tags, summary: 'Find people to add to a team (Admin, or a maintainer of the team)',
      description: 'For whoever may add members (the same decision as adding one: an Admin, or with WARDEN_TEAM_MAINTAINERS=on a maintainer of the team, whatever their role): active users who are not members, other than the caller, whose name or email (or a service user\'s user_id) holds `q`, by name, at most `limit`. Only id, user_id, name, email and type; `q` of at least 2 characters (422), so that it finds people rather than lists the directory. 404 for no such team, 403 for someone who may not change its members, 409 for the Public team.',
      params: IdParams, querystring: MemberCandidatesQuery, response: { 200: MemberCandidateList, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => memberCandidates(db, contextOf(request), policy, request.params.id, { q: request.query.q, limit: request.query.limit ?? 20 }));

  api.post('/teams/:id/members', {
    schema: {
      operationId: 'addTeamMember', tags, summary: 'Add a member to a team (Admin, or a maintainer of the team)',
      description: 'A permanent membership. With WARDEN_TEAM_MAINTAINERS=on a maintainer of the team may add members; nobody adds themselves (403). Audited as team.updated with the actor.',
      params: IdParams, body: UserIdBody, response: { 200: teamRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => addTeamMember(db, contextOf(request), policy, request.params.id, request.body.user_id));

  api.delete('/teams/:id/members/:user_id', {
    schema: {
      operationId: 'removeTeamMember', tags, summary: 'Remove a member from a team (Admin, or a maintainer of the team)',
      description: 'Their maintainership of the team goes with it. Nobody removes themselves (403); 404 when not a member.',
      params: MemberParams, response: { 200: teamRef, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => removeTeamMember(db, contextOf(request), policy, request.params.id, request.params.user_id));

  api.post('/teams/:id/maintainers', {
    schema: {
      operationId: 'addTeamMaintainer', tags, summary: 'Make a member a maintainer of the team (Admin, or a maintainer)',
      description: 'Needs WARDEN_TEAM_MAINTAINERS=on (else 409). The user must be a member (422). A maintainer, whatever their role, may then add and remove the team\'s members and maintainers, nothing else. Audited as team.maintainer_added.',
      params: IdParams, body: UserIdBody, response: { 200: teamRef, ...errors(401, 403, 404, 409, 422) },
    },
  }, async (request) => addMaintainer(db, contextOf(request), policy, request.params.id, request.body.user_id));

  api.delete('/teams/:id/maintainers/:user_id', {
    schema: {
      operationId: 'removeTeamMaintainer', tags, summary: 'Unmake a maintainer of the team (Admin, or another maintainer)',
      description: 'They stay a member. Needs WARDEN_TEAM_MAINTAINERS=on (else 409); 404 when not a maintainer. Audited as team.maintainer_removed.',
      params: MemberParams, response: { 200: teamRef, ...errors(401, 403, 404, 409) },
    },
  }, async (request) => removeMaintainer(db, contextOf(request), policy, request.params.id, request.params.user_id));

  api.delete('/teams/:id', {
    schema: {
      operationId: 'deleteTeam', tags, summary: 'Delete a team (teams.manage: Admin)',
      description: 'Its memberships and datastore assignments go with it; its history stays readable. The Public team cannot be deleted (409).',
      params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
    },
  }, async (request, reply) => {
    await deleteTeam(db, contextOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  api.get('/teams/:id/history', {
    schema: {
      operationId: 'getTeamHistory', tags, summary: 'Every change of a team, newest first (teams.read)',
      description: 'The team\'s own audit events (created, updated, deleted, with before/after) and the user and datastore events that put something in it or took it out (their `team_ids` change). Also for a deleted team.',
      params: IdParams, querystring: HistoryQuery, response: { 200: HistoryList, ...errors(401, 403, 404, 422) },
    },
  }, async (request) => {
    const page = request.query.page ?? 1;
    const size = request.query.size ?? 50;
    const { items, total } = await teamHistory(db, contextOf(request), request.params.id, { offset: (page - 1) * size, limit: size });
    return { items, total, page, size };
  });
}
