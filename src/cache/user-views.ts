// The caller's own user object (`GET /api/users/me`), from memory. The view is what
// users/service.ts getUser answers (one source of truth); it is kept while nothing it shows can
// have changed:
// - a change to the user, or to a user it names (owner, creator), or to any team, drops it
//   (the invalidations of AccessCache, on every node);
// - it ends by itself at the first instant it shows (an elevation's end, a membership's end), so a
//   time-bound role or membership is never shown past its end;
// - it is at most VIEW_TTL_MS old, so last_active_at (written by every node's last-use flush, which
//   announces nothing) is at most that plus the flush interval stale: within the minute promised;
//   this node's own flush drops the views of the users it wrote.
import type { UserView } from '../users/service.ts';
import type { AccessCache } from './access-cache.ts';
import { Lru } from './lru.ts';

export const VIEW_TTL_MS = 30_000;

interface CachedView {
  view: UserView;
  from: number;
  until: number;
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
        let until = nowMs + VIEW_TTL_MS;
        if (view.elevation) until = Math.min(until, Date.parse(view.elevation.until));
        for (const team of view.teams) if (team.until) until = Math.min(until, Date.parse(team.until));
        if (view.owner) this.#named.add(view.owner.id);
        if (view.created_by) this.#named.add(view.created_by.id);
        this.#lru.set(id, { view, from: nowMs, until });
      }
      return view;
    });
  }

  /** After this node wrote last-use figures: those users' views show an older last_active_at. */
  evict(ids: Iterable<number>): void {
    for (const id of ids) this.#lru.delete(id);
  }

  clear(): void {
    this.#lru.clear();
    this.#named.clear();
  }
}
