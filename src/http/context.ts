// The types every feature's routes are given (the Fastify instance they register on and the
// application context). They live here, below both app.ts (which assembles) and the features.
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { SessionAuthenticator } from './auth.ts';
import type { AuthFailureLimiter } from './rate-limit.ts';
import type { LastUsedRecorder } from '../tokens/last-used.ts';
import type { Clock } from '../scheduler/clock.ts';
import type { AccessCache } from '../cache/access-cache.ts';
import type { UserViewCache } from '../cache/user-views.ts';
import type { WardenMetrics } from '../metrics/metrics.ts';
import type { RouteMethods } from './route-methods.ts';


export type ApiInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What every feature's routes are given. */
export interface AppContext {
  config: Config;
  db: Db;
  lastUsed: LastUsedRecorder;
  limiter: AuthFailureLimiter;
  /** Set by the SSO feature when console sessions are available. */
  sessions: { current: SessionAuthenticator | null };
  /** The time decisions and scheduled work use (a manual clock in tests). */
  clock: Clock;
  /** Tokens, owners and datastores from memory, invalidated on every node (src/cache). */
  cache: AccessCache;
  /** The caller's own user object (GET /api/users/me) from memory. */
  userViews: UserViewCache;
  /** Prometheus metrics, when WARDEN_METRICS_PORT is set. */
  metrics: WardenMetrics | null;
  /** Requests answered by the hot path in front of Fastify (http/hot-path.ts). */
  hotPathAnswers: number;
  /** Bodies the hot path read and handed to Fastify unanswered (http/kept-body.ts). */
  hotPathHandedOn: number;
}


declare module 'fastify' {
  interface FastifyInstance {
    warden: AppContext;
    /** Every route's methods (405 answers; tests enumerate the routes from it). */
    routeMethods: RouteMethods;
    /** Writes out the buffered JSON log now (start-up lines); a no-op for other log streams. */
    flushLog(): void;
  }
}
