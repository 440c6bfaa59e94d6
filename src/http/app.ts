// Assembles the HTTP application: the server's options, the hooks every request passes, the
// caches, OpenAPI, and one line per feature. The pieces live beside it: context.ts (the types the
// features get), logging.ts, validator.ts, problem-handler.ts (errors as problem+json).
import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type HookHandlerDoneFunction, type RawRequestDefaultExpression } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import cookie from '@fastify/cookie';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from './errors.ts';
import { parseJsonBody } from './json-body.ts';
import { Problem } from './schemas.ts';
import { registerAuth } from './auth.ts';
import { AuthFailureLimiter } from './rate-limit.ts';
import { LastUsedRecorder } from '../tokens/last-used.ts';
import { registerHealthRoutes } from './health.ts';
import { VERSION, registerInfoRoutes } from './info.ts';
import { registerUserRoutes } from '../users/routes.ts';
import { registerExposureRoutes, registerTokenRoutes } from '../tokens/routes.ts';
import { IpRefusalAudit } from '../tokens/ip-refusals.ts';
import { registerAuditRoutes } from '../audit/routes.ts';
import { registerSsoRoutes } from '../sso/routes.ts';
import { registerTeamRoutes } from '../teams/routes.ts';
import { registerDirectoryRoutes } from '../directory/routes.ts';
import { registerDatastoreRoutes } from '../datastores/routes.ts';
import { registerAuthorizeRoutes } from '../authorize/routes.ts';
import { registerAuthzenRoutes } from '../authzen/routes.ts';
import { registerIntrospectionRoutes } from '../introspection/routes.ts';
import { registerScimRoutes } from '../scim/routes.ts';
import { registerReviewRoutes } from '../reviews/routes.ts';
import { registerWebhookRoutes } from '../notifications/routes.ts';
import { registerGovernance } from '../notifications/register.ts';
import { registerConsole } from '../console/routes.ts';
import { registerFederationRoutes, registerOAuthMetadata } from '../federation/routes.ts';
import { OPENAPI_DESCRIPTION } from './openapi-description.ts';
import { OPENAPI_TAGS } from './openapi-tags.ts';
import { hoistNamedSchemas } from './openapi-components.ts';
import { registerDocs } from './docs.ts';
import { hotPath, type Fallback } from './hot-path.ts';
import { systemClock, type Clock } from '../scheduler/clock.ts';
import { AccessCache } from '../cache/access-cache.ts';
import { UserViewCache } from '../cache/user-views.ts';
import { lastActiveOfUsers } from '../cache/store.ts';
import { watchChanges } from '../db/listener.ts';
import { WardenMetrics, serveMetrics } from '../metrics/metrics.ts';
import { clientAddressOf, trustedHop } from './client-address.ts';
import type { AppContext } from './context.ts';
import { prettyStream } from './pretty-log.ts';
import { BufferedLog, TOKEN_SHAPED, accessLine, acceptableRequestId, lazyChildLoggerFactory, loggerOptions, redactTokens } from './logging.ts';
import { schemaController } from './validator.ts';
import { registerProblemHandlers } from './problem-handler.ts';

