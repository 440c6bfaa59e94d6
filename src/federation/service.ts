// Trust relationships of service users with external OpenID issuers (workload identity
// federation): an Admin says which issuer's tokens, for which audience, subject and claims, may be
// exchanged for a short-lived Warden token of the service user, narrowed how. Each change audited.
import { transact } from '../db/transaction.ts';
import type { Db } from '../db/connection.ts';
import type { ActionContext } from '../access/principal.ts';
import { requireAction } from '../access/guard.ts';
import { conflict, invalidField, notFound } from '../http/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { created, recordAudit } from '../audit/service.ts';
import { findUserById, findUsersByIds, type UserRow } from '../users/store.ts';
import { summaryOf, userIdFromRef, type UserSummary } from '../users/service.ts';
import { normaliseRestriction, restrictionColumns, restrictionView, type RestrictionInput, type RestrictionView } from '../tokens/restrictions.ts';
import { checkDatastoresReachable } from '../tokens/service.ts';
import type { AllowList, Outbound } from '../net/outbound.ts';
import { issuerUrlProblem } from './issuers.ts';
import { RESERVED_CLAIMS, subjectPatternProblem, type ClaimValue } from './subject.ts';
import { deleteWorkloadIdentity, findWorkloadIdentity, insertWorkloadIdentity, workloadIdentitiesOf, workloadIdentityNameTaken, type WorkloadIdentityRow } from './store.ts';

type Kdb = Db['kysely'];

export const DEFAULT_TTL_MINUTES = 15;

export interface WorkloadIdentityView {
  id: number;
  user: UserSummary;
  name: string;
  issuer: string;
  audience: string;
  subject: string;
  claims: Record<string, ClaimValue>;
  token_ttl_minutes: number;
  restrictions: RestrictionView | null;
  created_at: string;
  created_by: UserSummary | null;
  last_used_at: string | null;
}

export interface CreateWorkloadIdentityInput {
  name: string;
  issuer: string;
  audience: string;
  subject: string;
  claims?: Record<string, ClaimValue>;
  token_ttl_minutes?: number;
  restrictions?: RestrictionInput;
}

export interface FederationDeps {
  outbound: Outbound;
  allow: AllowList;
}

async function toViews(db: Kdb, owner: UserRow, rows: WorkloadIdentityRow[]): Promise<WorkloadIdentityView[]> {
  const creators = new Map((await findUsersByIds(db, [...new Set(rows.map((r) => r.created_by).filter((v): v is number => v !== null))])).map((u) => [u.id, summaryOf(u)]));
  return rows.map((r) => ({
    id: r.id,
    user: summaryOf(owner),
    name: r.name,
    issuer: r.issuer,
    audience: r.audience,
    subject: r.subject,
    claims: JSON.parse(r.claims) as Record<string, ClaimValue>,
    token_ttl_minutes: r.token_ttl_minutes,
    restrictions: restrictionView(r),
    created_at: r.created_at,
    created_by: r.created_by === null ? null : (creators.get(r.created_by) ?? null),
    last_used_at: r.last_used_at,
  }));
}

/** The service user of the path: 404 when there is none, 422 for a personal account. */
async function serviceUserOf(db: Db, ctx: ActionContext, ref: string): Promise<UserRow> {
  requireAction(ctx, 'service_users.manage');
  const id = await userIdFromRef(db, ctx, ref);
  const user = await findUserById(db.kysely, id);
  if (!user) throw notFound(`User ${ref}`);
  if (user.type !== 'service') throw invalidField('id', `${user.user_id} is a personal account; only service users trust workload identities`);
  return user;
}

export async function listWorkloadIdentities(db: Db, ctx: ActionContext, ref: string): Promise<WorkloadIdentityView[]> {
  const user = await serviceUserOf(db, ctx, ref);
  return toViews(db.kysely, user, await workloadIdentitiesOf(db.kysely, user.id));
}

export async function getWorkloadIdentity(db: Db, ctx: ActionContext, ref: string, wid: number): Promise<WorkloadIdentityView> {
  const user = await serviceUserOf(db, ctx, ref);
  const row = await findWorkloadIdentity(db.kysely, user.id, wid);
  if (!row) throw notFound(`Workload identity ${wid} of ${user.user_id}`);
  return (await toViews(db.kysely, user, [row]))[0];
}

export async function createWorkloadIdentity(db: Db, ctx: ActionContext, deps: FederationDeps, ref: string, input: CreateWorkloadIdentityInput): Promise<WorkloadIdentityView> {
  const user = await serviceUserOf(db, ctx, ref);
  const name = input.name.trim();
  if (name === '') throw invalidField('name', 'The name must not be blank');
  const issuer = input.issuer.trim();
  const issuerProblem = issuerUrlProblem(issuer, deps.allow, deps.outbound);
  if (issuerProblem) throw invalidField('issuer', issuerProblem);
  const audience = input.audience.trim();
  if (audience === '') throw invalidField('audience', 'The audience must not be blank');
  const subjectProblem = subjectPatternProblem(input.subject);
  if (subjectProblem) throw invalidField('subject', subjectProblem);
  const claims = input.claims ?? {};
  for (const claim of Object.keys(claims)) {
    if (RESERVED_CLAIMS.has(claim)) throw invalidField(`claims.${claim}`, `${claim} is checked by its own rule (issuer, audience, subject, times, single use); pin other claims here`);
  }
  const ttl = input.token_ttl_minutes ?? DEFAULT_TTL_MINUTES;
  const restriction = normaliseRestriction(input.restrictions ?? {});
  try {
    return await transact(db, async (trx) => {
      if (user.deactivated_at !== null) throw conflict(`${user.user_id} is deactivated; reactivate it before adding workload identities`);
      if (await workloadIdentityNameTaken(trx, user.id, name)) throw conflict(`${user.user_id} already has a workload identity named "${name}"`);
      await checkDatastoresReachable(trx, user, restriction.datastoreIds);
      const columns = restrictionColumns(restriction);
      const at = new Date().toISOString();
      const id = await insertWorkloadIdentity(trx, {
        user_id: user.id, name, issuer, audience, subject: input.subject, claims: JSON.stringify(claims), token_ttl_minutes: ttl,
        ...columns, created_at: at, created_by: ctx.actor?.id ?? null,
      });
      const view = restrictionView(columns);
      await recordAudit(trx, ctx, {
        action: 'workload_identity.created', targetType: 'workload_identity', targetId: id,
        changes: created({ service_user: user.user_id, name, issuer, audience, subject: input.subject, claims, token_ttl_minutes: ttl, ...(view ? { restrictions: view } : {}) }),
      });
      return (await toViews(trx, user, [(await findWorkloadIdentity(trx, user.id, id))!]))[0];
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`${user.user_id} already has a workload identity named "${name}"`);
    throw err;
  }
}

export async function removeWorkloadIdentity(db: Db, ctx: ActionContext, ref: string, wid: number): Promise<void> {
  const user = await serviceUserOf(db, ctx, ref);
  await transact(db, async (trx) => {
    const row = await findWorkloadIdentity(trx, user.id, wid);
    if (!row) throw notFound(`Workload identity ${wid} of ${user.user_id}`);
    await deleteWorkloadIdentity(trx, wid);
    await recordAudit(trx, ctx, {
      action: 'workload_identity.deleted', targetType: 'workload_identity', targetId: wid,
      changes: { service_user: { before: user.user_id, after: null }, name: { before: row.name, after: null }, issuer: { before: row.issuer, after: null }, subject: { before: row.subject, after: null } },
    });
  });
}
