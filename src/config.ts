// Every setting Warden reads, from the environment, validated once at start.
// The configuration table in docs/configuration.md lists exactly these (a test checks it).
import fs from 'node:fs';
import path from 'node:path';
import { parseAllowList, type AllowList } from './net/outbound.ts';
import { parseProxyTrust, type ProxyTrust } from './http/client-address.ts';

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  /** A postgres:// URL, or null for the embedded SQLite file in dataDir. */
  databaseUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: one readable line per entry (a terminal); `json`: one JSON object per line (collectors). */
  logFormat: 'json' | 'pretty';
  /** `auto`: `serve` applies pending migrations at start; `off`: it only checks that none is pending (they run as their own step). */
  migrate: 'auto' | 'off';
  /** WARDEN_API_TOKENS: false refuses every bearer token but SCIM-only ones on SCIM routes (console sessions stay). */
  apiTokens: boolean;
  /** Upper bound on a token's lifetime in days; when set, tokens that never expire are refused. */
  maxTokenDays: number | null;
  /** Which proxies' X-Forwarded-For is believed (src/http/client-address.ts). */
  trustProxy: ProxyTrust;
  /** Failed authentications one client IP may make per minute before getting 429. */
  authFailureLimit: number;
  /** The URL people and IdPs reach Warden at (redirect URIs, cookie Secure flag). */
  publicUrl: string;
  oidc: {
    issuer: string | null;
    clientId: string | null;
    clientSecret: string | null;
    tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
    scopes: string;
    emailClaim: string;
    nameClaim: string;
    /** Claim holding the person's directory groups (names or ids). */
    groupsClaim: string;
    /** What sign-in does with the groups and the directory mappings (src/directory/rules.ts). */
    groupSync: 'off' | 'add' | 'sync';
    /** The development OpenID Provider of `warden serve` (any login works); never set from the environment. */
    development: boolean;
  };
  initialAdmins: string[];
  /** Whether Admins may make members maintainers of their team (issue 21 §2). */
  teamMaintainers: boolean;
  sessionHours: number;
  sessionIdleMinutes: number;
  /** Days between periodic reviews of a service user. */
  reviewPeriodDays: number;
  /** Reports of exposed tokens one client IP may send per hour. */
  exposureReportLimit: number;
  /** Entries each in-process cache of the request path may hold (src/cache); 0 turns that cache off. */
  cache: { tokens: number; users: number; datastores: number };
  /** Port of `GET /metrics` (Prometheus format) on WARDEN_HOST; null: metrics are neither collected nor served. */
  metricsPort: number | null;
  /** Governance (issue 12): mail, scheduled work, webhooks, review policies. */
  notifications: {
    /** smtp:// or smtps:// URL of the mail relay; null: no mail. */
    smtpUrl: string | null;
    mailFrom: string;
    /** Seconds between runs of the scheduled work on this node; 0: this node runs none. */
    schedulerIntervalSeconds: number;
    webhookTimeoutSeconds: number;
  };
  /** Where connections made on an Admin's say-so (webhooks) may go despite being loopback, private, link-local…: src/net/outbound.ts. */
  outboundAllow: AllowList;
  policies: {
    /** Deactivate service users overdue for review by this many days; null: off. */
    deactivateOverdueDays: number | null;
    /** Revoke tokens unused for this many days; null: off. */
    revokeUnusedDays: number | null;
    /** Days before a policy acts that it is announced. */
    noticeDays: number;
  };
}

export class ConfigError extends Error {
  variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.variable = variable;
  }
}

export interface SettingDoc {
  name: string;
  default: string;
  meaning: string;
  /** A secret: may instead be read from the file named by `<name>_FILE`. */
  fileForm?: boolean;
}

