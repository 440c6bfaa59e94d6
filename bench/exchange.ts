// Issue 20 §5: token exchanges per second with the issuer's keys cached. A real `warden serve`
// (pinned to the server core) on a fresh database trusts two loopback OpenID issuers of
// test/oidc-issuers.ts (the tests' own, not a copy), one shaped like GitHub Actions (RS256, every
// token with its jti) and one like a Kubernetes service-account issuer (ES256, no jti: each token
// single use by its hash). Subject JWTs are minted before each run, one per request (each exchanges
// once), and sent to `POST /api/oauth/token`; every answer must be a 200 with a new Warden token.
// Baselines in the same run: the bare Fastify route and a cheap authenticated Warden route
// (`GET /api/users/me` with one cached service token). The issuers count their discovery and key
// requests: none may happen during a measured run (the keys are cached).
import os from 'node:os';
import { openDatabase } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { bootstrapAdmin } from '../src/users/bootstrap.ts';
import { systemClock } from '../src/scheduler/clock.ts';
import { startIssuer, type TestIssuer } from '../test/oidc-issuers.ts';
import { backendPids, benchDatabases, measure, ROOT, startPinned, table, type Figures, type Server } from './lib.ts';

const BARE_SECONDS = Number(process.env.BENCH_BARE_SECONDS ?? 4);
const FORM = 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&subject_token=';
const K8S_UID = '5f1d2c3e-aaaa-4bbb-8ccc-0123456789ab';

/** Subject JWTs, each sent once; when they run out the last is sent again (a refused replay: counted as non-2xx). */
class SubjectTokens {
  tokens: string[] = [];
  next = 0;
  mintSeconds = 0;
  readonly issuer: TestIssuer;
  readonly claims: () => Record<string, unknown>;
  constructor(issuer: TestIssuer, claims: () => Record<string, unknown>) {
    this.issuer = issuer;
    this.claims = claims;
  }
  async mint(n: number): Promise<void> {
    const started = performance.now();
    this.tokens = [];
    this.next = 0;
    for (let i = 0; i < n; i++) this.tokens.push(await this.issuer.sign(this.claims()));
    this.mintSeconds = (performance.now() - started) / 1000;
  }
  get exhausted(): boolean {
    return this.next >= this.tokens.length;
  }
  take(): string {
    const t = this.tokens[Math.min(this.next, this.tokens.length - 1)];
    this.next++;
    return t;
  }
}

async function api(server: Server, token: string, method: string, path: string, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Issuer fetches during the measured run (must be none: keys cached). */
function issuerFetches(issuers: TestIssuer[]) {
  return async () => {
    const before = issuers.map((i) => i.hits.discovery + i.hits.jwks);
    return async () => {
      const during = issuers.reduce((sum, i, k) => sum + i.hits.discovery + i.hits.jwks - before[k], 0);
      return `issuer fetches during the run: ${during}`;
    };
  };
}

/**
 * The exchange rows of one shape: a calibration run (also the warm-up) sized by doubling until the
 * minted tokens last it, then enough tokens for the measured run at the calibrated rate, with room.
 */
async function exchangeRow(name: string, server: Server, pool: SubjectTokens, issuers: TestIssuer[], alsoCpuOf: (() => Promise<number[]>) | undefined): Promise<Figures> {
  const run = (durationSeconds: number, label = name) => measure({
    name: label, server, path: '/api/oauth/token', method: 'POST', alsoCpuOf, durationSeconds, warmupSeconds: 1, around: issuerFetches(issuers),
    perRequest: () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: FORM + pool.take() }),
  });
  let n = 4000;
  let rate: number;
  for (;;) {
    await pool.mint(n);
    const calibration = await run(2, 'calibration');
    if (!pool.exhausted) {
      rate = calibration.rps;
      break;
    }
    n *= 2;
    if (n > 400_000) throw new Error('the calibration run used more than 400,000 subject tokens: lower BENCH_CONNECTIONS');
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const needed = Math.ceil(rate * (1 + seconds) * 1.6) + 2000;
  await pool.mint(needed);
  console.log(`${name}: calibrated at ${rate.toFixed(0)} exchanges/s; minted ${needed} subject tokens in ${pool.mintSeconds.toFixed(1)} s`);
  const f = await run(seconds);
  if (pool.exhausted) console.warn(`${name}: the minted subject tokens ran out (replays are refused and counted as non-2xx)`);
  f.note = `${f.note}; ${pool.next.toLocaleString('en-US')} subject tokens sent`;
  return f;
}

