// Bulk data for benchmarks, written straight through the stores' tables (fast, no HTTP).
import pg from 'pg';
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

/** The introspection client (RFC 7662): an Admin service user, "gateway@service", with one service token; returns its secret. */
export async function seedIntrospectionClient(db: Db): Promise<string> {
  const now = new Date().toISOString();
  await db.kysely.insertInto('users').values({ user_id: 'gateway@service', type: 'service', name: 'Gateway', email: null, role: 'admin', owner_id: null, purpose: null, provisioned_by: 'admin', created_at: now, created_by: null, updated_at: now }).execute();
  const gatewayId = (await db.kysely.selectFrom('users').select('id').where('user_id', '=', 'gateway@service').executeTakeFirstOrThrow()).id;
  const gateway = generateToken('service');
  await db.kysely.insertInto('tokens').values({ user_id: gatewayId, name: 'gateway', kind: 'service', scope: 'all', hash: hashToken(gateway), hint: hintOf(gateway), created_at: now, created_by: null, expires_at: new Date(Date.now() + 86_400_000).toISOString() }).execute();
  return gateway;
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

// ---- Issue 13's data set at scale, by direct inserts ------------------------------------------

export interface ScaleSizes {
  users: number;
  tokensPerUser: number;
  teams: number;
  datastores: number;
}

export const AT_SCALE: ScaleSizes = { users: 100_000, tokensPerUser: 10, teams: 10_000, datastores: 50_000 };

export interface ScaleDataSet {
  /** Every token's secret (index = token). */
  tokens: string[];
  /** The owner (user index) of each token. */
  ownerOf: Int32Array;
  datastoreIds: Int32Array;
  /** For user index u: its teams' indexes are teamsOf[teamsStart[u] .. teamsStart[u + 1]). */
  teamsStart: Int32Array;
  teamsOf: Int32Array;
  /** For team index t: its datastores' ids are datastoresOf[datastoresStart[t] .. datastoresStart[t + 1]). */
  datastoresStart: Int32Array;
  datastoresOf: Int32Array;
}

/**
 * The datastore request `i` asks about for token `t`: one its owner reaches through a team (four
 * requests in five, the team and datastore picked by `i`), else `other` (also when that team has none).
 */
export function datastoreFor(data: ScaleDataSet, t: number, i: number, other: number): number {
  if (i % 5 === 0) return other;
  const user = data.ownerOf[t];
  const teams = data.teamsStart[user + 1] - data.teamsStart[user];
  const team = data.teamsOf[data.teamsStart[user] + ((i * 31) % teams)];
  const count = data.datastoresStart[team + 1] - data.datastoresStart[team];
  return count > 0 ? data.datastoresOf[data.datastoresStart[team] + ((i * 17) % count)] : other;
}

const SCALE_ACTIONS = ['datastore.read', 'datastore.preview', 'checks.draft', 'checks.manage', 'datastore.manage'];

/** Request `i` of a first-sight walk on `route` (fa, me, az) with token `t`, as autocannon sends it. */
export function scaleRequest(data: ScaleDataSet, t: number, i: number, route: string): { headers: Record<string, string>; body?: string; path: string } {
  const token = data.tokens[t];
  const datastore = datastoreFor(data, t, i, data.datastoreIds[(i * 7919) % data.datastoreIds.length]);
  const action = SCALE_ACTIONS[i % 5];
  if (route === 'me') return { headers: { authorization: `Bearer ${token}` }, path: '/api/users/me' };
  if (route === 'az') return { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, path: '/api/authorize', body: `{"action":"${action}","datastore_id":${datastore}}` };
  return { headers: { authorization: `Bearer ${token}` }, path: `/api/forward-auth?action=${action}&datastore_id=${datastore}` };
}

/** One row per table, column by column, ready for either database. */
interface Columns {
  [column: string]: (string | number | null)[];
}

/**
 * 100,000 service users (19 in 20 members, the rest managers), 10 tokens each (1,000,000, valid for
 * 30 days), 10,000 teams at random levels, every user in 1–5 of them (one membership in 20 ending
 * in a week), 50,000 datastores each in 1–3 teams (one in 100 also in the Public team). Written
 * straight into the tables: SQLite through one transaction of prepared statements, PostgreSQL
 * through `insert … select from unnest(…)` in chunks.
 */
export async function seedAtScale(target: { sqliteFile?: string; postgresUrl?: string }, sizes: ScaleSizes = AT_SCALE): Promise<ScaleDataSet> {
  const random = rng(1313);
  const pick = (n: number) => Math.floor(random() * n);
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const weekAhead = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const LEVELS_AT = ['reporter', 'viewer', 'drafter', 'author', 'editor'];

  const users: Columns = { user_id: [], type: [], name: [], email: [], role: [], owner_id: [], purpose: [], provisioned_by: [], created_at: [], created_by: [], updated_at: [] };
  for (let u = 0; u < sizes.users; u++) {
    users.user_id.push(`scale_${u}@service`); users.type.push('service'); users.name.push(`Scale ${u}`); users.email.push(null);
    users.role.push(u % 20 === 19 ? 'manager' : 'member'); users.owner_id.push(null); users.purpose.push(null); users.provisioned_by.push('admin');
    users.created_at.push(now); users.created_by.push(null); users.updated_at.push(now);
  }
  const teams: Columns = { name: [], name_key: [], description: [], permission: [], kind: [], created_at: [], created_by: [], updated_at: [] };
  for (let t = 0; t < sizes.teams; t++) {
    teams.name.push(`Scale team ${t}`); teams.name_key.push(`scale team ${t}`); teams.description.push(null); teams.permission.push(LEVELS_AT[pick(5)]);
    teams.kind.push('custom'); teams.created_at.push(now); teams.created_by.push(null); teams.updated_at.push(now);
  }
  const datastores: Columns = { name: [], name_key: [], kind: [], description: [], created_at: [], created_by: [], updated_at: [] };
  for (let d = 0; d < sizes.datastores; d++) {
    datastores.name.push(`Scale store ${d}`); datastores.name_key.push(`scale store ${d}`); datastores.kind.push(d % 10 === 0 ? 'enrichment' : 'source');
    datastores.description.push(null); datastores.created_at.push(now); datastores.created_by.push(null); datastores.updated_at.push(now);
  }

  const db = await openBulk(target);
  try {
    const userIds = await db.insert('users', users, 'user_id');
    const teamIds = await db.insert('teams', teams, 'name_key');
    const datastoreIds = await db.insert('datastores', datastores, 'name_key');
    const publicTeam = await db.publicTeamId();

    // Memberships: every user in 1–5 teams; one in 20 ends in a week.
    const teamsStart = new Int32Array(sizes.users + 1);
    const teamsOfList: number[] = [];
    const members: Columns = { team_id: [], user_id: [], until: [] };
    for (let u = 0; u < sizes.users; u++) {
      teamsStart[u] = teamsOfList.length;
      const chosen = new Set<number>();
      const n = 1 + pick(5);
      while (chosen.size < n) chosen.add(pick(sizes.teams));
      for (const t of chosen) {
        teamsOfList.push(t);
        members.team_id.push(teamIds[t]); members.user_id.push(userIds[u]); members.until.push(random() < 0.05 ? weekAhead : null);
      }
    }
    teamsStart[sizes.users] = teamsOfList.length;
    await db.insert('team_members', members);

    // Placements: every datastore in 1–3 teams; one in 100 also in the Public team.
    const byTeam: number[][] = Array.from({ length: sizes.teams }, () => []);
    const placements: Columns = { team_id: [], datastore_id: [] };
    for (let d = 0; d < sizes.datastores; d++) {
      const chosen = new Set<number>();
      const n = 1 + pick(3);
      while (chosen.size < n) chosen.add(pick(sizes.teams));
      for (const t of chosen) {
        byTeam[t].push(datastoreIds[d]);
        placements.team_id.push(teamIds[t]); placements.datastore_id.push(datastoreIds[d]);
      }
      if (d % 100 === 0) { placements.team_id.push(publicTeam); placements.datastore_id.push(datastoreIds[d]); }
    }
    await db.insert('team_datastores', placements);
    const datastoresStart = new Int32Array(sizes.teams + 1);
    const datastoresOfList: number[] = [];
    for (let t = 0; t < sizes.teams; t++) {
      datastoresStart[t] = datastoresOfList.length;
      datastoresOfList.push(...byTeam[t]);
    }
    datastoresStart[sizes.teams] = datastoresOfList.length;

    // Tokens: `tokensPerUser` per user, in chunks so that a million rows never sit in memory twice.
    const total = sizes.users * sizes.tokensPerUser;
    const secrets: string[] = new Array(total);
    const ownerOf = new Int32Array(total);
    const CHUNK = 50_000;
    for (let start = 0; start < total; start += CHUNK) {
      const tokens: Columns = { user_id: [], name: [], kind: [], scope: [], hash: [], hint: [], created_at: [], created_by: [], expires_at: [] };
      for (let i = start; i < Math.min(total, start + CHUNK); i++) {
        const u = i % sizes.users;
        const secret = generateToken('service');
        secrets[i] = secret;
        ownerOf[i] = u;
        tokens.user_id.push(userIds[u]); tokens.name.push(`scale-${i}`); tokens.kind.push('service'); tokens.scope.push('all');
        tokens.hash.push(hashToken(secret)); tokens.hint.push(hintOf(secret)); tokens.created_at.push(now); tokens.created_by.push(null); tokens.expires_at.push(expires);
      }
      await db.insert('tokens', tokens);
    }
    await db.finish();
    return {
      tokens: secrets, ownerOf, datastoreIds: Int32Array.from(datastoreIds), teamsStart, teamsOf: Int32Array.from(teamsOfList),
      datastoresStart, datastoresOf: Int32Array.from(datastoresOfList),
    };
  } finally {
    await db.close();
  }
}

interface BulkWriter {
  /** Inserts the rows; with `keyColumn`, returns the new ids in row order. */
  insert(table: string, columns: Columns, keyColumn?: string): Promise<number[]>;
  publicTeamId(): Promise<number>;
  finish(): Promise<void>;
  close(): Promise<void>;
}

const PG_TYPES: Record<string, string> = {
  owner_id: 'int', created_by: 'int', team_id: 'int', user_id: 'int', datastore_id: 'int',
  created_at: 'timestamptz', updated_at: 'timestamptz', expires_at: 'timestamptz', until: 'timestamptz',
};

async function openBulk(target: { sqliteFile?: string; postgresUrl?: string }): Promise<BulkWriter> {
  const rowsOf = (columns: Columns) => columns[Object.keys(columns)[0]].length;
  if (target.sqliteFile) {
    const { default: SQLite } = await import('better-sqlite3');
    const db = new SQLite(target.sqliteFile);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.exec('begin');
    return {
      async insert(table, columns, keyColumn) {
        const names = Object.keys(columns);
        const stmt = db.prepare(`insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`);
        const n = rowsOf(columns);
        const ids: number[] = [];
        for (let i = 0; i < n; i++) {
          const info = stmt.run(...names.map((c) => columns[c][i]));
          if (keyColumn) ids.push(Number(info.lastInsertRowid));
        }
        return ids;
      },
      async publicTeamId() {
        return (db.prepare("select id from teams where kind = 'public'").get() as { id: number }).id;
      },
      async finish() {
        db.exec('commit');
        db.exec('analyze');
        // One transaction of a million rows sits in the WAL: fold it into the database file, or
        // every read would search the WAL and the server's first write would checkpoint it all.
        db.pragma('wal_checkpoint(TRUNCATE)');
      },
      async close() {
        if (db.inTransaction) db.exec('rollback');
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: target.postgresUrl });
  await client.connect();
  return {
    async insert(table, columns, keyColumn) {
      const names = Object.keys(columns);
      // user_id is text on users, an integer everywhere else.
      const typeOf = (c: string) => (table === 'users' && c === 'user_id' ? 'text' : (PG_TYPES[c] ?? 'text'));
      const n = rowsOf(columns);
      const ids: number[] = [];
      for (let start = 0; start < n; start += 20_000) {
        const end = Math.min(n, start + 20_000);
        const values = names.map((c) => columns[c].slice(start, end));
        const select = names.map((c, i) => `$${i + 1}::${typeOf(c)}[]`).join(', ');
        const text = `insert into ${table} (${names.join(', ')}) select * from unnest(${select})${keyColumn ? ` returning id, ${keyColumn}` : ''}`;
        const { rows } = await client.query(text, values);
        if (keyColumn) {
          const byKey = new Map(rows.map((r) => [String(r[keyColumn]), Number(r.id)]));
          for (let i = start; i < end; i++) ids.push(byKey.get(String(columns[keyColumn][i]))!);
        }
      }
      return ids;
    },
    async publicTeamId() {
      return (await client.query("select id from teams where kind = 'public'")).rows[0].id;
    },
    async finish() {
      await client.query('analyze');
    },
    async close() {
      await client.end();
    },
  };
}
