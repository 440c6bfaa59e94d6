// The caller's own user object (`GET /api/users/me`), from memory. The view is what
// users/service.ts getUser answers (one source of truth); it is kept while nothing it shows can
// have changed:
// - a change to the user, or to a user it names (owner, creator), or to any team, drops it
//   (the invalidations of AccessCache, on every node);
// - it ends by itself at the first instant it shows (an elevation's end, a membership's end), so a
//   time-bound role or membership is never shown past its end;
// - its last_active_at (written by every node's last-use flush, which announces nothing) is read
//   again for every cached view each REFRESH_MS, in batches, so it is at most that plus the flush
//   interval stale: within the minute promised.
import type { UserView } from '../users/service.ts';
import type { AccessCache } from './access-cache.ts';
import { Lru, type LruEntry } from './lru.ts';

export const REFRESH_MS = 30_000;
const REFRESH_BATCH = 1000;

/** Reads users' last_active_at (the refresh of cached views). */
export type LastActiveReader = (ids: number[]) => Promise<{ id: number; last_active_at: string | null }[]>;

interface CachedView extends LruEntry {
  view: UserView;
  from: number;
  until: number;
  /** The view as the route serialises it, made once (dropped when last_active_at moves). */
  body: string | null;
}

export class UserViewCache {
  #access: AccessCache;
  #lru: Lru<number, CachedView>;
  /** Users some cached view names (owner, creator): a change to one of them drops every view. */
  #named = new Set<number>();
  hits = 0;
  misses = 0;
  bypassed = 0;

  constructor(access: AccessCache, max: number) {
    this.#access = access;
    this.#lru = new Lru(max);
    access.onUserChanged = (id) => {
      if (id === null || this.#named.has(id)) this.clear();
      else this.#lru.delete(id);
    };
    access.onTeamChanged = () => this.clear();
    access.onCleared = () => this.clear();
  }

  get size(): number {
    return this.#lru.size;
  }

  /** The view of user `id` at `nowMs`: cached when still valid, else `load()`ed (and kept when nothing changed meanwhile). */
  get(id: number, nowMs: number, load: () => Promise<UserView>): UserView | Promise<UserView> {
    const trusted = this.#access.trusted();
    if (!trusted) this.bypassed++;
    else {
      const cached = this.#lru.get(id);
      if (cached !== undefined && nowMs >= cached.from && nowMs < cached.until) {
        this.hits++;
        return cached.view;
      }
    }
    if (trusted) this.misses++;
    const generation = this.#access.generation;
    return load().then((view) => {
      if (trusted && generation === this.#access.generation && this.#access.trusted()) {
        let until = Infinity;
        if (view.elevation) until = Math.min(until, Date.parse(view.elevation.until));
        for (const team of view.teams) if (team.until) until = Math.min(until, Date.parse(team.until));
        if (view.owner) this.#named.add(view.owner.id);
        if (view.created_by) this.#named.add(view.created_by.id);
        this.#lru.set(id, { view, from: nowMs, until, body: null, lruStamp: 0 });
      }
      return view;
    });
  }

  /**
   * The JSON of a view get() returned: serialised once while it stays cached (the route's own
   * serializer, so the bytes are those the route would write), else serialised now.
   */
  /**
   * Whether user `id`'s view at `nowMs` is cached, valid and already serialised: get() then bodyOf()
   * answer it from memory. Touches nothing (no counter, no recency): the hot path asks before it
   * answers a request itself, and then calls those two like the route.
   */
  ready(id: number, nowMs: number): boolean {
    if (!this.#access.trusted()) return false;
    const cached = this.#lru.peek(id);
    return cached !== undefined && cached.body !== null && nowMs >= cached.from && nowMs < cached.until;
  }

  /** Whether get(id, nowMs) would answer from memory now, serialised or not (touches nothing; introspection's hot path asks). */
  holds(id: number, nowMs: number): boolean {
    if (!this.#access.trusted()) return false;
    const cached = this.#lru.peek(id);
    return cached !== undefined && nowMs >= cached.from && nowMs < cached.until;
  }

  bodyOf(id: number, view: UserView, serialize: (view: UserView) => string): string {
    const cached = this.#lru.peek(id);
    if (cached === undefined || cached.view !== view) return serialize(view);
    return (cached.body ??= serialize(view));
  }

  #timer: NodeJS.Timeout | null = null;
  #refreshing = false;

  /** Starts the periodic refresh of last_active_at. */
  start(read: LastActiveReader, onError: (err: unknown) => void = () => {}): void {
    this.#timer ??= setInterval(() => {
      if (this.#refreshing) return;
      this.#refreshing = true;
      this.refresh(read).catch(onError).finally(() => (this.#refreshing = false));
    }, REFRESH_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Reads last_active_at of every cached view again; a figure only ever moves forward. */
  async refresh(read: LastActiveReader): Promise<void> {
    const ids = [...this.#lru.keys()];
    for (let i = 0; i < ids.length; i += REFRESH_BATCH) {
      for (const row of await read(ids.slice(i, i + REFRESH_BATCH))) {
        const cached = this.#lru.peek(row.id);
        if (cached && row.last_active_at !== null && (cached.view.last_active_at === null || cached.view.last_active_at < row.last_active_at)) {
          cached.view.last_active_at = row.last_active_at;
          cached.body = null;
        }
      }
    }
  }

  clear(): void {
    this.#lru.clear();
    this.#named.clear();
  }
}
