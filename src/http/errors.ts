// Errors are values with a type and an HTTP status; http/app.ts maps them to
// application/problem+json (RFC 9457) in one place.

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  status: number;
  /** Short, stable slug; the problem `type` is `https://warden.dev/problems/<slug>`. */
  slug: string;
  title: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  constructor(status: number, slug: string, title: string, detail: string, extra: { errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new AppError(400, 'bad-request', 'Bad request', detail, { errors });
export const invalid = (detail: string, errors?: FieldError[]) =>
  new AppError(422, 'validation', 'Invalid request', detail, { errors: errors ?? [] });
export const invalidField = (path: string, message: string) => invalid(message, [{ path, message }]);
export const forbidden = (detail: string) => new AppError(403, 'forbidden', 'Forbidden', detail);
export const notFound = (what: string) => new AppError(404, 'not-found', 'Not found', `${what} not found`);
export const conflict = (detail: string) => new AppError(409, 'conflict', 'Conflict', detail);
export const tooManyRequests = (
  retryAfterSeconds: number,
  detail = `Too many failed authentications from this client; this credential is refused for ${retryAfterSeconds} s more (valid credentials still work)`,
) =>
  new AppError(429, 'rate-limited', 'Too many requests', detail, {
    headers: { 'retry-after': String(retryAfterSeconds) },
  });

export type AuthFailure = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked' | 'owner_deactivated' | 'session_expired' | 'ip_not_allowed' | 'api_tokens_disabled';

const AUTH_DETAIL: Record<AuthFailure, string> = {
  missing: 'No credential: send Authorization: Bearer <token> or sign in',
  malformed: 'The token is malformed (wrong prefix, length, characters or checksum)',
  unknown: 'The token is not known to this instance',
  expired: 'The token has expired',
  revoked: 'The token has been revoked',
  owner_deactivated: 'The token\'s owner is deactivated',
  session_expired: 'The session has ended; sign in again',
  ip_not_allowed: 'The token may not be used from this network address (it is restricted to other networks)',
  api_tokens_disabled: 'API tokens are turned off on this instance (WARDEN_API_TOKENS=off): sign in to the console instead; only SCIM-only tokens reach /api/scim/v2',
};

export function unauthorized(failure: AuthFailure): AppError {
  const header = failure === 'missing' || failure === 'session_expired' ? 'Bearer realm="warden"' : 'Bearer realm="warden", error="invalid_token"';
  const err = new AppError(401, `unauthorized/${failure.replaceAll('_', '-')}`, 'Unauthorized', AUTH_DETAIL[failure], {
    headers: { 'www-authenticate': header },
  });
  return err;
}

/** An Authorization header that is not `Bearer <token>`: say which scheme Warden expects. */
export function wrongScheme(scheme: string): AppError {
  const got = scheme === 'none' ? 'a token without a scheme' : scheme === 'unreadable' ? 'an unreadable Authorization header' : `the ${scheme} scheme`;
  return new AppError(401, 'unauthorized/wrong-scheme', 'Unauthorized', `Send the token as "Authorization: Bearer <token>" (got ${got})`, {
    headers: { 'www-authenticate': 'Bearer realm="warden", error="invalid_request"' },
  });
}
