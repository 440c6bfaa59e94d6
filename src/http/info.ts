// GET /api/info: what a client needs to know about this instance before and after signing in
// (the console's sign-in page and token form, the CLI's doctor).
import fs from 'node:fs';
import { Type } from './type.ts';
import { StringEnum } from './schemas.ts';
import type { ApiInstance, AppContext } from './context.ts';
import { resolvePrincipal, type AuthDeps } from './auth.ts';

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** The lifetimes the console offers (null: never), clipped by the instance's cap. */
export function expiryChoices(maxTokenDays: number | null): (number | null)[] {
  // Qualytics' best practice: 7 days for testing, 180 for staging (issue 22).
  const choices = [7, 30, 60, 90, 180, 365].filter((d) => maxTokenDays === null || d <= maxTokenDays);
  if (maxTokenDays !== null && !choices.includes(maxTokenDays)) choices.push(maxTokenDays);
  return maxTokenDays === null ? [...choices, null] : choices;
}

const Info = Type.Object({
  name: Type.Literal('Warden'),
  version: Type.String(),
  time: Type.String({ format: 'date-time', description: 'The server\'s clock (for clock-skew checks)' }),
  environment: StringEnum(['development', 'production', 'test']),
  sso: Type.Object({
    enabled: Type.Boolean({ description: 'People can sign in through an OpenID Provider' }),
    development: Type.Boolean({ description: 'The development OpenID Provider: any login and password work; `admin` signs in as an Admin' }),
  }),
  tokens: Type.Object({
    max_days: Type.Union([Type.Integer(), Type.Null()], { description: 'The instance\'s cap on token lifetime (WARDEN_MAX_TOKEN_DAYS); null: no cap' }),
    expiry_choices: Type.Array(Type.Union([Type.Integer(), Type.Null()]), { description: 'The lifetimes to offer, in days (null: never)' }),
  }),
  database: Type.Union([StringEnum(['sqlite', 'postgres']), Type.Null()], { description: 'Only for an authenticated caller' }),
  review_period_days: Type.Integer({ description: 'A service user without a review date of its own is due this many days after its last review (WARDEN_REVIEW_PERIOD_DAYS)' }),
  team_maintainers: Type.Boolean({ description: 'Admins may make members maintainers of their team (WARDEN_TEAM_MAINTAINERS)' }),
  group_sync: StringEnum(['off', 'add', 'sync'], { description: 'What sign-in does with the IdP\'s groups and the directory mappings (WARDEN_OIDC_GROUP_SYNC)' }),
}, { title: 'Info' });

export function registerInfoRoutes(api: ApiInstance, { config, db }: AppContext, authDeps: AuthDeps): void {
  api.get('/info', {
    // Public, and lenient: an ended session or a bad token must not break a sign-in page.
    config: { auth: 'public' },
    schema: { operationId: 'getInfo', description: "Public: what a client needs before and after signing in (version, the server's clock, whether SSO is on, the token lifetimes to offer, the review period). `database` is shown only to an authenticated caller.", tags: ['operations'], summary: 'This instance: version, clock, sign-in and token settings', security: [], response: { 200: Info } },
  }, async (request) => {
    const principal = await resolvePrincipal(authDeps, request).catch(() => null);
    return {
      name: 'Warden' as const,
      version: VERSION,
      time: new Date().toISOString(),
      environment: config.env,
      sso: { enabled: Boolean(config.oidc.issuer && config.oidc.clientId), development: config.oidc.development },
      tokens: { max_days: config.maxTokenDays, expiry_choices: expiryChoices(config.maxTokenDays) },
      database: principal ? db.dialect : null,
      review_period_days: config.reviewPeriodDays,
      team_maintainers: config.teamMaintainers,
      group_sync: config.oidc.groupSync,
    };
  });
}
