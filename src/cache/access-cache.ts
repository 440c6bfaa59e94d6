// Decisions from memory: what every request reads — a token's state by its hash, its owner (role
// fields, activity, team memberships), a datastore's teams with their levels — held in bounded LRU
// maps, so that a request whose entries are cached does no database work at all.
//
// What is cached never makes a decision staler than the database allows:
// - Time is applied at each use, never at load time: a token's expiry, a time-bound role's end and
//   each team membership's end are compared with the decision's clock on every request.
// - Every committed change this node makes evicts what it touched before the change is answered
//   (db/change-tracking.ts); other nodes' changes arrive by LISTEN/NOTIFY (PostgreSQL) or by
//   watching PRAGMA data_version (SQLite), db/listener.ts.
// - A fill that started before an invalidation is not stored (the generation counter), so a slow
//   read cannot put back what a write changed meanwhile. On PostgreSQL a token unknown to the node
//   is read with its owner in one statement (one round trip); that fill stores both entries or,
//   when an invalidation came during it, neither.
// - While the node cannot trust its invalidations (its LISTEN connection is down or unconfirmed),
//   nothing is read from or stored into the caches: every request is answered from the database.
import type { BlockList } from 'node:net';
import type { Db } from '../db/connection.ts';
import type { Change, ChangeSource } from '../db/changes.ts';
import type { Level, Role, TeamGrant, TokenRestriction } from '../access/model.ts';
import type { StoredRole } from '../access/elevation.ts';
import type { Principal } from '../access/principal.ts';
import { restrictionOf } from '../tokens/restrictions.ts';
import { blockListOf } from '../tokens/cidr.ts';
import { Lru, type LruEntry } from './lru.ts';
import { principalUserById, teamsOfDatastoreById, tokenByHash, tokenWithOwnerByHash, type RowOf } from './store.ts';
import { runFill } from '../db/hot-query.ts';

export interface CacheLimits {
  tokens: number;
  users: number;
  datastores: number;
}

/** A token's own state: what authentication checks before looking at the owner. */
export interface TokenEntry extends LruEntry {
  tokenId: number;
  ownerId: number;
  scope: 'all' | 'scim';
  /** The display hint (`wdn_pat_AbCd…`): what the audit log names the token by. */
  hint: string;
  revoked: boolean;
  /** Infinity when the token never expires; compared with the clock at each use. */
  expiresAtMs: number;
  /** When the token was issued (ms): introspection's `iat`. */
  createdAtMs: number;
  /** The networks a narrowed token may be used from (parsed once), or null. */
  networks: BlockList | null;
  restriction: TokenRestriction | null;
  /** The principal last built for this token, reused while its owner entry and effective role stay the same. */
  principal: Principal | null;
  principalOwner: UserEntry | null;
  /** Whether the principal was built before its owner's time-bound role ends (http/auth.ts principalOf); unused when the role is not time-bound. */
  principalBeforeEnd: boolean;
}

export interface UserEntry extends LruEntry {
  id: number;
  userId: string;
  type: 'personal' | 'service';
  name: string;
  email: string | null;
  /** The stored role fields; the effective role is access/elevation.ts effectiveRole(stored, now) at each use. */
  stored: StoredRole;
  /** When a time-bound role ends (ms), NaN when the role is not time-bound. */
  elevationEndsMs: number;
  deactivated: boolean;
  /**
   * Stored memberships and when each ends (Infinity: it does not); ended ones are skipped at each
   * use. Read only: when no membership ends, teamUntilMs is an array shared by every such entry.
   */
  teamIds: readonly number[];
  teamUntilMs: readonly number[];
}

/** A team as a datastore's entry holds it; shared by every entry that holds the same team (datastoreTeamOf). */
interface DatastoreTeam {
  readonly isPublic: boolean;
  readonly grant: Readonly<TeamGrant>;
}

export interface DatastoreEntry extends LruEntry {
  /** 0: no datastore has this id (cached too: its creation is announced like any change). */
  id: number;
  teams: readonly DatastoreTeam[];
}

const NO_TEAMS: readonly DatastoreTeam[] = Object.freeze([]);
/** The entry of an id no datastore has (one per id: the cache stamps its entries). */
const noDatastore = (): DatastoreEntry => ({ id: 0, teams: NO_TEAMS, lruStamp: 0 });

export interface CacheCounters {
  hits: number;
  misses: number;
  /** Lookups answered from the database without the cache, because it could not be trusted. */
  bypassed: number;
}

