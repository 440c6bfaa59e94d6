// A request body the hot path (hot-path.ts) read and then handed to Fastify unanswered: a request
// stream cannot be read twice, so the bytes are kept on the request and given back to Fastify by
// the route's preParsing hook, as the stream it parses. Fastify then reads, limits, parses,
// validates and answers them exactly as it would have read them from the socket.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest, RequestPayload } from 'fastify';

const KEPT_BODY = Symbol('warden.keptBody');

interface Kept {
  bytes: Buffer;
  /** The request stream's error (a client that went away mid-body), given back after the bytes. */
  error: Error | null;
}

type WithKept = IncomingMessage & { [KEPT_BODY]?: Kept };

/** Keeps the body read from `req` for the route's preParsing hook (replayKeptBody). */
export function keepBody(req: IncomingMessage, bytes: Buffer, error: Error | null): void {
  (req as WithKept)[KEPT_BODY] = { bytes, error };
}

/**
 * A route's preParsing hook: the body the hot path read, as a stream of the same bytes (and the same
 * error, if reading failed); otherwise the request itself, untouched.
 */
export function replayKeptBody(request: FastifyRequest, _reply: FastifyReply, payload: RequestPayload, done: (err: Error | null, payload?: RequestPayload) => void): void {
  const kept = (request.raw as WithKept)[KEPT_BODY];
  if (kept === undefined) return done(null, payload);
  (request.raw as WithKept)[KEPT_BODY] = undefined;
  let given = false;
  const replay = new Readable({
    read() {
      if (given) return;
      given = true;
      if (kept.bytes.length > 0) this.push(kept.bytes);
      if (kept.error !== null) this.destroy(kept.error);
      else this.push(null);
    },
  });
  done(null, replay);
}
