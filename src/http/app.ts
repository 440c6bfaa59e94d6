// Assembles the HTTP application: validation, problem+json errors, auth, OpenAPI, features.
import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyServerOptions, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import swagger from '@fastify/swagger';
import cookie from '@fastify/cookie';
import type { Config } from '../config.ts';
import { prettyStream } from './pretty-log.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from './errors.ts';
import { parseJsonBody } from './json-body.ts';
import { Problem } from './schemas.ts';
import { registerAuth, type SessionAuthenticator } from './auth.ts';
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
import { registerDatastoreRoutes } from '../datastores/routes.ts';
import { registerAuthorizeRoutes } from '../authorize/routes.ts';
import { registerScimRoutes } from '../scim/routes.ts';
import { registerReviewRoutes } from '../reviews/routes.ts';
import { registerWebhookRoutes } from '../notifications/routes.ts';
import { registerGovernance } from '../notifications/register.ts';
import { registerConsole } from '../console/routes.ts';
import { OPENAPI_DESCRIPTION } from './openapi-description.ts';
import { fieldErrorsOf } from './validation-errors.ts';
import { registerDocs } from './docs.ts';
import { RouteMethods } from './route-methods.ts';
import type { ErrorObject } from 'ajv';
import { systemClock, type Clock } from '../scheduler/clock.ts';
import { AccessCache } from '../cache/access-cache.ts';
import { UserViewCache } from '../cache/user-views.ts';
import { lastActiveOfUsers } from '../cache/store.ts';
import { watchChanges } from '../db/listener.ts';
import { WardenMetrics, serveMetrics } from '../metrics/metrics.ts';
import { PROBLEM_BASE } from './problem.ts';
import { clientAddressOf, trustedHop } from './client-address.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

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
}

export interface BuildOptions {
  config: Config;
  db: Db;
  /** false silences the log (tests); otherwise pino at config.logLevel. A stream may be given to capture it. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** Default: the system clock. */
  clock?: Clock;
}


// Query parameters that may carry a secret (a token pasted into a URL, an OAuth code or state).
const SECRET_PARAMS = /^(token|access_token|id_token|refresh_token|code|state|session|password|secret|client_secret)$/i;
/** Anything shaped like a Warden token, however it was cut or cased. */
const TOKEN_LIKE = /wdn_(pat|svc)_[0-9A-Za-z]*/gi;
/** The same, also with its underscores percent-encoded (a URL echoed as it arrived). */
const TOKEN_LIKE_ENCODED = /wdn(?:_|%5f)(?:pat|svc)(?:_|%5f)[0-9A-Za-z]*/gi;
const TOKEN_SHAPED = /wdn(?:_|%5f)(?:pat|svc)(?:_|%5f)/i;

/** The text with every token-shaped part replaced (safe inside JSON: what it replaces has no quote or backslash). */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_LIKE_ENCODED, '[redacted]');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The URL as it may be logged or shown: percent-decoding first (so `wdn%5Fpat%5F…` is caught), every
 * token-shaped text anywhere (path or query) replaced, and the values of secret-looking query
 * parameters replaced.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = decodeURIComponentSafe(q === -1 ? url : url.slice(0, q)).replace(TOKEN_LIKE, '[redacted]');
  if (q === -1) return path;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decodeURIComponentSafe((eq === -1 ? pair : pair.slice(0, eq)).replaceAll('+', ' '));
      const value = eq === -1 ? '' : decodeURIComponentSafe(pair.slice(eq + 1).replaceAll('+', ' '));
      if (SECRET_PARAMS.test(key) || /wdn_(pat|svc)_/i.test(value)) return `${key.replace(TOKEN_LIKE, '[redacted]')}=[redacted]`;
      return pair.replace(TOKEN_LIKE, '[redacted]');
    });
  return `${path}?${params.join('&')}`;
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * The request's logger, created only when something logs through it: a pino child per request
 * (with its redaction set-up) costs about a microsecond, and at level warn most requests log nothing.
 */
class LazyChildLogger {
  #parent: FastifyBaseLogger;
  #bindings: Record<string, unknown>;
  #options: Record<string, unknown>;
  #child: FastifyBaseLogger | null = null;