export async function benchExchange(): Promise<string> {
  const sections: string[] = [];
  const bare = await startPinned(`${ROOT}bench/bare-server.ts`, [], {}, '/bare');
  const gh = await startIssuer('github', systemClock);
  const k8s = await startIssuer('kubernetes', systemClock, { path: '/k8s' });
  try {
    for (const database of await benchDatabases()) {
      const { env, drop } = await database.env();
      const title = database.name === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      const db = openDatabase({ databaseUrl: env.WARDEN_DATABASE_URL ?? null, dataDir: env.WARDEN_DATA_DIR ?? '' });
      await migrateToLatest(db);
      const admin = (await bootstrapAdmin(db, null)).token;
      await db.close();
      // As shipped (log level info, its access line per request to a file: bench/lib.ts), the
      // loopback issuers allowed, the failure limit out of the way.
      const server = await startPinned(`${ROOT}bin/warden.js`, ['serve'], {
        ...env, WARDEN_ENV: 'production', WARDEN_OUTBOUND_ALLOW_NETWORKS: '127.0.0.1/32', WARDEN_AUTH_FAILURE_LIMIT: '1000000',
      }, '/readyz');
      try {
        const alsoCpuOf = env.WARDEN_DATABASE_URL ? await backendPids(env.WARDEN_DATABASE_URL) : undefined;
        const etl = await api(server, admin, 'POST', '/api/users', { name: 'ETL Pipeline', role: 'member' });
        await api(server, admin, 'POST', `/api/users/${etl.id}/workload-identities`, { name: 'github-main', issuer: gh.issuer, audience: 'warden', subject: 'repo:acme/etl:ref:refs/heads/main', claims: { repository_id: '123456' } });
        await api(server, admin, 'POST', `/api/users/${etl.id}/workload-identities`, { name: 'k8s-airflow', issuer: k8s.issuer, audience: 'warden', subject: 'system:serviceaccount:etl:*', claims: { 'kubernetes.io.serviceaccount.uid': K8S_UID } });
        const serviceToken = (await api(server, admin, 'POST', '/api/user-tokens', { name: 'bench', expires_in_days: 1, user_id: etl.id })).token as string;
        // Each issuer's keys fetched once, by a first exchange: the measured runs find them cached.
        for (const issuer of [gh, k8s]) {
          const res = await fetch(`${server.url}/api/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: FORM + (await issuer.sign()) });
          if (res.status !== 200) throw new Error(`the first exchange failed: ${res.status} ${await res.text()}`);
        }
        const now = () => Math.floor(Date.now() / 1000);
        // GitHub's tokens live 5 minutes; these 15, so that none expires between minting and use.
        const github = new SubjectTokens(gh, () => ({ exp: now() + 900 }));
        const kubernetes = new SubjectTokens(k8s, () => ({}));

        const rows: Figures[] = [];
        rows.push(await measure({ name: 'bare Fastify route (baseline)', server: bare, path: '/bare' }));
        const withBare = async (run: () => Promise<Figures>) => {
          const b = await measure({ name: 'bare', server: bare, path: '/bare', durationSeconds: BARE_SECONDS });
          const f = await run();
          f.bareUs = b.cpuUsPerRequest;
          f.load = os.loadavg()[0];
          return f;
        };
        rows.push(await withBare(() => measure({
          name: 'Warden `GET /api/users/me`, one cached service token (baseline)', server, path: '/api/users/me', alsoCpuOf, warmupSeconds: 2,
          perRequest: () => ({ headers: { authorization: `Bearer ${serviceToken}` } }),
        })));
        rows.push(await withBare(() => exchangeRow('Warden `POST /api/oauth/token`, token exchange, GitHub-shaped subject JWT (RS256, jti)', server, github, [gh, k8s], alsoCpuOf)));
        rows.push(await withBare(() => exchangeRow('Warden `POST /api/oauth/token`, token exchange, Kubernetes-shaped subject JWT (ES256, no jti: single use by hash)', server, kubernetes, [gh, k8s], alsoCpuOf)));
        const markdown = `### ${title}\n\n${table(rows)}`;
        console.log(`\n${markdown}`);
        sections.push(markdown);
      } finally {
        await server.stop();
        await drop();
      }
    }
  } finally {
    await bare.stop();
    await gh.close();
    await k8s.close();
  }
  return sections.join('\n\n');
}