type Fill<T> = T | Promise<T>;

/** A token read (AccessCache.loadToken), with its owner when it was read in the same statement. */
export interface LoadedToken {
  token: TokenEntry;
  /** PostgreSQL: the owner's cached entry when it was cached, else the one read. SQLite: undefined (look it up: user(ownerId)). */
  owner?: UserEntry;
}

/** `F`: what a fill of this cache answers (the entry itself, or more read with it). */
class EntryCache<K, V extends LruEntry, F = V> {
  readonly lru: Lru<K, V>;
  readonly counters: CacheCounters = { hits: 0, misses: 0, bypassed: 0 };
  /** Reads in flight (PostgreSQL), shared by the requests that need the same entry in the same generation. */
  readonly inflight = new Map<K, { generation: number; promise: Promise<F | null> }>();

  constructor(max: number) {
    this.lru = new Lru<K, V>(max);
  }
}

const timeOf = (iso: string | null): number => (iso === null ? Infinity : Date.parse(iso));

export class AccessCache {
  readonly db: Db;
  readonly tokens: EntryCache<string, TokenEntry, LoadedToken>;
  readonly users: EntryCache<number, UserEntry>;
  readonly datastores: EntryCache<number, DatastoreEntry>;
  /** Whether invalidations can be trusted now (set by the listener; SQLite: always). */
  trusted: () => boolean = () => true;
  /** When not trusted: resolves once the listener has confirmed it heard everything, or gave up trying (db/listener.ts confirm). */
  confirm: () => Promise<void> = () => Promise.resolve();
  /** Incremented by every invalidation: a fill that started before it is not stored. */
  generation = 0;
  readonly invalidations: Record<ChangeSource, number> = { local: 0, notify: 0, poll: 0, reset: 0 };
  /** When the newest invalidation arrived (ms), or null. */
  lastInvalidationAt: number | null = null;
  #tokenHashById = new Map<number, string>();

  constructor(db: Db, limits: CacheLimits) {
    this.db = db;
    this.tokens = new EntryCache(limits.tokens);
    this.users = new EntryCache(limits.users);
    this.datastores = new EntryCache(limits.datastores);
    this.tokens.lru.onEvict = (_hash, entry) => this.#tokenHashById.delete(entry.tokenId);
    this.tokens.lru.onCleared = () => this.#tokenHashById.clear();
    this.datastores.lru.onCleared = () => datastoreTeams.clear();
  }

  // ---- Lookups: a value when cached (or on SQLite, read synchronously), a promise otherwise ----

  /** The cached state of the token with this hash, without any database read. */
  peekToken(hash: string): TokenEntry | undefined {
    if (!this.trusted()) return undefined;
    const entry = this.tokens.lru.get(hash);
    if (entry !== undefined) this.tokens.counters.hits++;
    return entry;
  }

  /**
   * The token's owner when everything a decision on this token needs is in memory now and the token
   * would be accepted as it is: the caches trusted, the token, its owner and (when given) the
   * datastore cached; the token of full scope, not revoked nor expired at `nowMs`, without network
   * restriction, its owner active. Touches nothing (no counter, no recency): the hot path asks
   * before it answers a request itself (http/hot-path.ts) and leaves any other request to Fastify
   * before a lookup is counted, so that none is counted twice.
   */
  holds(hash: string, datastoreId: number | undefined, nowMs: number): UserEntry | undefined {
    const held = this.heldToken(hash, nowMs);
    if (held === undefined) return undefined;
    return datastoreId === undefined || this.datastores.lru.peek(datastoreId) !== undefined ? held.owner : undefined;
  }

  /** holds() without a datastore, with the token's entry beside its owner's (touching nothing, as holds). */
  heldToken(hash: string, nowMs: number): { token: TokenEntry; owner: UserEntry } | undefined {
    if (!this.trusted()) return undefined;
    const token = this.tokens.lru.peek(hash);
    if (token === undefined || token.revoked || token.expiresAtMs <= nowMs || token.scope !== 'all' || token.networks !== null) return undefined;
    const owner = this.users.lru.peek(token.ownerId);
    if (owner === undefined || owner.deactivated) return undefined;
    return { token, owner };
  }

