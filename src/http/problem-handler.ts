// Errors as RFC 9457 problem+json from one place: whatever a route throws (AppError, a validation
// failure, Fastify's own refusals) and the 404/405 for paths no route answers.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { AppError } from './errors.ts';
import { fieldErrorsOf } from './validation-errors.ts';
import { PROBLEM_BASE } from './problem.ts';
import { RouteMethods } from './route-methods.ts';
import { redactUrl } from './logging.ts';

/** A problem document (RFC 9457) with its status and any headers it needs. */
export interface Problem {
  status: number;
  headers?: Record<string, string>;
  body: { detail: string } & Record<string, unknown>;
}

/** What a route reads, for the words of a 413 or a 415: its media types (`consumes`, else JSON) and its body limit. */
function bodyRulesOf(request: FastifyRequest): { media: readonly string[]; limit: number } {
  const options = request.routeOptions as { schema?: { consumes?: readonly string[] }; bodyLimit?: number } | undefined;
  return { media: options?.schema?.consumes ?? ['application/json'], limit: options?.bodyLimit ?? 1024 * 1024 };
}

const sizeText = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`);

/** Turns anything thrown into an RFC 9457 problem, never leaking internals (tokens: see onSend). */
export function toProblem(err: FastifyError | AppError | Error, request: FastifyRequest): Problem {
  const requestId = request.id;
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
  const rules = bodyRulesOf(request);
  const detail =
    fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? `The request body is larger than ${sizeText(rules.limit)}`
      : status === 415 ? `Send the body ${rules.media[0] === 'application/json' ? 'as JSON' : 'form-encoded'}, with the header Content-Type: ${rules.media[0]}`
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

/**
 * Answers an error as a problem, logging what is ours (a 500). `shape` lets a scope whose errors
 * carry more, or another body, answer in its own form from the same problem (OAuth's endpoints: the
 * `error` members of RFC 6749 §5.2, which their response schemas require).
 */
export function sendProblem(err: unknown, request: FastifyRequest, reply: FastifyReply, shape?: (problem: Problem) => { contentType: string; body: object }): void {
  const problem = toProblem(err as FastifyError, request);
  if (problem.status === 500) request.log.error({ err }, 'unhandled error');
  if (problem.headers) reply.headers(problem.headers);
  const answer = shape?.(problem) ?? { contentType: 'application/problem+json', body: problem.body };
  reply.status(problem.status).type(answer.contentType).send(answer.body);
}

/** The error handler, and the not-found handler that answers 405 with Allow where the path exists for other methods. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => sendProblem(err, request, reply));
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
