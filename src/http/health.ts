import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { errors } from './schemas.ts';

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
  }, async () => ({ status: 'ok' }));
  app.get('/readyz', {
    config: { auth: 'public' },
    schema: {
      ...schema, operationId: 'checkReadiness', summary: 'The database is reachable',
      description: 'Readiness: 200 when the database answers, 503 (problem+json) when it does not. For a load balancer or a readiness probe.',
      response: { 200: ok, ...errors(503) },
    },
  }, async () => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
    } catch {
      throw new AppError(503, 'not-ready', 'Not ready', 'The database is not reachable');
    }
    return { status: 'ok' };
  });
}