/** Documentation of every variable; the table in docs/configuration.md mirrors it. */
export const SETTINGS: SettingDoc[] = [
  { name: 'WARDEN_ENV', default: 'development', meaning: '`development`, `production` or `test`. In production the development sign-in never starts.' },
  { name: 'WARDEN_HOST', default: '127.0.0.1', meaning: 'Address to listen on (`0.0.0.0` for all interfaces).' },
  { name: 'WARDEN_PORT', default: '8080', meaning: 'TCP port to listen on (0 picks a free one).' },
  { name: 'WARDEN_DATA_DIR', default: './data', meaning: 'Directory for the embedded SQLite database (created `0700` if missing; the database file `0600`).' },
  { name: 'WARDEN_DATABASE_URL', default: '(unset)', meaning: 'A `postgres://` URL selects PostgreSQL; unset uses SQLite at `$WARDEN_DATA_DIR/warden.db`.', fileForm: true },
  { name: 'WARDEN_MIGRATE', default: 'auto', meaning: '`auto`: `serve` applies pending migrations at start. `off`: migrations run as their own step (`warden migrate`); `serve` refuses to start, with one line, while any is pending.' },
  { name: 'WARDEN_LOG_LEVEL', default: 'info', meaning: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.' },
  { name: 'WARDEN_LOG_FORMAT', default: 'auto', meaning: '`json` (one JSON object per line), `pretty` (one readable line per entry) or `auto`: `pretty` when standard output is a terminal, else `json`.' },
  { name: 'WARDEN_API_TOKENS', default: 'on', meaning: '`off` refuses every bearer token (personal and service) with 401 `unauthorized/api-tokens-disabled`, for sign-in-only deployments: console sessions keep working, and so do SCIM-only tokens on `/api/scim/v2` (directory sync). Tokens can still be issued, revoked and listed; they work again when this is `on`.' },
  { name: 'WARDEN_MAX_TOKEN_DAYS', default: '(unset)', meaning: 'Cap on a token\'s lifetime in days (1–365). When set, tokens that never expire are refused.' },
  { name: 'WARDEN_TRUST_PROXY', default: 'false', meaning: 'The reverse proxies whose `X-Forwarded-For` is believed: comma-separated addresses/CIDRs (or `loopback`, `linklocal`, `uniquelocal`); `true` means `loopback` (a proxy on this host); a number 1–10 means exactly that many proxies, with nothing reaching Warden around them. The client is the right-most entry not written by a trusted proxy; `X-Real-IP` and `Forwarded` are never read. `false`/`0`: the connection\'s peer.' },
  { name: 'WARDEN_AUTH_FAILURE_LIMIT', default: '30', meaning: 'Failed authentications one client IP may make per minute before Warden answers 429.' },
  { name: 'WARDEN_PUBLIC_URL', default: 'http://localhost:$WARDEN_PORT', meaning: 'The URL people reach Warden at; the OIDC redirect URI is `$WARDEN_PUBLIC_URL/api/auth/callback`. `https` makes cookies `Secure`.' },
  { name: 'WARDEN_OIDC_ISSUER', default: '(unset)', meaning: 'OpenID Provider issuer URL (discovery). Unset in development starts a development provider; unset in production disables SSO.' },
  { name: 'WARDEN_OIDC_CLIENT_ID', default: '(unset)', meaning: 'Client id registered at the IdP.' },
  { name: 'WARDEN_OIDC_CLIENT_SECRET', default: '(unset)', meaning: 'Client secret registered at the IdP.', fileForm: true },
  { name: 'WARDEN_OIDC_TOKEN_AUTH', default: 'client_secret_basic', meaning: 'Token endpoint authentication: `client_secret_basic` or `client_secret_post`.' },
  { name: 'WARDEN_OIDC_SCOPES', default: 'openid email profile', meaning: 'Scopes requested at login.' },
  { name: 'WARDEN_OIDC_EMAIL_CLAIM', default: 'email', meaning: 'ID token / userinfo claim holding the email.' },
  { name: 'WARDEN_OIDC_NAME_CLAIM', default: 'name', meaning: 'Claim holding the display name.' },
  { name: 'WARDEN_OIDC_GROUPS_CLAIM', default: 'groups', meaning: 'Claim (ID token, else userinfo) holding the person\'s directory groups: names, or ids (Entra ID). Recorded at each sign-in and shown on the user page.' },
  { name: 'WARDEN_OIDC_GROUP_SYNC', default: 'off', meaning: 'What sign-in does with the groups and the directory mappings (`/api/directory-mappings`): `off` nothing; `add` adds the mapped memberships and roles; `sync` also removes memberships in mapped teams and mapped roles the groups no longer grant (never the last Admin). See docs/directory-sync.md.' },
  { name: 'WARDEN_TEAM_MAINTAINERS', default: 'off', meaning: '`on`: Admins may make members maintainers of their team, who then add and remove its members and maintainers (docs/access-model.md). `off`: only Admins change teams.' },
  { name: 'WARDEN_INITIAL_ADMINS', default: '(unset)', meaning: 'Comma-separated emails made Admin at their first login.' },
  { name: 'WARDEN_SESSION_HOURS', default: '12', meaning: 'Absolute lifetime of a console session, in hours.' },
  { name: 'WARDEN_SESSION_IDLE_MINUTES', default: '60', meaning: 'A session unused for this long ends.' },
  { name: 'WARDEN_EXPOSURE_REPORT_LIMIT', default: '60', meaning: 'Reports of leaked tokens (`POST /api/credentials/revoke`) one client IP may send per hour.' },
  { name: 'WARDEN_REVIEW_PERIOD_DAYS', default: '90', meaning: 'A service user not reviewed for this many days is due for review (`GET /api/reviews`).' },
  { name: 'WARDEN_CACHE_TOKENS', default: '100000', meaning: 'Tokens (by hash: state and owner) each node keeps in memory, least recently used first out; `0` turns the cache off. About 0.5 KB of memory each.' },
  { name: 'WARDEN_CACHE_USERS', default: '100000', meaning: 'Users (role, activity, team memberships) and, separately, their `GET /api/users/me` views each node keeps in memory; `0` turns the cache off. About 0.35 KB each, 1.6 KB more with a view.' },
  { name: 'WARDEN_CACHE_DATASTORES', default: '50000', meaning: 'Datastores (their teams and levels) each node keeps in memory; `0` turns the cache off. About 0.3 KB each.' },
  { name: 'WARDEN_METRICS_PORT', default: '(unset)', meaning: 'Serves `GET /metrics` (Prometheus) on this port of `WARDEN_HOST`, without authentication: expose it only to the scraper. Labels carry no user id or secret. Unset: no metrics.' },
  { name: 'WARDEN_SMTP_URL', default: '(unset)', meaning: 'Mail relay for notices (`smtp://user:pass@host:587`, or `smtps://` for TLS). Unset: no mail is sent.', fileForm: true },
  { name: 'WARDEN_MAIL_FROM', default: 'Warden <warden@localhost>', meaning: 'The From address of Warden\'s mail.' },
  { name: 'WARDEN_SCHEDULER_INTERVAL_SECONDS', default: '60', meaning: 'How often this node looks for scheduled work (expiry and review notices, ended elevations, policies). With PostgreSQL one node at a time does it (advisory lock). `0`: this node does none.' },
  { name: 'WARDEN_WEBHOOK_TIMEOUT_SECONDS', default: '10', meaning: 'How long a webhook receiver has to answer before the attempt counts as failed (retried with backoff for 24 hours).' },
  { name: 'WARDEN_OUTBOUND_ALLOW_NETWORKS', default: '(unset)', meaning: 'Comma-separated CIDRs, addresses and host names (`*.corp.example` for every name under it) that webhook receivers and OpenID issuers of workload identities (their discovery and keys; plain http allowed there) may be at although they are loopback, private, link-local, unique-local, CGNAT or otherwise internal; unset: Warden connects to none of those (checked on the resolved address at each connection).' },
  { name: 'WARDEN_POLICY_DEACTIVATE_OVERDUE_DAYS', default: '(unset)', meaning: 'When set, a service user overdue for review by this many days is deactivated (actor `system`), announced `WARDEN_POLICY_NOTICE_DAYS` before. Unset: off.' },
  { name: 'WARDEN_POLICY_REVOKE_UNUSED_DAYS', default: '(unset)', meaning: 'When set, a token unused for this many days is revoked (reason `unused`, actor `system`), announced `WARDEN_POLICY_NOTICE_DAYS` before. Unset: off.' },
  { name: 'WARDEN_POLICY_NOTICE_DAYS', default: '7', meaning: 'How many days before a policy acts it is announced (webhook `…_scheduled` event, mail).' },
];

type Env = Record<string, string | undefined>;

/** The settings that hold a secret; each also reads `<name>_FILE` (a mounted container or Kubernetes secret). */
export const SECRET_SETTINGS: readonly string[] = SETTINGS.filter((s) => s.fileForm).map((s) => s.name);

/**
 * The environment with each secret given as `<name>_FILE` read from its file (trailing line breaks
 * dropped). Both forms set is refused: which one wins would be a guess.
 */
export function readSecretFiles(env: Env): Env {
  const out = { ...env };
  for (const name of SECRET_SETTINGS) {
    const fileVariable = `${name}_FILE`;
    const file = env[fileVariable];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') throw new ConfigError(fileVariable, `${name} is set too: set one of them`);
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(fileVariable, `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    content = content.replace(/[\r\n]+$/, '');
    if (content === '') throw new ConfigError(fileVariable, `${file} is empty`);
    out[name] = content;
  }
  return out;
}

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** A number of days that switches a policy on; unset or empty: off. */
function optionalDays(env: Env, name: string): number | null {
  const raw = env[name];
  return raw === undefined || raw === '' ? null : intSetting(env, name, 0, 1, 3650);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function urlSetting(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a URL: "${redactUrl(raw)}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return raw;
}

/** Hides a password in a URL so it can be printed. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return raw.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function trustProxySetting(env: Env): ProxyTrust {
  try {
    return parseProxyTrust(env.WARDEN_TRUST_PROXY);
  } catch (err) {
    throw new ConfigError('WARDEN_TRUST_PROXY', (err as Error).message);
  }
}

function allowListSetting(env: Env): AllowList {
  try {
    return parseAllowList(env.WARDEN_OUTBOUND_ALLOW_NETWORKS ?? '');
  } catch (err) {
    throw new ConfigError('WARDEN_OUTBOUND_ALLOW_NETWORKS', (err as Error).message);
  }
}

export function loadConfig(environment: Env = process.env): Config {
  const env = readSecretFiles(environment);
  const port = intSetting(env, 'WARDEN_PORT', 8080, 0, 65535);
  const maxTokenDaysRaw = env.WARDEN_MAX_TOKEN_DAYS;
  const publicUrl = urlSetting(env, 'WARDEN_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const issuer = urlSetting(env, 'WARDEN_OIDC_ISSUER', ['http:', 'https:']);
  if (issuer && new URL(issuer).protocol === 'http:' && !isLoopbackHost(new URL(issuer).hostname)) {
    throw new ConfigError('WARDEN_OIDC_ISSUER', 'plain http is only allowed for a loopback issuer (development); use https');
  }
  const host = env.WARDEN_HOST || '127.0.0.1';
  if (!/^[0-9A-Za-z.:_-]+$/.test(host)) throw new ConfigError('WARDEN_HOST', `is not a host name or address: "${host}"`);
  return {
    env: oneOf(env, 'WARDEN_ENV', ['development', 'production', 'test'] as const, 'development'),
    host,
    port,
    dataDir: path.resolve(env.WARDEN_DATA_DIR || './data'),
    databaseUrl: urlSetting(env, 'WARDEN_DATABASE_URL', ['postgres:', 'postgresql:']),
    logLevel: oneOf(env, 'WARDEN_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    logFormat: logFormatSetting(env),
    migrate: oneOf(env, 'WARDEN_MIGRATE', ['auto', 'off'] as const, 'auto'),
    apiTokens: oneOf(env, 'WARDEN_API_TOKENS', ['on', 'off'] as const, 'on') === 'on',
    maxTokenDays: maxTokenDaysRaw ? intSetting(env, 'WARDEN_MAX_TOKEN_DAYS', 0, 1, 365) : null,
    trustProxy: trustProxySetting(env),
    authFailureLimit: intSetting(env, 'WARDEN_AUTH_FAILURE_LIMIT', 30, 1, 1_000_000),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    oidc: {
      issuer,
      clientId: env.WARDEN_OIDC_CLIENT_ID || null,
      clientSecret: env.WARDEN_OIDC_CLIENT_SECRET || null,
      tokenEndpointAuthMethod: oneOf(env, 'WARDEN_OIDC_TOKEN_AUTH', ['client_secret_basic', 'client_secret_post'] as const, 'client_secret_basic'),
      scopes: env.WARDEN_OIDC_SCOPES || 'openid email profile',
      emailClaim: env.WARDEN_OIDC_EMAIL_CLAIM || 'email',
      nameClaim: env.WARDEN_OIDC_NAME_CLAIM || 'name',
      groupsClaim: env.WARDEN_OIDC_GROUPS_CLAIM || 'groups',
      groupSync: oneOf(env, 'WARDEN_OIDC_GROUP_SYNC', ['off', 'add', 'sync'] as const, 'off'),
      development: false,
    },
    teamMaintainers: oneOf(env, 'WARDEN_TEAM_MAINTAINERS', ['on', 'off'] as const, 'off') === 'on',
    initialAdmins: (env.WARDEN_INITIAL_ADMINS || '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
    sessionHours: intSetting(env, 'WARDEN_SESSION_HOURS', 12, 1, 24 * 90),
    sessionIdleMinutes: intSetting(env, 'WARDEN_SESSION_IDLE_MINUTES', 60, 1, 60 * 24 * 30),
    reviewPeriodDays: intSetting(env, 'WARDEN_REVIEW_PERIOD_DAYS', 90, 1, 3650),
    exposureReportLimit: intSetting(env, 'WARDEN_EXPOSURE_REPORT_LIMIT', 60, 1, 1_000_000),
    cache: {
      tokens: intSetting(env, 'WARDEN_CACHE_TOKENS', 100_000, 0, 10_000_000),
      users: intSetting(env, 'WARDEN_CACHE_USERS', 100_000, 0, 10_000_000),
      datastores: intSetting(env, 'WARDEN_CACHE_DATASTORES', 50_000, 0, 10_000_000),
    },
    metricsPort: env.WARDEN_METRICS_PORT ? intSetting(env, 'WARDEN_METRICS_PORT', 0, 0, 65535) : null,
    notifications: {
      smtpUrl: urlSetting(env, 'WARDEN_SMTP_URL', ['smtp:', 'smtps:']),
      mailFrom: env.WARDEN_MAIL_FROM || 'Warden <warden@localhost>',
      schedulerIntervalSeconds: intSetting(env, 'WARDEN_SCHEDULER_INTERVAL_SECONDS', 60, 0, 86_400),
      webhookTimeoutSeconds: intSetting(env, 'WARDEN_WEBHOOK_TIMEOUT_SECONDS', 10, 1, 300),
    },
    outboundAllow: allowListSetting(env),
    policies: {
      deactivateOverdueDays: optionalDays(env, 'WARDEN_POLICY_DEACTIVATE_OVERDUE_DAYS'),
      revokeUnusedDays: optionalDays(env, 'WARDEN_POLICY_REVOKE_UNUSED_DAYS'),
      noticeDays: intSetting(env, 'WARDEN_POLICY_NOTICE_DAYS', 7, 0, 365),
    },
  };
}

function logFormatSetting(env: Env): 'json' | 'pretty' {
  const format = oneOf(env, 'WARDEN_LOG_FORMAT', ['auto', 'json', 'pretty'] as const, 'auto');
  if (format !== 'auto') return format;
  return process.stdout.isTTY ? 'pretty' : 'json';
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
