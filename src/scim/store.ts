// SCIM queries: provisioned accounts (scim_users joined to users), their emails, and groups
// (custom teams with what SCIM stores beside them). Kysely only; rules live in service.ts.
import { CompiledQuery, createQueryId, PostgresAdapter, sql, type Compilable, type Expression, type Insertable, type Kysely, type RawBuilder, type SqlBool, type Updateable } from 'kysely';
import { chunks, inBatches } from '../db/batch.ts';
import { hotQuery, named } from '../db/hot-query.ts';
import { NAMED_STATEMENT_MARKER } from '../db/change-tracking.ts';
import { CHANGE_CHANNEL, encodeChange, type Change } from '../db/changes.ts';
import { unicodeLower } from '../db/unicode-lower.ts';
import { dialectOf, lowerFor, lowerNameFor } from '../db/text-match.ts';
import { nameKey } from '../http/text.ts';
import type { Database, ScimGroupsTable, ScimUsersTable, UsersTable } from '../db/types.ts';
import { insertUsers } from '../users/store.ts';

type Executor = Kysely<Database>;

export interface Page {
  where: Expression<SqlBool> | null;
  sort: RawBuilder<unknown> | null;
  descending: boolean;
  offset: number;
  limit: number;
}

function userQuery(db: Executor) {
  return db
    .selectFrom('scim_users as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .where('s.detached_at', 'is', null);
}

function selectUser<Q extends ReturnType<typeof userQuery>>(q: Q) {
  return q.select([
    's.user_id', 's.user_name', 's.external_id', 's.display_name', 's.attributes', 's.created_at', 's.updated_at',
    'u.user_id as account_user_id', 'u.role', 'u.deactivated_at', 'u.updated_at as account_updated_at',
  ]);
}

export type ScimUserRow = Awaited<ReturnType<typeof findScimUser>> & object;

export async function findScimUser(db: Executor, id: number) {
  return selectUser(userQuery(db).where('s.user_id', '=', id)).executeTakeFirst();
}

/** The provisioning record for a userName (the same nameKey: case, lookalikes), attached or detached. */
export async function findScimUserByUserName(db: Executor, userName: string) {
  return db.selectFrom('scim_users').selectAll().where('user_name_key', '=', nameKey(userName)).executeTakeFirst();
}

export interface CreateLookup {
  /** Provisioning records by userName key: attached (false) or detached (true). */
  detachedByKey: Map<string, boolean>;
  /** user_ids (as written) an account has already. */
  takenUserIds: Set<string>;
  /** How many accounts findAttachableSsoAccounts finds per email (lower case), at most 2; absent: none. */
  attachableByEmail: Map<string, number>;
}

/**
 * What a batch of creates needs to know, in one statement: the provisioning records of their
 * userNames (by key), the accounts that have their user_ids, and the accounts each email could
 * attach to (the conditions of findAttachableSsoAccounts, its email lowered the same way).
 */
export async function lookupCreates(db: Executor, keys: string[], userIds: string[], emailsLower: string[]): Promise<CreateLookup> {
  const kind = (k: string) => sql<string>`${sql.lit(k)}`.as('kind');
  let q = db.selectFrom('scim_users')
    .select([kind('scim'), sql<string>`user_name_key`.as('k'), sql<number>`case when detached_at is null then 0 else 1 end`.as('detached')])
    .where('user_name_key', 'in', keys)
    .unionAll(db.selectFrom('users').select([kind('taken'), sql<string>`user_id`.as('k'), sql<number>`0`.as('detached')]).where('user_id', 'in', userIds));
  // ASCII emails by lower(u.email) (its index); on SQLite, emails with other letters by unicode_lower (db/text-match.ts)
  const dialect = dialectOf(db);
  const byLower = new Map<string, string[]>();
  for (const email of emailsLower) {
    const lower = lowerNameFor(dialect, email);
    byLower.set(lower, [...(byLower.get(lower) ?? []), email]);
  }
  for (const [lower, emails] of byLower) {
    const folded = sql<string>`${sql.raw(lower)}(u.email)`;
    q = q.unionAll(db.selectFrom('users as u')
      .select([kind('sso'), folded.as('k'), sql<number>`0`.as('detached')])
      .where('u.type', '=', 'personal')
      .where('u.deactivated_at', 'is', null)
      .where(folded, 'in', emails)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('scim_users as s').select('s.user_id').whereRef('s.user_id', '=', 'u.id'))))
      .where((eb) => eb.exists(eb.selectFrom('sso_identities as i').select('i.id').whereRef('i.user_id', '=', 'u.id').where('i.email_verified', '=', 1))));
  }
  const out: CreateLookup = { detachedByKey: new Map(), takenUserIds: new Set(), attachableByEmail: new Map() };
  for (const r of await q.execute()) {
    if (r.kind === 'scim') out.detachedByKey.set(r.k, Number(r.detached) === 1);
    else if (r.kind === 'taken') out.takenUserIds.add(r.k);
    else out.attachableByEmail.set(r.k, Math.min(2, (out.attachableByEmail.get(r.k) ?? 0) + 1));
  }
  return out;
}

