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

const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

interface Series {
  labels: Record<string, string>;
  /** Observations per bucket (not cumulative), the last one for +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * warden_http_request_duration_seconds, counted without label hashing: prom-client hashes the
 * labels of every observation (about a microsecond each), and every request makes one. Exported
 * in prom-client's format through its registry.
 */
class RequestDurations {
  readonly name = 'warden_http_request_duration_seconds';
  readonly help = 'Time to answer a request, by route template and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  #byRoute = new Map<string, Map<string, Map<number, Series>>>();

  observe(route: string, method: string, status: number, seconds: number): void {
    let byMethod = this.#byRoute.get(route);
    if (byMethod === undefined) this.#byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (series === undefined) {
      series = { labels: { route, method, status: String(status) }, counts: new Array(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      byStatus.set(status, series);
    }
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) i++;
    series.counts[i]++;
    series.sum += seconds;
    series.count++;
  }

  get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const byMethod of this.#byRoute.values()) {
      for (const byStatus of byMethod.values()) {
        for (const s of byStatus.values()) {
          let cumulative = 0;
          for (let i = 0; i <= DURATION_BUCKETS.length; i++) {
            cumulative += s.counts[i];
            values.push({ labels: { ...s.labels, le: i < DURATION_BUCKETS.length ? DURATION_BUCKETS[i] : '+Inf' }, value: cumulative, metricName: `${this.name}_bucket` });
          }
          values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
          values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
        }
      }
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.#byRoute.clear();
  }
}

export interface MetricsSources {
  db: Db;
  cache: AccessCache;
  views: UserViewCache;
  watcher: ChangeWatcher;
}

export class WardenMetrics {
  readonly registry = new client.Registry();
  #requestDurations = new RequestDurations();
  /** Counts by outcome and by decision, kept as plain numbers (one Map update per request) and exported at scrape time. */
  #authentications = new Map<string, number>();
  #decisions = new Map<string, Map<string, [allowed: number, denied: number]>>();
  #flushDuration: client.Histogram;
  #flushedTokens: client.Counter;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'warden_' });
    this.registry.registerMetric(this.#requestDurations as unknown as client.Metric);
    const authentications = this.#authentications;
    new client.Counter({
      name: 'warden_authentications_total', help: 'Bearer and session authentications by outcome (ok, or the 401 reason)', labelNames: ['outcome'], registers,
      collect() {
        this.reset();
        for (const [outcome, n] of authentications) this.inc({ outcome }, n);
      },
    });
    const decisions = this.#decisions;
    new client.Counter({
      name: 'warden_decisions_total', help: 'Decisions of POST /api/authorize and GET /api/forward-auth by outcome and reason', labelNames: ['endpoint', 'allowed', 'reason'], registers,
      collect() {
        this.reset();
        for (const [endpoint, byReason] of decisions) {
          for (const [reason, [allowed, denied]] of byReason) {
            if (allowed) this.inc({ endpoint, allowed: 'true', reason }, allowed);
            if (denied) this.inc({ endpoint, allowed: 'false', reason }, denied);
          }
        }
      },
    });
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
        this.set(watcher.trusted() ? 1 : 0);
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

  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.#requestDurations.observe(route, method, status, seconds);
  }

  authentication(outcome: string): void {
    this.#authentications.set(outcome, (this.#authentications.get(outcome) ?? 0) + 1);
  }

  decision(endpoint: 'authorize' | 'forward_auth', allowed: boolean, reason: string): void {
    let byReason = this.#decisions.get(endpoint);
    if (byReason === undefined) this.#decisions.set(endpoint, (byReason = new Map()));
    let counts = byReason.get(reason);
    if (counts === undefined) byReason.set(reason, (counts = [0, 0]));
    counts[allowed ? 0 : 1]++;
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
