// A directory's SCIM client for tests: an Admin service user ("Directory Sync") with a SCIM-only
// token, and requests to /api/scim/v2 with it (a body sent as application/scim+json).
import type { Reply, TestApp } from './support.ts';

export type ScimRequest = (method: string, url: string, body?: unknown) => Promise<Reply>;

export async function scimClient(t: TestApp): Promise<ScimRequest> {
  const sync = await t.request('POST', '/api/users', { body: { name: 'Directory Sync', role: 'admin', reason: 'SCIM provisioning' } });
  if (sync.status !== 201) throw new Error(`creating the SCIM client: ${sync.status} ${sync.text}`);
  const tok = await t.request('POST', '/api/user-tokens', { body: { name: 'directory', expires_in_days: 30, user_id: sync.body.id, scim_only: true } });
  if (tok.status !== 201) throw new Error(`its SCIM token: ${tok.status} ${tok.text}`);
  const token: string = tok.body.token;
  return (method, url, body) => t.request(method, `/api/scim/v2${url}`, {
    token,
    headers: body === undefined ? {} : { 'content-type': 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
