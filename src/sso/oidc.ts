// The relying party: authorization code + PKCE (S256) + state + nonce with openid-client,
// the provider's metadata discovered from the issuer once and kept.
import { createRequire } from 'node:module';
import type * as OpenIdClient from 'openid-client';
import { AppError } from '../http/errors.ts';
import { groupsOfClaim, hasGroupsOverage } from '../directory/rules.ts';

const require = createRequire(import.meta.url);
let loaded: typeof OpenIdClient | null = null;
/** openid-client (with oauth4webapi and jose) is loaded with the first sign-in, not at start: many deployments have no SSO. */
const openidClient = () => (loaded ??= require('openid-client') as typeof OpenIdClient);

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  scopes: string;
  redirectUri: string;
  emailClaim: string;
  nameClaim: string;
  /** Claim holding the directory groups; absent: groups are not read. */
  groupsClaim?: string;
  /** Ask userinfo for the groups when the ID token lacks them (group sync on). */
  groupsNeeded?: boolean;
}

/** What the browser keeps between /api/auth/login and /api/auth/callback (an HttpOnly cookie). */
export interface PendingLogin {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

/** The person, as the IdP vouches for them. */
export interface IdentityClaims {
  issuer: string;
  subject: string;
  email: string | null;
  /** null when the IdP does not say. */
  emailVerified: boolean | null;
  name: string | null;
  /** The directory groups (names or ids) the IdP sent; null when it sent no groups claim. */
  groups?: string[] | null;
  /** The IdP said the groups are too many to send (Entra ID's overage: `_claim_names`, `hasgroups`). */
  groupsOverage?: boolean;
}

/**
 * Which check refused a sign-in, for the operator's log: the page says only what the person can do.
 * Never a value that could be a secret (code, state, nonce, token); the configured and received
 * issuer or audience are named, as they are what an operator needs to fix a mismatch.
 */
export interface FailedCheck {
  /** Stable and short: `state`, `nonce`, `issuer`, `audience`, `expired`, `signature`, `missing_claim`, … */
  check: string;
  /** One sentence saying what did not match. */
  explanation: string;
  /** The claim concerned, when there is one (`sub` for a missing subject). */
  claim?: string;
  expected?: string;
  received?: string;
}

/** A sign-in the IdP or the checks refused: a readable answer, never a 500, never a session. */
export class SignInFailure extends AppError {
  failedCheck: FailedCheck;
  constructor(detail: string, status: number, failedCheck: FailedCheck) {
    super(status, 'sign-in-failed', 'Sign-in failed', detail);
    this.failedCheck = failedCheck;
  }
}

export const signInFailed = (detail: string, status = 400, failedCheck: FailedCheck = { check: 'other', explanation: detail }) => new SignInFailure(detail, status, failedCheck);

function claimString(claims: Record<string, unknown>, name: string): string | null {
  const v = claims[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export class RelyingParty {
  settings: OidcSettings;
  #configuration: Promise<OpenIdClient.Configuration> | null = null;

  constructor(settings: OidcSettings) {
    this.settings = settings;
  }

  /** Discovery, once; a failure is forgotten so that the next sign-in tries again. */
  configuration(): Promise<OpenIdClient.Configuration> {
    if (!this.#configuration) {
      const client = openidClient();
      const s = this.settings;
      const auth = s.clientSecret === null
        ? client.None()
        : s.tokenEndpointAuthMethod === 'client_secret_post'
          ? client.ClientSecretPost(s.clientSecret)
          : client.ClientSecretBasic(s.clientSecret);
      const insecure = new URL(s.issuer).protocol === 'http:'; // config.ts allows http only on loopback
      this.#configuration = client
        .discovery(new URL(s.issuer), s.clientId, s.clientSecret === null ? undefined : { client_secret: s.clientSecret }, auth, {
          timeout: 10,
          ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
        })
        .then((configuration) => {
          // Verify the ID token's signature against the IdP's published keys as well (fetched once
          // and cached), not only trust the TLS connection to the token endpoint.
          client.enableNonRepudiationChecks(configuration);
          return configuration;
        })
        .catch((err: unknown) => {
          this.#configuration = null;
          throw err;
        });
    }
    return this.#configuration;
  }

  async #configurationOrFail(): Promise<OpenIdClient.Configuration> {
    try {
      return await this.configuration();
    } catch (err) {
      const why = failedCheckOf(err);
      throw signInFailed('The identity provider could not be reached or its discovery document is invalid; try again later or tell an administrator', 502, { ...why, check: 'discovery', explanation: `discovery of ${this.settings.issuer} failed: ${why.explanation}` });
    }
  }

  /** The IdP's authorization URL and what to remember until the callback. */
  async begin(returnTo: string): Promise<{ url: URL; pending: PendingLogin }> {
    const config = await this.#configurationOrFail();
    const client = openidClient();
    const verifier = client.randomPKCECodeVerifier();
    const pending: PendingLogin = { state: client.randomState(), nonce: client.randomNonce(), verifier, returnTo };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Checks the authorization response (state, nonce, PKCE via the token endpoint) and returns the person. */
  async finish(callbackSearch: string, pending: PendingLogin): Promise<IdentityClaims> {
    const client = openidClient();
    const config = await this.#configurationOrFail();
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = callbackSearch;
    let tokens: Awaited<ReturnType<typeof OpenIdClient.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw describeFailure(err);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw signInFailed('The identity provider returned no ID token', 400, { check: 'no_id_token', explanation: 'the token response carried no ID token' });
    let claims: Record<string, unknown> = { ...idClaims };
    const s = this.settings;
    const wanted = [s.emailClaim, s.nameClaim, 'email_verified', ...(s.groupsClaim && s.groupsNeeded ? [s.groupsClaim] : [])];
    const missing = wanted.some((c) => claims[c] === undefined);
    if (missing && config.serverMetadata().userinfo_endpoint) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // The ID token's own claims win; userinfo fills in what it left out.
        claims = { ...info, ...claims };
      } catch (err) {
        throw describeFailure(err);
      }
    }
    const verified = claims.email_verified;
    return {
      issuer: idClaims.iss,
      subject: idClaims.sub,
      email: claimString(claims, s.emailClaim),
      emailVerified: verified === true || verified === 'true' ? true : verified === false || verified === 'false' ? false : null,
      name: claimString(claims, s.nameClaim),
      ...(s.groupsClaim ? { groups: groupsOfClaim(claims[s.groupsClaim]), groupsOverage: claims[s.groupsClaim] === undefined && hasGroupsOverage(claims, s.groupsClaim) } : {}),
    };
  }
}

const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const safeCode = (v: unknown) => (typeof v === 'string' && SAFE_CODE.test(v) ? v : 'error');

/** A claim value for the log: text, at most 200 characters; arrays (aud) joined. */
function shown(value: unknown): string | undefined {
  const text = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(' ') : typeof value === 'string' ? value : undefined;
  return text === undefined ? undefined : text.slice(0, 200);
}

const CLAIM_CHECKS: Record<string, string> = { iss: 'issuer', aud: 'audience', azp: 'authorized_party', nonce: 'nonce' };
const TIME_CHECKS: Record<string, [string, string]> = {
  exp: ['expired', 'the ID token has expired (exp is past, beyond the clock tolerance): check both clocks'],
  nbf: ['not_yet_valid', 'the ID token is not valid yet (nbf is in the future): check both clocks'],
  iat: ['issued_at', 'the ID token was issued too far in the past (iat)'],
  auth_time: ['auth_time', 'too much time has passed since the person authenticated (auth_time)'],
};

/**
 * Which check failed, read from openid-client's error: its `code` and the `cause` it wraps
 * (oauth4webapi names the claim). Only the wording and claim names are used, never the values of
 * the code, state, nonce or tokens.
 */
export function failedCheckOf(err: unknown): FailedCheck {
  if (err instanceof SignInFailure) return err.failedCheck;
  const client = openidClient();
  if (err instanceof client.AuthorizationResponseError) {
    return { check: err.error === 'access_denied' ? 'access_denied' : 'idp_error', explanation: `the identity provider answered the authorization request with error ${safeCode(err.error)}` };
  }
  if (err instanceof client.ResponseBodyError) {
    if (err.error === 'invalid_grant') return { check: 'code_rejected', explanation: 'the token endpoint refused the authorization code (invalid_grant): used before, expired, or the PKCE verifier does not match' };
    return { check: 'token_endpoint_error', explanation: `the token endpoint answered ${err.status} with error ${safeCode(err.error)}` };
  }
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };
  const inner = (e.cause ?? {}) as { code?: unknown; message?: unknown; cause?: unknown };
  const detail = (inner.cause ?? {}) as { claim?: unknown; claims?: Record<string, unknown>; expected?: unknown };
  const text = typeof inner.message === 'string' ? inner.message : typeof e.message === 'string' ? e.message : '';
  const code = e.code;
  const claim = typeof detail.claim === 'string' ? detail.claim : undefined;
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim && CLAIM_CHECKS[claim]) {
    const check = CLAIM_CHECKS[claim];
    if (check === 'nonce') return { check, claim, explanation: 'the ID token\'s nonce is not the one this browser\'s sign-in sent (a replayed or injected ID token, or a sign-in started in another tab)' };
    return { check, claim, explanation: `the ID token's ${claim} is not the expected value`, expected: shown(detail.expected), received: shown(detail.claims?.[claim]) };
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && claim && TIME_CHECKS[claim]) {
    const [check, explanation] = TIME_CHECKS[claim];
    return { check, claim, explanation };
  }
  if (code === 'OAUTH_INVALID_RESPONSE' || code === 'OAUTH_PARSE_ERROR' || code === 'OAUTH_KEY_SELECTION_FAILED' || code === 'OAUTH_UNSUPPORTED_OPERATION') {
    const named = /JWT "(\w+)"/.exec(text)?.[1];
    if (/"state"/.test(text)) return { check: 'state', explanation: 'the state in the callback is not the one this browser\'s sign-in sent (a forged or replayed callback, or a sign-in started in another tab)' };
    if (/"iss" \(issuer\) response parameter|response parameter "iss"/.test(text)) return { check: 'response_issuer', explanation: 'the authorization response names another issuer (RFC 9207)' };
    if (/signature verification failed/.test(text)) return { check: 'signature', explanation: 'the ID token\'s signature does not verify with the identity provider\'s published keys' };
    if (code === 'OAUTH_KEY_SELECTION_FAILED') return { check: 'signing_key', explanation: 'no key published by the identity provider (jwks_uri) matches the ID token\'s header' };
    if (/claim missing/.test(text) && named) return { check: 'missing_claim', claim: named, explanation: `the ID token has no ${named} claim` };
    if (/claim type/.test(text) && named) return { check: 'claim_type', claim: named, explanation: `the ID token's ${named} claim has the wrong type` };
    if (/"alg"/.test(text) || code === 'OAUTH_UNSUPPORTED_OPERATION') return { check: 'algorithm', explanation: 'the ID token is signed with an algorithm this client does not accept' };
    if (code === 'OAUTH_PARSE_ERROR' || /Invalid JWT|JWT (Header|Payload)/.test(text)) return { check: 'malformed_id_token', explanation: 'the ID token is not a readable JWT' };
    return { check: 'invalid_response', explanation: `the identity provider's response failed a check (${safeCode(code)})` };
  }
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON' || code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' || code === 'OAUTH_INVALID_SERVER_METADATA' || code === 'OAUTH_MISSING_SERVER_METADATA') {
    return { check: 'invalid_response', explanation: `the identity provider's answer is not what OpenID Connect requires (${safeCode(code)})` };
  }
  if (err instanceof TypeError || code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT' || code === 'ECONNREFUSED') {
    return { check: 'unreachable', explanation: 'the identity provider could not be reached (connection refused, DNS or timeout)' };
  }
  return { check: 'other', explanation: `an unexpected error (${safeCode(code ?? e.name)})` };
}

