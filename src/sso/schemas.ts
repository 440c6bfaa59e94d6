import { Type } from 'typebox';
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
});

const cliFields = {
  redirect_uri: Type.String({ minLength: 1, maxLength: 2000, description: 'A loopback URL of the CLI: http://127.0.0.1:<port>/… or http://localhost:<port>/…' }),
  state: Type.String({ minLength: 1, maxLength: 500, description: 'Returned unchanged to redirect_uri' }),
  hostname: Type.String({ minLength: 1, maxLength: 255, description: 'The CLI\'s machine; the token is named cli-<hostname>' }),
};

export const CliAuthorizeQuery = Type.Object(cliFields);
export const CliAuthorizeForm = Type.Object({ ...cliFields, csrf_token: Type.String({ maxLength: 200 }) });
