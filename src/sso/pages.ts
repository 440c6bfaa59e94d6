// The few HTML pages a browser sees from the API: sign-in errors and the CLI confirmation.
// Everything interpolated is escaped.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.ts';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A trusted fragment of HTML (built only from escaped values). */
export interface Html {
  html: string;
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += (v && typeof v === 'object' && 'html' in v ? (v as Html).html : escapeHtml(v)) + strings[i + 1];
  });
  return { html: out };
}

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2330}' +
  'h1{font-size:1.4rem}button,.button{font:inherit;padding:.5rem 1.1rem;border-radius:6px;border:1px solid #999;background:#fff;cursor:pointer;text-decoration:none;color:inherit}' +
  'button.primary{background:#1d4ed8;border-color:#1d4ed8;color:#fff}.muted{color:#5b6475;font-size:.9rem}code{background:#f1f3f6;padding:0 .25rem;border-radius:4px}';

export function sendPage(reply: FastifyReply, status: number, title: string, body: Html, formAction: string[] = []): FastifyReply {
  reply
    .status(status)
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formAction.join(' ')}; frame-ancestors 'none'; base-uri 'none'`.replace('  ', ' '))
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8');
  return reply.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)} · Warden</title><style>${STYLE}</style></head><body>${body.html}</body></html>`);
}

export function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** A browser gets a small page; an API client gets problem+json (rethrown to the error handler). */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, err: unknown, retryUrl: string | null): FastifyReply {
  if (!(err instanceof AppError) || !wantsHtml(request)) throw err;
  const retry = retryUrl ? html`<p><a class="button" href="${retryUrl}">Sign in again</a></p>` : html``;
  return sendPage(reply, err.status, err.title, html`<h1>${err.title}</h1><p>${err.message}</p>${retry}<p class="muted">Request id <code>${request.id}</code></p>`);
}
