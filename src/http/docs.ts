// The interactive API reference at /api/docs (Swagger UI), branded as Warden, with a CSP that
// does not blank the page over plain http: `upgrade-insecure-requests` only when served over https.
import type { FastifyInstance } from 'fastify';
import swaggerUi from '@fastify/swagger-ui';

const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32"><path fill="#1c7ed6" d="M16 2 4 7v8c0 7.4 5.1 13.4 12 15 6.9-1.6 12-7.6 12-15V7z"/><path fill="#fff" d="m14.5 20.6-4.6-4.6 1.8-1.8 2.8 2.8 6.3-6.3 1.8 1.8z"/></svg>',
);

export const DOCS_PREFIX = '/api/docs';

export async function registerDocs(app: FastifyInstance): Promise<void> {
  // In a scope of its own: the CSP hook runs for the reference's routes only, not for every request.
  await app.register(async (scope) => {
    await scope.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      uiConfig: { docExpansion: 'list', deepLinking: true },
      staticCSP: false, // set below, per request
      logo: { type: 'image/svg+xml', content: LOGO, href: DOCS_PREFIX, target: '_self' },
      theme: {
        title: 'Warden API',
        favicon: [{ filename: 'favicon.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: LOGO }],
      },
    });
    // A callback hook: an async one would cost a promise each time.
    scope.addHook('onSend', (request, reply, payload, done) => {
      const csp = scope.swaggerCSP;
      const directives = [
        "default-src 'self'", "base-uri 'self'", "font-src 'self' data:", "frame-ancestors 'none'", "img-src 'self' data:",
        "object-src 'none'", `script-src 'self' ${csp.script.join(' ')}`, "script-src-attr 'none'", `style-src 'self' ${csp.style.join(' ')}`,
        ...(request.protocol === 'https' ? ['upgrade-insecure-requests'] : []),
      ];
      reply.header('content-security-policy', directives.join('; '));
      reply.header('referrer-policy', 'same-origin');
      done(null, payload);
    });
  });
}