/**
 * lookupCreates on PostgreSQL, with what the batch's writes need in the same statement: ids for
 * `n` new accounts and `n` audit events (taken from their sequences, so that the accounts and
 * their events are written by one statement: an event's hash covers its account's id), the audit
 * chain's head (`withHead`; the caller holds the chain's lock) and the enabled webhooks
 * (allocateAuditIds' figures): one round trip instead of two. Ids a batch does not use (a create
 * refused, or done one at a time) are gaps, as a rolled-back insert leaves.
 *
 * Not a named prepared statement, though planning it costs more than running it: PostgreSQL
 * settles on a generic plan after five runs, and on a new database (a directory's first sync)
 * those runs see tables of a few rows, for which scans of the whole table are the cheapest plan.
 * The plan is kept until the tables are analysed again, while they grow by thousands of rows:
 * measured with bench/scim.ts, named, the backends' CPU per create went from 591 to 1,422 µs (at
 * 10,000 users, `explain analyze` of the kept plan: 9.4 ms, sequential scans of scim_users and
 * users, against 0.2 ms planned anew).
 */
export async function lookupCreatesPostgres(db: Executor, keys: string[], userIds: string[], emailsLower: string[], n: number, withHead: boolean): Promise<CreateLookup & { newIds: number[]; audit: { ids: number[]; head: string | null; hooks: string } }> {
  const { rows } = await db.executeQuery<{ kind: string; k: string | null; detached: number }>(CompiledQuery.raw(LOOKUP_CREATES_POSTGRES, [keys, userIds, emailsLower, n, withHead]));
  const out = { detachedByKey: new Map<string, boolean>(), takenUserIds: new Set<string>(), attachableByEmail: new Map<string, number>(), newIds: [] as number[], audit: { ids: [] as number[], head: null as string | null, hooks: '[]' } };
  const numbers = (k: string | null) => (k ? k.split(',').map(Number).sort((a, b) => a - b) : []);
  for (const r of rows) {
    if (r.kind === 'scim') out.detachedByKey.set(r.k!, Number(r.detached) === 1);
    else if (r.kind === 'taken') out.takenUserIds.add(r.k!);
    else if (r.kind === 'sso') out.attachableByEmail.set(r.k!, Math.min(2, (out.attachableByEmail.get(r.k!) ?? 0) + 1));
    else if (r.kind === 'user_ids') out.newIds = numbers(r.k);
    else if (r.kind === 'audit_ids') out.audit.ids = numbers(r.k);
    else if (r.kind === 'head') out.audit.head = r.k;
    else if (r.kind === 'hooks') out.audit.hooks = r.k ?? '[]';
  }
  return out;
}

// lookupCreates' conditions (an email by lower(u.email): on PostgreSQL lower() folds every letter), then the allocations; the values as arrays (one text for any batch)
const LOOKUP_CREATES_POSTGRES = `select 'scim' as kind, user_name_key as k, case when detached_at is null then 0 else 1 end as detached from scim_users where user_name_key = any($1::text[])
union all select 'taken', user_id, 0 from users where user_id = any($2::text[])
union all select 'sso', lower(u.email), 0 from users u where u.type = 'personal' and u.deactivated_at is null and lower(u.email) = any($3::text[])
  and not exists (select 1 from scim_users s where s.user_id = u.id)
  and exists (select 1 from sso_identities i where i.user_id = u.id and i.email_verified = 1)
union all select 'user_ids', array_to_string(array(select nextval(pg_get_serial_sequence('users', 'id')) from generate_series(1, $4::integer)), ','), 0
union all select 'audit_ids', array_to_string(array(select nextval(pg_get_serial_sequence('audit_events', 'id')) from generate_series(1, $4::integer)), ','), 0
union all select 'head', (select hash from audit_events order by id desc limit 1), 0 where $5::boolean
union all select 'hooks', (select coalesce(json_agg(json_build_array(id, events)), '[]')::text from webhooks where enabled = 1), 0`;

