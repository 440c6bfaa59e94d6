// The rules of directory sync (issue 21) that need no database: which role a person's groups give,
// and what each mode does with it. Pure, so that the tests can state them case by case.
import { roleAtLeast, type Role } from '../access/model.ts';

/**
 * - `off`: sign-in records the groups and changes nothing.
 * - `add`: adds the memberships and roles the mappings grant; never removes, never lowers.
 * - `sync`: also removes memberships in mapped teams and the mapped elevations the groups no
 *   longer grant; the role becomes the highest mapped one (lower than a hand-set role too).
 * - `scim` (SCIM group membership, always on): raises to the mapped role; a role the directory
 *   gave follows the groups down (to the highest still mapped, else member); a role an Admin set
 *   by hand is never lowered.
 */
export type GroupSyncMode = 'off' | 'add' | 'sync';
export type RoleRule = 'add' | 'sync' | 'scim';

export const GROUP_SYNC_MODES = ['off', 'add', 'sync'] as const;

/** The highest of the roles, or null when there are none. */
export function highestRole(roles: Role[]): Role | null {
  let best: Role | null = null;
  for (const r of roles) if (best === null || roleAtLeast(r, best)) best = r;
  return best;
}

export interface RoleState {
  role: Role;
  /** 'directory' when a mapping gave the role; null: an Admin set it (or it is the default). */
  source: 'directory' | null;
}

/** The role after the groups are applied, or the same state when nothing changes. */
export function nextRole(current: RoleState, mapped: Role | null, rule: RoleRule): RoleState {
  const raise = mapped !== null && mapped !== current.role && roleAtLeast(mapped, current.role);
  if (raise) return { role: mapped, source: 'directory' };
  if (rule === 'add') return current;
  if (rule === 'sync') {
    if (mapped !== null) return mapped === current.role ? current : { role: mapped, source: 'directory' };
    return current.source === 'directory' && current.role !== 'member' ? { role: 'member', source: null } : current;
  }
  // scim: only what the directory gave follows the groups down
  if (current.source !== 'directory' || mapped === current.role) return current;
  return mapped === null ? { role: 'member', source: null } : { role: mapped, source: 'directory' };
}

/**
 * The groups of a claim: an array of strings (names or ids), or one string; anything else is no
 * group. Each at most 256 characters (longer ones are dropped), at most 1,000 of them, distinct.
 */
export function groupsOfClaim(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of items) {
    if (typeof v !== 'string') continue;
    const g = v.trim();
    if (g === '' || g.length > 256 || g.includes('\u0000') || seen.has(g)) continue;
    seen.add(g);
    out.push(g);
    if (out.length >= 1000) break;
  }
  return out;
}

/** Whether the claims carry Entra ID's overage indication instead of the groups (too many to send). */
export function hasGroupsOverage(claims: Record<string, unknown>, groupsClaim: string): boolean {
  const names = claims._claim_names;
  const overage = typeof names === 'object' && names !== null && Object.hasOwn(names, groupsClaim);
  return overage || claims.hasgroups === true || claims.hasgroups === 'true';
}
