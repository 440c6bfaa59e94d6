// The long description served in /api/openapi.json: the choices made where the spec is silent.
import { ACTIONS } from '../access/model.ts';

/** The action catalog as a Markdown table, generated from src/access/model.ts. */
export const ACTION_CATALOG_TABLE = `| action | kind | needs |
|---|---|---|
${Object.entries(ACTIONS)
  .map(([name, spec]) =>
    spec.kind === 'platform'
      ? `| \`${name}\` | platform | role ${spec.minRole}+${spec.personalOnly ? ' (personal accounts only)' : ''} |`
      : `| \`${name}\` | datastore | ${spec.minLevel === null ? 'Admin only' : `level ${spec.minLevel}+`}${spec.minRole ? ` and role ${spec.minRole}+` : ''}${'minLevelOnEnrichment' in spec && spec.minLevelOnEnrichment ? ` (enrichment datastore: ${spec.minLevelOnEnrichment}+)` : ''} |`,
  )
  .join('\n')}`;

export const OPENAPI_DESCRIPTION = `Warden is the user and access layer of a data-quality platform: service users,
personal accounts, access tokens, roles, teams and an audit log.

**Authentication.** \`Authorization: Bearer <token>\` with a personal access token (\`wdn_pat_…\`) or a
service token (\`wdn_svc_…\`), or the console's session cookie (mutating requests then also need
\`X-CSRF-Token\`). A 401 says which of malformed / unknown / expired / revoked / owner deactivated applies.
Repeated failures from one client IP within a minute answer 429 with \`Retry-After\`.

**Errors** are \`application/problem+json\` (RFC 9457) with \`type\`, \`title\`, \`status\`, \`detail\`,
\`request_id\` and, for validation, \`errors: [{path, message}]\`. Schema violations (wrong types, unknown
fields, values out of range, missing fields) answer **422**; unparseable JSON answers 400; bodies over 1 MB 413.
Things the caller may not see answer 404 rather than 403.

**Choices where the contract is silent.**
- \`user_id\` in \`POST /api/user-tokens\` and \`GET /api/user-tokens/service\` accepts the numeric id or the
  \`user_id\` string (\`pipeline_automation@service\`).
- \`expires_in_days\` is required (a number 1–365, or null for never): the expiry is always a conscious choice.
- Creating a service user with role manager or admin needs a \`reason\`, as changing to those roles does.
- \`owner_id\` and \`purpose\` belong to service users; the owner is a personal account.
- DELETE and reactivate of a user answer 200 with the user; repeating them changes nothing and records nothing.
- A change that changes nothing writes no audit event.
- Deleting a token is allowed only once it is revoked; restoring an expired token is refused (409).
- Team and datastore names are unique regardless of case.
- Every \`/api\` response carries \`Cache-Control: no-store\` and \`X-Request-Id\` (an incoming one is kept).

**Action catalog** (used by \`POST /api/authorize\`):

${ACTION_CATALOG_TABLE}
`;
