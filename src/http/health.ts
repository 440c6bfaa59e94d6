import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { errors } from './schemas.ts';

/**
 * The probes' one answer, written once: sent as it is, it needs no compiled serializer, so a node
 * that has only been probed has compiled none (and not loaded the serializer's and Ajv's modules).
 */
const OK = JSON.stringify({ status: 'ok' });

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const ok = { title: 'HealthStatus', type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] };
  const schema = { tags: ['operations'], security: [] };
  app.get('/healthz', {
    config: { auth: 'public' },
    schema: {
      ...schema, operationId: 'checkLiveness', summary: 'The process is up',
      description: 'Liveness: answers 200 as long as the process serves HTTP, whatever the database. For a container\'s liveness probe.',
      response: { 200: ok },
    },
  }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(OK));
  app.get('/readyz', {
    config: { auth: 'public' },
    schema: {
      ...schema, operationId: 'checkReadiness', summary: 'The database is reachable',
      description: 'Readiness: 200 when the database answers, 503 (problem+json) when it does not. For a load balancer or a readiness probe.',
      response: { 200: ok, ...errors(503) },
    },
  }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
    } catch {
      throw new AppError(503, 'not-ready', 'Not ready', 'The database is not reachable');
    }
    return reply.type('application/json; charset=utf-8').send(OK);
  });
}
