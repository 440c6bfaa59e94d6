// Directory sync rules: SCIM Users are Warden personal accounts, SCIM Groups are Warden teams.
// Every change runs in one transaction with its audit events (the token's owner is the actor).
//
// Choices (docs/sso-and-scim.md, "Directory sync"):
// - A provisioned account's user_id is its userName as first sent; it follows userName renames
//   for as long as it still equals the old userName (SSO adoption may replace it with the subject).
// - `active` and the Warden role are the account's own state: absent from a PUT they stay as
//   they are, so a directory that does not send the role extension never demotes anyone.
// - A create whose userName no directory has used attaches to an account that signed in through
//   SSO first, rather than making a twin the directory would manage instead of the person: only
//   when exactly one active personal account never linked to SCIM has the same email (any case)
//   and an SSO identity whose email the IdP verified (email_verified at the last sign-in). Its
//   user_id and provisioned_by stay; name, email, role and active are applied as on re-attach.
//   An unverified email never links ("nOAuth"); several or none make a new account as before.
// - DELETE deactivates and detaches: the account stays (deactivated) for audit; a later create
//   with the same userName re-attaches and reactivates it.
// - A group is any custom team. The directory owns the name and the members it provisioned;
//   members it does not know (service users, accounts not provisioned by SCIM) are never touched,
//   and the team's level and datastores (the Admin's) are never changed by SCIM.
import { looksLikeServiceUserId } from '../http/text.ts';
import { inNewTransaction, transact, within } from '../db/transaction.ts';
import { inGroupCommitSet, type Settled, type SetWork } from '../db/group-commit.ts';
import { nameKey } from '../http/text.ts';
import { customTeamsOfUsers } from '../teams/store.ts';
import { customTeamsOfUserView } from '../users/store.ts';
import { runFill } from '../db/hot-query.ts';
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/types.ts';
import { ROLES, type Role } from '../access/model.ts';
import { directoryContext, nowOf, type ActionContext } from '../access/principal.ts';
import { applyGroups } from '../directory/service.ts';
import { hasRoleMappings, scimGroupsOfUser } from '../directory/store.ts';
import { requireAction } from '../access/guard.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { auditsWritten, chainAudits, created, diff, recordAudit, recordAudits, type Changes } from '../audit/service.ts';
import { CHAIN_LOCK, lockChain } from '../audit/chain.ts';
import { findUserById, findUserByUserId, insertUser, updateUserRow } from '../users/store.ts';
import { deactivateUser, reactivateUser, updateUser } from '../users/service.ts';
import { changeTeam, createTeam, deleteTeam } from '../teams/service.ts';
import { filterTemplate, filterToSql, sortExpression } from './filter.ts';
import { applyPatch } from './patch.ts';
import { normalizeResource, parseFilter, project, type Doc, type Json, type ResourceKind } from './resource.ts';
import { CORE_GROUP, CORE_USER, DEFAULT_COUNT, ENTERPRISE_USER, LIST_RESPONSE, MAX_RESULTS, WARDEN_USER } from './schemas.ts';
import { invalidValue, preconditionFailed, ScimError, scimNotFound, uniqueness } from './errors.ts';
import {
  attachedScimUserIds,
  compilePage,
  findAttachableSsoAccounts,
  insertNewScimAccounts,
  insertNewScimAccountsAudited,
  lookupCreatesPostgres,
  lookupCreates,
  findScimGroup,
  findScimUser,
  findScimUserByUserName,
  insertScimUser,
  listScimGroups,
  listScimUsers,
  memberIdsOf,
  replaceEmails,
  runCompiledPage,
  scimMembersOfTeam,
  scimGroupsPageQueries,
  scimMembersOfTeams,
  scimUsersPageQueries,
  teamMembersForScim,
  updateScimUser,
  upsertScimGroup,
  type CompiledPage,
  type CreateLookup,
  type EmailRow,
  type ScimGroupRow,
  type ScimUserRow,
  type StatementRunner,
} from './store.ts';


/** Emails one user may carry: no person has more, and each is a row in scim_user_emails. */
export const MAX_EMAILS = 100;
type Kdb = Kysely<Database>;

const REASON = 'SCIM provisioning';

/** A rendered resource with its ETag (also in meta.version). */
export interface Versioned {
  resource: Doc;
  etag: string;
}

export interface ListParams {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: number;
  count?: number;
  attributes?: string;
  excludedAttributes?: string;
}

export interface Preconditions {
  ifMatch?: string;
}

/** The SCIM id of a resource: the Warden integer id as a string; anything else is not found. */
export function parseId(id: string, what: string): number {
  if (!/^\d{1,10}$/.test(id) || Number(id) > 2_147_483_647 || Number(id) < 1) throw scimNotFound(what);
  return Number(id);
}

/** A weak ETag over the representation (without meta), so any change to it changes the tag. */
function etagOf(resource: Doc): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22);
  return `W/"${hash}"`;
}

