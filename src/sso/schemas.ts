import { Type } from '../http/type.ts';
import { Timestamp } from '../http/schemas.ts';

export const LoginQuery = Type.Object({
  return_to: Type.Optional(Type.String({ maxLength: 2000, description: 'Where to land after signing in: a path on this Warden (`/…`), nothing else. Default `/`.' })),
});

export const SessionInfo = Type.Object({
  authenticated: Type.Boolean(),
  sso_configured: Type.Boolean({ description: 'Whether GET /api/auth/login can sign anyone in' }),
  login_url: Type.String(),
  user: Type.Optional(Type.Ref('User')),
  expires_at: Type.Optional(Timestamp),
  idle_expires_at: Type.Optional(Type.String({ format: 'date-time', description: 'When the session ends unless used before' })),
  csrf_token: Type.Optional(Type.String({ description: 'The warden_csrf cookie\'s value: send it as X-CSRF-Token on every mutating request' })),
}, { title: 'Session' });

const cliFields = {
  redirect_uri: Type.String({ minLength: 1, maxLength: 2000, description: 'A loopback URL of the CLI: http://127.0.0.1:<port>/… or http://localhost:<port>/…' }),
  state: Type.String({ minLength: 1, maxLength: 500, description: 'Returned unchanged to redirect_uri' }),
  hostname: Type.String({ minLength: 1, maxLength: 255, description: 'The CLI\'s machine; the token is named cli-<hostname>' }),
};

// PKCE (RFC 7636): the challenge is base64url(SHA-256(verifier)), 43 characters; S256 only.
// Optional in the schema so that an outdated CLI gets a readable page rather than a bare 422.
const pkceFields = {
  code_challenge: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'base64url(SHA-256(code_verifier)) of the CLI (PKCE S256); required' })),
  code_challenge_method: Type.Optional(Type.Literal('S256', { description: 'Only S256' })),
};

export const CliAuthorizeQuery = Type.Object({ ...cliFields, ...pkceFields });
export const CliAuthorizeForm = Type.Object({ ...cliFields, ...pkceFields, csrf_token: Type.String({ maxLength: 200 }) }, { title: 'CliAuthorizeForm' });

export const CliTokenBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 200, description: 'The one-time code the browser brought to the CLI\'s redirect_uri' }),
    code_verifier: Type.String({ pattern: '^[A-Za-z0-9._~-]{43,128}$', description: 'The PKCE verifier whose S256 challenge started this login' }),
    state: Type.String({ minLength: 1, maxLength: 500, description: 'The state this login started with' }),
  },
  { title: 'CliTokenRequest', additionalProperties: false },
);
