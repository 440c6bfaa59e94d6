// The relying party: authorization code + PKCE (S256) + state + nonce with openid-client,
// the provider's metadata discovered from the issuer once and kept.
import * as client from 'openid-client';
import { AppError } from '../http/errors.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  scopes: string;
  redirectUri: string;
  emailClaim: string;
  nameClaim: string;
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
}

/** A sign-in the IdP or the checks refused: a readable answer, never a 500, never a session. */
export const signInFailed = (detail: string, status = 400) => new AppError(status, 'sign-in-failed', 'Sign-in failed', detail);

function claimString(claims: Record<string, unknown>, name: string): string | null {
  const v = claims[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export class RelyingParty {
  settings: OidcSettings;
  #configuration: Promise<client.Configuration> | null = null;

  constructor(settings: OidcSettings) {
    this.settings = settings;
  }

  /** Discovery, once; a failure is forgotten so that the next sign-in tries again. */
  configuration(): Promise<client.Configuration> {
    if (!this.#configuration) {
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
        .catch((err: unknown) => {
          this.#configuration = null;
          throw err;
        });
    }
    return this.#configuration;
  }

  async #configurationOrFail(): Promise<client.Configuration> {
    try {
      return await this.configuration();
    } catch {
      throw signInFailed('The identity provider could not be reached or its discovery document is invalid; try again later or tell an administrator', 502);
    }
  }

  /** The IdP's authorization URL and what to remember until the callback. */
  async begin(returnTo: string): Promise<{ url: URL; pending: PendingLogin }> {
    const config = await this.#configurationOrFail();
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
    const config = await this.#configurationOrFail();
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = callbackSearch;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
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
    if (!idClaims) throw signInFailed('The identity provider returned no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    const s = this.settings;
    const missing = [s.emailClaim, s.nameClaim, 'email_verified'].some((c) => claims[c] === undefined);
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
    };
  }
}

/** Says what went wrong without echoing codes, tokens or anything the IdP could inject. */
function describeFailure(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const safeCode = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(v) ? v : 'error');
  if (err instanceof client.AuthorizationResponseError) {
    if (err.error === 'access_denied') return signInFailed('Sign-in was cancelled or refused at the identity provider (access_denied)', 403);
    return signInFailed(`The identity provider refused the sign-in (${safeCode(err.error)})`);
  }
  if (err instanceof client.ResponseBodyError) {
    if (err.error === 'invalid_grant') {
      return signInFailed('The identity provider refused the authorization code: it was already used, has expired, or the PKCE proof does not match. Start the sign-in again');
    }
    return signInFailed(`The identity provider refused the token request (${safeCode(err.error)})`);
  }
  const code = (err as { code?: unknown }).code;
  if (code === 'OAUTH_INVALID_RESPONSE' || code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' || code === 'OAUTH_INVALID_REQUEST' || code === 'OAUTH_WWW_AUTHENTICATE_CHALLENGE') {
    // openid-client wraps the precise check in `cause`; only its wording is used, never its data.
    const text = `${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}`;
    const what = /"state"/.test(text) ? 'the state does not match this browser\'s sign-in' : /"nonce"/.test(text) ? 'the ID token\'s nonce does not match this browser\'s sign-in' : 'the response did not pass the checks';
    return signInFailed(`The sign-in response was refused: ${what}. Start the sign-in again`);
  }
  if (err instanceof TypeError || code === 'OAUTH_TIMEOUT' || code === 'ECONNREFUSED') {
    return signInFailed('The identity provider could not be reached; try again later', 502);
  }
  return signInFailed('The sign-in response could not be verified. Start the sign-in again');
}