/**
 * insertNewScimAccounts on PostgreSQL for accounts whose ids are known (lookupCreatesPostgres),
 * with their audit rows (chainAudits) and the caches' announcement, in one statement instead of
 * three: the accounts, their provisioning records and emails and their events as data-modifying
 * CTEs over JSON parameters, then the announcement as writeAndAnnounce makes it (the connection
 * wrapper reads it the same way). Its text is fixed, so it is prepared once per connection
 * (NAMED_STATEMENT_MARKER): unlike the lookup, its plan reads no table that grows (the rows come
 * from the parameters), so a plan made while the tables are small stays right.
 */
export async function insertNewScimAccountsAudited(db: Executor, accounts: (NewScimAccount & { id: number })[], auditRows: Record<string, unknown>[], announced: readonly Change[]): Promise<void> {
  if (accounts.length === 0) return;
  const docs = accounts.map((a) => ({
    user: { ...a.user, id: a.id },
    scim: { ...a.scim, user_name_key: nameKey(a.scim.user_name) },
    emails: a.emails.map((e, position) => ({ position, value: e.value, type: e.type, display: e.display, is_primary: e.primary ? 1 : 0 })),
  }));
  const quote = (names: string[], from?: string) => names.map((c) => (from ? `${from}."${c}"` : `"${c}"`)).join(', ');
  const userCols = ['id', ...Object.keys(accounts[0].user).filter((c) => c !== 'id')];
  const scimCols = Object.keys(docs[0].scim);
  const emailCols = ['position', 'value', 'type', 'display', 'is_primary'];
  const auditCols = Object.keys(auditRows[0] ?? {});
  const audit = auditCols.length === 0 ? '' : `,
e as (insert into audit_events (${quote(auditCols)}) select ${quote(auditCols, 'r')} from json_populate_recordset(null::audit_events, $2::json) as r)`;
  const text = `${NAMED_STATEMENT_MARKER} with a as (select e.doc from json_array_elements($1::json) as e(doc)),
u as (insert into users (${quote(userCols)}) select ${quote(userCols, 'r')} from a cross join lateral json_populate_record(null::users, a.doc->'user') as r returning id),
s as (insert into scim_users (user_id, ${quote(scimCols)}) select u.id, ${quote(scimCols, 'r')} from a join u on u.id = (a.doc->'user'->>'id')::integer cross join lateral json_populate_record(null::scim_users, a.doc->'scim') as r),
m as (insert into scim_user_emails (user_id, ${quote(emailCols)}) select u.id, ${quote(emailCols, 'r')} from a join u on u.id = (a.doc->'user'->>'id')::integer cross join lateral json_populate_recordset(null::scim_user_emails, a.doc->'emails') as r)${audit} select pg_notify($3, c) from json_array_elements_text($4::json) as c`;
  // the new accounts are announced in any case (an empty list would read as "all changed")
  const payload = JSON.stringify((announced.length ? announced : accounts.map((a) => ({ kind: 'user', id: a.id }))).map(encodeChange));
  await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(docs), JSON.stringify(auditRows), CHANGE_CHANNEL, payload]));
}

/** The two queries of a page of Users (the count, the rows): built here, run by listScimUsers, explained by indexes.test.ts. */
export function scimUsersPageQueries(db: Executor, page: Page) {
  let q = userQuery(db);
  if (page.where) q = q.where(page.where);
  const count = q.select((eb) => eb.fn.countAll<number>().as('total'));
  let ordered = selectUser(q);
  if (page.sort) ordered = ordered.orderBy(sql`case when ${page.sort} is null then 1 else 0 end`).orderBy(page.sort, page.descending ? 'desc' : 'asc');
  // the id last keeps pages stable when sort values tie
  return { count, rows: ordered.orderBy('s.user_id').offset(page.offset).limit(page.limit) };
}

export async function listScimUsers(db: Executor, page: Page) {
  return runPage(scimUsersPageQueries(db, page), page);
}

/**
 * A page's rows and the total. The rows first: when they end inside the page (fewer than asked,
 * at least one, or none on the first page) they tell the total themselves, and the count is not
 * run: a filtered lookup (`userName eq …`, one row or none) costs one query, not two.
 */