  /**
   * Reads the token with this hash (after peekToken missed); null when no token has it. On
   * PostgreSQL its owner comes in the same statement (one round trip instead of two): both entries
   * are stored, or neither (an invalidation during the read); an owner already cached is kept (and
   * answered), not replaced by the one read. On SQLite, where a read is no round trip, the token is
   * read alone and its owner apart when needed (user(ownerId)): two indexed statements cost less
   * than the join (28 µs against 53 for a new token and owner at 1,000,000 tokens; the token alone
   * 16, when its owner is cached).
   */
  loadToken(hash: string): Fill<LoadedToken | null> {
    if (this.db.sqlite) {
      return this.#fill(this.tokens, hash, () => runFill(this.db, tokenByHash, hash), (rows) => {
        const token = tokenEntryOf(rows);
        return token === null ? null : { token };
      }, ({ token }) => this.#storeToken(hash, token));
    }
    return this.#fill(this.tokens, hash, () => runFill(this.db, tokenWithOwnerByHash, hash), (rows) => this.#loadedOf(rows), ({ token, owner }) => {
      this.#storeToken(hash, token);
      if (owner !== undefined && this.users.lru.peek(owner.id) === undefined) this.users.lru.set(owner.id, owner);
    });
  }

  #storeToken(hash: string, token: TokenEntry): void {
    this.tokens.lru.set(hash, token);
    const old = this.#tokenHashById.get(token.tokenId);
    if (old !== undefined && old !== hash) this.tokens.lru.delete(old);
    this.#tokenHashById.set(token.tokenId, hash);
  }

  /** The token and its owner from one row of tokenWithOwnerByHash; the owner's entry is built only when it is not cached. */
  #loadedOf(rows: RowOf<typeof tokenWithOwnerByHash>[]): LoadedToken | null {
    const token = tokenEntryOf(rows);
    if (token === null) return null;
    if (this.trusted()) {
      const cached = this.users.lru.get(token.ownerId);
      if (cached !== undefined) {
        this.users.counters.hits++;
        return { token, owner: cached };
      }
      this.users.counters.misses++;
    } else this.users.counters.bypassed++;
    return { token, owner: userEntryOf(rows)! };
  }

  user(id: number): Fill<UserEntry | null> {
    if (this.trusted()) {
      const entry = this.users.lru.get(id);
      if (entry !== undefined) {
        this.users.counters.hits++;
        return entry;
      }
    }
    return this.#fill(this.users, id, () => runFill(this.db, principalUserById, id), userEntryOf, (entry) => this.users.lru.set(id, entry));
  }

  /** A datastore's teams, or null when there is no such datastore. */
  datastore(id: number): Fill<DatastoreEntry | null> {
    if (this.trusted()) {
      const entry = this.datastores.lru.get(id);
      if (entry !== undefined) {
        this.datastores.counters.hits++;
        return entry.id === 0 ? null : entry;
      }
    }
    const filled = this.#fill(this.datastores, id, () => runFill(this.db, teamsOfDatastoreById, id), (rows) => datastoreEntryOf(rows) ?? noDatastore(), (entry) => this.datastores.lru.set(id, entry));
    if (filled instanceof Promise) return filled.then((e) => (e === null || e.id === 0 ? null : e));
    return filled === null || filled.id === 0 ? null : filled;
  }

  /**
   * The decision's grants: the teams that hold both the user and the datastore at `nowMs` (the
   * Public team holds every user); undefined when there is no such datastore.
   */
  grantsOn(userId: number, datastoreId: number, nowMs: number): Fill<TeamGrant[] | undefined> {
    const user = this.user(userId);
    const datastore = this.datastore(datastoreId);
    if (user instanceof Promise || datastore instanceof Promise) {
      return Promise.all([user, datastore]).then(([u, d]) => grantsOf(u, d, nowMs));
    }
    return grantsOf(user, datastore, nowMs);
  }

  /**
   * Reads rows and builds what they hold; stores it (`store`: every entry it holds) only when the
   * cache is trusted and no invalidation happened since the read began. Concurrent fills of one key
   * share one read (PostgreSQL).
   */
  #fill<K, V extends LruEntry, F, R>(cache: EntryCache<K, V, F>, key: K, read: () => Fill<R[]>, build: (rows: R[]) => F | null, store: (filled: F) => void): Fill<F | null> {
    const trusted = this.trusted();
    if (!trusted) {
      cache.counters.bypassed++;
      const rows = read();
      return rows instanceof Promise ? rows.then(build) : build(rows);
    }
    cache.counters.misses++;
    const generation = this.generation;
    const keep = (rows: R[]): F | null => {
      const filled = build(rows);
      if (filled !== null && generation === this.generation && this.trusted()) store(filled);
      return filled;
    };
    // A read that began before the latest invalidation may return what it changed: never shared.
    const pending = cache.inflight.get(key);
    if (pending !== undefined && pending.generation === generation) return pending.promise;
    const rows = read();
    if (!(rows instanceof Promise)) return keep(rows);
    const promise = rows.then(keep);
    const slot = { generation, promise };
    cache.inflight.set(key, slot);
    const done = () => {
      if (cache.inflight.get(key) === slot) cache.inflight.delete(key);
    };
    promise.then(done, done);
    return promise;
  }

  // ---- Invalidation ------------------------------------------------------------------------

  invalidate(changes: readonly Change[], source: ChangeSource): void {
    this.generation++;
    this.invalidations[source]++;
    this.lastInvalidationAt = Date.now();
    for (const c of changes) {
      switch (c.kind) {
        case 'token':
          if (c.id === null) this.tokens.lru.clear();
          else {
            const hash = this.#tokenHashById.get(c.id);
            if (hash !== undefined) this.tokens.lru.delete(hash);
          }
          break;
        case 'user':
          if (c.id === null) this.users.lru.clear();
          else this.users.lru.delete(c.id);
          this.onUserChanged?.(c.id);
          break;
        case 'team':
          // Members, levels, names and datastores of a team reach many users and datastores.
          this.users.lru.clear();
          this.datastores.lru.clear();
          this.onTeamChanged?.();
          break;
        case 'datastore':
          if (c.id === null) this.datastores.lru.clear();
          else this.datastores.lru.delete(c.id);
          break;
        case 'session':
        case 'webhook':
          break; // nothing cached depends on them
        default:
          this.clear(source);
      }
    }
  }

  /** Drops every entry (the LISTEN connection dropped, another process wrote, or a change could not be narrowed). */
  clear(source: ChangeSource): void {
    this.generation++;
    this.lastInvalidationAt = Date.now();
    if (source === 'reset') this.invalidations.reset++;
    this.tokens.lru.clear();
    this.users.lru.clear();
    this.datastores.lru.clear();
    this.onCleared?.();
  }

  /** Hooks for caches built on this one (the caller's user view). */
  onUserChanged?: (id: number | null) => void;
  onTeamChanged?: () => void;
  onCleared?: () => void;
}

