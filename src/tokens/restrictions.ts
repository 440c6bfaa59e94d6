// Narrowed tokens (issue 11): what a token may do, fixed when it is issued and never wider than its
// owner — the decision takes the owner's answer and the token's restriction, whichever is narrower.
//
// A token minted with a narrowed token (created, or a successor by rotation) is bound by it in every
// dimension — actions, datastores, networks, and its expiry — RFC 8693 style: a narrowed credential
// mints only narrower-or-equal ones. What the request leaves out it inherits; what it asks beyond
// is refused with 403 naming the dimension (wider-than-credential). A console session or an
// unnarrowed token is a person or a pipeline acting with all its owner may do: no bound.
import { ACTIONS, ACTION_NAMES, READ_ACTIONS, isActionName, type ActionName, type TokenRestriction } from '../access/model.ts';
import { AppError, invalidField } from '../http/errors.ts';
import { formatCidr, networkWithin, parseCidr } from './cidr.ts';

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

/** A restriction as the service handles it: null in a dimension means no restriction of that kind. */
export interface Restriction {
  actions: ActionName[] | null;
  datastoreIds: number[] | null;
  cidrs: string[] | null;
}

/**
 * Expands `read`, checks every action and CIDR (422 naming the field); datastores are checked by the
 * caller. With `datastore_ids`, `read` means the reads of those datastores: a datastore-narrowed
 * token takes platform actions only when they are named one by one (access/model.ts).
 */
export function normaliseRestriction(input: RestrictionInput): Restriction {
  let actions: ActionName[] | null = null;
  if (input.actions !== undefined) {
    const out = new Set<ActionName>();
    const reads = input.datastore_ids === undefined ? READ_ACTIONS : READ_ACTIONS.filter((r) => ACTIONS[r].kind === 'datastore');
    for (const a of input.actions) {
      if (a === 'read') for (const r of reads) out.add(r);
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

export function restrictionColumns(r: Restriction): RestrictionColumns {
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

/** A restriction from its stored columns (all three dimensions). */
export function restrictionOfColumns(row: RestrictionColumns): Restriction {
  const parse = <T>(text: string | null) => (text === null ? null : (JSON.parse(text) as T));
  return { actions: parse<ActionName[]>(row.allowed_actions), datastoreIds: parse<number[]>(row.allowed_datastores), cidrs: parse<string[]>(row.allowed_cidrs) };
}

/** The most a token minted with a credential may have: the credential's own narrowing and expiry. */
export interface MintingBound extends Restriction {
  /** When the credential itself expires (null: never). */
  expiresAt: string | null;
}

/** The bound a token sets on what is minted with it; null when it is narrowed in no dimension. */
export function mintingBoundOf(token: RestrictionColumns & { expires_at: string | null }): MintingBound | null {
  if (token.allowed_actions === null && token.allowed_datastores === null && token.allowed_cidrs === null) return null;
  return { ...restrictionOfColumns(token), expiresAt: token.expires_at };
}

/** 403 naming the dimension (`errors[0].path`) in which a minted token would be wider than the credential. */
export function widerThanCredential(path: 'actions' | 'datastore_ids' | 'allowed_cidrs' | 'expires_in_days', detail: string): AppError {
  return new AppError(403, 'forbidden/wider-than-credential', 'Forbidden', detail, { errors: [{ path, message: detail }] });
}

/** A creation's restriction: every dimension the request leaves out is the bound's. */
export function inheritBound(asked: Restriction, bound: MintingBound | null): Restriction {
  if (!bound) return asked;
  return { actions: asked.actions ?? bound.actions, datastoreIds: asked.datastoreIds ?? bound.datastoreIds, cidrs: asked.cidrs ?? bound.cidrs };
}

const listed = (items: readonly (string | number)[]) => items.join(', ');

/**
 * Refuses a restriction wider than the bound in any dimension (null in a dimension is "everything"),
 * first dimension first. `subject` names what would be wider: "the new token", "token 12".
 */
export function requireWithinBound(r: Restriction, bound: MintingBound | null, subject: string): void {
  if (!bound) return;
  const tail = 'a token issued or rotated with a narrowed token is never wider than it';
  if (bound.actions) {
    const extra = r.actions === null ? null : r.actions.filter((a) => !bound.actions!.includes(a));
    if (extra === null || extra.length > 0) {
      throw widerThanCredential('actions', `This token is narrowed to the actions ${listed(bound.actions)}; ${subject} would also allow ${extra === null ? 'every other action' : listed(extra)}: ${tail}`);
    }
  }
  if (bound.datastoreIds) {
    const extra = r.datastoreIds === null ? null : r.datastoreIds.filter((d) => !bound.datastoreIds!.includes(d));
    if (extra === null || extra.length > 0) {
      throw widerThanCredential('datastore_ids', `This token is narrowed to datastore_ids ${listed(bound.datastoreIds)}; ${subject} would also reach ${extra === null ? 'every other datastore' : `datastore ${listed(extra)}`}: ${tail}`);
    }
  }
  if (bound.cidrs) {
    const extra = r.cidrs === null ? null : r.cidrs.filter((c) => !networkWithin(c, bound.cidrs!));
    if (extra === null || extra.length > 0) {
      throw widerThanCredential('allowed_cidrs', `This token may be used only from ${listed(bound.cidrs)}; ${subject} would also work from ${extra === null ? 'any network' : listed(extra)}: ${tail}`);
    }
  }
}

/** Refuses an expiry later than the bound's (null: never expires). */
export function requireExpiryWithin(expiresAt: string | null, bound: MintingBound | null, subject: string): void {
  if (!bound || bound.expiresAt === null) return;
  if (expiresAt !== null && expiresAt <= bound.expiresAt) return;
  const days = Math.floor((Date.parse(bound.expiresAt) - Date.now()) / 86_400_000);
  const most = days < 1 ? 'it has less than a day left' : `ask for at most ${days} day${days === 1 ? '' : 's'}`;
  throw widerThanCredential('expires_in_days', `This token is narrowed and expires at ${bound.expiresAt}; ${subject} would ${expiresAt === null ? 'never expire' : `expire at ${expiresAt}`}: it may not outlive it (${most})`);
}

/** An expiry no later than the bound's: what a rotation that names no lifetime inherits. */
export function expiryWithinBound(expiresAt: string | null, bound: MintingBound | null): string | null {
  if (!bound || bound.expiresAt === null) return expiresAt;
  return expiresAt === null || expiresAt > bound.expiresAt ? bound.expiresAt : expiresAt;
}
