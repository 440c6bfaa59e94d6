// Time-bound access (just-in-time elevation): a role held until an instant, after which the role
// held before it applies again. The effective role is a pure function of the stored fields and the
// time of the decision, so a request one millisecond after the end is decided with the old role
// whether or not the job that writes the reversion has run yet (and a cache of principals can
// apply it at each use).
import { ROLES, type Role } from './model.ts';

/** The stored role fields of a user (users.role, users.role_before_elevation, users.elevation_ends_at). */
export interface StoredRole {
  role: Role;
  /** The role the user returns to when the elevation ends; null when the role is not time-bound. */
  role_before_elevation: Role | null;
  /** When the elevated role ends (ISO 8601); null when it does not. */
  elevation_ends_at: string | null;
}

function ended(u: StoredRole, nowMs: number): boolean {
  return u.elevation_ends_at !== null && u.role_before_elevation !== null && Date.parse(u.elevation_ends_at) <= nowMs;
}

/** The role that decides at `nowMs`: the elevated role until its end (exclusive), then the one before it. */
export function effectiveRole(u: StoredRole, nowMs: number): Role {
  return ended(u, nowMs) ? u.role_before_elevation! : u.role;
}

export interface Elevation {
  role: Role;
  until: string;
  returns_to: Role;
}

/** The elevation in force at `nowMs`, or null (none, or it has ended). */
export function elevationAt(u: StoredRole, nowMs: number): Elevation | null {
  if (u.elevation_ends_at === null || u.role_before_elevation === null || ended(u, nowMs)) return null;
  return { role: u.role, until: u.elevation_ends_at, returns_to: u.role_before_elevation };
}

/** The stored fields as they are at `nowMs`: an ended elevation folded into the plain role. */
export function settledRole(u: StoredRole, nowMs: number): StoredRole {
  if (!ended(u, nowMs)) return { role: u.role, role_before_elevation: u.role_before_elevation, elevation_ends_at: u.elevation_ends_at };
  return { role: u.role_before_elevation!, role_before_elevation: null, elevation_ends_at: null };
}

/** Whether `to` is above `from` (only a higher role can be time-bound: it returns to the lower one). */
export function isElevation(from: Role, to: Role): boolean {
  return ROLES.indexOf(to) > ROLES.indexOf(from);
}
