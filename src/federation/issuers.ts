// The keys of external OpenID issuers, and the verification of their identity tokens.
//
// Discovery from the issuer (`<issuer>/.well-known/openid-configuration` → `jwks_uri`), every fetch
// through the outbound guard (src/net/outbound.ts: no loopback, private or link-local address unless
// WARDEN_OUTBOUND_ALLOW_NETWORKS allows it; redirects never followed), https required except where
// that allow list names the host or address, each fetch bounded in time and size. Keys are cached
// per issuer and node; they are fetched again when an hour old, or when a token names a key (`kid`)
// the cache does not have — at most once a minute per issuer, so unknown kids cannot make Warden
// hammer an issuer.
import { createRequire } from 'node:module';
import type * as Jose from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import { allowListed, OutboundRefused, type AllowList, type Outbound } from '../net/outbound.ts';

const require = createRequire(import.meta.url);
let loaded: typeof Jose | null = null;
/** jose is loaded with the first subject token, not at start: many deployments have no workload identity. */
const jose = () => (loaded ??= require('jose') as typeof Jose);

/** Asymmetric algorithms only: `none` and HS* (a shared secret, or the public key misused as one) are refused. */
export const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'] as const;
export const CLOCK_SKEW_SECONDS = 60;
/** A subject token issued longer ago than this is refused, whatever its exp. */
export const MAX_TOKEN_AGE_SECONDS = 3600;
const KEYS_MAX_AGE_MS = 3_600_000;
const REFRESH_MIN_INTERVAL_MS = 60_000;
const FETCH_TIMEOUT_MS = 5_000;
const DISCOVERY_MAX_BYTES = 64 * 1024;
const JWKS_MAX_BYTES = 256 * 1024;

/** A refused subject token: `reason` says which check failed (never the token). */
export class SubjectTokenRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SubjectTokenRefused';
  }
}

/** Why an issuer URL cannot be trusted, or null: https (or http where the allow list names its host), no query or fragment. */
export function issuerUrlProblem(raw: string, allow: AllowList, outbound: Outbound): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The issuer is not a URL such as https://token.actions.githubusercontent.com';
  }
  if (url.search || url.hash || url.username || url.password) return 'The issuer must have no query, fragment or credentials';
  if (url.protocol === 'http:' && !allowListed(allow, url.hostname)) return 'The issuer must use https (plain http only for hosts WARDEN_OUTBOUND_ALLOW_NETWORKS names)';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'The issuer must use https';
  const checked = outbound.checkUrl(raw);
  if ('error' in checked) return `The issuer is refused: ${checked.error}`;
  return null;
}

interface KeySet {
  jwks: JSONWebKeySet;
  resolve: ReturnType<typeof Jose.createLocalJWKSet>;
  fetchedAt: number;
}

/** Reads at most `max` bytes of JSON; larger answers are refused without reading them whole. */
async function readJson(res: Response, max: number, what: string): Promise<unknown> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > max) throw new SubjectTokenRefused(`the issuer's ${what} is larger than ${max} bytes`);
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw new SubjectTokenRefused(`the issuer's ${what} is larger than ${max} bytes`);
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SubjectTokenRefused(`the issuer's ${what} is not JSON`);
  }
}

export interface IssuerKeysOptions {
  outbound: Outbound;
  allow: AllowList;
  now?: () => number;
  timeoutMs?: number;
}

export class IssuerKeys {
  #outbound: Outbound;
  #allow: AllowList;
  #now: () => number;
  #timeoutMs: number;
  #sets = new Map<string, KeySet>();
  #lastFetch = new Map<string, number>();
  #inflight = new Map<string, Promise<KeySet>>();
  /** Fetches made (tests and the bench count them). */
  fetches = 0;

