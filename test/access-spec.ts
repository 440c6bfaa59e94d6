// The two tables of shared/spec/access-model.md (§2 roles, §3 team levels), transcribed verbatim
// and parsed here, independently of src/access/model.ts, with §4 re-stated as `expectedDecision`.
// Tests compare the model (and the API) against this, so a change to either side that is not made
// to the other fails. When the spec file is at hand (../shared/spec from the repository), the tests
// also check that these tables are still the spec's, character for character.
import fs from 'node:fs';
import path from 'node:path';

export const ROLE_TABLE = `| action | member | manager | admin |
|---|---|---|---|
| \`users.read\` (users and teams lists, user detail) | – | ✓ read-only | ✓ |
| \`users.manage\` (role, teams, deactivate, reactivate, review) | – | – | ✓ |
| \`service_users.manage\` | – | – | ✓ |
| \`service_tokens.manage\` (incl. SCIM-only tokens) | – | – | ✓ |
| \`teams.read\` | – | ✓ | ✓ |
| \`teams.manage\` | – | – | ✓ |
| \`datastores.create\` | – | ✓ | ✓ |
| \`datastores.delete\` | – | – | ✓ |
| \`connections.read\` / \`connections.manage\` | ✓ / – | ✓ / ✓ | ✓ / ✓ |
| \`tags.read\` / \`tags.manage\` | ✓ / – | ✓ / ✓ | ✓ / ✓ |
| \`notifications.read\` / \`notifications.manage\` | ✓ / – | ✓ / ✓ | ✓ / ✓ |
| \`library.read\` / \`library.manage\` | ✓ / – | ✓ / ✓ | ✓ / ✓ |
| \`integrations.manage\`, \`flows.manage\`, \`datastore_groups.manage\` | – | ✓ | ✓ |
| \`health.read\` | – | ✓ | ✓ |
| \`settings.manage\`, \`audit.read\` | – | – | ✓ |
| \`personal_tokens.manage\` (own tokens; personal accounts only) | ✓ | ✓ | ✓ |`;

/**
 * Warden's own platform actions, beyond the spec's §2 table (same shape, parsed the same way): the
 * standard interfaces of issue 23 (AuthZEN decisions for a PEP, RFC 7662 introspection for a gateway).
 */
export const WARDEN_ROLE_TABLE = `| action | member | manager | admin |
|---|---|---|---|
| \`decisions.evaluate\` (AuthZEN evaluations and searches for any user) | – | – | ✓ |
| \`tokens.introspect\` (RFC 7662 token introspection) | – | – | ✓ |`;

export const LEVEL_TABLE = `| datastore action | minimum level |
|---|---|
| \`datastore.read\` (datastore, overview, activity, profiles, checks, anomalies, fields, dashboards) | reporter |
| \`datastore.preview\` (source/enrichment records), \`anomalies.comment\` | viewer |
| \`checks.draft\` (create/save checks as drafts, dry-run, owner/assignee on drafts) | drafter |
| \`checks.manage\` (create/edit active checks, activate, validate, status, metadata, archive, delete), \`anomalies.manage\` (status, assign) | author |
| \`datastore.manage\` (settings, scoring, enrichment, field context), \`computed_assets.manage\`, \`operations.manage\`, \`quality_score.manage\`, \`datastore_groups.assign\`, \`masked_values.read\` | editor |
| \`datastore.add_enrichment\` | editor **and** role manager+ |
| \`datastore.delete\` | admin only |`;

/**
 * Issue 22: actions Qualytics' User Roles and Team Permissions matrices name that the spec's tables
 * do not, transcribed here in the spec's own format (so parsed by the same code), and the enrichment
 * rule: a Reporter lists an enrichment datastore but reads one only from Viewer. These are not in
 * shared/spec/access-model.md, so they are not compared with it character for character.
 */
export const ISSUE22_ROLE_TABLE = `| action | member | manager | admin |
|---|---|---|---|
| \`engine.restart\` | – | – | ✓ |`;

export const ISSUE22_LEVEL_TABLE = `| datastore action | minimum level |
|---|---|
| \`tags.assign\` (assign tags to datastore, container, field, check, anomaly) | viewer |
| \`flows.assign_tags\`, \`team_tags.manage\` (tags used on the datastore's assets) | drafter |
| \`operations.schedule\`, \`profiles.delete\`, \`fields.manage_status\` | editor |`;

/** Datastore actions whose minimum level on an enrichment datastore is higher (issue 22). */
export const ISSUE22_ENRICHMENT_MIN_LEVEL: Record<string, string> = { 'datastore.read': 'viewer' };

/** "Levels, lowest to highest: `reporter` < `viewer` < `drafter` < `author` < `editor`" (§3). */
export const LEVEL_ORDER_SENTENCE = 'Levels, lowest to highest: `reporter` < `viewer` < `drafter` <\n`author` < `editor`';
/** "Hierarchy: `admin` > `manager` > `member`." (§2) */
export const ROLE_ORDER_SENTENCE = 'Hierarchy: `admin` > `manager` > `member`.';

export const SPEC_ROLES = [...ROLE_ORDER_SENTENCE.matchAll(/`(\w+)`/g)].map((m) => m[1]).reverse();
export const SPEC_LEVELS = [...LEVEL_ORDER_SENTENCE.matchAll(/`(\w+)`/g)].map((m) => m[1]);

export type SpecRole = 'member' | 'manager' | 'admin';

