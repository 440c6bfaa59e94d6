// Prometheus metrics (prom-client), one registry per app. Labels carry only bounded, non-secret
// values: route templates (never a concrete path with ids), status codes, outcome and reason
// names, cache names. No user id, token, hint or IP ever becomes a label.
//
// Served on a port of its own (WARDEN_METRICS_PORT, on WARDEN_HOST), without authentication, so
// that Prometheus needs no Warden credential; unset, nothing is collected or served.
import http from 'node:http';
import client from 'prom-client';
import type { AccessCache, CacheCounters } from '../cache/access-cache.ts';
import type { UserViewCache } from '../cache/user-views.ts';
import type { ChangeWatcher } from '../db/listener.ts';
import type { Db } from '../db/connection.ts';

type CounterChild = ReturnType<client.Counter['labels']>;
type HistogramChild = ReturnType<client.Histogram['labels']>;

export interface MetricsSources {
  db: Db;
  cache: AccessCache;
  views: UserViewCache;
  watcher: () => ChangeWatcher | null;
}

export class WardenMetrics {
  readonly registry = new client.Registry();
  #requestDuration: client.Histogram<'route' | 'method' | 'status'>;
  #requestChildren = new Map<string, HistogramChild>();
  #authentications: client.Counter<'outcome'>;
  #authChildren = new Map<string, CounterChild>();
  #decisions: client.Counter<'endpoint' | 'allowed' | 'reason'>;
  #decisionChildren = new Map<string, CounterChild>();
  #flushDuration: client.Histogram;
  #flushedTokens: client.Counter;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'warden_' });
    this.#requestDuration = new client.Histogram({
      name: 'warden_http_request_duration_seconds', help: 'Time to answer a request, by route template and status', labelNames: ['route', 'method', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers,
    });
    this.#authentications = new client.Counter({ name: 'warden_authentications_total', help: 'Bearer and session authentications by outcome (ok, or the 401 reason)', labelNames: ['outcome'], registers });
    this.#decisions = new client.Counter({ name: 'warden_decisions_total', help: 'Decisions of POST /api/authorize and GET /api/forward-auth by outcome and reason', labelNames: ['endpoint', 'allowed', 'reason'], registers });
    this.#flushDuration = new client.Histogram({ name: 'warden_last_used_flush_duration_seconds', help: 'Time to write buffered last-use figures', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
    this.#flushedTokens = new client.Counter({ name: 'warden_last_used_flushed_tokens_total', help: 'Tokens whose last use was written', registers });

    const { cache, db, watcher, views } = sources;
    const entry = (c: { lru: { size: number }; counters: CacheCounters }) => ({ size: () => c.lru.size, counters: () => c.counters });
    const caches = {
      tokens: entry(cache.tokens),
      users: entry(cache.users),
      datastores: entry(cache.datastores),
      user_views: { size: () => views.size, counters: () => ({ hits: views.hits, misses: views.misses, bypassed: views.bypassed }) },
    };
    new client.Gauge({
      name: 'warden_cache_entries', help: 'Entries held, per cache', labelNames: ['cache'], registers,
      collect() {
        for (const [name, c] of Object.entries(caches)) this.set({ cache: name }, c.size());
      },
    });
    new client.Counter({
      name: 'warden_cache_lookups_total', help: 'Cache lookups: hit, miss (filled from the database) or bypass (the cache was not trusted)', labelNames: ['cache', 'result'], registers,
      collect() {
        this.reset();
        for (const [name, c] of Object.entries(caches)) {
          const n = c.counters();
          this.inc({ cache: name, result: 'hit' }, n.hits);
          this.inc({ cache: name, result: 'miss' }, n.misses);
          this.inc({ cache: name, result: 'bypass' }, n.bypassed);
        }
      },
    });
    new client.Gauge({
      name: 'warden_cache_hit_ratio', help: 'Hits over all lookups since start, per cache', labelNames: ['cache'], registers,
      collect() {
        for (const [name, c] of Object.entries(caches)) {
          const n = c.counters();
          const all = n.hits + n.misses + n.bypassed;
          this.set({ cache: name }, all === 0 ? 0 : n.hits / all);
        }
      },
    });
    new client.Counter({
      name: 'warden_cache_invalidations_total', help: 'Invalidations by source: local (this node\'s commits), notify (LISTEN), poll (SQLite data_version), reset (listener lost or regained)', labelNames: ['source'], registers,
      collect() {
        this.reset();
        for (const [source, n] of Object.entries(cache.invalidations)) this.inc({ source }, n);
      },
    });
    new client.Gauge({
      name: 'warden_cache_last_invalidation_age_seconds', help: 'Seconds since the newest invalidation (absent before the first)', registers,
      collect() {
        this.reset();
        if (cache.lastInvalidationAt !== null) this.set((Date.now() - cache.lastInvalidationAt) / 1000);
      },
    });
    new client.Gauge({
      name: 'warden_cache_listener_up', help: '1 while invalidations are heard and confirmed (PostgreSQL LISTEN connection, SQLite polling), else 0: the node then answers from the database', registers,
      collect() {
        const w = watcher();
        this.set(w !== null && w.trusted() ? 1 : 0);
      },
    });
    if (db.postgres) {
      const pool = db.postgres.pool;
      new client.Gauge({
        name: 'warden_db_pool_connections', help: 'PostgreSQL pool connections: total, idle, and requests waiting for one', labelNames: ['state'], registers,
        collect() {
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
    }
  }

  /** Children are bound once per label set, so that observing costs no label hashing. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.#requestChildren.get(key);
    if (child === undefined) this.#requestChildren.set(key, (child = this.#requestDuration.labels(route, method, String(status))));
    child.observe(seconds);
  }

  authentication(outcome: string): void {
    let child = this.#authChildren.get(outcome);
    if (child === undefined) this.#authChildren.set(outcome, (child = this.#authentications.labels(outcome)));
    child.inc();
  }

  decision(endpoint: 'authorize' | 'forward_auth', allowed: boolean, reason: string): void {
    const key = `${endpoint} ${allowed} ${reason}`;
    let child = this.#decisionChildren.get(key);
    if (child === undefined) this.#decisionChildren.set(key, (child = this.#decisions.labels(endpoint, String(allowed), reason)));
    child.inc();
  }

  lastUseFlushed(seconds: number, tokens: number): void {
    this.#flushDuration.observe(seconds);
    this.#flushedTokens.inc(tokens);
  }
}

/** GET /metrics on its own port; anything else is 404. */
export async function serveMetrics(metrics: WardenMetrics, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics could not be collected\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as import('node:net').AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/metrics`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
