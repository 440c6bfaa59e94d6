// People type names, the API takes ids: these turn a user, team or datastore reference from the
// command line (a numeric id, a user_id, a name) into what the API needs.
import type { Schemas, WardenClient, paths } from '../client/index.ts';
import { CliError, EXIT } from './errors.ts';
import { authenticatedClient, fetchData, pageAll, resolveTarget, type Target } from './http.ts';

/** The JSON body of an operation, from the generated types. */
export type JsonBody<P extends keyof paths, M extends 'post' | 'put' | 'delete'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export interface Api {
  target: Target;
  client: WardenClient;
}

/** The target and an authenticated client for a command's --url. */
export function connect(opts: { url?: string }): Api {
  const target = resolveTarget(opts);
  return { target, client: authenticatedClient(target) };
}

const isId = (ref: string) => /^[1-9]\d{0,9}$/.test(ref);

/**
 * A user by numeric id, user_id (`pipeline_automation@service`, `issuer|subject`), `me`, email or
 * exact display name (both regardless of case). A name or email that more than one user has is
 * refused (exit 2) with the candidates listed, never guessed.
 */
export async function findUser(api: Api, ref: string): Promise<Schemas['User']> {
  try {
    return await fetchData(api.target, api.client.GET('/api/users/{id}', { params: { path: { id: ref } } }));
  } catch (err) {
    if (!(err instanceof CliError && err.status === 404) || isId(ref) || ref === 'me') throw err;
  }
  const wanted = ref.trim().toLowerCase();
  const found = await pageAll((page, size) => fetchData(api.target, api.client.GET('/api/users', { params: { query: { q: ref.trim(), page, size } } })));
  const matches = found.filter((u) => u.email?.toLowerCase() === wanted || u.name.toLowerCase() === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    throw new CliError(`user "${ref}" not found: no user has that id, user_id, email or name`, EXIT.failure, `\`warden users list --search ${JSON.stringify(ref)}\` shows near matches`, 404);
  }
  throw ambiguousUser(ref, matches);
}

/** Several users answer to one name or email: refused, naming each so that one can be chosen. */
export function ambiguousUser(ref: string, candidates: Schemas['User'][]): CliError {
  const lines = candidates.map((u) => `  ${u.id}\t${u.user_id}\t${u.name}\t${u.email ?? '-'}\t${u.active ? 'active' : 'deactivated'}`);
  return new CliError(`"${ref}" names ${candidates.length} users:\n  id\tuser_id\tname\temail\tstatus\n${lines.join('\n')}`, EXIT.usage, 'name one by its numeric id or user_id');
}

export async function userIdOf(api: Api, ref: string): Promise<number> {
  return isId(ref) ? Number(ref) : (await findUser(api, ref)).id;
}

/** What goes into a `/api/users/{id}` path: ids and `me` as they are, anything else resolved first. */
export async function userPathRef(api: Api, ref: string): Promise<string> {
  return isId(ref) || ref === 'me' ? ref : String((await findUser(api, ref)).id);
}

const refused = (err: unknown) => err instanceof CliError && err.status === 403;

/**
 * A team by id or by its name (names are unique regardless of case). Without teams.read (a
 * maintainer whose role is Member), among the teams the caller maintains.
 */
export async function teamIdOf(api: Api, ref: string): Promise<number> {
  if (isId(ref)) return Number(ref);
  let teams: { id: number; name: string }[];
  try {
    teams = (await fetchData(api.target, api.client.GET('/api/teams', { params: { query: { q: ref, size: 200 } } }))).items;
  } catch (err) {
    if (!refused(err)) throw err;
    teams = (await fetchData(api.target, api.client.GET('/api/users/{id}', { params: { path: { id: 'me' } } }))).maintains;
  }
  const team = teams.find((t) => t.name.toLowerCase() === ref.toLowerCase());
  if (!team) throw new CliError(`no team named "${ref}"`, EXIT.failure, '`warden teams list` shows the teams (a maintainer: `warden users view me` lists the teams you maintain)');
  return team.id;
}