/** The page's answer (readable, general) with the operator's reason attached. */
function describeFailure(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const why = failedCheckOf(err);
  switch (why.check) {
    case 'access_denied': return signInFailed('Sign-in was cancelled or refused at the identity provider (access_denied)', 403, why);
    case 'idp_error': return signInFailed(`The identity provider refused the sign-in (${safeCode((err as OpenIdClient.AuthorizationResponseError).error)})`, 400, why);
    case 'code_rejected': return signInFailed('The identity provider refused the authorization code: it was already used, has expired, or the PKCE proof does not match. Start the sign-in again', 400, why);
    case 'token_endpoint_error': return signInFailed(`The identity provider refused the token request (${safeCode((err as OpenIdClient.ResponseBodyError).error)})`, 400, why);
    case 'state': return signInFailed('The sign-in response was refused: the state does not match this browser\'s sign-in. Start the sign-in again', 400, why);
    case 'nonce': return signInFailed('The sign-in response was refused: the ID token\'s nonce does not match this browser\'s sign-in. Start the sign-in again', 400, why);
    case 'unreachable': return signInFailed('The identity provider could not be reached; try again later', 502, why);
    case 'other': return signInFailed('The sign-in response could not be verified. Start the sign-in again', 400, why);
    default: return signInFailed('The sign-in response was refused: the response did not pass the checks. Start the sign-in again', 400, why);
  }
}