// ---- Entries from rows ------------------------------------------------------------------------
//
// A cache holds up to its bound of each entry and, under a load that draws from more tokens than
// that, replaces them all the time, so every byte of an entry counts twice: in the live heap and in
// the garbage the old generation holds until it is collected (issue 24). Entries therefore hold no
// copy of what many of them share: a row's text is a new string at every read, so the few fixed
// words (scope, type, role, level) are replaced by one string each; a user's stored role fields,
// when not time-bound, are one object per role; a datastore's teams are one object per team (and
// name, level, kind); arrays are built at their length (an array grown by push keeps room for 17).

/** The fixed words of the rows the caches read, one string each. */
const WORDS = new Map<string, string>(['all', 'scim', 'personal', 'service', 'member', 'manager', 'admin', 'reporter', 'viewer', 'drafter', 'author', 'editor'].map((w) => [w, w]));
const word = <T extends string>(text: T): T => (WORDS.get(text) as T | undefined) ?? text;

/** The stored role fields of a role that is not time-bound, one object per role (never written: effectiveRole and the principal read them). */
const PLAIN_ROLES = new Map<string, StoredRole>();
function storedRoleOf(role: Role, before: Role | null, endsAt: string | null): StoredRole {
  if (before !== null || endsAt !== null) return { role, role_before_elevation: before, elevation_ends_at: endsAt };
  let stored = PLAIN_ROLES.get(role);
  if (stored === undefined) PLAIN_ROLES.set(role, (stored = Object.freeze({ role: word(role), role_before_elevation: null, elevation_ends_at: null })));
  return stored;
}

/** Memberships none of which ends: `n` times Infinity, one array per length. */
const OPEN_ENDED: number[][] = [];
function openEnded(n: number): readonly number[] {
  if (n >= 64) return Array.from({ length: n }, () => Infinity);
  return (OPEN_ENDED[n] ??= Array.from({ length: n }, () => Infinity));
}

