// Test harness: a fresh database per app (a temp SQLite file, or a new PostgreSQL database
// when WARDEN_TEST_DATABASE_URL is set, dropped afterwards) and an in-process Warden.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/config.ts';
import { openDatabase, openSqliteFile, type Db, type DialectName } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { insertUser } from '../src/users/store.ts';
import { nameKey } from '../src/http/text.ts';
import { createToken } from '../src/tokens/service.ts';
import type { Role } from '../src/access/model.ts';
import type { Clock } from '../src/scheduler/clock.ts';

const PG_URL = process.env.WARDEN_TEST_DATABASE_URL;

/** The databases every database test runs on: SQLite always, PostgreSQL when configured. */
export const DATABASES: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** describe() once per database, named after it. */
export function describeEachDatabase(name: string, fn: (dialect: DialectName) => void): void {
  for (const dialect of DATABASES) describe(`${name} [${dialect}]`, () => fn(dialect));
}

/**
 * describe() once per database, named after it, the databases' suites running at the same time;
 * the tests of each database still run one after another, in order, with their own hooks. For
 * suites that mostly wait (on a browser, on the processes they start, on a database server), so
 * that one database's suite works while the other's waits. The suites must share nothing but
 * what each makes for itself.
 */
export function describeEachDatabaseAtOnce(name: string, fn: (dialect: DialectName) => void, options: { skip?: string | boolean } = {}): void {
  // Concurrency is inherited by nested suites: each database's suite sets its own back to one.
  describe(name, { ...options, concurrency: DATABASES.length }, () => {
    for (const dialect of DATABASES) describe(`${name} [${dialect}]`, { concurrency: 1 }, () => fn(dialect));
  });
}

