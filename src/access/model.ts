// The access model of shared/spec/access-model.md, as data: roles, levels, the action
// catalog and the one decision every route, the authorize API, the docs and the tests use.
// Pure: no I/O.

/** Platform roles, lowest first. */
export const ROLES = ['member', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Team permission levels, lowest first; each includes everything below it. */
export const LEVELS = ['reporter', 'viewer', 'drafter', 'author', 'editor'] as const;
export type Level = (typeof LEVELS)[number];

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

export function levelAtLeast(level: Level, min: Level): boolean {
  return LEVELS.indexOf(level) >= LEVELS.indexOf(min);
}

export interface PlatformAction {
  kind: 'platform';
  minRole: Role;
  description: string;
  /** Only personal accounts may take it (their own tokens). */
  personalOnly?: boolean;
}

export interface DatastoreAction {
  kind: 'datastore';
  /** Minimum team level on the datastore; null when only Admins may take it. */
  minLevel: Level | null;
  /** A role the principal needs besides the level (enrichment needs manager and editor). */
  minRole?: Role;
  /**
   * The minimum level when the datastore is an enrichment datastore, if higher than `minLevel`
   * (issue 22: a Reporter lists enrichment datastores but reads one only from Viewer).
   */
  minLevelOnEnrichment?: Level;
  description: string;
}

export type ActionSpec = PlatformAction | DatastoreAction;

const platform = (minRole: Role, description: string, extra: Partial<PlatformAction> = {}): PlatformAction => ({ kind: 'platform', minRole, description, ...extra });
const onDatastore = (minLevel: Level | null, description: string, minRole?: Role, extra: Partial<DatastoreAction> = {}): DatastoreAction =>
  minRole ? { kind: 'datastore', minLevel, minRole, description, ...extra } : { kind: 'datastore', minLevel, description, ...extra };

/** The action catalog: §2 (platform, by role) and §3 (datastore, by team level). */
export const ACTIONS = {
  'users.read': platform('manager', 'Read users and teams lists and user detail'),
  'users.manage': platform('admin', 'Change role and teams, deactivate, reactivate, review users'),
  'service_users.manage': platform('admin', 'Create and manage service users'),
  'service_tokens.manage': platform('admin', 'Issue, list, revoke and delete service tokens (including SCIM-only tokens)'),
  'teams.read': platform('manager', 'Read teams'),
  'teams.manage': platform('admin', 'Create, change and delete teams'),
  'datastores.create': platform('manager', 'Register datastores'),
  'datastores.delete': platform('admin', 'Delete datastores'),
  'connections.read': platform('member', 'Read connections'),
  'connections.manage': platform('manager', 'Manage connections'),
  'tags.read': platform('member', 'Read tags'),
  'tags.manage': platform('manager', 'Manage tags'),
  'notifications.read': platform('member', 'Read notifications'),
  'notifications.manage': platform('manager', 'Manage notifications'),
  'library.read': platform('member', 'Read the check library'),
  'library.manage': platform('manager', 'Manage the check library'),
  'integrations.manage': platform('manager', 'Manage integrations'),
  'flows.manage': platform('manager', 'Manage flows'),
  'datastore_groups.manage': platform('manager', 'Manage datastore groups'),
  'health.read': platform('manager', 'Read platform health'),
  'settings.manage': platform('admin', 'Manage platform settings'),
  'audit.read': platform('admin', 'Read the audit log'),
  'decisions.evaluate': platform('admin', 'Ask decisions and searches for any user through the AuthZEN API (a PEP)'),
  'tokens.introspect': platform('admin', 'Introspect access tokens (RFC 7662) for a gateway'),
  'personal_tokens.manage': platform('member', 'Manage one\'s own personal access tokens', { personalOnly: true }),
  // Issue 22 (Qualytics' User Roles matrix), beyond the spec's table:
  'engine.restart': platform('admin', 'Restart the analytical engine'),

  'datastore.read': onDatastore('reporter', 'Read the datastore, overview, activity, profiles, checks, anomalies, fields, dashboards (an enrichment datastore: from viewer; a reporter only lists it)', undefined, { minLevelOnEnrichment: 'viewer' }),
  'datastore.preview': onDatastore('viewer', 'Preview source and enrichment records'),
  'anomalies.comment': onDatastore('viewer', 'Comment on anomalies'),
  'checks.draft': onDatastore('drafter', 'Create and save checks as drafts, dry-run, own drafts'),
  'checks.manage': onDatastore('author', 'Create, edit, activate, validate, archive and delete checks'),
  'anomalies.manage': onDatastore('author', 'Change anomaly status and assignment'),
  'datastore.manage': onDatastore('editor', 'Datastore settings, scoring, enrichment, field context'),
  'computed_assets.manage': onDatastore('editor', 'Manage computed assets'),
  'operations.manage': onDatastore('editor', 'Run and manage operations'),
  'quality_score.manage': onDatastore('editor', 'Manage quality scoring'),
  'datastore_groups.assign': onDatastore('editor', 'Assign the datastore to datastore groups'),
  'masked_values.read': onDatastore('editor', 'Read masked values'),
  'datastore.add_enrichment': onDatastore('editor', 'Add an enrichment datastore (needs role manager or higher as well)', 'manager'),
  'datastore.delete': onDatastore(null, 'Delete the datastore (Admin only)'),
  // Issue 22 (Qualytics' Team Permissions matrix), beyond the spec's table. Tags: `tags.manage`
  // (role manager) manages the platform's tag definitions; `team_tags.manage` (team level drafter)
  // manages the tags used on this datastore's assets; `tags.assign` puts existing tags on them.
  'tags.assign': onDatastore('viewer', 'Assign tags to the datastore\'s assets (datastore, container, field, check, anomaly)'),
  'flows.assign_tags': onDatastore('drafter', 'Assign tags to the datastore\'s assets in flows'),
  'team_tags.manage': onDatastore('drafter', 'Manage the tags used on the datastore\'s assets (team-scoped); tag definitions platform-wide are tags.manage'),
  'operations.schedule': onDatastore('editor', 'Schedule operations'),
  'profiles.delete': onDatastore('editor', 'Delete profiles'),
  'fields.manage_status': onDatastore('editor', 'Manage field status'),
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;
export type PlatformActionName = { [K in ActionName]: (typeof ACTIONS)[K] extends PlatformAction ? K : never }[ActionName];
export type DatastoreActionName = { [K in ActionName]: (typeof ACTIONS)[K] extends DatastoreAction ? K : never }[ActionName];

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

/**
 * What a narrowed token may do, fixed when it was issued: null means no restriction of that kind.
 * A token never widens its owner's access; it can only take away (§4.5).
 */
export interface TokenRestriction {
  actions: readonly ActionName[] | null;
  datastoreIds: readonly number[] | null;
}

/** What the decision needs to know about the principal. */
export interface Subject {
  type: 'personal' | 'service';
  role: Role;
  active: boolean;
  /** The restriction of the token the principal acts with, if any. */
  restriction?: TokenRestriction | null;
}

/** Every action that changes nothing: the `read` shorthand of a narrowed token. */
export const READ_ACTIONS: ActionName[] = (Object.keys(ACTIONS) as ActionName[]).filter((a) => a.endsWith('.read') || a === 'datastore.preview');

/**
 * The one rule of what a narrowed token takes away (§4.5), as the sentence a refusal says, or null
 * when the restriction lets this action (on this datastore) through:
 * - `actions`: only the actions named;
 * - `datastore_ids`: datastore actions only on those datastores, and no platform action (users,
 *   teams, tokens, webhooks, audit…) unless the token's `actions` list names it explicitly: a token
 *   narrowed to a datastore was meant for that datastore, not for the platform;
 * - `allowed_cidrs` limits where the token is used, not what it does: it is applied at
 *   authentication (http/auth.ts), and a token minted with it inherits its networks (tokens/restrictions.ts).
 */
export function restrictionRefusal(restriction: TokenRestriction | null | undefined, action: ActionName, datastoreId?: number): string | null {
  if (!restriction) return null;
  if (restriction.actions && !restriction.actions.includes(action)) return `This token is narrowed to actions that do not include ${action}`;
  if (restriction.datastoreIds) {
    const on = `This token is narrowed to datastore${restriction.datastoreIds.length === 1 ? '' : 's'} ${restriction.datastoreIds.join(', ')}`;
    if (ACTIONS[action].kind === 'platform') {
      if (restriction.actions === null) return `${on}: it takes no platform action such as ${action} unless its actions name it`;
    } else if (datastoreId === undefined || !restriction.datastoreIds.includes(datastoreId)) {
      return datastoreId === undefined ? `${on}: ${action} needs one of them` : `${on}, not ${datastoreId}`;
    }
  }
  return null;
}

/** Whether a token restriction lets this action (on this datastore) through. */
export function restrictionAllows(restriction: TokenRestriction | null | undefined, action: ActionName, datastoreId?: number): boolean {
  return restrictionRefusal(restriction, action, datastoreId) === null;
}

/** A team through which the principal reaches the datastore: the principal is a member and the datastore is in it. */
export interface TeamGrant {
  teamId: number;
  teamName: string;
  level: Level;
  /** The datastore is an enrichment datastore (every grant on one datastore says the same). */
  enrichment?: boolean;
}

export type DecisionReason =
  | 'inactive'
  | 'admin'
  | 'role'
  | 'insufficient_role'
  | 'personal_accounts_only'
  | 'team'
  | 'insufficient_level'
  | 'no_team'
  | 'admin_only'
  | 'datastore_required'
  | 'token_restricted';

export interface Decision {
  allowed: boolean;
  reason: DecisionReason;
  role: Role;
  /** The effective level on the datastore (datastore actions), or null. */
  level: Level | null;
  /** The team that grants the effective level, or null. */
  team: { id: number; name: string } | null;
}

/**
 * §4 of the access model. `grants` are the teams that hold both the principal and the
 * datastore (the Public team included when the datastore is in it); undefined when the
 * action concerns no datastore. A narrowed token (§4.5) then takes away what its restriction
 * does not name: the owner's denial is reported first, else `token_restricted`.
 */
export function decide(subject: Subject, action: ActionName, grants?: TeamGrant[], datastoreId?: number): Decision {
  const decision = decideForOwner(subject, action, grants);
  if (decision.allowed && !restrictionAllows(subject.restriction, action, datastoreId)) return { ...decision, allowed: false, reason: 'token_restricted' };
  return decision;
}

function decideForOwner(subject: Subject, action: ActionName, grants?: TeamGrant[]): Decision {
  const spec: ActionSpec = ACTIONS[action];
  const best = grants ? bestGrant(grants) : null;
  const level = best?.level ?? null;
  const team = best ? { id: best.teamId, name: best.teamName } : null;
  const result = (allowed: boolean, reason: DecisionReason): Decision => ({ allowed, reason, role: subject.role, level, team });

  if (!subject.active) return result(false, 'inactive');
  if (spec.kind === 'platform' && spec.personalOnly && subject.type !== 'personal') return result(false, 'personal_accounts_only');
  if (subject.role === 'admin') return result(true, 'admin');

  if (spec.kind === 'platform') {
    const allowed = roleAtLeast(subject.role, spec.minRole);
    return result(allowed, allowed ? 'role' : 'insufficient_role');
  }
  if (grants === undefined) return result(false, 'datastore_required');
  if (spec.minLevel === null) return result(false, 'admin_only');
  if (level === null) return result(false, 'no_team');
  const minLevel = spec.minLevelOnEnrichment && best?.enrichment ? spec.minLevelOnEnrichment : spec.minLevel;
  if (!levelAtLeast(level, minLevel)) return result(false, 'insufficient_level');
  if (spec.minRole && !roleAtLeast(subject.role, spec.minRole)) return result(false, 'insufficient_role');
  return result(true, 'team');
}

/** The grant with the highest level; ties go to the lowest team id so the answer is stable. */
export function bestGrant(grants: TeamGrant[]): TeamGrant | null {
  let best: TeamGrant | null = null;
  for (const g of grants) {
    if (!best || LEVELS.indexOf(g.level) > LEVELS.indexOf(best.level) || (g.level === best.level && g.teamId < best.teamId)) best = g;
  }
  return best;
}

/** The platform actions a role may take, for a principal of the given type. */
export function platformActionsFor(subject: Subject): PlatformActionName[] {
  return ACTION_NAMES.filter((a): a is PlatformActionName => ACTIONS[a].kind === 'platform' && decide(subject, a).allowed);
}

/** The datastore actions a level (and role) allows. */
export function datastoreActionsFor(subject: Subject, grants: TeamGrant[]): DatastoreActionName[] {
  return ACTION_NAMES.filter((a): a is DatastoreActionName => ACTIONS[a].kind === 'datastore' && decide(subject, a, grants).allowed);
}

/**
 * §4, visibility: whether the datastore's registry entry exists for the principal. Managers and
 * Admins see every entry; a member sees only what some team reaches (any level includes
 * `datastore.read`). A member asking for anything else gets 404, never 403.
 */
export function canSeeDatastore(subject: Subject, grants: TeamGrant[], datastoreId?: number): boolean {
  if (!subject.active) return false;
  // A token narrowed to some datastores does not even see the others.
  if (subject.restriction?.datastoreIds && (datastoreId === undefined || !subject.restriction.datastoreIds.includes(datastoreId))) return false;
  return roleAtLeast(subject.role, 'manager') || grants.length > 0;
}

/**
 * Directory mappings (issue 21) decide who is in which team and who is a Manager or an Admin:
 * whoever reads or changes them needs both of these (Admins).
 */
export const DIRECTORY_MAPPING_ACTIONS = ['users.manage', 'teams.manage'] as const satisfies readonly PlatformActionName[];

/**
 * What can be done to one team, and who may (issue 21 §2, WARDEN_TEAM_MAINTAINERS). With
 * maintainers off, every one of them is `teams.manage` (Admin). With them on, a maintainer of the
 * team (any role) may also change its members and its maintainers, nothing else, and never their
 * own membership.
 */
export const TEAM_ACTIONS = {
  'team.members.manage': { maintainer: true, description: 'Add and remove the team\'s members, and find people to add (GET /api/teams/{id}/member-candidates)' },
  'team.maintainers.manage': { maintainer: true, description: 'Make members maintainers of the team, and unmake them (an Admin, or with maintainers on, a maintainer of the team)' },
  'team.settings.manage': { maintainer: false, description: 'Change the team\'s name, description, level and datastores; delete it' },
} as const satisfies Record<string, { maintainer: boolean; description: string }>;
export type TeamActionName = keyof typeof TEAM_ACTIONS;
export const TEAM_ACTION_NAMES = Object.keys(TEAM_ACTIONS) as TeamActionName[];

export interface TeamSubject extends Subject {
  /** Whether the principal is a maintainer of this team. */
  maintainer: boolean;
}

export type TeamDecisionReason = 'inactive' | 'admin' | 'maintainer' | 'maintainers_off' | 'not_maintainer' | 'own_membership' | 'token_restricted';

/**
 * The decision on one team. `teams.manage` (Admin) allows all; else a maintainer of the team,
 * when maintainers are on, for the actions marked `maintainer`, except a change of their own
 * membership or maintainership (`self`). A narrowed token must name `teams.manage` to do any.
 */
export function decideOnTeam(subject: TeamSubject, action: TeamActionName, options: { maintainersOn: boolean; self?: boolean }): { allowed: boolean; reason: TeamDecisionReason } {
  if (!subject.active) return { allowed: false, reason: 'inactive' };
  const admin = decide(subject, 'teams.manage');
  if (admin.allowed) return { allowed: true, reason: 'admin' };
  if (admin.reason === 'token_restricted') return { allowed: false, reason: 'token_restricted' };
  if (!options.maintainersOn) return { allowed: false, reason: 'maintainers_off' };
  if (!subject.maintainer || !TEAM_ACTIONS[action].maintainer) return { allowed: false, reason: 'not_maintainer' };
  if (options.self) return { allowed: false, reason: 'own_membership' };
  if (subject.restriction && !restrictionAllows(subject.restriction, 'teams.manage')) return { allowed: false, reason: 'token_restricted' };
  return { allowed: true, reason: 'maintainer' };
}
