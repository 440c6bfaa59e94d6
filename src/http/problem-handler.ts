// Errors as RFC 9457 problem+json from one place: whatever a route throws (AppError, a validation
// failure, Fastify's own refusals) and the 404/405 for paths no route answers.
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError } from './errors.ts';
import { fieldErrorsOf } from './validation-errors.ts';
import { PROBLEM_BASE } from './problem.ts';
import { RouteMethods } from './route-methods.ts';
import { redactUrl } from './logging.ts';

/** Turns anything thrown into an RFC 9457 problem, never leaking internals (tokens: see onSend). */
function toProblem(err: FastifyError | AppError | Error, requestId: string): { status: number; headers?: Record<string, string>; body: { detail: string } & Record<string, unknown> } {
  if (err instanceof AppError) {
    return { status: err.status, headers: err.headers, body: { type: PROBLEM_BASE + err.slug, title: err.title, status: err.status, detail: err.message, request_id: requestId, ...(err.errors ? { errors: err.errors } : {}) } };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const where = fe.validationContext ?? 'body';
    const { errors, more } = fieldErrorsOf(fe.validation as ErrorObject[], where);
    const status = 422;
    const listed = errors.map((e) => (e.path === where ? e.message : `${e.path} ${e.message}`)).join('; ');
    const detail = `The ${where} is invalid: ${listed}${more ? `; and ${more} more` : ''}`;
    return { status, body: { type: PROBLEM_BASE + 'validation', title: 'Invalid request', status, detail, request_id: requestId, errors } };
  }
  // PostgreSQL refuses NUL characters in text ('22021'); that is the client's input, not our failure.
  if ((err as { code?: string }).code === '22021') {
    return { status: 422, body: { type: PROBLEM_BASE + 'validation', title: 'Invalid request', status: 422, detail: 'Text must not contain NUL (\\u0000) characters', request_id: requestId, errors: [] } };
  }
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status === 500) {
    return { status, body: { type: PROBLEM_BASE + 'internal', title: 'Internal error', status, detail: `Something went wrong on our side; quote request id ${requestId} when reporting it`, request_id: requestId } };
  }
  const known = FASTIFY_PROBLEMS[status] ?? FASTIFY_PROBLEMS[400];
  const detail =
    fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The request body is larger than 1 MB'
      : status === 415 ? 'Send the body as JSON, with the header Content-Type: application/json'
        : status === 400 ? `The request could not be read: ${fe.message}` : fe.message;
  return { status, body: { type: PROBLEM_BASE + known.slug, title: known.title, status, detail, request_id: requestId } };
}

// Warden's own problem types for what Fastify itself refuses (never its internal error codes).
const FASTIFY_PROBLEMS: Record<number, { slug: string; title: string }> = {
  400: { slug: 'bad-request', title: 'Bad request' },
  404: { slug: 'not-found', title: 'Not found' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  413: { slug: 'payload-too-large', title: 'Payload too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
};

/** The error handler, and the not-found handler that answers 405 with Allow where the path exists for other methods. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const problem = toProblem(err, request.id);
    if (problem.status === 500) request.log.error({ err }, 'unhandled error');
    if (problem.headers) reply.headers(problem.headers);
    reply.status(problem.status).type('application/problem+json').send(problem.body);
  });
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => routeMethods.add(route.method, route.url ?? route.path));
  app.decorate('routeMethods', routeMethods);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = routeMethods.allowedFor(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      reply.status(405).type('application/problem+json').send({ type: PROBLEM_BASE + 'method-not-allowed', title: 'Method not allowed', status: 405, detail: `${redactUrl(path)} answers ${allowed.join(', ')}, not ${request.method}`, request_id: request.id });
      return;
    }
    reply.status(404).type('application/problem+json').send({ type: PROBLEM_BASE + 'not-found', title: 'Not found', status: 404, detail: `No route ${request.method} ${redactUrl(path)}`, request_id: request.id });
  });
}