async function runPage<Row>(queries: { count: { execute(): Promise<{ total: number | string | bigint }[]> }; rows: { execute(): Promise<Row[]> } }, page: Pick<Page, 'offset' | 'limit'>) {
  const rows = await queries.rows.execute();
  if (page.limit > 0 && rows.length < page.limit && (rows.length > 0 || page.offset === 0)) return { rows, total: page.offset + rows.length };
  const [{ total }] = await queries.count.execute();
  return { rows, total: Number(total) };
}

/** The two queries of a page compiled once (service.ts keeps them by the filter's shape), to run with other parameters. */
export interface CompiledPage {
  rows: CompiledQuery;
  count: CompiledQuery;
}

export function compilePage(queries: { count: Compilable<unknown>; rows: Compilable<unknown> }): CompiledPage {
  return { rows: queries.rows.compile(), count: queries.count.compile() };
}

/**
 * runPage for a compiled page: the same statements and the same rule for the count, each run with
 * the parameters `fill` makes of its compiled ones (this request's filter values). Skips Kysely's
 * building and compiling, which cost as much CPU as the indexed lookup itself.
 */
export async function runCompiledPage<Row>(db: Executor, compiled: CompiledPage, page: Pick<Page, 'offset' | 'limit'>, fill: (parameters: readonly unknown[]) => unknown[], runNamed?: StatementRunner) {
  const run = async <R>(q: CompiledQuery): Promise<R[]> => {
    const parameters = fill(q.parameters);
    if (runNamed) {
      const rows = runNamed(q.sql, parameters);
      if (rows) return rows as Promise<R[]>;
    }
    return (await db.executeQuery<R>({ ...q, queryId: createQueryId(), parameters })).rows;
  };
  return runPage({ rows: { execute: () => run<Row>(compiled.rows) }, count: { execute: () => run<{ total: number | string | bigint }>(compiled.count) } }, page);
}

/**
 * Runs a statement some other way than through Kysely (service.ts: a named prepared statement on
 * PostgreSQL), or answers null to leave it to Kysely.
 */
export type StatementRunner = (sql: string, parameters: unknown[]) => Promise<unknown[]> | null;

/**
 * Active personal accounts no directory has ever provisioned (no scim_users row, attached or
 * detached) whose email is `email` (any case) and that have an SSO identity whose email the IdP
 * verified: the accounts a SCIM create may attach to instead of making a twin.
 */
export async function findAttachableSsoAccounts(db: Executor, email: string) {
  return attachableSsoAccountsQuery(db, email).execute();
}

/** The query of findAttachableSsoAccounts (lower(u.email): the users_email_lower index, migration 0018). */
export function attachableSsoAccountsQuery(db: Executor, email: string) {
  return db.selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.email'])
    .where('u.type', '=', 'personal')
    .where('u.deactivated_at', 'is', null)
    .where(sql`${lowerFor(dialectOf(db), email)}(u.email)`, '=', unicodeLower(email))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('scim_users as s').select('s.user_id').whereRef('s.user_id', '=', 'u.id'))))
    .where((eb) => eb.exists(eb.selectFrom('sso_identities as i').select('i.id').whereRef('i.user_id', '=', 'u.id').where('i.email_verified', '=', 1)))
    .limit(2);
}

export async function insertScimUser(db: Executor, values: Omit<Insertable<ScimUsersTable>, 'user_name_key'>): Promise<void> {
  await db.insertInto('scim_users').values({ ...values, user_name_key: nameKey(values.user_name) }).execute();
}

/** Several provisioning records in one statement (a batch of creates). */
export async function insertScimUsers(db: Executor, rows: Omit<Insertable<ScimUsersTable>, 'user_name_key'>[]): Promise<void> {
  for (const batch of chunks(rows, 100)) await db.insertInto('scim_users').values(batch.map((v) => ({ ...v, user_name_key: nameKey(v.user_name) }))).execute();
}

export async function updateScimUser(db: Executor, userId: number, patch: Omit<Updateable<ScimUsersTable>, 'user_name_key'>): Promise<void> {
  await db.updateTable('scim_users').set(patch.user_name === undefined ? patch : { ...patch, user_name_key: nameKey(patch.user_name) }).where('user_id', '=', userId).execute();
}

export interface EmailRow {
  value: string | null;
  type: string | null;
  display: string | null;
  primary: boolean;
}

