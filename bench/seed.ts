// Bulk data for benchmarks, written straight through the stores' tables (fast, no HTTP).
import type { Db } from '../src/db/connection.ts';
import { generateToken, hashToken, hintOf } from '../src/tokens/format.ts';

async function insertChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** `users` service users (member role) with `tokens` active service tokens spread over them; returns the secrets. */
export async function seedServiceTokens(db: Db, users: number, tokens: number): Promise<string[]> {
  const now = new Date().toISOString();
  const userRows = Array.from({ length: users }, (_, i) => ({
    user_id: `bench_${i}@service`, type: 'service' as const, name: `Bench ${i}`, email: null, role: 'member' as const,
    owner_id: null, purpose: null, provisioned_by: 'admin' as const, created_at: now, created_by: null, updated_at: now,
  }));
  await insertChunks(userRows, 500, (chunk) => db.kysely.insertInto('users').values(chunk).execute());
  const ids = (await db.kysely.selectFrom('users').select('id').where('user_id', 'like', 'bench_%').orderBy('id').execute()).map((r) => r.id);
  const secrets: string[] = [];
  const tokenRows = Array.from({ length: tokens }, (_, i) => {
    const secret = generateToken('service');
    secrets.push(secret);
    return {
      user_id: ids[i % ids.length], name: `bench-${i}`, kind: 'service' as const, scope: 'all' as const, hash: hashToken(secret), hint: hintOf(secret),
      created_at: now, created_by: null, expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    };
  });
  await insertChunks(tokenRows, 500, (chunk) => db.kysely.insertInto('tokens').values(chunk).execute());
  return secrets;
}

/** Deterministic pseudo-random numbers so every run builds the same data set. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS = ['reporter', 'viewer', 'drafter', 'author', 'editor'] as const;

export interface AccessDataSet {
  /** One member-role service token per user, index = user. */
  tokens: string[];
  datastoreIds: number[];
  /** Per user index, the datastores it reaches through its teams. */
  reachable: number[][];
}

/**
 * The issue-3 data set: `users` users (member role, one token each), `teams` teams at random
 * levels, `datastores` datastores each in 1–3 teams, every user in 1–5 teams.
 */
export async function seedAccessDataSet(db: Db, sizes = { users: 10_000, teams: 1_000, datastores: 5_000 }): Promise<AccessDataSet> {
  const random = rng(42);
  const pick = (n: number) => Math.floor(random() * n);
  const now = new Date().toISOString();
  const tokens = await seedServiceTokens(db, sizes.users, sizes.users);
  const userIds = (await db.kysely.selectFrom('users').select('id').where('user_id', 'like', 'bench_%').orderBy('id').execute()).map((r) => r.id);

  await insertChunks(Array.from({ length: sizes.teams }, (_, i) => ({
    name: `Team ${i}`, name_key: `team ${i}`, description: null, permission: LEVELS[pick(LEVELS.length)], kind: 'custom' as const, created_at: now, created_by: null, updated_at: now,
  })), 500, (chunk) => db.kysely.insertInto('teams').values(chunk).execute());
  const teamIds = (await db.kysely.selectFrom('teams').select('id').where('kind', '=', 'custom').orderBy('id').execute()).map((r) => r.id);

  await insertChunks(Array.from({ length: sizes.datastores }, (_, i) => ({
    name: `Datastore ${i}`, name_key: `datastore ${i}`, kind: i % 10 === 0 ? ('enrichment' as const) : ('source' as const), description: null, created_at: now, created_by: null, updated_at: now,
  })), 500, (chunk) => db.kysely.insertInto('datastores').values(chunk).execute());
  const datastoreIds = (await db.kysely.selectFrom('datastores').select('id').orderBy('id').execute()).map((r) => r.id);

  const members: { team_id: number; user_id: number }[] = [];
  const teamsOfUser: number[][] = [];
  for (const userId of userIds) {
    const chosen = new Set<number>();
    const n = 1 + pick(5);
    while (chosen.size < n) chosen.add(teamIds[pick(teamIds.length)]);
    teamsOfUser.push([...chosen]);
    for (const team_id of chosen) members.push({ team_id, user_id: userId });
  }
  await insertChunks(members, 1000, (chunk) => db.kysely.insertInto('team_members').values(chunk).execute());

  const placements: { team_id: number; datastore_id: number }[] = [];
  const datastoresOfTeam = new Map<number, number[]>();
  for (const datastore_id of datastoreIds) {
    const chosen = new Set<number>();
    const n = 1 + pick(3);
    while (chosen.size < n) chosen.add(teamIds[pick(teamIds.length)]);
    for (const team_id of chosen) {
      placements.push({ team_id, datastore_id });
      datastoresOfTeam.set(team_id, [...(datastoresOfTeam.get(team_id) ?? []), datastore_id]);
    }
  }
  await insertChunks(placements, 1000, (chunk) => db.kysely.insertInto('team_datastores').values(chunk).execute());
  const reachable = teamsOfUser.map((teams) => [...new Set(teams.flatMap((t) => datastoresOfTeam.get(t) ?? []))]);
  return { tokens, datastoreIds, reachable };
}
