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

// The console's look (web/src/app/theme.ts): its font, a card on a grey page, the brand line, its
// blues, and the system's light or dark scheme; contrast at WCAG AA in both.
const STYLE = ':root{color-scheme:light dark}' +
  'html{background:#f1f3f5;min-height:100%}' +
  'body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#000;background:#fff;max-width:32rem;' +
  'margin:4rem auto;padding:1.75rem 2rem;border:1px solid #dee2e6;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.05),0 10px 15px -5px rgba(0,0,0,.05)}' +
  'body::before{content:"Warden";display:block;font-weight:700;font-size:1.1rem;color:#1864ab;margin-bottom:1rem}' +
  'h1{font-size:1.5rem;font-weight:650;line-height:1.3;margin:0 0 .75rem}' +
  'a{color:#1864ab}' +
  'button,.button{display:inline-block;font:inherit;font-size:.9rem;font-weight:600;padding:.45rem 1.1rem;border-radius:8px;border:1px solid #ced4da;' +
  'background:#fff;color:#000;cursor:pointer;text-decoration:none;margin:0 .25rem .25rem 0}' +
  'button.primary{background:#1971c2;border-color:#1971c2;color:#fff}button:focus-visible,.button:focus-visible{outline:2px solid #1971c2;outline-offset:2px}' +
  '.muted{color:#495057;font-size:.875rem}code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;background:#f1f3f5;padding:.05rem .3rem;border-radius:4px}' +
  '@media (prefers-color-scheme:dark){html{background:#1f1f1f}body{background:#242424;color:#c9c9c9;border-color:#424242;box-shadow:none}' +
  'body::before,a{color:#74c0fc}button,.button{background:#2e2e2e;border-color:#424242;color:#c9c9c9}button.primary{background:#1971c2;border-color:#1971c2;color:#fff}' +
  '.muted{color:#b8b8b8}code{background:#2e2e2e}}' +
  '@media (max-width:36rem){body{margin:0;border:0;border-radius:0;box-shadow:none;min-height:100vh;box-sizing:border-box;padding:1.25rem}}';

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
