// Real OpenID issuers on loopback for the workload identity tests and benchmark: an HTTP server
// serving the discovery document and the key set (JWKS), with keys made by jose, and tokens shaped
// like those of GitHub Actions, GitLab CI, a Kubernetes service-account issuer and Entra ID (an Azure
// managed identity). Keys can be rotated and removed, and the issuer stopped, while a test runs.
// `startGithubIdTokenEndpoint` answers a job's request for an ID token as GitHub's runner service
// does (ACTIONS_ID_TOKEN_REQUEST_URL).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, base64url, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../src/scheduler/clock.ts';

export interface IssuerKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'PS256' | 'EdDSA';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export async function makeKey(alg: IssuerKey['alg'], kid = `k-${crypto.randomBytes(4).toString('hex')}`): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk };
}

export interface TestIssuer {
  /** The issuer URL (http://127.0.0.1:port[/path]). */
  issuer: string;
  keys: IssuerKey[];
  /** Requests for the discovery document and the key set. */
  hits: { discovery: number; jwks: number };
  /** A signed token: the shape's default claims, then `claims` (undefined removes one). */
  sign(claims?: Record<string, unknown>, options?: { key?: IssuerKey; header?: Record<string, unknown> }): Promise<string>;
  /** Publishes a new key (and keeps the old ones unless told not to). */
  rotate(options?: { keep?: boolean }): Promise<IssuerKey>;
  close(): Promise<void>;
}

type Shape = 'github' | 'gitlab' | 'kubernetes' | 'azure';

/** The Entra ID tenant and managed identity of the Azure shape. */
export const AZURE = { tenant: '7d3c1e55-0a6b-4c2f-9e1d-3f4a5b6c7d8e', objectId: '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9', appId: 'b2c3d4e5-f607-4819-a2b3-c4d5e6f70819' } as const;

/** Default claims of each shape, as their platforms issue them. */
function shapeClaims(shape: Shape, issuer: string, nowSec: number): Record<string, unknown> {
  if (shape === 'github') {
    return {
      iss: issuer, aud: 'warden', sub: 'repo:acme/etl:ref:refs/heads/main', jti: crypto.randomUUID(),
      repository: 'acme/etl', repository_id: '123456', repository_owner: 'acme', repository_owner_id: '42',
      ref: 'refs/heads/main', ref_type: 'branch', workflow: 'nightly', event_name: 'schedule', run_id: '9001', runner_environment: 'github-hosted',
      iat: nowSec, nbf: nowSec - 5, exp: nowSec + 300,
    };
  }
  if (shape === 'gitlab') {
    // GitLab's claims are all strings, ids included; sub is project_path:…:ref_type:…:ref:… by default.
    return {
      iss: issuer, aud: 'warden', sub: 'project_path:acme/etl:ref_type:branch:ref:main', jti: crypto.randomUUID(),
      namespace_id: '42', namespace_path: 'acme', project_id: '4711', project_path: 'acme/etl', user_id: '7', user_login: 'ada', user_email: 'ada@acme.example',
      user_access_level: 'maintainer', pipeline_id: '9001', pipeline_source: 'push', job_id: '90011', ref: 'main', ref_type: 'branch', ref_path: 'refs/heads/main',
      ref_protected: 'true', runner_id: '12', runner_environment: 'gitlab-hosted', sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
      iat: nowSec, nbf: nowSec - 5, exp: nowSec + 3600,
    };
  }
  if (shape === 'azure') {
    // A managed identity's token (v2): sub and oid the identity's object id, tid the tenant, no jti (uti instead).
    return {
      iss: issuer, aud: 'api://warden', sub: AZURE.objectId, oid: AZURE.objectId, tid: AZURE.tenant, azp: AZURE.appId, azpacr: '2', idtyp: 'app',
      uti: crypto.randomBytes(16).toString('base64url'), ver: '2.0', iat: nowSec, nbf: nowSec, exp: nowSec + 3600,
    };
  }
  // A projected service-account token (audience set in the pod spec); recent clusters add a jti, older ones do not.
  return {
    iss: issuer, aud: ['warden'], sub: 'system:serviceaccount:etl:airflow',
    'kubernetes.io': { namespace: 'etl', serviceaccount: { name: 'airflow', uid: '5f1d2c3e-aaaa-4bbb-8ccc-0123456789ab' }, pod: { name: 'airflow-worker-0', uid: 'p-1' } },
    iat: nowSec, nbf: nowSec, exp: nowSec + 3600,
  };
}

