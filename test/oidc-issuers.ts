// Real OpenID issuers on loopback for the workload identity tests: an HTTP server serving the
// discovery document and the key set (JWKS), with keys made by jose, and tokens shaped like those
// of GitHub Actions and of a Kubernetes service-account issuer. Keys can be rotated and removed,
// and the issuer stopped, while a test runs.
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

type Shape = 'github' | 'kubernetes';

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
  // A projected service-account token (audience set in the pod spec); recent clusters add a jti, older ones do not.
  return {
    iss: issuer, aud: ['warden'], sub: 'system:serviceaccount:etl:airflow',
    'kubernetes.io': { namespace: 'etl', serviceaccount: { name: 'airflow', uid: '5f1d2c3e-aaaa-4bbb-8ccc-0123456789ab' }, pod: { name: 'airflow-worker-0', uid: 'p-1' } },
    iat: nowSec, nbf: nowSec, exp: nowSec + 3600,
  };
}

export async function startIssuer(shape: Shape, clock: Clock, options: { path?: string; alg?: IssuerKey['alg'] } = {}): Promise<TestIssuer> {
  const keys: IssuerKey[] = [await makeKey(options.alg ?? (shape === 'github' ? 'RS256' : 'ES256'))];
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