/**
 * The teams of datastore entries, one object per team as read (id, name, level, Public or not,
 * enrichment): a team placed on many datastores is held once. Keyed by all it holds, so an entry
 * never gets another team's or an older version's object; emptied when the datastores' cache is,
 * and when it reaches DATASTORE_TEAMS_MAX (a bound in case names keep changing without a clear).
 */
const DATASTORE_TEAMS_MAX = 65_536;
const datastoreTeams = new Map<string, DatastoreTeam>();
function datastoreTeamOf(teamId: number, teamName: string, level: Level, isPublic: boolean, enrichment: boolean): DatastoreTeam {
  const key = `${teamId}:${level}:${isPublic ? 1 : 0}${enrichment ? 1 : 0}:${teamName}`;
  let team = datastoreTeams.get(key);
  if (team === undefined) {
    if (datastoreTeams.size >= DATASTORE_TEAMS_MAX) datastoreTeams.clear();
    team = Object.freeze({ isPublic, grant: Object.freeze({ teamId, teamName, level: word(level), enrichment }) });
    datastoreTeams.set(key, team);
  }
  return team;
}

function tokenEntryOf(rows: RowOf<typeof tokenByHash>[]): TokenEntry | null {
  const r = rows[0];
  if (!r) return null;
  const cidrs = r.allowed_cidrs === null ? null : (JSON.parse(r.allowed_cidrs) as string[]);
  return {
    tokenId: r.token_id,
    ownerId: r.owner_id,
    scope: word(r.scope),
    hint: r.hint,
    revoked: r.revoked_at !== null,
    expiresAtMs: timeOf(r.expires_at),
    createdAtMs: Date.parse(r.created_at),
    networks: cidrs === null ? null : blockListOf(cidrs),
    restriction: restrictionOf(r),
    principal: null,
    principalOwner: null,
    principalBeforeEnd: false,
    lruStamp: 0,
  };
}

function userEntryOf(rows: RowOf<typeof principalUserById>[]): UserEntry | null {
  const r = rows[0];
  if (!r) return null;
  const teams = (typeof r.teams === 'string' ? JSON.parse(r.teams) : r.teams) as [number, string | null][];
  const teamIds = teams.map((t) => t[0]);
  const teamUntilMs = teams.every((t) => t[1] === null) ? openEnded(teams.length) : teams.map((t) => timeOf(t[1]));
  return {
    id: r.id,
    userId: r.user_id,
    type: word(r.type),
    name: r.name,
    email: r.email,
    stored: storedRoleOf(r.role as Role, r.role_before_elevation as Role | null, r.elevation_ends_at),
    elevationEndsMs: r.elevation_ends_at !== null && r.role_before_elevation !== null ? Date.parse(r.elevation_ends_at) : NaN,
    deactivated: r.deactivated_at !== null,
    teamIds,
    teamUntilMs,
    lruStamp: 0,
  };
}

function datastoreEntryOf(rows: RowOf<typeof teamsOfDatastoreById>[]): DatastoreEntry | null {
  if (rows.length === 0) return null;
  let n = 0;
  for (const r of rows) if (r.team_id !== null && r.team_name !== null && r.permission !== null) n++;
  const teams = new Array<DatastoreTeam>(n);
  let i = 0;
  for (const r of rows) {
    if (r.team_id === null || r.team_name === null || r.permission === null) continue;
    teams[i++] = datastoreTeamOf(r.team_id, r.team_name, r.permission as Level, r.kind === 'public', r.datastore_kind === 'enrichment');
  }
  return { id: rows[0].id, teams, lruStamp: 0 };
}

/** Whether the user's stored membership of the team holds at `nowMs` (it ends at its instant). */
function holds(user: UserEntry, teamId: number, nowMs: number): boolean {
  const ids = user.teamIds;
  for (let i = 0; i < ids.length; i++) if (ids[i] === teamId && user.teamUntilMs[i] > nowMs) return true;
  return false;
}

/** The same grants as teams/store.ts grantsOnDatastore, from cached entries. */
export function grantsOf(user: UserEntry | null, datastore: DatastoreEntry | null, nowMs: number): TeamGrant[] | undefined {
  if (datastore === null) return undefined;
  const grants: TeamGrant[] = [];
  for (const t of datastore.teams) if (t.isPublic || (user !== null && holds(user, t.grant.teamId, nowMs))) grants.push(t.grant);
  return grants;
}
