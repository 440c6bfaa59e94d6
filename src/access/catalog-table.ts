// The permission tables of docs/access-model.md, generated from the model (src/access/model.ts):
// the action catalog and the role × level matrix. `npm run docs:access` rewrites them in place; a
// test (model.test.ts) fails when the page and the model disagree.
import fs from 'node:fs';
import path from 'node:path';
import { ACTION_NAMES, ACTIONS, LEVELS, ROLES, decide, type ActionName, type Role } from './model.ts';

/** What an action needs, in words: a role, or a team level (and role), or Admin only. */
export function needsOf(name: ActionName): string {
  const spec = ACTIONS[name];
  if (spec.kind === 'platform') return `${spec.minRole}${'personalOnly' in spec && spec.personalOnly ? ' (personal accounts only)' : ''}`;
  const level = spec.minLevel === null ? 'Admin only' : spec.minLevel;
  const role = 'minRole' in spec && spec.minRole ? ` and role ${spec.minRole}` : '';
  const enrichment = 'minLevelOnEnrichment' in spec && spec.minLevelOnEnrichment ? ` (on an enrichment datastore: ${spec.minLevelOnEnrichment})` : '';
  return `${level}${role}${enrichment}`;
}

export function catalogTable(): string {
  const rows = ACTION_NAMES.map((name) => `| \`${name}\` | ${ACTIONS[name].kind} | ${needsOf(name)} | ${ACTIONS[name].description} |`);
  return ['| action | kind | needs | covers |', '|---|---|---|---|', ...rows].join('\n');
}

const tick = (allowed: boolean) => (allowed ? '✓' : '–');

/**
 * Who may take each action: platform actions by role (a personal account), datastore actions by a
 * member's team level on a source datastore (an enrichment datastore where it differs), then Admin.
 */
export function matrixTable(): string {
  const head = `| action | ${ROLES.join(' | ')} | ${LEVELS.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => '---').join('|')}|${LEVELS.map(() => '---').join('|')}|`;
  const rows = ACTION_NAMES.map((name) => {
    const spec = ACTIONS[name];
    if (spec.kind === 'platform') {
      const roles = ROLES.map((role: Role) => tick(decide({ type: 'personal', role, active: true }, name).allowed));
      return `| \`${name}\` | ${[...roles, ...LEVELS.map(() => '')].join(' | ')} |`;
    }
    const member = (role: Role) => LEVELS.map((level) => {
      const source = decide({ type: 'personal', role, active: true }, name, [{ teamId: 1, teamName: 'T', level }]).allowed;
      const enrichment = decide({ type: 'personal', role, active: true }, name, [{ teamId: 1, teamName: 'T', level, enrichment: true }]).allowed;
      return source === enrichment ? tick(source) : `${tick(source)} (enrichment ${tick(enrichment)})`;
    });
    const levels = 'minRole' in spec && spec.minRole ? member(spec.minRole).map((c) => (c === '✓' ? `✓ (${spec.minRole}+)` : c)) : member('member');
    const byTeam = spec.minLevel === null ? '–' : 'team';
    return `| \`${name}\` | ${byTeam} | ${byTeam} | ${tick(decide({ type: 'personal', role: 'admin', active: true }, name, []).allowed)} | ${levels.join(' | ')} |`;
  });
  return [head, rule, ...rows].join('\n');
}

export const DOCS_PAGE = path.resolve(import.meta.dirname, '../../docs/access-model.md');

/** The page with both generated sections replaced; throws when a marker is missing. */
export function withTables(page: string): string {
  let out = page;
  for (const [marker, table] of [['action-catalog', catalogTable()], ['access-matrix', matrixTable()]] as const) {
    const re = new RegExp(`<!-- ${marker}:start -->\\n[\\s\\S]*?<!-- ${marker}:end -->`);
    if (!re.test(out)) throw new Error(`docs/access-model.md has no ${marker} section`);
    out = out.replace(re, () => `<!-- ${marker}:start -->\n${table}\n<!-- ${marker}:end -->`);
  }
  return out;
}

if (import.meta.main) {
  const page = fs.readFileSync(DOCS_PAGE, 'utf8');
  const next = withTables(page);
  if (next !== page) fs.writeFileSync(DOCS_PAGE, next);
  process.stdout.write(next === page ? 'docs/access-model.md is up to date\n' : 'docs/access-model.md: tables regenerated from src/access/model.ts\n');
}
