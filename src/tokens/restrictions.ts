// Narrowed tokens (issue 11): what a token may do, fixed when it is issued and never wider than its
// owner — the decision takes the owner's answer and the token's restriction, whichever is narrower.
import { ACTION_NAMES, READ_ACTIONS, isActionName, type ActionName, type TokenRestriction } from '../access/model.ts';
import { invalidField } from '../http/errors.ts';
import { formatCidr, parseCidr } from './cidr.ts';

export interface RestrictionInput {
  /** Action names, or the shorthand `read` (every action that changes nothing). */
  actions?: string[];
  datastore_ids?: number[];
  allowed_cidrs?: string[];
}

/** The columns a restriction is stored in (JSON text; null: no restriction of that kind). */
export interface RestrictionColumns {
  allowed_actions: string | null;
  allowed_datastores: string | null;
  allowed_cidrs: string | null;
}

/** The restriction as the token object shows it. */
export interface RestrictionView {
  actions: ActionName[] | null;
  datastore_ids: number[] | null;
  allowed_cidrs: string[] | null;
}

/** Expands `read`, checks every action and CIDR (422 naming the field); datastores are checked by the caller. */
export function normaliseRestriction(input: RestrictionInput): { actions: ActionName[] | null; datastoreIds: number[] | null; cidrs: string[] | null } {
  let actions: ActionName[] | null = null;
  if (input.actions !== undefined) {
    const out = new Set<ActionName>();
    for (const a of input.actions) {
      if (a === 'read') for (const r of READ_ACTIONS) out.add(r);
      else if (isActionName(a)) out.add(a);
      else throw invalidField('actions', `Unknown action "${a}"; use actions of the catalog or "read"`);
    }
    if (out.size === 0) throw invalidField('actions', 'A token restricted to no action could do nothing; leave actions out for no restriction');
    actions = ACTION_NAMES.filter((a) => out.has(a));
  }
  const datastoreIds = input.datastore_ids === undefined ? null : [...new Set(input.datastore_ids)].sort((a, b) => a - b);
  if (datastoreIds !== null && datastoreIds.length === 0) throw invalidField('datastore_ids', 'A token restricted to no datastore: leave datastore_ids out for no restriction');
  let cidrs: string[] | null = null;
  if (input.allowed_cidrs !== undefined) {
    if (input.allowed_cidrs.length === 0) throw invalidField('allowed_cidrs', 'A token usable from no network: leave allowed_cidrs out for no restriction');
    cidrs = input.allowed_cidrs.map((text) => {
      const c = parseCidr(text);
      if (!c) throw invalidField('allowed_cidrs', `"${text}" is not an IPv4 or IPv6 address or CIDR (such as 10.0.0.0/8 or 2001:db8::/32)`);
      return formatCidr(c);
    });
  }
  return { actions, datastoreIds, cidrs };
}

export function restrictionColumns(r: { actions: ActionName[] | null; datastoreIds: number[] | null; cidrs: string[] | null }): RestrictionColumns {
  return {
    allowed_actions: r.actions ? JSON.stringify(r.actions) : null,
    allowed_datastores: r.datastoreIds ? JSON.stringify(r.datastoreIds) : null,
    allowed_cidrs: r.cidrs ? JSON.stringify(r.cidrs) : null,
  };
}

/** What the decision applies, from the stored columns; null when the token is not narrowed by action or datastore. */
export function restrictionOf(row: Pick<RestrictionColumns, 'allowed_actions' | 'allowed_datastores'>): TokenRestriction | null {
  if (row.allowed_actions === null && row.allowed_datastores === null) return null;
  return {
    actions: row.allowed_actions === null ? null : (JSON.parse(row.allowed_actions) as ActionName[]),
    datastoreIds: row.allowed_datastores === null ? null : (JSON.parse(row.allowed_datastores) as number[]),
  };
}

export function restrictionView(row: RestrictionColumns): RestrictionView | null {
  if (row.allowed_actions === null && row.allowed_datastores === null && row.allowed_cidrs === null) return null;
  return {
    actions: row.allowed_actions === null ? null : JSON.parse(row.allowed_actions),
    datastore_ids: row.allowed_datastores === null ? null : JSON.parse(row.allowed_datastores),
    allowed_cidrs: row.allowed_cidrs === null ? null : JSON.parse(row.allowed_cidrs),
  };
}
