// Several real `warden serve` processes on one PostgreSQL, and the measurement of how fast a change
// made on one node reaches the others (test/alone/multi-node.test.ts, bench/multi-node.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { freePort } from './ports.ts';
export { freePort };

const ROOT = new URL('..', import.meta.url).pathname;


export interface WardenNode {
  name: string;
  url: string;
  metricsUrl: string;
  proc: ChildProcess;
  pid: number;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export async function startNode(name: string, env: Record<string, string>, cpu?: string): Promise<WardenNode> {
  const port = await freePort();
  const metricsPort = await freePort();
  const args = [`${ROOT}bin/warden.js`, 'serve'];
  const fullEnv = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
    WARDEN_ENV: 'production', WARDEN_LOG_LEVEL: 'warn', WARDEN_AUTH_FAILURE_LIMIT: '1000000', WARDEN_SCHEDULER_INTERVAL_SECONDS: '0',
    ...env, WARDEN_PORT: String(port), WARDEN_METRICS_PORT: String(metricsPort),
  };
  const proc = cpu === undefined ? spawn(process.execPath, args, { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn('taskset', ['-c', cpu, process.execPath, ...args], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const node: WardenNode = {
    name, url: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, proc, pid: proc.pid!,
    output: () => out,
    stop: async () => {
      if (proc.exitCode !== null) return proc.exitCode;
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      proc.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`node ${name} exited (${proc.exitCode}): ${out}`);
    if (Date.now() > deadline) throw new Error(`node ${name} did not start: ${out}`);
    try {
      if ((await fetch(node.url + '/readyz')).ok) break;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  return node;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One metric's value from a node's /metrics (the first sample whose labels include `labels`). */
export async function metricOf(node: WardenNode, name: string, labels = ''): Promise<number | null> {
  const text = await (await fetch(node.metricsUrl)).text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (labels && !rest.includes(labels)) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

/** Until the node's cache invalidation is listening (PostgreSQL LISTEN connection confirmed). */
export async function waitListening(node: WardenNode, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await metricOf(node, 'warden_cache_listener_up')) !== 1) {
    if (Date.now() > deadline) throw new Error(`${node.name} is not listening: ${node.output()}`);
    await sleep(20);
  }
}

export async function api(node: WardenNode, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(node.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function ok(node: WardenNode, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await api(node, token, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} on ${node.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A probe of what a node answers now: true for allowed (forward-auth 200). */
export type Probe = (node: WardenNode) => Promise<boolean>;

export function forwardAuthProbe(token: string, query: string): Probe {
  return async (node) => {
    const res = await fetch(`${node.url}/api/forward-auth${query}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200 && res.status !== 401 && res.status !== 403) throw new Error(`forward-auth on ${node.name}: ${res.status}`);
    return res.status === 200;
  };
}

/** A kind of change made on one node, flipping what a probe answers. */
export interface ChangeKind {
  name: string;
  probe: Probe;
  /** Makes the probe deny (`deny`) or allow again; resolves when the node that made it answered. */
  change(deny: boolean): Promise<void>;
}

/** The data and changes of the five kinds issue 13 names, created through the API of `origin`. */
export async function setUpChangeKinds(origin: WardenNode, admin: string): Promise<ChangeKind[]> {
  const serviceUser = async (name: string, role = 'member') => {
    const user = await ok(origin, admin, 'POST', '/api/users', { name, role, ...(role === 'member' ? {} : { reason: 'test' }) });
    const token = await ok(origin, admin, 'POST', '/api/user-tokens', { name: 'probe', expires_in_days: 30, user_id: user.id });
    return { id: user.id as number, token: token.token as string, tokenId: token.id as number };
  };
  const suffix = Date.now().toString(36);
  const revoked = await serviceUser(`Revoke probe ${suffix}`);
  const deactivated = await serviceUser(`Deactivate probe ${suffix}`);
  const promoted = await serviceUser(`Role probe ${suffix}`, 'manager');
  const member = await serviceUser(`Member probe ${suffix}`);
  const placed = await serviceUser(`Datastore probe ${suffix}`);
  const memberTeam = await ok(origin, admin, 'POST', '/api/teams', { name: `Membership team ${suffix}`, permission: 'reporter', user_ids: [member.id] });
  const memberStore = await ok(origin, admin, 'POST', '/api/datastores', { name: `Membership store ${suffix}`, kind: 'source', team_ids: [memberTeam.id] });
  const placedTeam = await ok(origin, admin, 'POST', '/api/teams', { name: `Placement team ${suffix}`, permission: 'viewer', user_ids: [placed.id] });
  const placedStore = await ok(origin, admin, 'POST', '/api/datastores', { name: `Placement store ${suffix}`, kind: 'source', team_ids: [placedTeam.id] });
  return [
    {
      name: 'revoke', probe: forwardAuthProbe(revoked.token, ''),
      change: (deny) => ok(origin, admin, 'PUT', `/api/user-tokens/${revoked.tokenId}`, { revoked: deny }),
    },
    {
      name: 'owner deactivation', probe: forwardAuthProbe(deactivated.token, ''),
      change: (deny) => (deny ? ok(origin, admin, 'DELETE', `/api/users/${deactivated.id}`) : ok(origin, admin, 'POST', `/api/users/${deactivated.id}/reactivate`, {})),
    },
    {
      name: 'role change', probe: forwardAuthProbe(promoted.token, '?action=users.read'),
      change: (deny) => ok(origin, admin, 'PUT', `/api/users/${promoted.id}`, deny ? { role: 'member' } : { role: 'manager', reason: 'test' }),
    },
    {
      name: 'team-membership change', probe: forwardAuthProbe(member.token, `?action=datastore.read&datastore_id=${memberStore.id}`),
      change: (deny) => ok(origin, admin, 'PUT', `/api/teams/${memberTeam.id}`, { user_ids: deny ? [] : [member.id] }),
    },
    {
      name: 'datastore-team change', probe: forwardAuthProbe(placed.token, `?action=datastore.read&datastore_id=${placedStore.id}`),
      change: (deny) => ok(origin, admin, 'PUT', `/api/datastores/${placedStore.id}`, { team_ids: deny ? [] : [placedTeam.id] }),
    },
  ];
}

export interface Propagation {
  /** Per change and watching node: ms from the change's acknowledgement to the first answer that reflects it. */
  latencies: number[];
  /** Answers that did not reflect a denying change although sent 100 ms or more after its acknowledgement. */
  staleAllows: number;
  /** Answers that went back to the old state after reflecting the change. */
  flaps: number;
  /** Watching nodes that never reflected a change within the deadline. */
  timeouts: number;
}

const STALE_AFTER_MS = 100;
const GIVE_UP_MS = 5_000;
/** Answers checked after the first one that reflects the change: a fill must not put the old state back. */
const STABLE_PROBES = 2;

/**
 * For `rounds` rounds: deny, then allow again, on `origin`, each time measuring on every watcher when
 * it first answers accordingly. Before each change every watcher shows the state before it (so it
 * is warm in their caches).
 */
export async function measurePropagation(kind: ChangeKind, origin: WardenNode, watchers: WardenNode[], rounds: number): Promise<{ deny: Propagation; allow: Propagation }> {
  const result = { deny: empty(), allow: empty() };
  for (let round = 0; round < rounds; round++) {
    for (const deny of [true, false]) {
      const into = deny ? result.deny : result.allow;
      // Warm: every watcher answers the state before the change (and so holds it in its caches).
      for (const w of watchers) {
        const deadline = performance.now() + GIVE_UP_MS;
        while ((await kind.probe(w)) !== deny) {
          if (performance.now() > deadline) throw new Error(`${kind.name}: ${w.name} never showed the state before round ${round}`);
        }
      }
      await kind.change(deny);
      const acked = performance.now();
      await Promise.all(watchers.map(async (w) => {
        for (;;) {
          const sent = performance.now();
          const allowed = await kind.probe(w);
          const received = performance.now();
          if (allowed === !deny) {
            into.latencies.push(received - acked);
            for (let i = 0; i < STABLE_PROBES; i++) if ((await kind.probe(w)) !== !deny) into.flaps++;
            return;
          }
          if (deny && sent - acked >= STALE_AFTER_MS) into.staleAllows++;
          if (sent - acked > GIVE_UP_MS) {
            into.timeouts++;
            return;
          }
          // A millisecond between probes: polling flat out would slow the very nodes it measures.
          await sleep(1);
        }
      }));
    }
  }
  return result;
}

function empty(): Propagation {
  return { latencies: [], staleAllows: 0, flaps: 0, timeouts: 0 };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The PostgreSQL backend pid of a node's LISTEN connection. */
export async function listenerBackendPid(databaseUrl: string, node: WardenNode): Promise<number | null> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1 and datname = current_database()', [`warden-listener-${node.pid}`]);
    return rows[0]?.pid ?? null;
  } finally {
    await c.end();
  }
}

export async function terminateBackend(databaseUrl: string, pid: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ done: boolean }>('select pg_terminate_backend($1) as done', [pid]);
    return rows[0]?.done === true;
  } finally {
    await c.end();
  }
}
