// The one typed Warden API client, shared by the console (web/) and the CLI (src/cli/).
// Types come from schema.ts, generated from the server's OpenAPI document; calls go through
// openapi-fetch. No request or response type is written by hand.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.ts';

export type { components, paths };
export type Schemas = components['schemas'];
export type WardenClient = Client<paths>;

/** An RFC 9457 problem as Warden sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  request_id?: string;
  errors?: { path: string; message: string }[];
}

export interface ClientOptions {
  /** Warden's URL (`https://warden.example.com`); '' for the same origin (the console). */
  baseUrl: string;
  /** A bearer token (the CLI, pipelines). */
  token?: string | null;
  /** The console: the CSRF token to echo on mutating requests (from the warden_csrf cookie). */
  csrfToken?: () => string | null;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createWardenClient(options: ClientOptions): WardenClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const credentials: Middleware = {
    onRequest({ request }) {
      if (options.token) request.headers.set('authorization', `Bearer ${options.token}`);
      if (options.csrfToken && !SAFE.has(request.method)) {
        const csrf = options.csrfToken();
        if (csrf) request.headers.set('x-csrf-token', csrf);
      }
      return request;
    },
  };
  client.use(credentials);
  return client;
}

/** Whether a value is a problem document. */
export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).status === 'number' && typeof (value as Problem).detail === 'string';
}
