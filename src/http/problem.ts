// Problem replies (RFC 9457) sent straight from a hook or handler, without building an Error:
// the refusals of the request path (401, 403, 429, a decision's 404) are ordinary answers there,
// and an Error costs a stack trace each time. The body is the one app.ts's error handler writes.
import type { FastifyReply } from 'fastify';

export const PROBLEM_BASE = 'https://warden.dev/problems/';

export interface ProblemSpec {
  status: number;
  slug: string;
  title: string;
  detail: string;
  headers?: Record<string, string>;
}

/** SCIM's error schema (RFC 7644 §3.12): routes under /api/scim/v2 answer their refusals in it. */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export function sendProblem(reply: FastifyReply, requestId: string, p: ProblemSpec): FastifyReply {
  if (p.headers) reply.headers(p.headers);
  // A reverse proxy keeps headers of a refusal but not its body: say why in a header it can copy.
  if (reply.request.routeOptions.config?.forwardAuth === true && !reply.hasHeader('x-warden-reason')) reply.header('x-warden-reason', reasonOfSlug(p.slug));
  if (reply.request.routeOptions.config?.scim === true) {
    // A SCIM client reads SCIM errors; written as text so SCIM's response schemas do not apply.
    return reply
      .code(p.status)
      .type('application/scim+json; charset=utf-8')
      .serializer((body: unknown) => JSON.stringify(body))
      .send({ schemas: [SCIM_ERROR_SCHEMA], status: String(p.status), detail: p.detail });
  }
  return reply
    .code(p.status)
    .type('application/problem+json')
    .send({ type: PROBLEM_BASE + p.slug, title: p.title, status: p.status, detail: p.detail, request_id: requestId });
}

/** `unauthorized/owner-deactivated` → `owner_deactivated`: the refusal's own name, as forward auth reports it. */
export function reasonOfSlug(slug: string): string {
  return slug.slice(slug.lastIndexOf('/') + 1).replaceAll('-', '_');
}