  constructor(parent: FastifyBaseLogger, bindings: Record<string, unknown>, options: Record<string, unknown>) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#options));
  }

  #log(level: Level, args: unknown[]): void {
    const parent = this.#parent as unknown as { isLevelEnabled?: (l: string) => boolean };
    // Without a logger (logger: false) Fastify's stand-in has no levels: it drops everything itself.
    if (typeof parent.isLevelEnabled !== 'function') {
      (this.#parent[level] as (...a: unknown[]) => void)(...args);
      return;
    }
    if (!parent.isLevelEnabled(level)) return;
    (this.#real()[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void { this.#log('fatal', args); }
  error(...args: unknown[]): void { this.#log('error', args); }
  warn(...args: unknown[]): void { this.#log('warn', args); }
  info(...args: unknown[]): void { this.#log('info', args); }
  debug(...args: unknown[]): void { this.#log('debug', args); }
  trace(...args: unknown[]): void { this.#log('trace', args); }
  silent(): void {}
  child(bindings: Record<string, unknown>, options?: Record<string, unknown>): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
  get level(): string {
    return this.#parent.level;
  }
  set level(level: string) {
    this.#real().level = level;
  }
}

/** An incoming X-Request-Id is kept only when it is short, plain and does not look like a token. */
export function acceptableRequestId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value) && !/wdn_/i.test(value);
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    verbose: true, // errors carry their schema, so a failed anyOf can name what it accepts
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

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

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const logger: FastifyServerOptions['logger'] =
    options.logger === false
      ? false
      : {
          level: config.logLevel,
          ...(typeof options.logger === 'object'
            ? { stream: options.logger.stream }
            : config.logFormat === 'pretty'
              ? { stream: prettyStream(process.stdout) }
              : {}),
          serializers: {
            req: (req: { method: string; url: string; clientAddress?: string; socket?: { remoteAddress?: string } }) => ({
              method: req.method,
              url: redactUrl(req.url),
              remoteAddress: req.clientAddress ?? req.socket?.remoteAddress,
            }),
          },
          redact: {
            paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'token', '*.token', 'body.token', 'client_secret', '*.client_secret'],
            censor: '[redacted]',
          },
        };
  const isTrustedHop = trustedHop(config.trustProxy);
  const serverOptions: FastifyServerOptions = {
    logger,
    // One access-log line per request (the onResponse hook below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: ((logger: FastifyBaseLogger, bindings: Record<string, unknown>, options: Record<string, unknown>) => new LazyChildLogger(logger, bindings, options)) as unknown as FastifyServerOptions['childLoggerFactory'],
    bodyLimit: 1024 * 1024,
    // The client address is Warden's own rule (request.clientAddress, below); Fastify is given the
    // same rule only so that X-Forwarded-Proto/-Host count when a trusted proxy sent them.
    trustProxy: config.trustProxy.kind === 'none' ? false : isTrustedHop,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return acceptableRequestId(incoming) ? incoming : crypto.randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Bodies are validated strictly (no type coercion, unknown fields refused); query strings
    // and path params are coerced from text. Fastify calls this again whenever a scope adds schemas.
    schemaController: {
      compilersFactory: {
        buildValidator: ((externalSchemas: Record<string, unknown>) => {
          const bodyAjv = makeAjv(false);
          const otherAjv = makeAjv(true);
          for (const schema of Object.values(externalSchemas)) {
            bodyAjv.addSchema(schema as object);
            otherAjv.addSchema(schema as object);
          }
          return ({ schema, httpPart }: { schema: object; httpPart?: string }) => (httpPart === 'body' ? bodyAjv : otherAjv).compile(schema);
        }) as never, // Fastify's declared type is its own ajv pool's; it calls this with {schema, httpPart}.
      },
    },
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
  app.addHook('onClose', async () => {
    await ctx.lastUsed.stop();
    ctx.userViews.stop();
    unsubscribe();
    await watcher.close();
    await metricsServer?.close();
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
  const accessLog = options.logger !== false && ['info', 'debug', 'trace'].includes(config.logLevel);
  if (accessLog || ctx.metrics) {
    const metrics = ctx.metrics;
    app.addHook('onResponse', (request, reply, done) => {
      const ms = reply.elapsedTime;
      if (accessLog) request.log.info({ req: request, res: { statusCode: reply.statusCode }, responseTime: ms, ...(request.principal ? { user: request.principal.id } : {}) }, 'request');
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
  // Routes whose body is optional (deactivate, reactivate, review) validate a missing body as {}.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && request.method !== 'GET' && request.method !== 'HEAD') request.body = {};
    done();
  });

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

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Warden', version: VERSION, description: OPENAPI_DESCRIPTION },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token (wdn_pat_…) or service token (wdn_svc_…)' },
          session: { type: 'apiKey', in: 'cookie', name: 'warden_session', description: 'The console session; mutating requests also need X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await registerDocs(app);
  app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, ctx);
  registerGovernance(app, ctx); // outbox delivery (webhooks, mail) and scheduled work
  await registerConsole(app, ctx); // the console (web/dist) at / and its deep links
  await app.register(cookie); // parses request cookies (the console session); sets them on replies
  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<TypeBoxTypeProvider>();
      const ipRefusals = new IpRefusalAudit(db);
      ipRefusals.onError = (err) => app.log.error({ err }, 'could not audit a refused token address');
      const authDeps = { db, cache, lastUsed: ctx.lastUsed, limiter: ctx.limiter, sessions: ctx.sessions, ipRefusals, clock: ctx.clock, metrics: ctx.metrics, apiTokens: ctx.config.apiTokens };
      registerAuth(api, authDeps);
      // One line per feature; each owns its routes under /api.
      registerInfoRoutes(api, ctx, authDeps);
      registerUserRoutes(api, ctx);
      registerTokenRoutes(api, ctx);
      registerExposureRoutes(api, ctx);
      registerAuditRoutes(api, ctx);
      registerSsoRoutes(api, ctx);
      registerTeamRoutes(api, ctx);
      registerDatastoreRoutes(api, ctx);
      registerAuthorizeRoutes(api, ctx);
      registerScimRoutes(api, ctx);
      registerReviewRoutes(api, ctx);
      registerWebhookRoutes(api, ctx);
    },
    { prefix: '/api' },
  );
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    warden: AppContext;
    /** Every route's methods (405 answers; tests enumerate the routes from it). */
    routeMethods: RouteMethods;
  }
}
