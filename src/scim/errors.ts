// SCIM errors (RFC 7644 §3.12): the Error schema with `status` as a string and `scimType`
// where the RFC defines one. Every error under /api/scim/v2 — ours, the shared auth hook's
// AppErrors (401/403/429) and Fastify's own (bad JSON, wrong media type) — is rendered here.
import type { FastifyError } from 'fastify';
import { AppError } from '../http/errors.ts';
import { ERROR } from './schemas.ts';

export type ScimType =
  | 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax'
  | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

export class ScimError extends AppError {
  scimType: ScimType | undefined;
  constructor(status: number, detail: string, scimType?: ScimType) {
    super(status, scimType ? `scim/${scimType}` : `scim/${status}`, 'SCIM error', detail);
    this.scimType = scimType;
  }
}

export const invalidFilter = (detail: string) => new ScimError(400, detail, 'invalidFilter');
export const invalidSyntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax');
export const invalidValue = (detail: string) => new ScimError(400, detail, 'invalidValue');
export const invalidPath = (detail: string) => new ScimError(400, detail, 'invalidPath');
export const noTarget = (detail: string) => new ScimError(400, detail, 'noTarget');
export const mutability = (detail: string) => new ScimError(400, detail, 'mutability');
export const uniqueness = (detail: string) => new ScimError(409, detail, 'uniqueness');
export const scimNotFound = (what: string) => new ScimError(404, `${what} not found`);
export const preconditionFailed = () => new ScimError(412, 'The resource has changed: its ETag does not match If-Match');

export interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: string;
  detail: string;
}

/** The status, headers and SCIM Error body for anything thrown under /api/scim/v2; never leaks internals. */
export function toScimError(err: unknown, requestId: string): { status: number; headers?: Record<string, string>; body: ScimErrorBody } {
  const body = (status: number, detail: string, scimType?: string): ScimErrorBody => ({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail });
  if (err instanceof ScimError) return { status: err.status, body: body(err.status, err.message, err.scimType) };
  if (err instanceof AppError) {
    // Rules shared with the rest of the API (last Admin, self-change, auth) keep their status.
    const scimType = err.status === 409 ? 'uniqueness' : err.status === 400 || err.status === 422 ? 'invalidValue' : undefined;
    const status = err.status === 422 ? 400 : err.status;
    const detail = err.errors?.length ? `${err.message}: ${err.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : err.message;
    return { status, headers: err.headers, body: body(status, detail, scimType) };
  }
  const fe = err as FastifyError;
  if (fe?.validation) return { status: 400, body: body(400, `The request is invalid: ${fe.message}`, 'invalidValue') };
  const status = typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status === 500) return { status, body: body(500, `Something went wrong on our side; quote request id ${requestId} when reporting it`) };
  // RFC 7644 §3.12 defines no scimType for a 413 (`tooMany` is a filter's refusal, with a 400).
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status, body: body(status, 'The request body is larger than 1 MB') };
  if (status === 400) return { status, body: body(status, `The request body is not valid JSON: ${fe.message}`, 'invalidSyntax') };
  if (status === 415) return { status, body: body(status, 'Send application/scim+json or application/json') };
  return { status, body: body(status, fe.message) };
}