export async function startIssuer(shape: Shape, clock: Clock, options: { path?: string; alg?: IssuerKey['alg'] } = {}): Promise<TestIssuer> {
  const keys: IssuerKey[] = [await makeKey(options.alg ?? (shape === 'kubernetes' ? 'ES256' : 'RS256'))];
  const hits = { discovery: 0, jwks: 0 };
  const base = options.path ?? '';
  let issuer = '';
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === `${base}/.well-known/openid-configuration`) {
      hits.discovery++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys`, response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: [...new Set(keys.map((k) => k.alg))] }));
      return;
    }
    if (url === `${base}/keys`) {
      hits.jwks++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}`;
  const t: TestIssuer = {
    issuer,
    keys,
    hits,
    async sign(claims = {}, opts = {}) {
      const key = opts.key ?? keys[keys.length - 1];
      const all: Record<string, unknown> = { ...shapeClaims(shape, issuer, Math.floor(clock.now() / 1000)), ...claims };
      for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
      return new SignJWT(all).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...opts.header }).sign(key.privateKey);
    },
    async rotate({ keep = true } = {}) {
      const key = await makeKey(keys[0].alg);
      if (!keep) keys.splice(0, keys.length);
      keys.push(key);
      return key;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return t;
}

/** An unsigned token (alg none) with these claims. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (o: unknown) => base64url.encode(JSON.stringify(o));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** HS256 "signed" with the issuer's public key as the shared secret (the classic key-confusion attack). */
export async function hs256WithPublicKey(key: IssuerKey, claims: Record<string, unknown>): Promise<string> {
  const secret = new TextEncoder().encode(await exportSPKI(key.publicKey));
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' }).sign(secret);
}

/** The claims of a token (to copy them into a forged one). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

export interface GithubIdTokenEndpoint {
  /** ACTIONS_ID_TOKEN_REQUEST_URL: it has a query already, so a job appends `&audience=…`. */
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN: the bearer the request must carry. */
  requestToken: string;
  /** The audiences asked for, in order (null: none, GitHub's default). */
  asked: (string | null)[];
  close(): Promise<void>;
}

/**
 * The runner service's ID token endpoint of a job with `permissions: id-token: write`: a GET with
 * `Authorization: bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` answers `{"value": "<JWT>"}`, signed by
 * the GitHub-shaped `issuer`, with `aud` the `audience` parameter (GitHub's default without it: the
 * repository owner's URL); `claims` are the job's (sub, repository_id…).
 */
export async function startGithubIdTokenEndpoint(issuer: TestIssuer, claims: Record<string, unknown> = {}): Promise<GithubIdTokenEndpoint> {
  const requestToken = crypto.randomBytes(24).toString('base64url');
  const asked: (string | null)[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'GET' || url.pathname !== '/_apis/distributedtask/idtoken' || url.searchParams.get('api-version') !== '2.0') {
      res.statusCode = 404;
      res.end('{"message":"not found"}');
      return;
    }
    if (!/^bearer$/i.test((req.headers.authorization ?? '').split(' ')[0]) || req.headers.authorization!.split(' ')[1] !== requestToken) {
      res.statusCode = 401;
      res.end('{"message":"the request token is missing or wrong"}');
      return;
    }
    const audience = url.searchParams.get('audience');
    asked.push(audience);
    issuer.sign({ ...claims, aud: audience ?? `https://github.com/${String(claims.repository_owner ?? 'acme')}` }).then(
      (value) => res.end(JSON.stringify({ value })),
      (err: Error) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ message: err.message }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/_apis/distributedtask/idtoken?api-version=2.0`,
    requestToken,
    asked,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
