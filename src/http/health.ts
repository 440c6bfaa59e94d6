import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  const schema = { tags: ['operations'], security: [], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } };
  app.get('/healthz', { config: { auth: 'public' }, schema: { ...schema, summary: 'The process is up' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { ...schema, summary: 'The database is reachable' } }, async () => {
    try {
      await sql`select 1`.execute(ctx.db.kysely);
    } catch {
      throw new AppError(503, 'not-ready', 'Not ready', 'The database is not reachable');
    }
    return { status: 'ok' };
  });
}
