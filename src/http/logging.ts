// Logging: what the logger is given (level, stream, serializers, redaction), the lazy per-request
// child logger, and the rules that keep tokens and secrets out of every logged URL.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import { prettyStream } from './pretty-log.ts';

// Query parameters that may carry a secret (a token pasted into a URL, an OAuth code or state).
const SECRET_PARAMS = /^(token|access_token|id_token|refresh_token|code|state|session|password|secret|client_secret)$/i;
/** Anything shaped like a Warden token, however it was cut or cased. */
const TOKEN_LIKE = /wdn_(pat|svc)_[0-9A-Za-z]*/gi;
/** The same, also with its underscores percent-encoded (a URL echoed as it arrived). */
const TOKEN_LIKE_ENCODED = /wdn(?:_|%5f)(?:pat|svc)(?:_|%5f)[0-9A-Za-z]*/gi;
export const TOKEN_SHAPED = /wdn(?:_|%5f)(?:pat|svc)(?:_|%5f)/i;

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
  if (!MAY_NEED_REDACTION.test(url)) return url;
  return redactUrlFully(url);
}

/**
 * Whether redactUrlFully could change the URL. When this is false it returns the URL as it is:
 * without '%' and '+' nothing decodes to something else, without 'wdn' nothing is token-shaped,
 * and every name SECRET_PARAMS matches contains token, code, state, session, password or secret
 * (the same case rule: both without the u flag). logging.test.ts checks the two agree.
 */
const MAY_NEED_REDACTION = /[%+]|wdn|token|code|state|session|password|secret/i;

/** redactUrl without its shortcut (exported for the test that proves the shortcut safe). */
export function redactUrlFully(url: string): string {
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

const LINE_BASE = `,"pid":${process.pid},"hostname":${JSON.stringify(os.hostname())},"reqId":`;

/** What the access line says of a request. */
export interface AccessEntry {
  id: string;
  method: string;
  url: string;
  clientAddress: string | undefined;
  statusCode: number;
  /** ms */
  responseTime: number;
  /** The authenticated user's id, if any. */
  user: number | undefined;
}

/**
 * The access line of a request, as pino writes it at level info through the request's child
 * logger (the same fields in the same order: level, time, pid, hostname, reqId, req, res,
 * responseTime, user, msg), built directly: a child logger, pino's serialisers and its redaction
 * walk cost more than the rest of a cached answer's logging. Everything in it is safe by
 * construction: the URL is redactUrl's, the request id acceptableRequestId's or a UUID.
 */
export function accessLine(e: AccessEntry): string {
  return `{"level":30,"time":${Date.now()}${LINE_BASE}${JSON.stringify(e.id)},"req":{"method":${JSON.stringify(e.method)},"url":${JSON.stringify(redactUrl(e.url))}${e.clientAddress === undefined ? '' : `,"remoteAddress":${JSON.stringify(e.clientAddress)}`}},"res":{"statusCode":${e.statusCode}},"responseTime":${e.responseTime}${e.user === undefined ? '' : `,"user":${e.user}`},"msg":"request"}\n`;
}

/** How often the buffered log is written out even when less than its 64 KB has gathered, ms. */
export const LOG_FLUSH_MS = 1000;

/** What gathers before it is handed to the stream in one write (UTF-16 code units: at least as many bytes). */
const LOG_CHUNK = 65_536;

/**
 * Standard output for the JSON log, buffered: lines gather in memory and go out in one write once
 * 64 KB have gathered, at the latest every second, and synchronously when the process exits
 * (process.exit, a signal handled by `warden serve`, a fatal error) and when the app closes. A
 * synchronous write per access line cost a quarter of a cached forward-auth (issue 24); what a hard
 * crash (SIGKILL, the OOM killer) can lose is the last second's lines, at most what was buffered
 * (docs/operations.md).
 *
 * The lines gather here, not in sonic-boom's own buffer: its write() measures the UTF-8 length of
 * everything it holds on every call (Buffer.byteLength of the growing string, which also flattens
 * it), a copy and a scan of up to 16 KB per line that cost more than building the line. Every
 * line, pino's and the access line, goes through `stream` (one order); sonic-boom is handed whole
 * chunks.
 */
export class BufferedLog {
  readonly #sonic = pino.destination({ dest: 1, sync: false, minLength: 0 });
  #pending = '';
  #timer: NodeJS.Timeout;
  readonly #onExit = () => this.#flushSync();
  /** What pino and the access line write to. */
  readonly stream = { write: (line: string): boolean => this.write(line) };

  constructor(everyMs = LOG_FLUSH_MS) {
    this.#timer = setInterval(() => this.flushNow(), everyMs);
    this.#timer.unref();
    // After pino's own exit flush of the stream (registered when it was made): what sonic-boom
    // held is out, then what gathered here.
    process.on('exit', this.#onExit);
  }

  write(line: string): boolean {
    this.#pending += line;
    if (this.#pending.length >= LOG_CHUNK) this.#handOver();
    return true;
  }

  #handOver(): void {
    const chunk = this.#pending;
    this.#pending = '';
    this.#sonic.write(chunk);
  }

  /** Starts writing out what is buffered now (the lines an operator waits for: listening, a first-start hint). */
  flushNow(): void {
    if (this.#pending.length > 0) this.#handOver();
  }

  #flushSync(): void {
    const sonic = this.#sonic as unknown as { destroyed: boolean; fd: number; flushSync(): void };
    try {
      if (!sonic.destroyed) sonic.flushSync();
    } catch {
      // not ready, or the write failed: the lines below are still tried
    }
    if (this.#pending.length === 0) return;
    const buf = Buffer.from(this.#pending);
    this.#pending = '';
    // A full non-blocking pipe (EAGAIN) is waited for a little, as sonic-boom's own flushSync does.
    for (let off = 0, tries = 0; off < buf.length;) {
      try {
        off += fs.writeSync(sonic.fd >= 0 ? sonic.fd : 1, buf, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || ++tries > 1000) return; // a closed pipe: nothing to write to
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
  }

  /** Writes out what is buffered and waits for it; the timer stops. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    process.removeListener('exit', this.#onExit);
    this.flushNow();
    // flush's callback comes when the write ends (with EINVAL where stdout is a pipe: fsync of a pipe).
    await new Promise<void>((resolve) => this.#sonic.flush(() => resolve()));
  }
}

/** The logger options for Fastify: off (tests), a given stream, or pino at the configured level and format. */
export function loggerOptions(config: Config, logger: boolean | { stream: NodeJS.WritableStream | pino.DestinationStream } | undefined): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  return {
    level: config.logLevel,
    ...(typeof logger === 'object'
      ? { stream: logger.stream }
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
}

/** The child logger factory Fastify uses per request (see LazyChildLogger). */
export const lazyChildLoggerFactory = ((logger: FastifyBaseLogger, bindings: Record<string, unknown>, options: Record<string, unknown>) => new LazyChildLogger(logger, bindings, options)) as unknown as FastifyServerOptions['childLoggerFactory'];