/** The least `GET /api/teams/{id}/member-candidates` searches with (src/teams/schemas.ts). */
const CANDIDATE_MIN_QUERY = 2;

/**
 * A person named in a team's member commands (members add|remove, maintainers add|remove, edit).
 * Whoever reads users names anyone as `findUser` does. A maintainer without users.read (403 there)
 * names them through the team: a member by user_id or exact name, someone to add by email, user_id
 * or exact name among those the server offers (GET /api/teams/{id}/member-candidates: active users
 * not in the team). Several answers are refused with the candidates listed, never guessed.
 */
export async function teamPersonIdOf(api: Api, teamId: number, ref: string): Promise<number> {
  if (isId(ref)) return Number(ref);
  try {
    return (await findUser(api, ref)).id;
  } catch (err) {
    if (!refused(err)) throw err;
  }
  const wanted = ref.trim().toLowerCase();
  const team = await fetchData(api.target, api.client.GET('/api/teams/{id}', { params: { path: { id: teamId } } }));
  const members = team.users.filter((u) => u.user_id.toLowerCase() === wanted || u.name.toLowerCase() === wanted);
  if (members.length === 1) return members[0].id;
  let offered: Schemas['MemberCandidate'][] = [];
  let more = false;
  if ([...wanted].length >= CANDIDATE_MIN_QUERY) {
    const page = await fetchData(api.target, api.client.GET('/api/teams/{id}/member-candidates', { params: { path: { id: teamId }, query: { q: ref.trim(), limit: 50 } } }));
    offered = page.items.filter((u) => u.email?.toLowerCase() === wanted || u.user_id.toLowerCase() === wanted || u.name.toLowerCase() === wanted);
    more = page.more;
  }
  const matches = [...members.map((u) => ({ id: u.id, user_id: u.user_id, name: u.name, email: null, note: 'member' })), ...offered.map((u) => ({ ...u, note: 'not a member' }))];
  if (matches.length === 1) return matches[0].id;
  if (matches.length === 0) {
    throw new CliError(`user "${ref}" not found in team ${team.name} nor among the people you can add to it`, EXIT.failure,
      `name a member by id, user_id or name (\`warden teams view ${team.id}\`), someone to add by email, user_id or name${more ? '; more than 50 people match, give more of it' : ''}`, 404);
  }
  const lines = matches.map((u) => `  ${u.id}\t${u.user_id}\t${u.name}\t${u.email ?? '-'}\t${u.note}`);
  throw new CliError(`"${ref}" names ${matches.length} users:\n  id\tuser_id\tname\temail\tin team\n${lines.join('\n')}`, EXIT.usage, 'name one by its numeric id or user_id');
}

export async function datastoreIdOf(api: Api, ref: string): Promise<number> {
  if (isId(ref)) return Number(ref);
  const page = await fetchData(api.target, api.client.GET('/api/datastores', { params: { query: { q: ref, size: 200 } } }));
  const ds = page.items.find((d) => d.name.toLowerCase() === ref.toLowerCase());
  if (!ds) throw new CliError(`no datastore named "${ref}" that you can see`, EXIT.failure, '`warden datastores list` shows them');
  return ds.id;
}

export const each = <T>(refs: string[], resolve: (ref: string) => Promise<T>) => Promise.all(refs.map(resolve));

/** For repeatable options: --team a --team b, or --team a,b. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** The new list (of ids, event types…) from --set (replace), --add and --remove. */
export function editList<T>(current: T[], set: T[] | null, add: T[], remove: T[]): T[] | undefined {
  if (set === null && add.length === 0 && remove.length === 0) return undefined;
  const base = set ?? current;
  return [...new Set([...base, ...add])].filter((id) => !remove.includes(id));
}
