// `warden serve` in development with no IdP configured: run the development OpenID Provider on
// loopback and sign in through it, so that a newcomer can use the console at once.
import type { Config } from '../config.ts';
import { DEV_ADMIN_EMAIL, DEV_ADMIN_LOGIN, startDevProvider, type DevProvider } from './dev-provider.ts';

export interface DevelopmentSignIn {
  /** The configuration to serve with: the dev provider as issuer, its admin among the initial admins. */
  config: Config;
  provider: DevProvider | null;
  /** What to log, loudly. */
  message: string;
  level: 'warn' | 'error';
}

export async function startDevelopmentSignIn(config: Config): Promise<DevelopmentSignIn | null> {
  if (config.oidc.issuer || config.env !== 'development') return null;
  const callback = `${config.publicUrl}/api/auth/callback`;
  if (new URL(config.publicUrl).port === '0') {
    return { config, provider: null, level: 'warn', message: 'Development sign-in not started: it needs a fixed WARDEN_PORT or a WARDEN_PUBLIC_URL for its redirect URI' };
  }
  let provider: DevProvider;
  try {
    provider = await startDevProvider({ port: config.port + 1, redirectUris: [callback] });
  } catch (err) {
    return { config, provider: null, level: 'error', message: `Development sign-in could not start (${err instanceof Error ? err.message : String(err)}); is the oidc-provider dev dependency installed?` };
  }
  return {
    provider,
    level: 'warn',
    message:
      `DEVELOPMENT SIGN-IN: a development OpenID Provider runs at ${provider.issuer} and ANY login and password are accepted. ` +
      `Type "${DEV_ADMIN_LOGIN}" to sign in as Admin (${DEV_ADMIN_EMAIL}); any other name signs in as a member. ` +
      `NEVER use this in production: set WARDEN_OIDC_ISSUER (and WARDEN_ENV=production). Sign in at ${config.publicUrl}/api/auth/login`,
    config: {
      ...config,
      oidc: { ...config.oidc, issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, tokenEndpointAuthMethod: 'client_secret_basic', development: true },
      initialAdmins: [...new Set([...config.initialAdmins, DEV_ADMIN_EMAIL])],
    },
  };
}