  constructor(options: IssuerKeysOptions) {
    this.#outbound = options.outbound;
    this.#allow = options.allow;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  }

  async #get(url: string, max: number, what: string): Promise<unknown> {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && allowListed(this.#allow, parsed.hostname))) {
      throw new SubjectTokenRefused(`the issuer's ${what} is not at an https URL`);
    }
    this.fetches++;
    let res: Response;
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      res = await this.#outbound.fetch(url, { headers: { accept: 'application/json' }, signal });
    } catch (err) {
      if (err instanceof OutboundRefused) throw new SubjectTokenRefused(`the issuer's ${what} could not be fetched: ${err.message}`);
      throw new SubjectTokenRefused(signal.aborted ? `the issuer did not answer for its ${what} within ${this.#timeoutMs / 1000} s` : `the issuer could not be reached for its ${what}`);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new SubjectTokenRefused(`the issuer answered ${res.status} for its ${what}`);
    }
    try {
      return await readJson(res, max, what);
    } catch (err) {
      if (err instanceof SubjectTokenRefused) throw err;
      throw new SubjectTokenRefused(signal.aborted ? `the issuer did not send its ${what} within ${this.#timeoutMs / 1000} s` : `the issuer's ${what} could not be read`);
    }
  }

  async #fetch(issuer: string): Promise<KeySet> {
    this.#lastFetch.set(issuer, this.#now());
    const discovery = (await this.#get(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, DISCOVERY_MAX_BYTES, 'discovery document')) as { issuer?: unknown; jwks_uri?: unknown } | null;
    if (discovery === null || typeof discovery !== 'object') throw new SubjectTokenRefused("the issuer's discovery document is not an object");
    if (discovery.issuer !== issuer) throw new SubjectTokenRefused(`the issuer's discovery document names another issuer`);
    if (typeof discovery.jwks_uri !== 'string') throw new SubjectTokenRefused("the issuer's discovery document has no jwks_uri");
    let jwksUrl: URL;
    try {
      jwksUrl = new URL(discovery.jwks_uri);
    } catch {
      throw new SubjectTokenRefused("the issuer's jwks_uri is not a URL");
    }
    const jwks = (await this.#get(jwksUrl.href, JWKS_MAX_BYTES, 'keys (jwks_uri)')) as JSONWebKeySet | null;
    if (jwks === null || typeof jwks !== 'object' || !Array.isArray(jwks.keys)) throw new SubjectTokenRefused("the issuer's jwks_uri holds no key set");
    // Only public, asymmetric keys: a symmetric ("oct") key is never used, whatever a token claims.
    const keys = jwks.keys.filter((k) => k && typeof k === 'object' && k.kty !== 'oct' && k.d === undefined);
    const set = { jwks: { keys }, resolve: jose().createLocalJWKSet({ keys }), fetchedAt: this.#now() };
    this.#sets.set(issuer, set);
    return set;
  }

  /** One fetch at a time per issuer; callers waiting share it. */
  #refresh(issuer: string): Promise<KeySet> {
    let p = this.#inflight.get(issuer);
    if (!p) {
      p = this.#fetch(issuer).finally(() => this.#inflight.delete(issuer));
      this.#inflight.set(issuer, p);
    }
    return p;
  }

  /** The issuer's keys: cached, or fetched when missing or an hour old (the old ones serve if that fetch fails). */
  async #keys(issuer: string): Promise<KeySet> {
    const set = this.#sets.get(issuer);
    if (!set) return this.#refresh(issuer);
    if (this.#now() - set.fetchedAt > KEYS_MAX_AGE_MS && this.#mayRefresh(issuer)) {
      try {
        return await this.#refresh(issuer);
      } catch {
        return set;
      }
    }
    return set;
  }

  #mayRefresh(issuer: string): boolean {
    const last = this.#lastFetch.get(issuer);
    return last === undefined || this.#now() - last >= REFRESH_MIN_INTERVAL_MS;
  }

  /**
   * Verifies the token's signature with the issuer's keys and its registered claims: iss exactly,
   * aud containing one of `audiences`, exp/nbf/iat with 60 s of skew, iat at most an hour old.
   * Throws SubjectTokenRefused naming the check that failed.
   */
  async verify(token: string, issuer: string, audiences: string[]): Promise<JWTPayload> {
    let header;
    try {
      header = jose().decodeProtectedHeader(token);
    } catch {
      throw new SubjectTokenRefused('the subject token is not a signed JWT');
    }
    if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') throw new SubjectTokenRefused('the subject token is unsigned (alg none)');
    if (!(ALGORITHMS as readonly string[]).includes(header.alg)) throw new SubjectTokenRefused(`the subject token is signed with ${header.alg}; only ${ALGORITHMS.slice(0, 4).join(', ')} are accepted`);
    let set = await this.#keys(issuer);
    const options = {
      issuer,
      audience: audiences,
      algorithms: [...ALGORITHMS],
      clockTolerance: CLOCK_SKEW_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub'],
      currentDate: new Date(this.#now()),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return (await jose().jwtVerify(token, set.resolve, options)).payload;
      } catch (err) {
        if (err instanceof jose().errors.JWKSNoMatchingKey && attempt === 0 && this.#mayRefresh(issuer)) {
          set = await this.#refresh(issuer); // an unknown kid: the issuer may have rotated its keys
          continue;
        }
        throw refusalOf(err, header.kid);
      }
    }
  }
}

/** The token's claims read without verification (to find the trust relationships of its issuer). */
export function unverifiedClaims(token: string): JWTPayload {
  try {
    return jose().decodeJwt(token);
  } catch {
    throw new SubjectTokenRefused('the subject token is not a JWT');
  }
}

function refusalOf(err: unknown, kid: unknown): SubjectTokenRefused {
  if (err instanceof SubjectTokenRefused) return err;
  const { errors } = jose();
  if (err instanceof errors.JWTExpired) {
    return new SubjectTokenRefused(err.claim === 'iat' ? `the subject token was issued more than ${MAX_TOKEN_AGE_SECONDS / 60} minutes ago (iat)` : 'the subject token has expired (exp)');
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'iss': return new SubjectTokenRefused('the subject token\'s iss is not the issuer');
      case 'aud': return new SubjectTokenRefused('the subject token\'s aud does not contain the audience of any workload identity that trusts its issuer');
      case 'nbf': return new SubjectTokenRefused('the subject token is not valid yet (nbf)');
      case 'iat': return new SubjectTokenRefused(err.reason === 'check_failed' ? 'the subject token was issued in the future (iat)' : 'the subject token has no usable iat');
      default: return new SubjectTokenRefused(`the subject token's ${err.claim} claim is missing or unusable`);
    }
  }
  if (err instanceof errors.JWKSNoMatchingKey) return new SubjectTokenRefused(`the issuer has no key ${typeof kid === 'string' ? `with kid "${kid.slice(0, 100)}"` : 'for the subject token'} (keys refreshed at most once a minute)`);
  if (err instanceof errors.JWKSMultipleMatchingKeys) return new SubjectTokenRefused('the issuer has several keys that could verify the subject token; it must name one (kid)');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new SubjectTokenRefused('the subject token\'s signature does not verify with the issuer\'s keys');
  if (err instanceof errors.JOSEAlgNotAllowed) return new SubjectTokenRefused(`the subject token's algorithm is not accepted (only ${ALGORITHMS.slice(0, 4).join(', ')})`);
  if (err instanceof errors.JWTInvalid || err instanceof errors.JWSInvalid || err instanceof errors.JOSENotSupported) return new SubjectTokenRefused('the subject token is not a usable signed JWT');
  return new SubjectTokenRefused('the subject token could not be verified');
}