/** Sets a user's emails; `fresh` when the user was created in this transaction (none to delete). */
export async function replaceEmails(db: Executor, userId: number, emails: EmailRow[], options: { fresh?: boolean } = {}): Promise<void> {
  if (!options.fresh) await db.deleteFrom('scim_user_emails').where('user_id', '=', userId).execute();
  const rows = emails.map((e, position) => ({ user_id: userId, position, value: e.value, type: e.type, display: e.display, is_primary: e.primary ? 1 : 0 }));
  for (const batch of chunks(rows, 100)) await db.insertInto('scim_user_emails').values(batch).execute();
}

/** The emails of several users created in this transaction (none to delete), in few statements. */
export async function insertEmailsOfNewUsers(db: Executor, users: { userId: number; emails: EmailRow[] }[]): Promise<void> {
  const rows = users.flatMap(({ userId, emails }) => emails.map((e, position) => ({ user_id: userId, position, value: e.value, type: e.type, display: e.display, is_primary: e.primary ? 1 : 0 })));
  for (const batch of chunks(rows, 100)) await db.insertInto('scim_user_emails').values(batch).execute();
}

/** A new account made by a SCIM create: its users row, its provisioning record (without the ids) and its emails. */
export interface NewScimAccount {
  user: Insertable<UsersTable>;
  scim: Omit<Insertable<ScimUsersTable>, 'user_id' | 'user_name_key'>;
  emails: EmailRow[];
}

/**
 * New accounts with their provisioning records and emails (a batch of creates); returns each new
 * account's id by its user_id. On PostgreSQL in one statement (data-modifying CTEs: one round trip
 * instead of three, the rows as one JSON parameter, typed by the tables' own row types); on SQLite
 * (no round trips to save) one multi-row insert per table.
 */
export async function insertNewScimAccounts(db: Executor, accounts: NewScimAccount[]): Promise<Map<string, number>> {
  if (accounts.length === 0) return new Map();
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    const ids = await insertUsers(db, accounts.map((a) => a.user));
    const idOf = (a: NewScimAccount) => ids.get(a.user.user_id)!;
    await insertScimUsers(db, accounts.map((a) => ({ user_id: idOf(a), ...a.scim })));
    await insertEmailsOfNewUsers(db, accounts.map((a) => ({ userId: idOf(a), emails: a.emails })));
    return ids;
  }
  const out = new Map<string, number>();
  for (const batch of chunks(accounts, 200)) {
    const docs = batch.map((a) => ({
      user: a.user,
      scim: { ...a.scim, user_name_key: nameKey(a.scim.user_name) },
      emails: a.emails.map((e, position) => ({ position, value: e.value, type: e.type, display: e.display, is_primary: e.primary ? 1 : 0 })),
    }));
    const userCols = Object.keys(batch[0].user);
    const scimCols = Object.keys(docs[0].scim);
    const emailCols = ['position', 'value', 'type', 'display', 'is_primary'];
    const cols = (names: string[], from?: string) => sql.join(names.map((c) => (from ? sql.ref(`${from}.${c}`) : sql.ref(c))));
    const { rows } = await sql<{ id: number; user_id: string }>`
      with a as (select e.doc from json_array_elements(${JSON.stringify(docs)}::json) as e(doc)),
      u as (insert into users (${cols(userCols)}) select ${cols(userCols, 'r')} from a cross join lateral json_populate_record(null::users, a.doc->'user') as r returning id, user_id),
      s as (insert into scim_users (user_id, ${cols(scimCols)}) select u.id, ${cols(scimCols, 'r')} from a join u on u.user_id = a.doc->'user'->>'user_id' cross join lateral json_populate_record(null::scim_users, a.doc->'scim') as r),
      m as (insert into scim_user_emails (user_id, ${cols(emailCols)}) select u.id, ${cols(emailCols, 'r')} from a join u on u.user_id = a.doc->'user'->>'user_id' cross join lateral json_populate_recordset(null::scim_user_emails, a.doc->'emails') as r)
      select id, user_id from u`.execute(db);
    for (const r of rows) out.set(r.user_id, r.id);
  }
  return out;
}

// ---------- groups ----------

function groupQuery(db: Executor) {
  return db
    .selectFrom('teams as t')
    .leftJoin('scim_groups as g', 'g.team_id', 't.id')
    .where('t.kind', '=', 'custom');
}

