// Serves the built console (web/dist) at `/`: hashed assets cached for a year, index.html never
// cached, and every other GET outside /api answered with index.html so that deep links
// (`/users/12`, `/tokens?tab=service`) open the app. /api, /healthz and /readyz keep their routes;
// an unknown /api path stays a problem+json 404.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../http/context.ts';
import { consoleSecurityHeaders } from './security-headers.ts';

/** Where `npm run build` (and so `npm ci`) puts the console. */
export const DEFAULT_DIST_DIR = path.resolve(import.meta.dirname, '../../web/dist');

export interface ConsoleOptions {
  /** The built console; web/dist unless a test says otherwise. */
  distDir?: string;
}

const HASHED_ASSET = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** The API's paths: its 404s stay problem+json, and its headers are the API's own. */
function isApiPath(url: string): boolean {
  const pathname = url.split('?')[0];
  return pathname === '/api' || pathname.startsWith('/api/');
}

/**
 * Paths the app is not answered for: the API's, a missing asset (a 404, not HTML posing as a
 * script), and /metrics: a scraper pointed at the API port gets a 404, not the console's HTML
 * (metrics are on WARDEN_METRICS_PORT).
 */
function notForTheApp(url: string): boolean {
  return isApiPath(url) || url.startsWith('/assets/') || url.split('?')[0] === '/metrics';
}

/** Shown at `/` when web/dist is missing: the server runs, the console was just not built. */
const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Console not built · Warden</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}
code{background:#f1f3f5;padding:0 .3rem;border-radius:4px}@media (prefers-color-scheme:dark){body{background:#1a1b1e;color:#e9ecef}code{background:#2c2e33}}</style></head>
<body><h1>The Warden console is not built</h1><p>The server and its API run, but <code>web/dist</code> is missing.
Build the console with <code>npm run build</code> (<code>npm ci</code> does it too), then reload this page.</p>
<p>For console work, <code>npm run dev</code> serves it with hot reload against this server.</p>
<p>Meanwhile the API reference is at <a href="/api/docs">/api/docs</a>.</p></body></html>`;

export async function registerConsole(app: FastifyInstance, ctx: AppContext, options: ConsoleOptions = {}): Promise<void> {
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const indexFile = path.join(distDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (!built) app.log.warn(`The console is not built (${indexFile} is missing): run \`npm run build\`. The API works without it.`);
  // Read once: the hashed assets it names are also fixed at start (wildcard: false below).
  const indexHtml = built ? fs.readFileSync(indexFile) : null;
  const https = new URL(ctx.config.publicUrl).protocol === 'https:';

  // Its own scope, so that its headers and static routes stay the console's.
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      if (!isApiPath(request.url)) reply.headers(consoleSecurityHeaders({ https }));
    });

    if (built) {
      await scope.register(fastifyStatic, {
        root: distDir,
        prefix: '/',
        // One route per built file, fixed at start, so that the catch-all below answers everything else.
        wildcard: false,
        index: false,
        redirect: false,
        serveDotFiles: false,
        // Serves the .br/.gz files the build writes next to each asset when the browser takes them.
        preCompressed: true,
        cacheControl: false,
        globIgnore: ['**/index.html', '**/*.gz', '**/*.br'],
        setHeaders: (reply, filePath) => {
          const relative = path.relative(distDir, filePath).split(path.sep).join('/');
          // Vite names every file under assets/ after its content hash: it never changes.
          reply.header('cache-control', relative.startsWith('assets/') ? HASHED_ASSET : REVALIDATE);
        },
      });
    }

    const answerApp = async (request: FastifyRequest, reply: FastifyReply) => {
      if (notForTheApp(request.url)) return reply.callNotFound();
      reply.header('cache-control', REVALIDATE).type('text/html; charset=utf-8');
      if (!indexHtml) return reply.status(200).send(NOT_BUILT_PAGE);
      return reply.send(indexHtml);
    };
    scope.get('/', { config: { auth: 'public' }, schema: { hide: true } }, answerApp);
    scope.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, answerApp);
  });
}
