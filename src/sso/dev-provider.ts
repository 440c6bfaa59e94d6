// A development OpenID Provider (oidc-provider, a dev dependency) on loopback, so that a new
// instance can be signed into at once: any login and any password work. Also the IdP of the tests.
// Never started in production: `warden serve` starts it only when WARDEN_ENV is development and no
// WARDEN_OIDC_ISSUER is set.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Typing this name at the development sign-in lands as Admin on a new instance. */
export const DEV_ADMIN_LOGIN = 'admin';
export const DEV_EMAIL_DOMAIN = 'example.com';
export const DEV_ADMIN_EMAIL = `${DEV_ADMIN_LOGIN}@${DEV_EMAIL_DOMAIN}`;

export interface DevAccountClaims {
  email?: string | null;
  email_verified?: boolean;
  name?: string | null;
  [claim: string]: unknown;
}

export interface DevProviderOptions {
  /** Loopback address to listen on; 127.0.0.1 by default. */
  host?: string;
  /** 0 (default) picks a free port; a taken port falls back to a free one. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  redirectUris: string[];
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** The claims of the person who typed `login`; by default derived from it (see devClaims). */
  claimsFor?: (login: string) => DevAccountClaims;
  /** Koa middleware around the provider's own (tests rewrite its answers); added before it serves. */
  middleware?: ((ctx: any, next: () => Promise<void>) => Promise<void>)[];
}

export interface DevProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The oidc-provider instance (tests reach into it). */
  provider: any;
  close(): Promise<void>;
}

/** `Ada Lovelace` → name "Ada Lovelace", email ada.lovelace@example.com, verified. */
export function devClaims(login: string): DevAccountClaims {
  const local = login.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '.').replace(/^\.+|\.+$/g, '') || 'user';
  return { email: `${local}@${DEV_EMAIL_DOMAIN}`, email_verified: true, name: login.trim() || local };
}

async function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' && port !== 0) {
        server.listen(0, host);
        server.once('listening', () => resolve());
        server.once('error', reject);
      } else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  return server.address() as AddressInfo;
}

export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  // A dev dependency: imported only when a development provider is really wanted.
  const { default: Provider } = await import('oidc-provider');
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer();
  const address = await listen(server, host, options.port ?? 0);
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const clientId = options.clientId ?? 'warden-dev';
  const clientSecret = options.clientSecret ?? crypto.randomBytes(24).toString('base64url');
  const claimsFor = options.claimsFor ?? devClaims;
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'ES256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: options.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    }],
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    // PKCE is required of every client, as a careful IdP does.
    pkce: { required: () => true },
    claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 3600, Session: 14 * 86_400, Grant: 14 * 86_400 },
    async findAccount(_ctx: unknown, id: string) {
      return {
        accountId: id,
        async claims() {
          return { ...claimsFor(id), sub: id };
        },
      };
    },
    // Warden is a first-party client: no consent screen.
    async loadExistingGrant(ctx: any) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    renderError(ctx: any, out: Record<string, string>) {
      ctx.type = 'html';
      const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!doctype html><title>Sign-in error</title><h1>Sign-in error</h1><p>${esc(out.error)}: ${esc(out.error_description ?? '')}</p>`;
    },
  });
  // oidc-provider's built-in pages import a web font from fonts.googleapis.com: a sign-in page on
  // loopback loads nothing from outside (no request leaves the machine, works offline).
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    await next();
    if (typeof ctx.body === 'string' && ctx.body.includes('@import url(http')) ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, '');
  });
  for (const fn of options.middleware ?? []) provider.use(fn);
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
