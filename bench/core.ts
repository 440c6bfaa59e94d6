// Issue 2's benchmark: GET /api/users/me with a different valid service token per request
// (drawn from 10,000), against a bare Fastify route and Warden's own /healthz, same run.
import { measure, perDatabase } from './lib.ts';
import { seedServiceTokens } from './seed.ts';

export function benchCore(): Promise<string> {
  return perDatabase(
    (db) => seedServiceTokens(db, 100, 10_000),
    async ({ bare, server, data: secrets }) => [
      await measure({ name: 'bare Fastify route (baseline)', server: bare, path: '/bare' }),
      await measure({ name: 'Warden `GET /healthz` (no auth)', server, path: '/healthz' }),
      await measure({
        name: 'Warden `GET /api/users/me` (10,000 tokens, rotating)',
        server,
        path: '/api/users/me',
        perRequest: (i) => ({ headers: { authorization: `Bearer ${secrets[(i * 7919) % secrets.length]}` } }),
      }),
    ],
  );
}