export interface SpecPlatformAction {
  kind: 'platform';
  allowed: Record<SpecRole, boolean>;
  personalOnly: boolean;
}

export interface SpecDatastoreAction {
  kind: 'datastore';
  /** null: admin only. */
  minLevel: string | null;
  minRole: SpecRole | null;
}

export type SpecAction = SpecPlatformAction | SpecDatastoreAction;

function rowsOf(table: string): string[][] {
  return table
    .split('\n')
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((c) => c.trim()));
}

function namesIn(cell: string): string[] {
  return [...cell.matchAll(/`([a-z_.]+)`/g)].map((m) => m[1]);
}

function tick(cell: string): boolean {
  if (cell.startsWith('✓')) return true;
  if (cell === '–') return false;
  throw new Error(`unreadable cell "${cell}" in the role table`);
}

/** The spec's two tables (`withIssue22`: and issue 22's additions), parsed. */
export function parseSpecTables(withIssue22 = true): Map<string, SpecAction> {
  const out = new Map<string, SpecAction>();
  const add = (name: string, spec: SpecAction) => {
    if (out.has(name)) throw new Error(`${name} appears twice in the spec tables`);
    out.set(name, spec);
  };
  const roleRows = rowsOf(ROLE_TABLE).concat(rowsOf(WARDEN_ROLE_TABLE), withIssue22 ? rowsOf(ISSUE22_ROLE_TABLE) : []);
  const levelRows = rowsOf(LEVEL_TABLE).concat(withIssue22 ? rowsOf(ISSUE22_LEVEL_TABLE) : []);
  for (const [first, member, manager, admin] of roleRows) {
    const names = namesIn(first);
    const personalOnly = first.includes('personal accounts only');
    // "`a` / `b` | ✓ / – | …": one column value per name; "`a`, `b` | ✓ | …": shared.
    const paired = / \/ /.test(first.replace(/\(.*\)/, ''));
    names.forEach((name, i) => {
      const pick = (cell: string) => (paired ? cell.split(' / ')[i].trim() : cell);
      add(name, { kind: 'platform', personalOnly, allowed: { member: tick(pick(member)), manager: tick(pick(manager)), admin: tick(pick(admin)) } });
    });
  }
  for (const [first, min] of levelRows) {
    let spec: SpecDatastoreAction;
    if (min === 'admin only') spec = { kind: 'datastore', minLevel: null, minRole: null };
    else {
      const m = /^(\w+)(?: \*\*and\*\* role (\w+)\+)?$/.exec(min);
      if (!m || !SPEC_LEVELS.includes(m[1])) throw new Error(`unreadable level cell "${min}"`);
      spec = { kind: 'datastore', minLevel: m[1], minRole: (m[2] as SpecRole | undefined) ?? null };
    }
    for (const name of namesIn(first)) add(name, spec);
  }
  return out;
}

export interface SpecGrant {
  teamId: number;
  teamName: string;
  level: string;
  /** The datastore is an enrichment datastore. */
  enrichment?: boolean;
}

export interface SpecSubject {
  type: 'personal' | 'service';
  role: SpecRole;
  active: boolean;
}

export interface ExpectedDecision {
  allowed: boolean;
  /** The effective level (highest over the grants), null without grants. */
  level: string | null;
  /** The team granting it: the highest level, the lowest id among equals. */
  teamId: number | null;
}

const levelRank = (l: string) => SPEC_LEVELS.indexOf(l);
const roleRank = (r: string) => SPEC_ROLES.indexOf(r);

/** §4 of the access model, restated from the prose over the parsed tables. */
export function expectedDecision(specs: Map<string, SpecAction>, subject: SpecSubject, action: string, grants: SpecGrant[] | undefined): ExpectedDecision {
  const spec = specs.get(action);
  if (!spec) throw new Error(`${action} is not in the spec`);
  let best: SpecGrant | null = null;
  for (const g of grants ?? []) {
    if (!best || levelRank(g.level) > levelRank(best.level) || (g.level === best.level && g.teamId < best.teamId)) best = g;
  }
  const result = (allowed: boolean): ExpectedDecision => ({ allowed, level: best?.level ?? null, teamId: best?.teamId ?? null });
  if (!subject.active) return result(false); // 1. deactivated → deny
  if (spec.kind === 'platform' && spec.personalOnly && subject.type !== 'personal') return result(false);
  if (subject.role === 'admin') return result(true); // 2. admin bypass
  if (spec.kind === 'platform') return result(spec.allowed[subject.role]); // 3.
  if (grants === undefined || spec.minLevel === null || best === null) return result(false); // 4.
  const minLevel = best.enrichment && ISSUE22_ENRICHMENT_MIN_LEVEL[action] ? ISSUE22_ENRICHMENT_MIN_LEVEL[action] : spec.minLevel;
  if (levelRank(best.level) < levelRank(minLevel)) return result(false);
  if (spec.minRole && roleRank(subject.role) < roleRank(spec.minRole)) return result(false);
  return result(true);
}

/** The spec file, when the repository sits next to shared/spec; null on a lone clone. */
export function specFileText(): string | null {
  const candidates = [path.resolve(import.meta.dirname, '../../shared/spec/access-model.md'), process.env.WARDEN_SPEC_DIR ? path.join(process.env.WARDEN_SPEC_DIR, 'access-model.md') : ''];
  for (const file of candidates) if (file && fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  return null;
}
