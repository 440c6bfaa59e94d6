// People type names, the API takes ids: these turn a user, team or datastore reference from the
// command line (a numeric id, a user_id, a name) into what the API needs.
import type { Schemas, WardenClient, paths } from '../client/index.ts';
import { CliError, EXIT } from './errors.ts';
import { authenticatedClient, fetchData, resolveTarget, type Target } from './http.ts';

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

/** A user by numeric id, user_id (`pipeline_automation@service`) or `me`. */
export async function findUser(api: Api, ref: string): Promise<Schemas['User']> {
  return fetchData(api.target, api.client.GET('/api/users/{id}', { params: { path: { id: ref } } }));
}

export async function userIdOf(api: Api, ref: string): Promise<number> {
  return isId(ref) ? Number(ref) : (await findUser(api, ref)).id;
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