function checkIfMatch(pre: Preconditions, current: string): void {
  const header = pre.ifMatch?.trim();
  if (!header || header === '*') return;
  const tags = header.split(',').map((t) => t.trim());
  const bare = (t: string) => t.replace(/^W\//, '');
  if (!tags.some((t) => bare(t) === bare(current))) throw preconditionFailed();
}

/**
 * A SCIM change's transaction. `audited`: the change writes audit events as a rule (a group's), so
 * the audit chain's lock is taken with the write lock (db/transaction.ts: one round trip less than
 * taking it at the first event).
 */
async function inTransaction<T>(db: Db, fn: (trx: Kdb) => Promise<T>, options: { audited?: boolean } = {}): Promise<T> {
  try {
    return await (db.kysely.isTransaction || !options.audited ? transact(db, fn) : inNewTransaction(db.kysely, fn, [CHAIN_LOCK]));
  } catch (err) {
    if (isUniqueViolation(err)) throw uniqueness('The value is already taken (userName, user_id or group displayName)');
    throw err;
  }
}

function requireDirectoryAdmin(ctx: ActionContext): void {
  requireAction(ctx, 'users.manage');
  requireAction(ctx, 'teams.manage');
}

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

// ---------------------------------------------------------------- users

interface UserFacts {
  userName: string;
  role: Role | null;
  active: boolean | null;
  /** What is stored in scim_users.attributes: everything but active and the Warden extension. */
  stored: Doc;
  name: string;
  email: string | null;
  emails: EmailRow[];
}

function factsOf(doc: Doc): UserFacts {
  const userName = typeof doc.userName === 'string' ? doc.userName.trim() : '';
  if (userName === '') throw invalidValue('userName is required');
  if (userName.length > 255) throw invalidValue('userName must be at most 255 characters');
  if (looksLikeServiceUserId(userName)) throw invalidValue(`userName "${userName}" has the form of a service user id (…@service), which no personal account may take`);
  const ext = isObject(doc[WARDEN_USER]) ? (doc[WARDEN_USER] as Doc) : null;
  let role: Role | null = null;
  if (ext && ext.role !== undefined) {
    const r = typeof ext.role === 'string' ? ext.role.trim().toLowerCase() : '';
    if (!(ROLES as readonly string[]).includes(r)) throw invalidValue(`${WARDEN_USER}:role must be one of ${ROLES.join(', ')}`);
    role = r as Role;
  }
  const stored: Doc = { ...doc, userName };
  delete stored.active;
  delete stored[WARDEN_USER];
  const emailsRaw = Array.isArray(doc.emails) ? (doc.emails as Doc[]) : [];
  if (emailsRaw.length > MAX_EMAILS) throw invalidValue(`emails: at most ${MAX_EMAILS} values per user, got ${emailsRaw.length}`);
  const emails: EmailRow[] = emailsRaw.map((e) => ({ value: str(e.value), type: str(e.type), display: str(e.display), primary: e.primary === true }));
  const email = (emails.find((e) => e.primary && e.value) ?? emails.find((e) => e.value))?.value ?? null;
  const nameObj = isObject(doc.name) ? (doc.name as Doc) : {};
  const given = [str(nameObj.givenName), str(nameObj.familyName)].filter(Boolean).join(' ');
  const name = (str(doc.displayName) ?? str(nameObj.formatted) ?? (given || null) ?? userName).trim().slice(0, 255) || userName;
  return { userName, role, active: typeof doc.active === 'boolean' ? doc.active : null, stored, name, email, emails };
}

function scimColumns(f: UserFacts) {
  const n = isObject(f.stored.name) ? (f.stored.name as Doc) : {};
  return {
    user_name: f.userName,
    external_id: str(f.stored.externalId),
    display_name: str(f.stored.displayName),
    formatted_name: str(n.formatted),
    family_name: str(n.familyName),
    given_name: str(n.givenName),
    middle_name: str(n.middleName),
    honorific_prefix: str(n.honorificPrefix),
    honorific_suffix: str(n.honorificSuffix),
    attributes: JSON.stringify(f.stored),
  };
}

/** The resource without meta: what PATCH operates on and what the ETag covers. */
function userDocOf(row: ScimUserRow, groups: { id: number; name: string }[], baseUrl: string): Doc {
  const stored = JSON.parse(row.attributes) as Doc;
  const schemas = [CORE_USER, ...(isObject(stored[ENTERPRISE_USER]) ? [ENTERPRISE_USER] : []), WARDEN_USER];
  const doc: Doc = { schemas, id: String(row.user_id) };
  if (stored.externalId !== undefined) doc.externalId = stored.externalId;
  doc.userName = row.user_name;
  for (const [k, v] of Object.entries(stored)) if (k !== 'externalId' && k !== 'userName') doc[k] = v;
  doc.active = row.deactivated_at === null;
  doc[WARDEN_USER] = { role: row.role };
  if (groups.length) doc.groups = groups.map((g) => ({ value: String(g.id), $ref: `${baseUrl}/Groups/${g.id}`, display: g.name, type: 'direct' }));
  return doc;
}

function versionedUser(row: ScimUserRow, groups: { id: number; name: string }[], baseUrl: string): Versioned {
  const doc = userDocOf(row, groups, baseUrl);
  const etag = etagOf(doc);
  const lastModified = row.account_updated_at > row.updated_at ? row.account_updated_at : row.updated_at;
  doc.meta = { resourceType: 'User', created: row.created_at, lastModified, location: `${baseUrl}/Users/${row.user_id}`, version: etag };
  return { resource: doc, etag };
}

async function loadUser(trx: Kdb, id: number): Promise<ScimUserRow> {
  const row = await findScimUser(trx, id);
  if (!row) throw scimNotFound(`User ${id}`);
  return row;
}

async function renderUser(trx: Kdb, id: number, baseUrl: string): Promise<Versioned> {
  const row = await loadUser(trx, id);
  const groups = (await customTeamsOfUsers(trx, [id])).get(id) ?? [];
  return versionedUser(row, groups, baseUrl);
}

/**
 * The read paths of lookups and reads outside a transaction (groupsOfUsers, membersOfGroups,
 * pageRunner). `compiled: false` takes the general paths (Kysely, built per request) instead: for
 * the tests that prove both answer the same bytes (read-paths.test.ts), nothing else.
 */
export const scimReadPaths = { compiled: true };

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * customTeamsOfUsers (the groups of each user, by name), outside a transaction: for one user (a
 * lookup, a read) by a statement compiled once, prepared on PostgreSQL (customTeamsOfUserView, the
 * same memberships), instead of a query built per request. The same groups in the same order.
 */
async function groupsOfUsers(db: Db, ids: number[]): Promise<Map<number, { id: number; name: string }[]>> {
  if (ids.length !== 1 || db.kysely.isTransaction || !scimReadPaths.compiled) return customTeamsOfUsers(db.kysely, ids);
  const rows = await runFill(db, customTeamsOfUserView, ids[0], new Date().toISOString());
  return new Map([[ids[0], rows.map((t) => ({ id: t.id, name: t.name! })).sort(byName)]]);
}

/**
 * Applies role and active changes through the users service (inside our transaction), so SCIM
 * follows exactly its rules: last-Admin protection (409), nobody changes or deactivates themselves
 * (403), sessions end on deactivation, one audit event per change.
 */
async function applyAccountState(db: Db, trx: Kdb, ctx: ActionContext, accountId: number, want: { role: Role | null; active: boolean | null }): Promise<void> {
  const account = (await findUserById(trx, accountId))!;
  const isActive = account.deactivated_at === null;
  const users = within(db, trx);
  // deactivate before demoting: the last-Admin rule then judges the account as it is now
  if (want.active === false && isActive) await deactivateUser(users, ctx, accountId, REASON);
  if (want.role !== null && want.role !== account.role) await updateUser(users, ctx, accountId, { role: want.role, reason: REASON });
  if (want.active === true && !isActive) await reactivateUser(users, ctx, accountId, REASON);
}

async function assertUserNameFree(trx: Kdb, userName: string, exceptId: number): Promise<void> {
  const other = await findScimUserByUserName(trx, userName);
  if (other && other.user_id !== exceptId) throw uniqueness(`userName "${userName}" is already taken`);
}

/**
 * The one account a new SCIM user with this email may attach to (see the header), or undefined
 * when there is none or more than one: then a new account is made, as before.
 */
async function attachableAccount(trx: Kdb, email: string) {
  const candidates = await findAttachableSsoAccounts(trx, email);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * POST /Users. A directory's first sync sends thousands, several at a time: concurrent creates
 * share a transaction and its commit (db/group-commit.ts), each answered exactly as alone. The
 * creates of a batch are done together (createUsersIn): one lookup for all, multi-row inserts,
 * the audit rows in bulk, one cache announcement.
 */
export async function createScimUser(db: Db, ctx: ActionContext, body: unknown, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const facts = factsOf(normalizeResource('User', body));
  try {
    return await inGroupCommitSet(db.kysely, CREATE_USERS, { db, ctx, facts, baseUrl });
  } catch (err) {
    if (isUniqueViolation(err)) throw uniqueness('The value is already taken (userName, user_id or group displayName)');
    throw err;
  }
}

interface CreateItem {
  db: Db;
  ctx: ActionContext;
  facts: UserFacts;
  baseUrl: string;
}

const CREATE_USERS: SetWork<CreateItem, Versioned> = {
  one: (trx, { db, ctx, facts, baseUrl }) => createUserIn(within(db, trx), trx, ctx, facts, baseUrl),
  many: createUsersIn,
  // every create that is not refused writes an audit event
  locks: [CHAIN_LOCK],
};

/** What a new account and its provisioning record are made of (the else branch of createUserIn, and createUsersIn). */
function newUserValues(ctx: ActionContext, facts: UserFacts, now: string) {
  const role = facts.role ?? 'member';
  const active = facts.active ?? true;
  return {
    role,
    active,
    user: {
      user_id: facts.userName, type: 'personal' as const, name: facts.name, email: facts.email, role,
      owner_id: null, purpose: null, provisioned_by: 'scim' as const, created_at: now, created_by: ctx.actor?.id ?? null, updated_at: now,
      deactivated_at: active ? null : now,
    },
    scim: { ...scimColumns(facts), created_at: now, updated_at: now, detached_at: null },
  };
}

function newUserAudit(id: number, facts: UserFacts, role: Role, active: boolean) {
  return {
    action: 'user.created' as const, targetType: 'user', targetId: id, reason: REASON,
    changes: created({ user_id: facts.userName, type: 'personal', name: facts.name, email: facts.email, role, active, provisioned_by: 'scim', scim: facts.stored }),
  };
}

/** The answer for an account just created: rendered from what was written (a new account has no teams), not read back. */
function newUserAnswer(id: number, v: ReturnType<typeof newUserValues>, baseUrl: string): Versioned {
  const row: ScimUserRow = {
    user_id: id, user_name: v.scim.user_name, external_id: v.scim.external_id, display_name: v.scim.display_name, attributes: v.scim.attributes,
    created_at: v.scim.created_at, updated_at: v.scim.updated_at,
    account_user_id: v.user.user_id, role: v.user.role, deactivated_at: v.user.deactivated_at, account_updated_at: v.user.updated_at,
  };
  return versionedUser(row, [], baseUrl);
}

/**
 * The creates of a batch together, each answered as if it had run alone, in this order: first the
 * ones refused by what is already committed (a userName attached, a user_id taken: nothing
 * written), then the plain new accounts, all at once (a later create of the batch with the same
 * userName is refused as it would be after it), then one by one (createUserIn) those that
 * re-attach or attach to an SSO account, and any with the same userName as one of those.
 */
async function createUsersIn(trx: Kdb, items: CreateItem[]): Promise<Settled<Versioned>[]> {
  const keys = items.map((it) => nameKey(it.facts.userName));
  const lookupArgs: [string[], string[], string[]] = [
    [...new Set(keys)],
    [...new Set(items.map((it) => it.facts.userName))],
    [...new Set(items.flatMap((it) => (it.facts.email === null ? [] : [it.facts.email.toLowerCase()])))],
  ];
  // PostgreSQL: the lookup also takes the ids the writes need, and the writes are one statement (four round trips a batch, not six)
  const postgres = items[0].db.dialect === 'postgres';
  if (postgres) await lockChain(trx);
  const found: CreateLookup & Partial<Awaited<ReturnType<typeof lookupCreatesPostgres>>> = postgres
    ? await lookupCreatesPostgres(trx, ...lookupArgs, items.length, !auditsWritten(trx))
    : await lookupCreates(trx, ...lookupArgs);
  const { detachedByKey, takenUserIds, attachableByEmail } = found;

  const out: (Settled<Versioned> | undefined)[] = new Array(items.length);
  const fresh: number[] = [];
  const alone: number[] = [];
  /** Whether an earlier create of the batch makes a new account with this userName (by nameKey). */
  const firstIsFresh = new Map<string, boolean>();
  for (const [k, { facts }] of items.entries()) {
    const detached = detachedByKey.get(keys[k]);
    const earlier = firstIsFresh.get(keys[k]);
    if (detached === false || earlier === true) out[k] = { error: uniqueness(`userName "${facts.userName}" is already taken`) };
    else if (earlier === false || detached === true || (facts.email !== null && attachableByEmail.get(facts.email.toLowerCase()) === 1)) alone.push(k);
    else if (takenUserIds.has(facts.userName)) out[k] = { error: uniqueness(`A Warden account with user_id "${facts.userName}" already exists`) };
    else fresh.push(k);
    if (earlier === undefined) firstIsFresh.set(keys[k], fresh.at(-1) === k);
  }

  if (fresh.length > 0) {
    const now = new Date().toISOString();
    const values = fresh.map((k) => newUserValues(items[k].ctx, items[k].facts, now));
    if (found.newIds && found.audit) {
      const ids = found.newIds;
      const audits = chainAudits(trx, fresh.map((k, n) => ({ ctx: items[k].ctx, entry: newUserAudit(ids[n], items[k].facts, values[n].role, values[n].active) })), found.audit);
      await insertNewScimAccountsAudited(trx, fresh.map((k, n) => ({ id: ids[n], user: values[n].user, scim: values[n].scim, emails: items[k].facts.emails })), audits.rows, audits.announced);
      await audits.written();
      fresh.forEach((k, n) => (out[k] = { value: newUserAnswer(ids[n], values[n], items[k].baseUrl) }));
    } else {
      const ids = await insertNewScimAccounts(trx, fresh.map((k, n) => ({ user: values[n].user, scim: values[n].scim, emails: items[k].facts.emails })));
      const idOf = (v: (typeof values)[number]) => ids.get(v.user.user_id)!;
      await recordAudits(trx, fresh.map((k, n) => ({ ctx: items[k].ctx, entry: newUserAudit(idOf(values[n]), items[k].facts, values[n].role, values[n].active) })));
      fresh.forEach((k, n) => (out[k] = { value: newUserAnswer(idOf(values[n]), values[n], items[k].baseUrl) }));
    }
  }
  for (const k of alone) {
    const { db, ctx, facts, baseUrl } = items[k];
    out[k] = { value: await createUserIn(within(db, trx), trx, ctx, facts, baseUrl) };
  }
  return out as Settled<Versioned>[];
}

async function createUserIn(db: Db, trx: Kdb, ctx: ActionContext, facts: UserFacts, baseUrl: string): Promise<Versioned> {
  const existing = await findScimUserByUserName(trx, facts.userName);
  if (existing && existing.detached_at === null) throw uniqueness(`userName "${facts.userName}" is already taken`);
  const now = new Date().toISOString();
  let id: number;
  const attach = existing || facts.email === null ? undefined : await attachableAccount(trx, facts.email);
  if (existing) {
    // re-attach the account a DELETE detached, and reactivate it
    id = existing.user_id;
    const account = (await findUserById(trx, id))!;
    const before = JSON.parse(existing.attributes) as Doc;
    await updateUserRow(trx, id, { name: facts.name, email: facts.email, updated_at: now });
    await updateScimUser(trx, id, { ...scimColumns(facts), updated_at: now, detached_at: null });
    await recordAudit(trx, ctx, {
      action: 'user.scim_attached', targetType: 'user', targetId: id, reason: REASON,
      changes: { ...diff({ name: account.name, email: account.email }, { name: facts.name, email: facts.email }), ...diff(before, facts.stored), scim_attached: { before: false, after: true } },
    });
    await applyAccountState(db, trx, ctx, id, { role: facts.role, active: facts.active ?? true });
  } else if (attach) {
    // the person signed in through SSO before the directory synced: manage that account, not a twin
    id = attach.id;
    await updateUserRow(trx, id, { name: facts.name, email: facts.email, updated_at: now });
    await insertScimUser(trx, { user_id: id, ...scimColumns(facts), created_at: now, updated_at: now, detached_at: null });
    await recordAudit(trx, ctx, {
      action: 'user.scim_attached', targetType: 'user', targetId: id, reason: `${REASON}: same email as an account signed in through SSO, verified by the IdP`,
      changes: { ...diff({ name: attach.name, email: attach.email }, { name: facts.name, email: facts.email }), scim: { before: null, after: facts.stored }, scim_attached: { before: false, after: true } },
    });
    await applyAccountState(db, trx, ctx, id, { role: facts.role, active: facts.active ?? true });
  } else {
    if (await findUserByUserId(trx, facts.userName)) throw uniqueness(`A Warden account with user_id "${facts.userName}" already exists`);
    const v = newUserValues(ctx, facts, now);
    id = await insertUser(trx, v.user);
    await insertScimUser(trx, { user_id: id, ...v.scim });
    await recordAudit(trx, ctx, newUserAudit(id, facts, v.role, v.active));
    // a new account has no emails and no teams yet: nothing to delete, no groups to read
    await replaceEmails(trx, id, facts.emails, { fresh: true });
    return newUserAnswer(id, v, baseUrl);
  }
  await replaceEmails(trx, id, facts.emails);
  return renderUser(trx, id, baseUrl);
}

/** Writes a user's new SCIM document (from PUT or PATCH): account fields, role, active, attributes, emails. */
async function writeUser(db: Db, trx: Kdb, ctx: ActionContext, row: ScimUserRow, doc: Doc): Promise<void> {
  const facts = factsOf(doc);
  const before = JSON.parse(row.attributes) as Doc;
  const account = (await findUserById(trx, row.user_id))!;
  const now = new Date().toISOString();
  let userId = account.user_id;
  if (facts.userName !== row.user_name) {
    await assertUserNameFree(trx, facts.userName, row.user_id);
    if (account.user_id === row.user_name && facts.userName !== account.user_id) {
      const taken = await findUserByUserId(trx, facts.userName);
      if (taken && taken.id !== row.user_id) throw uniqueness(`A Warden account with user_id "${facts.userName}" already exists`);
      userId = facts.userName;
    }
  }
  const accountChanges = diff({ user_id: account.user_id, name: account.name, email: account.email }, { user_id: userId, name: facts.name, email: facts.email });
  const scimChanges = diff(before, facts.stored);
  if (Object.keys(accountChanges).length) await updateUserRow(trx, row.user_id, { user_id: userId, name: facts.name, email: facts.email, updated_at: now });
  if (Object.keys(scimChanges).length || facts.userName !== row.user_name) {
    await updateScimUser(trx, row.user_id, { ...scimColumns(facts), updated_at: now });
    await replaceEmails(trx, row.user_id, facts.emails);
  }
  if (Object.keys(accountChanges).length || Object.keys(scimChanges).length) {
    const changes: Changes = { ...accountChanges };
    for (const [k, v] of Object.entries(scimChanges)) changes[`scim.${k}`] = v;
    await recordAudit(trx, ctx, { action: 'user.updated', targetType: 'user', targetId: row.user_id, reason: REASON, changes });
  }
  await applyAccountState(db, trx, ctx, row.user_id, { role: facts.role, active: facts.active });
}

export async function getScimUser(db: Db, ctx: ActionContext, id: string, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const userId = parseId(id, `User ${id}`);
  const row = await loadUser(db.kysely, userId);
  return versionedUser(row, (await groupsOfUsers(db, [userId])).get(userId) ?? [], baseUrl);
}

export async function replaceScimUser(db: Db, ctx: ActionContext, id: string, body: unknown, pre: Preconditions, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const userId = parseId(id, `User ${id}`);
  const doc = normalizeResource('User', body);
  return inTransaction(db, async (trx) => {
    const current = await renderUser(trx, userId, baseUrl);
    checkIfMatch(pre, current.etag);
    await writeUser(db, trx, ctx, await loadUser(trx, userId), doc);
    return renderUser(trx, userId, baseUrl);
  });
}

export async function patchScimUser(db: Db, ctx: ActionContext, id: string, body: unknown, pre: Preconditions, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const userId = parseId(id, `User ${id}`);
  return inTransaction(db, async (trx) => {
    const row = await loadUser(trx, userId);
    const current = await renderUser(trx, userId, baseUrl);
    checkIfMatch(pre, current.etag);
    const base = userDocOf(row, [], baseUrl);
    const patched = applyPatch('User', base, body);
    await writeUser(db, trx, ctx, row, normalizeResource('User', patched));
    return renderUser(trx, userId, baseUrl);
  });
}

/** DELETE: deactivate and detach; the account stays for audit and can be re-attached by userName. */
export async function deleteScimUser(db: Db, ctx: ActionContext, id: string, pre: Preconditions, baseUrl: string): Promise<void> {
  requireDirectoryAdmin(ctx);
  const userId = parseId(id, `User ${id}`);
  await inTransaction(db, async (trx) => {
    const current = await renderUser(trx, userId, baseUrl);
    checkIfMatch(pre, current.etag);
    await applyAccountState(db, trx, ctx, userId, { role: null, active: false });
    await updateScimUser(trx, userId, { detached_at: new Date().toISOString() });
    await recordAudit(trx, ctx, { action: 'user.scim_detached', targetType: 'user', targetId: userId, reason: REASON, changes: { scim_attached: { before: true, after: false } } });
  });
}

function pageOf(params: ListParams) {
  const startIndex = Math.max(1, params.startIndex ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, params.count ?? DEFAULT_COUNT));
  const order = params.sortOrder?.toLowerCase();
  if (order !== undefined && order !== 'ascending' && order !== 'descending') throw invalidValue('sortOrder must be ascending or descending');
  return { startIndex, count, descending: order === 'descending' };
}

function listResponse(resources: Doc[], total: number, startIndex: number) {
  return { schemas: [LIST_RESPONSE], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/**
 * Compiled page queries by the shape of their filter (filterTemplate), per database: a directory's
 * lookups (`userName eq "…"`, `emails[type eq "work"].value eq "…"`, `displayName eq "…"`) differ
 * only in their values, so each shape is built and compiled once and run with the request's
 * values as parameters. The placeholder carries a random part, so no value a client sends is
 * taken for one. At most MAX_COMPILED_PAGES shapes are kept (the oldest goes first).
 */
const PLACEHOLDER = `\u0000scim-value-${crypto.randomBytes(8).toString('hex')}:`;
const MAX_COMPILED_PAGES = 256;
const compiledPages = new WeakMap<Kdb, Map<string, CompiledPage | null>>();

interface PageRequest {
  filter: string | undefined;
  sortBy: string | undefined;
  descending: boolean;
  offset: number;
  limit: number;
}

/** Whether every placeholder parameter of the compiled queries is exactly one of the values, and each value is used. */
function placeholdersFill(compiled: CompiledPage, values: number): boolean {
  const used = new Set<number>();
  for (const q of [compiled.rows, compiled.count]) {
    if (q.sql.includes(PLACEHOLDER)) return false;
    for (const p of q.parameters) {
      if (typeof p !== 'string' || !p.includes(PLACEHOLDER)) continue;
      const i = p.startsWith(PLACEHOLDER) ? Number(p.slice(PLACEHOLDER.length)) : NaN;
      if (!Number.isInteger(i) || i < 0 || i >= values || p !== `${PLACEHOLDER}${i}`) return false;
      used.add(i);
    }
  }
  return used.size === values;
}

/** A page of Users or Groups: the same queries as listScimUsers / listScimGroups, compiled once per filter shape. */
async function listPage<Row>(db: Db, kind: ResourceKind, req: PageRequest): Promise<{ rows: Row[]; total: number }> {
  const filter = req.filter !== undefined && req.filter.trim() !== '' ? parseFilter(req.filter) : null;
  const queriesOf = (where: ReturnType<typeof filterToSql> | null) => {
    const sort = req.sortBy ? sortExpression(kind, db.dialect, req.sortBy) : null;
    const page = { where, sort, descending: req.descending, offset: req.offset, limit: req.limit };
    return kind === 'User' ? scimUsersPageQueries(db.kysely, page) : scimGroupsPageQueries(db.kysely, page);
  };
  const template = filter ? filterTemplate(kind, db.dialect, filter, PLACEHOLDER) : { shape: null, values: [] };
  let byShape = compiledPages.get(db.kysely);
  if (!byShape) compiledPages.set(db.kysely, (byShape = new Map()));
  const key = template && JSON.stringify([kind, template.shape, req.sortBy ?? null, req.descending, req.offset, req.limit]);
  let compiled = key === null ? null : byShape.get(key);
  if (compiled === undefined && template) {
    const candidate = compilePage(queriesOf(template.shape && filterToSql(kind, db.dialect, template.shape)));
    // a shape whose SQL would carry a placeholder anywhere but as a whole parameter is never reused
    compiled = placeholdersFill(candidate, template.values.length) ? candidate : null;
    if (byShape.size >= MAX_COMPILED_PAGES) byShape.delete(byShape.keys().next().value!);
    byShape.set(key!, compiled);
  }
  if (!compiled || !template) {
    // as before the cache: built and compiled for this request
    const where = filter && filterToSql(kind, db.dialect, filter);
    const page = { where, sort: req.sortBy ? sortExpression(kind, db.dialect, req.sortBy) : null, descending: req.descending, offset: req.offset, limit: req.limit };
    return (kind === 'User' ? listScimUsers(db.kysely, page) : listScimGroups(db.kysely, page)) as Promise<{ rows: Row[]; total: number }>;
  }
  const values = template.values;
  const fill = (parameters: readonly unknown[]) => parameters.map((p) => (typeof p === 'string' && p.startsWith(PLACEHOLDER) ? values[Number(p.slice(PLACEHOLDER.length))] : p));
  return runCompiledPage<Row>(db.kysely, compiled, { offset: req.offset, limit: req.limit }, fill, pageRunner(db));
}

/**
 * How the compiled page statements run outside a transaction, as the caches' fills do
 * (db/hot-query.ts, runFill). SQLite: synchronously on the read-only connection (committed data,
 * as a read outside a transaction sees on Kysely's), without Kysely's executor around it.
 * PostgreSQL parses and plans an unnamed statement at every execution, which cost the backend
 * twice what executing an indexed lookup does: the statements of the first MAX_NAMED_PAGES shapes
 * this process sees (a directory uses a handful) run as named prepared statements through the
 * pool, each connection parsing them once (PostgreSQL re-plans them itself when the tables'
 * statistics change). Bounded: at most MAX_NAMED_PAGES × 2 statements per connection; any other
 * shape runs unnamed through Kysely, as before.
 */
const MAX_NAMED_PAGES = 64;
const namedPages = new Map<string, string>();

/** How many page statements this process runs as named ones (at most MAX_NAMED_PAGES × 2): for the tests. */
export function namedPageStatements(): number {
  return namedPages.size;
}

function pageRunner(db: Db): StatementRunner | undefined {
  if (db.kysely.isTransaction || !scimReadPaths.compiled) return undefined;
  const sqlite = db.sqlite;
  if (sqlite) {
    return (text, values) => {
      try {
        return Promise.resolve(sqlite.readSync(text, values));
      } catch (err) {
        return Promise.reject(err);
      }
    };
  }
  const pool = db.postgres?.pool;
  if (!pool) return undefined;
  return (text, values) => {
    let name = namedPages.get(text);
    if (name === undefined) {
      if (namedPages.size >= MAX_NAMED_PAGES * 2) return null;
      name = `warden_scim_page_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
      namedPages.set(text, name);
    }
    return pool.query({ name, text, values }).then((r) => r.rows);
  };
}

export async function listScimUsersPage(db: Db, ctx: ActionContext, params: ListParams, baseUrl: string) {
  requireDirectoryAdmin(ctx);
  const { startIndex, count, descending } = pageOf(params);
  const { rows, total } = await listPage<ScimUserRow>(db, 'User', { filter: params.filter, sortBy: params.sortBy, descending, offset: startIndex - 1, limit: count });
  const groups = await groupsOfUsers(db, rows.map((r) => r.user_id));
  const resources = rows.map((r) => project('User', versionedUser(r, groups.get(r.user_id) ?? [], baseUrl).resource, params.attributes, params.excludedAttributes));
  return listResponse(resources, total, startIndex);
}

// ---------------------------------------------------------------- groups

interface GroupFacts {
  name: string;
  externalId: string | null;
  /** SCIM member ids, sorted, distinct. */
  memberIds: number[];
  displays: Record<string, string>;
}

async function groupFactsOf(trx: Kdb, doc: Doc): Promise<GroupFacts> {
  const name = typeof doc.displayName === 'string' ? doc.displayName.trim() : '';
  if (name === '') throw invalidValue('displayName is required');
  if (name.length > 255) throw invalidValue('displayName must be at most 255 characters');
  const members = Array.isArray(doc.members) ? (doc.members as Doc[]) : [];
  const displays: Record<string, string> = {};
  const ids: number[] = [];
  for (const m of members) {
    const value = typeof m.value === 'string' ? m.value.trim() : '';
    if (!/^\d{1,10}$/.test(value) || Number(value) > 2_147_483_647) throw invalidValue(`members: "${value}" is not the id of a provisioned User`);
    ids.push(Number(value));
    if (typeof m.display === 'string' && m.display !== '') displays[String(Number(value))] = m.display;
  }
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const attached = await attachedScimUserIds(trx, unique);
  const missing = unique.filter((id) => !attached.has(id));
  if (missing.length) throw invalidValue(`members: no provisioned User with id ${missing.join(', ')}`);
  const kept = new Set(unique);
  for (const k of Object.keys(displays)) if (!kept.has(Number(k))) delete displays[k];
  return { name, externalId: str(doc.externalId), memberIds: unique, displays };
}

function groupDocOf(row: ScimGroupRow, members: { user_id: number; display_name: string | null; user_name: string }[] | null, baseUrl: string): Doc {
  const displays = row.member_displays ? (JSON.parse(row.member_displays) as Record<string, string>) : {};
  const doc: Doc = { schemas: [CORE_GROUP], id: String(row.id) };
  if (row.external_id !== null) doc.externalId = row.external_id;
  doc.displayName = row.name;
  if (members) {
    doc.members = members.map((m) => ({ value: String(m.user_id), $ref: `${baseUrl}/Users/${m.user_id}`, display: displays[String(m.user_id)] ?? m.display_name ?? m.user_name, type: 'User' }));
  }
  return doc;
}

/**
 * A Group's ETag: of its representation's version (teams.scim_version, which the database bumps in
 * the statement of any change to what the Group shows: its name, externalId, members and their
 * displays; migration 0020), not of the representation itself, so that an answer without members
 * (`excludedAttributes=members`) need not read them. The base URL is part of it as it is of the
 * members' $ref. Weak as before: two equal representations may have different tags (a change
 * undone), never one tag two representations.
 */
function groupEtag(row: Pick<ScimGroupRow, 'id' | 'scim_version'>, baseUrl: string): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(['Group', row.id, Number(row.scim_version), baseUrl])).digest('base64url').slice(0, 22);
  return `W/"${hash}"`;
}

/** Whether an answer projected by these attributes / excludedAttributes shows members (else they need not be read). */
function showsMembers(attributes: string | undefined, excluded: string | undefined): boolean {
  return project('Group', { schemas: [CORE_GROUP], id: '0', members: [] }, attributes, excluded).members !== undefined;
}

/** A Group rendered; `members` null: without them (an answer that does not show them), the same ETag. */
function versionedGroup(row: ScimGroupRow, members: { user_id: number; display_name: string | null; user_name: string }[] | null, baseUrl: string): Versioned {
  const doc = groupDocOf(row, members, baseUrl);
  const tag = groupEtag(row, baseUrl);
  // externalId and member displays live beside the team: a change to them alone is a change too
  const lastModified = row.scim_updated_at !== null && row.scim_updated_at > row.updated_at ? row.scim_updated_at : row.updated_at;
  doc.meta = { resourceType: 'Group', created: row.created_at, lastModified, location: `${baseUrl}/Groups/${row.id}`, version: tag };
  return { resource: doc, etag: tag };
}

async function loadGroup(trx: Kdb, id: number): Promise<ScimGroupRow> {
  const row = await findScimGroup(trx, id);
  if (!row) throw scimNotFound(`Group ${id}`);
  return row;
}

async function renderGroup(trx: Kdb, id: number, baseUrl: string): Promise<Versioned> {
  const row = await loadGroup(trx, id);
  const members = (await scimMembersOfTeams(trx, [id])).get(id) ?? [];
  return versionedGroup(row, members, baseUrl);
}

/**
 * scimMembersOfTeams outside a transaction: for one group (a lookup, a read) by a statement
 * compiled once, prepared on PostgreSQL (scimMembersOfTeam, the same rows in the same order).
 */
async function membersOfGroups(db: Db, ids: number[]): Promise<Map<number, { user_id: number; display_name: string | null; user_name: string }[]>> {
  if (ids.length !== 1 || db.kysely.isTransaction || !scimReadPaths.compiled) return scimMembersOfTeams(db.kysely, ids);
  return new Map([[ids[0], await runFill(db, scimMembersOfTeam, ids[0])]]);
}

/**
 * Role mappings follow SCIM group membership (issue 21): for each provisioned member whose groups
 * this change touched, the highest role their SCIM groups map to, applied with actor `directory`.
 * A role the directory gave goes when the group no longer grants it; a role an Admin set by hand,
 * and the last Admin, stay (directory/rules.ts, rule `scim`).
 */
async function applyRoleMappings(db: Db, trx: Kdb, ctx: ActionContext, userIds: number[]): Promise<void> {
  if (userIds.length === 0 || !(await hasRoleMappings(trx))) return;
  const attached = await attachedScimUserIds(trx, userIds);
  const dctx = directoryContext(ctx.requestId, ctx.ip, ctx.now);
  const now = new Date(nowOf(ctx)).toISOString();
  for (const id of [...new Set(userIds)].sort((a, b) => a - b)) {
    if (!attached.has(id)) continue;
    await applyGroups(db, trx, dctx, id, await scimGroupsOfUser(trx, id, now), { rule: 'scim', teams: false, source: 'SCIM group membership' });
  }
}

export async function createScimGroup(db: Db, ctx: ActionContext, body: unknown, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const doc = normalizeResource('Group', body);
  return inTransaction(db, async (trx) => {
    const facts = await groupFactsOf(trx, doc);
    // a SCIM-created team starts at the lowest level with no datastores: the Admin grants access
    const team = await createTeam(within(db, trx), ctx, { name: facts.name, permission: 'reporter', user_ids: facts.memberIds, datastore_ids: [] });
    const now = new Date().toISOString();
    await upsertScimGroup(trx, { team_id: team.id, external_id: facts.externalId, member_displays: JSON.stringify(facts.displays), created_at: now, updated_at: now });
    if (facts.externalId !== null) {
      await recordAudit(trx, ctx, { action: 'team.scim_updated', targetType: 'team', targetId: team.id, reason: REASON, changes: { external_id: { before: null, after: facts.externalId } } });
    }
    await applyRoleMappings(db, trx, ctx, facts.memberIds);
    return renderGroup(trx, team.id, baseUrl);
  }, { audited: true });
}

/**
 * Lets other requests run between the phases of a large group change. Each phase of a 2,000-member
 * PATCH costs tens of milliseconds of CPU; on SQLite (a synchronous driver) the whole change would
 * otherwise hold the event loop from start to end. The transaction stays one: other queries wait on
 * its connection as before, while /healthz and answers from the caches go through.
 */
const letOthersRun = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A group as a change finds it, in two statements: its row and every member of its team (by id),
 * each with whether a directory provisioned it (only those are the group's members).
 */
async function loadGroupForChange(trx: Kdb, id: number) {
  const row = await loadGroup(trx, id);
  const all = await teamMembersForScim(trx, id);
  return { row, all, scim: all.filter((m) => m.attached) };
}

/**
 * Writes a group's new document: name and SCIM members through the teams service, externalId
 * here. `all`: the team's members as loadGroupForChange read them in this transaction.
 */
async function writeGroup(db: Db, trx: Kdb, ctx: ActionContext, row: ScimGroupRow, doc: Doc, all: { user_id: number; attached: boolean }[]): Promise<void> {
  const facts = await groupFactsOf(trx, doc);
  await letOthersRun();
  const current = all.map((m) => m.user_id);
  const scimNow = new Set(all.filter((m) => m.attached).map((m) => m.user_id));
  // members the directory does not know stay
  const userIds = [...new Set([...current.filter((id) => !scimNow.has(id)), ...facts.memberIds])].sort((a, b) => a - b);
  const teamChanges = facts.name !== row.name || JSON.stringify(userIds) !== JSON.stringify(current);
  if (teamChanges) {
    await letOthersRun();
    await changeTeam(within(db, trx), ctx, row.id, { name: facts.name, user_ids: userIds });
    await letOthersRun();
  }
  const beforeDisplays = row.member_displays ?? '{}';
  const afterDisplays = JSON.stringify(facts.displays);
  const scimChanges = diff({ external_id: row.external_id, member_displays: JSON.parse(beforeDisplays) }, { external_id: facts.externalId, member_displays: facts.displays });
  if (Object.keys(scimChanges).length || row.scim_team_id === null) {
    const now = new Date().toISOString();
    await upsertScimGroup(trx, { team_id: row.id, external_id: facts.externalId, member_displays: afterDisplays, created_at: now, updated_at: now });
    if (Object.keys(scimChanges).length) await recordAudit(trx, ctx, { action: 'team.scim_updated', targetType: 'team', targetId: row.id, reason: REASON, changes: scimChanges });
  }
  // A renamed group (or a new externalId) may match other mappings: every member is looked at again.
  const renamed = facts.name !== row.name || facts.externalId !== row.external_id;
  const touched = renamed ? [...new Set([...current, ...userIds])] : [...current.filter((id) => !userIds.includes(id)), ...userIds.filter((id) => !current.includes(id))];
  await applyRoleMappings(db, trx, ctx, touched);
}

export async function getScimGroup(db: Db, ctx: ActionContext, id: string, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const groupId = parseId(id, `Group ${id}`);
  const row = await loadGroup(db.kysely, groupId);
  return versionedGroup(row, (await membersOfGroups(db, [groupId])).get(groupId) ?? [], baseUrl);
}

export async function replaceScimGroup(db: Db, ctx: ActionContext, id: string, body: unknown, pre: Preconditions, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const groupId = parseId(id, `Group ${id}`);
  const doc = normalizeResource('Group', body);
  return inTransaction(db, async (trx) => {
    // the ETag is the row's (groupEtag): the members are read for the change, not for the check
    const { row, all } = await loadGroupForChange(trx, groupId);
    checkIfMatch(pre, groupEtag(row, baseUrl));
    await letOthersRun();
    await writeGroup(db, trx, ctx, row, doc, all);
    return renderGroup(trx, groupId, baseUrl);
  }, { audited: true });
}

export async function patchScimGroup(db: Db, ctx: ActionContext, id: string, body: unknown, pre: Preconditions, baseUrl: string): Promise<Versioned> {
  requireDirectoryAdmin(ctx);
  const groupId = parseId(id, `Group ${id}`);
  return inTransaction(db, async (trx) => {
    const { row, all, scim } = await loadGroupForChange(trx, groupId);
    const current = versionedGroup(row, scim, baseUrl);
    checkIfMatch(pre, current.etag);
    const base = { ...current.resource };
    delete base.meta;
    await letOthersRun();
    const patched = normalizeResource('Group', applyPatch('Group', base, body));
    await letOthersRun();
    await writeGroup(db, trx, ctx, row, patched, all);
    return renderGroup(trx, groupId, baseUrl);
  }, { audited: true });
}

export async function deleteScimGroup(db: Db, ctx: ActionContext, id: string, pre: Preconditions, baseUrl: string): Promise<void> {
  requireDirectoryAdmin(ctx);
  const groupId = parseId(id, `Group ${id}`);
  await inTransaction(db, async (trx) => {
    checkIfMatch(pre, groupEtag(await loadGroup(trx, groupId), baseUrl));
    const members = await memberIdsOf(trx, groupId);
    await deleteTeam(within(db, trx), ctx, groupId);
    await applyRoleMappings(db, trx, ctx, members);
  }, { audited: true });
}

export async function listScimGroupsPage(db: Db, ctx: ActionContext, params: ListParams, baseUrl: string) {
  requireDirectoryAdmin(ctx);
  const { startIndex, count, descending } = pageOf(params);
  const { rows, total } = await listPage<ScimGroupRow>(db, 'Group', { filter: params.filter, sortBy: params.sortBy, descending, offset: startIndex - 1, limit: count });
  // a lookup that does not show members (excludedAttributes=members, as directories ask) does not read them
  const withMembers = showsMembers(params.attributes, params.excludedAttributes);
  const members = withMembers ? await membersOfGroups(db, rows.map((r) => r.id)) : new Map();
  const resources = rows.map((r) => project('Group', versionedGroup(r, withMembers ? (members.get(r.id) ?? []) : null, baseUrl).resource, params.attributes, params.excludedAttributes));
  return listResponse(resources, total, startIndex);
}

// ---------------------------------------------------------------- search across Users and Groups

/**
 * A filter for one resource type in a search across types, or `undefined` when the filter names an
 * attribute that type does not have (RFC 7644 §3.4.2.1: the search then simply finds none of it).
 */
function whereFor(kind: 'User' | 'Group', dialect: Db['dialect'], filter: ReturnType<typeof parseFilter> | null) {
  if (!filter) return { where: null };
  try {
    return { where: filterToSql(kind, dialect, filter) };
  } catch (err) {
    if (err instanceof ScimError && err.scimType === 'invalidFilter') return { error: err };
    throw err;
  }
}

/**
 * POST /.search (RFC 7644 §3.4.3): Users then Groups, as one list paged by startIndex/count. Sorting
 * across the two is refused (400): sort within /Users/.search or /Groups/.search.
 */
export async function searchAllResources(db: Db, ctx: ActionContext, params: ListParams, baseUrl: string) {
  requireDirectoryAdmin(ctx);
  const { startIndex, count } = pageOf(params);
  if (params.sortBy) throw invalidValue('sortBy is not supported in a search across Users and Groups; search /Users/.search or /Groups/.search to sort');
  const filter = params.filter !== undefined && params.filter.trim() !== '' ? parseFilter(params.filter) : null;
  const users = whereFor('User', db.dialect, filter);
  const groups = whereFor('Group', db.dialect, filter);
  // a filter neither type can answer is the client's mistake, said as for /Users
  if (users.error && groups.error) throw users.error;
  const offset = startIndex - 1;
  const userPage = users.error
    ? { rows: [], total: 0 }
    : await listScimUsers(db.kysely, { where: users.where, sort: null, descending: false, offset, limit: count });
  const groupOffset = Math.max(0, offset - userPage.total);
  const groupLimit = count - userPage.rows.length;
  const groupPage = groups.error
    ? { rows: [], total: 0 }
    : await listScimGroups(db.kysely, { where: groups.where, sort: null, descending: false, offset: groupOffset, limit: groupLimit });
  const teams = await customTeamsOfUsers(db.kysely, userPage.rows.map((r) => r.user_id));
  const withMembers = showsMembers(params.attributes, params.excludedAttributes);
  const members = withMembers ? await scimMembersOfTeams(db.kysely, groupPage.rows.map((r) => r.id)) : new Map();
  const resources = [
    ...userPage.rows.map((r) => project('User', versionedUser(r, teams.get(r.user_id) ?? [], baseUrl).resource, params.attributes, params.excludedAttributes)),
    ...groupPage.rows.map((r) => project('Group', versionedGroup(r, withMembers ? (members.get(r.id) ?? []) : null, baseUrl).resource, params.attributes, params.excludedAttributes)),
  ];
  return listResponse(resources, userPage.total + groupPage.total, startIndex);
}
