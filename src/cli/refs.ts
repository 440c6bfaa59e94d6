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

/** A team by id or by its name (names are unique regardless of case). */
export async function teamIdOf(api: Api, ref: string): Promise<number> {
  if (isId(ref)) return Number(ref);
  const page = await fetchData(api.target, api.client.GET('/api/teams', { params: { query: { q: ref, size: 200 } } }));
  const team = page.items.find((t) => t.name.toLowerCase() === ref.toLowerCase());
  if (!team) throw new CliError(`no team named "${ref}"`, EXIT.failure, '`warden teams list` shows the teams');
  return team.id;
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