export interface BuildOptions {
  config: Config;
  db: Db;
  /** false silences the log (tests); otherwise pino at config.logLevel. A stream may be given to capture it. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** Default: the system clock. */
  clock?: Clock;
  /** false: every request goes through Fastify (the tests that compare the hot path with it). Default true. */
  hotPath?: boolean;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const requestIdPrefix = crypto.randomBytes(6).toString('hex');
  let requestSeq = 0;
  const { config, db } = options;
  // The JSON log on standard output is buffered (logging.ts: BufferedLog); a given stream (tests) is not.
  let bufferedLog: BufferedLog | null = null;
  const logStream: { write(line: string): unknown } | null =
    options.logger === false ? null
      : typeof options.logger === 'object' ? options.logger.stream
        : config.logFormat === 'pretty' ? prettyStream(process.stdout)
          : (bufferedLog = new BufferedLog()).stream;
  const logger = loggerOptions(config, logStream ? { stream: logStream as NodeJS.WritableStream } : false);
  const isTrustedHop = trustedHop(config.trustProxy);
  function requestIdOf(req: RawRequestDefaultExpression): string {
    const incoming = req.headers['x-request-id'];
    return acceptableRequestId(incoming) ? incoming : `${requestIdPrefix}-${(++requestSeq).toString(36)}`;
  }
  // The hot path (hot-path.ts) answers cached forward-auth, /users/me and authorize requests before Fastify; set below,
  // once the caches exist. Off for options.hotPath === false (the tests that compare both paths).
  let hot: ((req: IncomingMessage, res: ServerResponse, fastify: Fallback) => boolean) | null = null;
  const serverOptions: FastifyServerOptions = {
    // Fastify's own HTTP/1 server (lib/server.js getServerInstance), with the hot path in front.
    serverFactory: (handler, fastifyOptions) => {
      const opts = fastifyOptions as { http?: http.ServerOptions; keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number; maxRequestsPerSocket: number };
      const server = http.createServer(opts.http ?? {}, (req, res) => {
        if (hot !== null) {
          try {
            if (hot(req, res, handler)) return;
          } catch (err) {
            // Not expected (everything it touches is in memory); never a crash: Fastify answers,
            // unless the answer had already begun.
            app.log.error({ err }, 'hot path');
            if (res.headersSent) return void res.destroy();
          }
        }
        handler(req, res);
      });
      server.keepAliveTimeout = opts.keepAliveTimeout;
      server.requestTimeout = opts.requestTimeout;
      server.setTimeout(opts.connectionTimeout);
      if (opts.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
      return server;
    },
    logger,
    // One access-log line per request (the onResponse hook below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: 1024 * 1024,
    // The client address is Warden's own rule (request.clientAddress, below); Fastify is given the
    // same rule only so that X-Forwarded-Proto/-Host count when a trusted proxy sent them.
    trustProxy: config.trustProxy.kind === 'none' ? false : isTrustedHop,
    // This process's random prefix and a counter: unique across nodes and restarts like a UUID
    // (48 random bits per process), without drawing random bytes per request.
    genReqId: requestIdOf,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    schemaController, // validator.ts
  };
  const app: FastifyInstance = Fastify(serverOptions);
  app.addSchema(Problem);
  // Derived once per request (the rate limiters, authentication, audit and the access line each ask).
  const derivedAddress = new WeakMap<RawRequestDefaultExpression, string>();
  app.decorateRequest('clientAddress', {
    getter(this: { raw: RawRequestDefaultExpression }) {
      let address = derivedAddress.get(this.raw);
      if (address === undefined) derivedAddress.set(this.raw, (address = clientAddressOf(this.raw, isTrustedHop)));
      return address;
    },
  });

  const cache = new AccessCache(db, config.cache);
  const ctx: AppContext = {
    config,
    db,
    lastUsed: new LastUsedRecorder(db),
    limiter: new AuthFailureLimiter(config.authFailureLimit),
    sessions: { current: null },
    clock: options.clock ?? systemClock,
    cache,
    userViews: new UserViewCache(cache, config.cache.users),
    metrics: null,
    hotPathAnswers: 0,
    hotPathHandedOn: 0,
  };
  // This node's own commits invalidate at once; other processes' through the watcher. The caches
  // are trusted only while the watcher vouches for having heard everything (db/listener.ts).
  const unsubscribe = db.changes.subscribe((changes, source) => cache.invalidate(changes, source));
  const watcher = watchChanges(db, {
    onChanges: (changes, source) => cache.invalidate(changes, source),
    onReset: () => cache.clear('reset'),
    onStateChange: (state) => {
      if (state === 'down') app.log.warn('Cache invalidation is not listening: answering from the database until it is');
      else if (state === 'listening') app.log.info('Cache invalidation is listening');
    },
    onError: (err) => app.log.warn({ err }, 'cache invalidation listener'),
  });
  cache.trusted = () => watcher.trusted();
  cache.confirm = () => watcher.confirm();
  if (config.metricsPort !== null) ctx.metrics = new WardenMetrics({ db, cache, views: ctx.userViews, watcher });
  ctx.lastUsed.onError = (err) => app.log.error({ err }, 'could not record token last use');
  ctx.lastUsed.onFlushed = (seconds, tokens) => ctx.metrics?.lastUseFlushed(seconds, tokens);
  ctx.lastUsed.start();
  ctx.userViews.start((ids) => lastActiveOfUsers(db, ids), (err) => app.log.warn({ err }, 'could not refresh cached user views'));
  app.decorate('warden', ctx);
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | null = null;
  if (ctx.metrics) {
    const metrics = ctx.metrics;
    // onReady, not onListen: a metrics port that cannot be bound stops the start (onListen's errors are only logged).
    app.addHook('onReady', async () => {
      metricsServer = await serveMetrics(metrics, config.host, config.metricsPort!);
      app.log.info(`Metrics at ${metricsServer.url}`);
    });
  }
  // The start-up lines (listening, hints) go out at once rather than with the next second's flush.
  app.decorate('flushLog', () => bufferedLog?.flushNow());
  app.addHook('onClose', async () => {
    await ctx.lastUsed.stop();
    ctx.userViews.stop();
    unsubscribe();
    await watcher.close();
    await metricsServer?.close();
    await bufferedLog?.close(); // every access line of the requests answered, out before the process ends
  });
  // Once closing, answers end their connection: otherwise a keep-alive connection whose request was
  // in flight at SIGTERM stays open after its answer, and closing waits out the keep-alive timeout.
  // Hooks on every request are callback-style: an async hook costs a promise per request.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    // The one place answers are cleaned of tokens: whatever a refusal echoes (a path segment, a field
    // name, a filter), problem+json or SCIM, and a redirect's Location (the API docs' redirect repeats
    // the query string), nothing token-shaped goes back. Successes are left alone: the answer that
    // issues a token must carry it.
    if (reply.statusCode >= 300 && reply.statusCode < 400) {
      const location = reply.getHeader('location');
      if (typeof location === 'string' && TOKEN_SHAPED.test(location)) reply.header('location', redactTokens(location));
    }
    if (reply.statusCode >= 400 && typeof payload === 'string' && TOKEN_SHAPED.test(payload)) return done(null, redactTokens(payload));
    done(null, payload);
  });

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });

  // The access log (one line per request, at info) and the request metrics, in one hook, only
  // when either is on.
  const accessLog: boolean = logStream !== null && ['info', 'debug', 'trace'].includes(config.logLevel);
  if (accessLog || ctx.metrics) {
    const metrics = ctx.metrics;
    app.addHook('onResponse', (request, reply, done) => {
      const ms = reply.elapsedTime;
      // Written to the log's stream directly (logging.ts accessLine: what pino would write, without its per-request cost).
      if (accessLog) logStream!.write(accessLine({ id: request.id, method: request.method, url: request.url, clientAddress: request.clientAddress, statusCode: reply.statusCode, responseTime: ms, user: request.principal?.id }));
      metrics?.observeRequest(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, ms / 1000);
      done();
    });
  }

  // JSON only: a text/plain body is refused with 415 rather than validated as a string.
  app.removeContentTypeParser('text/plain');
  // An empty JSON body (curl -X POST with a Content-Type and no data) is an empty object, not an error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (typeof body !== 'string' || body.trim() === '') return done(null, {});
    try {
      done(null, parseJsonBody(body));
    } catch (err) {
      done(err instanceof AppError ? err : new AppError(400, 'malformed-json', 'Bad request', 'The body is not valid JSON'), undefined);
    }
  });
  // Routes whose body is optional (deactivate, reactivate, review) validate a missing body as {}:
  // a hook on the routes that take a body only, so that a GET passes one hook fewer.
  const emptyBody = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.body === undefined && request.method !== 'GET' && request.method !== 'HEAD') request.body = {};
    done();
  };
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'GET' || m === 'HEAD')) return;
    route.preValidation = route.preValidation === undefined ? [emptyBody] : [emptyBody, ...[route.preValidation].flat()];
  });

  registerProblemHandlers(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Warden',
        version: VERSION,
        description: OPENAPI_DESCRIPTION,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        contact: { name: 'Warden: this instance\'s API reference', url: `${config.publicUrl}/api/docs` },
      },
      // The URL this instance is reached at (WARDEN_PUBLIC_URL): a generated client's default base URL.
      servers: [{ url: config.publicUrl, description: 'This Warden instance (WARDEN_PUBLIC_URL)' }],
      tags: OPENAPI_TAGS.map((t) => ({ ...t })),
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token (wdn_pat_…) or service token (wdn_svc_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'warden_session', description: 'The console session; mutating requests also need X-CSRF-Token' },
          basic: { type: 'http', scheme: 'basic', description: 'POST /api/oauth/introspect only: any client id, a service token as the password' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Titled schemas become components/schemas and are $ref'd (openapi-components.ts).
    transformObject: (doc) => ('openapiObject' in doc ? hoistNamedSchemas(doc.openapiObject) : doc.swaggerObject),
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await registerDocs(app);
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, ctx);
  registerGovernance(app, ctx); // outbox delivery (webhooks, mail) and scheduled work
  registerOAuthMetadata(app, ctx); // RFC 8414, beside /api
  await registerConsole(app, ctx); // the console (web/dist) at / and its deep links
  await app.register(cookie); // parses request cookies (the console session); sets them on replies
  const ipRefusals = new IpRefusalAudit(db);
  ipRefusals.onError = (err) => app.log.error({ err }, 'could not audit a refused token address');
  const authDeps = { db, cache, lastUsed: ctx.lastUsed, limiter: ctx.limiter, sessions: ctx.sessions, ipRefusals, clock: ctx.clock, metrics: ctx.metrics, apiTokens: ctx.config.apiTokens };
  if (options.hotPath !== false) {
    hot = hotPath({
      auth: authDeps,
      userViews: ctx.userViews,
      clock: ctx.clock,
      metrics: ctx.metrics,
      requestId: requestIdOf,
      clientAddress: (req) => clientAddressOf(req, isTrustedHop),
      accessLog: accessLog ? logStream : null,
      closing: () => closing,
      answered: () => ctx.hotPathAnswers++,
      handedOn: () => ctx.hotPathHandedOn++,
      failed: (err) => app.log.error({ err }, 'hot path'),
    });
  }
  // AuthZEN 1.0 at the specification's root paths, behind the same authentication hook as /api.
  await app.register(async (scope) => {
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    registerAuth(api, authDeps);
    registerAuthzenRoutes(api, ctx);
  });
  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<TypeBoxTypeProvider>();
      registerAuth(api, authDeps);
      // One line per feature; each owns its routes under /api.
      registerInfoRoutes(api, ctx, authDeps);
      registerUserRoutes(api, ctx);
      registerTokenRoutes(api, ctx);
      registerExposureRoutes(api, ctx);
      registerAuditRoutes(api, ctx);
      registerSsoRoutes(api, ctx);
      registerTeamRoutes(api, ctx);
      registerDirectoryRoutes(api, ctx);
      registerDatastoreRoutes(api, ctx);
      registerAuthorizeRoutes(api, ctx);
      registerIntrospectionRoutes(api, ctx, authDeps);
      registerScimRoutes(api, ctx);
      registerReviewRoutes(api, ctx);
      registerWebhookRoutes(api, ctx);
      registerFederationRoutes(api, ctx, authDeps);
    },
    { prefix: '/api' },
  );
  return app;
}