function selectGroup<Q extends ReturnType<typeof groupQuery>>(q: Q) {
  return q.select(['t.id', 't.name', 't.created_at', 't.updated_at', 't.scim_version', 'g.external_id', 'g.member_displays', 'g.team_id as scim_team_id', 'g.updated_at as scim_updated_at']);
}

export type ScimGroupRow = Awaited<ReturnType<typeof findScimGroup>> & object;

/** A custom team as a group; the Public team is never one. */
export async function findScimGroup(db: Executor, id: number) {
  return selectGroup(groupQuery(db).where('t.id', '=', id)).executeTakeFirst();
}

/** The two queries of a page of Groups (the count, the rows), as for Users. */
export function scimGroupsPageQueries(db: Executor, page: Page) {
  let q = groupQuery(db);
  if (page.where) q = q.where(page.where);
  const count = q.select((eb) => eb.fn.countAll<number>().as('total'));
  let ordered = selectGroup(q);
  if (page.sort) ordered = ordered.orderBy(sql`case when ${page.sort} is null then 1 else 0 end`).orderBy(page.sort, page.descending ? 'desc' : 'asc');
  return { count, rows: ordered.orderBy('t.id').offset(page.offset).limit(page.limit) };
}

export async function listScimGroups(db: Executor, page: Page) {
  return runPage(scimGroupsPageQueries(db, page), page);
}

export interface MemberRow {
  team_id: number;
  user_id: number;
  display_name: string | null;
  user_name: string;
}

/** Members of each team that a directory provisioned (attached SCIM users), by id. */
export async function scimMembersOfTeams(db: Executor, teamIds: number[]): Promise<Map<number, MemberRow[]>> {
  const out = new Map<number, MemberRow[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('scim_users as s', 's.user_id', 'm.user_id')
    .select(['m.team_id', 'm.user_id', 's.display_name', 's.user_name'])
    .where('m.team_id', 'in', teamIds)
    .where('s.detached_at', 'is', null)
    .orderBy('m.user_id')
    .execute();
  for (const r of rows) out.get(r.team_id)?.push(r);
  return out;
}

/**
 * One team's members that a directory provisioned: scimMembersOfTeams for one team, compiled once
 * (a group read or a lookup that found one group), a prepared statement on PostgreSQL.
 */
export const scimMembersOfTeam = named('warden_scim_members_of_team', hotQuery(
  (db, teamId: number) => db
    .selectFrom('team_members as m')
    .innerJoin('scim_users as s', 's.user_id', 'm.user_id')
    .select(['m.team_id', 'm.user_id', 's.display_name', 's.user_name'])
    .where('m.team_id', '=', teamId)
    .where('s.detached_at', 'is', null)
    .orderBy('m.user_id'),
  [-7_200_001] as const,
));

/**
 * Every member of a team by id (as memberIdsOf), each with whether a directory provisioned it (an
 * attached SCIM user, as attachedScimUserIds: then it is a member of the group, shown with these
 * names, as scimMembersOfTeams shows it): what a group change reads of the members, in one statement.
 */
export async function teamMembersForScim(db: Executor, teamId: number): Promise<(MemberRow & { attached: boolean })[]> {
  const rows = await db
    .selectFrom('team_members as m')
    .leftJoin('scim_users as s', (j) => j.onRef('s.user_id', '=', 'm.user_id').on('s.detached_at', 'is', null))
    .select(['m.team_id', 'm.user_id', 's.display_name', 's.user_name'])
    .where('m.team_id', '=', teamId)
    .orderBy('m.user_id')
    .execute();
  return rows.map((r) => ({ team_id: r.team_id, user_id: r.user_id, display_name: r.display_name, user_name: r.user_name ?? '', attached: r.user_name !== null }));
}

export async function memberIdsOf(db: Executor, teamId: number): Promise<number[]> {
  const rows = await db.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** Which of these ids are attached SCIM users. */
export async function attachedScimUserIds(db: Executor, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await inBatches(ids, (batch) => db.selectFrom('scim_users').select('user_id').where('user_id', 'in', batch).where('detached_at', 'is', null).execute());
  return new Set(rows.map((r) => r.user_id));
}

export async function upsertScimGroup(db: Executor, values: Insertable<ScimGroupsTable>): Promise<void> {
  await db.insertInto('scim_groups').values(values)
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ external_id: values.external_id ?? null, member_displays: values.member_displays, updated_at: values.updated_at }))
    .execute();
}