export interface TestDb {
  db: Db;
  /** The URL (PostgreSQL) or data dir (SQLite) that another process can open. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * A PostgreSQL database with every migration applied, for `createTestDb(…, { migrated: true })` to
 * copy (CREATE DATABASE … TEMPLATE): migrating each test's database took ~2 s of the ~5 s a
 * PostgreSQL test app cost. Named after the content of the migrations, so that a change to them
 * makes a new one; built once per machine (other test processes wait on an advisory lock, then find
 * it), under a temporary name renamed when complete, so no test ever copies a half-built one.
 */
let templateName: Promise<string> | null = null;
function migratedTemplate(): Promise<string> {
  templateName ??= (async () => {
    const hash = crypto.createHash('sha256');
    const dir = path.join(ROOT, 'src/db/migrations');
    for (const f of [...fs.readdirSync(dir)].sort()) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
    hash.update(fs.readFileSync(path.join(ROOT, 'src/db/migrate.ts')));
    const name = `warden_tpl_${hash.digest('hex').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query('select pg_advisory_lock(1465013316, 300)');
      if ((await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0) {
        const building = `${name}_${crypto.randomBytes(4).toString('hex')}`;
        await admin.query(`create database ${building}`);
        const url = new URL(PG_URL!);
        url.pathname = `/${building}`;
        const db = openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), poolSize: 1 });
        try {
          await migrateToLatest(db);
        } finally {
          await db.close();
        }
        await admin.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await admin.query('select pg_advisory_unlock(1465013316, 300)').catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  templateName.catch(() => (templateName = null));
  return templateName;
}

/** CREATE DATABASE, from `template` when given (retried while another session briefly holds the template). */
async function createPgDatabase(admin: pg.Client, name: string, template: string | null): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
      return;
    } catch (err) {
      // 55006: "source database is being accessed by other users"
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

/**
 * A fresh, empty database; with `migrated`, one with every migration applied already (on
 * PostgreSQL a copy of a migrated template; SQLite migrates in a tenth of a second): for tests
 * that migrate anyway before they start, never for tests of migrating.
 */
export async function createTestDb(dialect: DialectName, options: { migrated?: boolean } = {}): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warden-test-'));
    const db = openSqliteFile(path.join(dir, 'warden.db'));
    return {
      db,
      env: { WARDEN_DATA_DIR: dir },
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('WARDEN_TEST_DATABASE_URL is not set');
  const name = `warden_test_${crypto.randomBytes(6).toString('hex')}`;
  const template = options.migrated ? await migratedTemplate() : null;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await createPgDatabase(admin, name, template);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), poolSize: 5 });
  return {
    db,
    env: { WARDEN_DATABASE_URL: url.toString() },
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Reply {
  status: number;
  headers: import('node:http').OutgoingHttpHeaders;
  body: any;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** Source address of the request (rate limits, last_used_ip). */
  ip?: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  dialect: DialectName;
  config: Config;
  /** A bootstrap Admin service token. */
  adminToken: string;
  adminId: number;
  request(method: string, url: string, options?: RequestOptions): Promise<Reply>;
  /** Creates a service user with the given role through the API and issues it a token. */
  serviceUser(name: string, role?: Role): Promise<{ id: number; user_id: string; token: string }>;
  /** Inserts a personal account (as SSO or SCIM would) and issues it a PAT. */
  personalUser(name: string, role?: Role, email?: string): Promise<{ id: number; user_id: string; token: string }>;
  close(): Promise<void>;
}

export async function startTestApp(dialect: DialectName, env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const testDb = await createTestDb(dialect, { migrated: true });
  const config = loadConfig({ WARDEN_ENV: 'test', WARDEN_AUTH_FAILURE_LIMIT: '1000', ...env });
  await migrateToLatest(testDb.db);
  const app = await buildApp({ config, db: testDb.db, logger: false, clock: options.clock });
  await app.ready();
  const boot = await bootstrapAdmin(testDb.db, config.maxTokenDays);

  const request = async (method: string, url: string, options: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? boot.token : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      remoteAddress: options.ip,
      ...(options.body === undefined ? {} : { payload: options.body as string }),
    });
    let body: any;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.statusCode, headers: res.headers, body, text: res.body };
  };

  let counter = 0;
  const t: TestApp = {
    app,
    db: testDb.db,
    dialect,
    config,
    adminToken: boot.token,
    adminId: boot.id,
    request,
    async serviceUser(name, role = 'member') {
      const created = await request('POST', '/api/users', { body: { name, role, ...(role === 'member' ? {} : { reason: 'test' }) } });
      if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${created.text}`);
      const tok = await request('POST', '/api/user-tokens', { body: { name: `t${++counter}`, expires_in_days: 30, user_id: created.body.id } });
      if (tok.status !== 201) throw new Error(`token for ${name}: ${tok.status} ${tok.text}`);
      return { id: created.body.id, user_id: created.body.user_id, token: tok.body.token };
    },
    async personalUser(name, role = 'member', email) {
      const now = new Date().toISOString();
      const userId = `test|${name.toLowerCase().replace(/\W+/g, '-')}-${++counter}`;
      const id = await insertUser(testDb.db.kysely, {
        user_id: userId, type: 'personal', name, email: email ?? `${userId.replace(/\W+/g, '')}@example.com`, role,
        owner_id: null, purpose: null, provisioned_by: 'sso', created_at: now, created_by: null, updated_at: now,
      });
      const principal = { id, userId, type: 'personal' as const, name, email: email ?? null, role, active: true, credential: { kind: 'token' as const, tokenId: 0, scope: 'all' as const } };
      const pat = await createToken(testDb.db, { actor: principal, requestId: null, ip: null }, { maxTokenDays: null }, { name: `pat-${counter}`, expires_in_days: 30 });
      return { id, user_id: userId, token: pat.token };
    },
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
  return t;
}

/**
 * Many directory-provisioned personal accounts and custom teams written directly (for tests of
 * query plans at size); the users' and teams' ids in order.
 */
export async function insertManyUsersAndTeams(k: Db['kysely'], userNames: string[], teamNames: string[] = []): Promise<{ userIds: number[]; teamIds: number[] }> {
  const now = new Date().toISOString();
  for (let i = 0; i < userNames.length; i += 500) {
    await k.insertInto('users').values(userNames.slice(i, i + 500).map((n) => ({
      user_id: n, type: 'personal' as const, name: n, email: n, role: 'member' as const, owner_id: null, purpose: null, provisioned_by: 'scim',
      created_at: now, created_by: null, updated_at: now, deactivated_at: null,
    }))).execute();
  }
  for (let i = 0; i < teamNames.length; i += 500) {
    await k.insertInto('teams').values(teamNames.slice(i, i + 500).map((name) => ({
      name, name_key: nameKey(name), description: null, permission: 'reporter' as const, kind: 'custom' as const, created_at: now, created_by: null, updated_at: now,
    }))).execute();
  }
  const userIds = userNames.length ? (await k.selectFrom('users').select('id').where('user_id', 'in', userNames).orderBy('id').execute()).map((r) => r.id) : [];
  const teamIds = teamNames.length ? (await k.selectFrom('teams').select('id').where('kind', '=', 'custom').orderBy('id').execute()).map((r) => r.id) : [];
  return { userIds, teamIds };
}
