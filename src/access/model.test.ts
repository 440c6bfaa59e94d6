// The model against the spec's tables (transcribed and parsed independently in test/access-spec.ts):
// every action × role × principal type × team level, several teams, admin bypass, the enrichment
// rule, deactivated principals and visibility. Any disagreement fails.
import fs from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTION_NAMES,
  ACTIONS,
  LEVELS,
  ROLES,
  bestGrant,
  canSeeDatastore,
  datastoreActionsFor,
  decide,
  isActionName,
  platformActionsFor,
  restrictionRefusal,
  type ActionName,
  type Level,
  type Role,
  type Subject,
  type TeamGrant,
} from './model.ts';
import { DOCS_PAGE, catalogTable, withTables } from './catalog-table.ts';
import { LEVEL_ORDER_SENTENCE, LEVEL_TABLE, ROLE_ORDER_SENTENCE, ROLE_TABLE, SPEC_LEVELS, SPEC_ROLES, expectedDecision, parseSpecTables, specFileText } from '../../test/access-spec.ts';

const specs = parseSpecTables();
const TYPES = ['personal', 'service'] as const;

/** No team; one team at each level; two teams at every pair of levels (both orders of ids); on a source and on an enrichment datastore. */
function grantSets(): TeamGrant[][] {
  const sets: TeamGrant[][] = [[]];
  for (const enrichment of [false, true]) {
    for (const l of LEVELS) sets.push([{ teamId: 10, teamName: `T-${l}`, level: l, enrichment }]);
    for (const a of LEVELS) for (const b of LEVELS) sets.push([{ teamId: 20, teamName: 'A', level: a, enrichment }, { teamId: 21, teamName: 'B', level: b, enrichment }]);
    sets.push(LEVELS.map((l, i) => ({ teamId: 30 + i, teamName: `All-${l}`, level: l, enrichment })).reverse());
  }
  return sets;
}

describe('the spec tables as transcribed', () => {
  test('match shared/spec/access-model.md character for character when the spec is at hand', (t) => {
    const spec = specFileText();
    if (spec === null) {
      t.diagnostic('shared/spec/access-model.md is not next to this clone; comparing against the transcription only');
      return;
    }
    for (const piece of [ROLE_TABLE, LEVEL_TABLE, ROLE_ORDER_SENTENCE, LEVEL_ORDER_SENTENCE]) {
      assert.ok(spec.includes(piece), `the spec no longer contains:\n${piece}\nUpdate test/access-spec.ts and src/access/model.ts together`);
    }
  });

  test('list every action once, 23 platform (and Warden\'s own 2) and 14 datastore actions', () => {
    const kinds = [...parseSpecTables(false).values()].map((s) => s.kind);
    assert.equal(kinds.filter((k) => k === 'platform').length, 23 + 2);
    assert.equal(kinds.filter((k) => k === 'datastore').length, 14);
  });

  test('issue 22 adds 1 platform and 6 datastore actions, none already in the spec', () => {
    const spec = parseSpecTables(false);
    const added = [...specs.keys()].filter((k) => !spec.has(k));
    assert.deepEqual(added.sort(), ['engine.restart', 'fields.manage_status', 'flows.assign_tags', 'operations.schedule', 'profiles.delete', 'tags.assign', 'team_tags.manage']);
  });
});

describe('the model against the spec tables', () => {
  test('roles and levels are in the spec\'s order', () => {
    assert.deepEqual([...ROLES], SPEC_ROLES);
    assert.deepEqual([...LEVELS], SPEC_LEVELS);
  });

  test('the action catalog is exactly the actions of the two tables, each of the right kind', () => {
    assert.deepEqual([...ACTION_NAMES].sort(), [...specs.keys()].sort());
    for (const name of ACTION_NAMES) assert.equal(ACTIONS[name].kind, specs.get(name)!.kind, name);
  });

  test('unknown names are not actions', () => {
    assert.equal(isActionName('datastore.read'), true);
    assert.equal(isActionName('datastore.READ'), false);
    assert.equal(isActionName('toString'), false);
    assert.equal(isActionName('constructor'), false);
  });

  const subjects: Subject[] = [];
  for (const type of TYPES) for (const role of ROLES) for (const active of [true, false]) subjects.push({ type, role, active });

  for (const action of ACTION_NAMES) {
    test(`${action}: decide agrees with the tables for every role, type, activity and team levels`, () => {
      const spec = specs.get(action)!;
      const cases: (TeamGrant[] | undefined)[] = spec.kind === 'platform' ? [undefined] : [undefined, ...grantSets()];
      for (const subject of subjects) {
        for (const grants of cases) {
          const got = decide(subject, action, grants);
          const want = expectedDecision(specs, subject, action, grants);
          const where = `${action} for an ${subject.active ? 'active' : 'inactive'} ${subject.type} ${subject.role} with ${grants === undefined ? 'no datastore' : JSON.stringify(grants.map((g) => g.level))}${grants?.[0]?.enrichment ? ' on an enrichment datastore' : ''}`;
          assert.equal(got.allowed, want.allowed, where);
          assert.equal(got.level, want.level, `level: ${where}`);
          assert.equal(got.team?.id ?? null, want.teamId, `team: ${where}`);
          assert.equal(got.role, subject.role);
        }
      }
    });
  }
});

describe('decision reasons', () => {
  const member: Subject = { type: 'personal', role: 'member', active: true };
  const manager: Subject = { type: 'service', role: 'manager', active: true };
  const admin: Subject = { type: 'service', role: 'admin', active: true };
  const grant = (level: Level, teamId = 5, teamName = 'Finance'): TeamGrant => ({ teamId, teamName, level });

  test('an Admin is allowed every datastore action, even on a datastore no team of theirs reaches, with reason admin', () => {
    for (const a of ACTION_NAMES) {
      if (ACTIONS[a].kind !== 'datastore') continue;
      const d = decide(admin, a, []);
      assert.deepEqual([d.allowed, d.reason, d.level, d.team], [true, 'admin', null, null], a);
    }
  });

  test('a datastore action names the granting team and its level', () => {
    const d = decide(member, 'checks.draft', [grant('viewer', 3, 'Public'), grant('drafter', 7, 'Analysts')]);
    assert.deepEqual(d, { allowed: true, reason: 'team', role: 'member', level: 'drafter', team: { id: 7, name: 'Analysts' } });
  });

  test('with several teams the highest level wins, equal levels go to the lowest team id', () => {
    assert.equal(decide(member, 'checks.manage', [grant('viewer', 1), grant('author', 9), grant('reporter', 4)]).team?.id, 9);
    assert.equal(bestGrant([grant('author', 9), grant('author', 4)])?.teamId, 4);
    assert.equal(bestGrant([]), null);
  });

  test('no team reaching the datastore: no_team; too low a level: insufficient_level', () => {
    assert.equal(decide(member, 'datastore.read', []).reason, 'no_team');
    const low = decide(member, 'checks.manage', [grant('drafter')]);
    assert.deepEqual([low.allowed, low.reason, low.level], [false, 'insufficient_level', 'drafter']);
  });

  test('adding an enrichment datastore needs editor and manager: an editor member is refused for the role, a manager at author for the level', () => {
    assert.deepEqual([decide(member, 'datastore.add_enrichment', [grant('editor')]).reason, decide(member, 'datastore.add_enrichment', [grant('editor')]).allowed], ['insufficient_role', false]);
    assert.deepEqual([decide(manager, 'datastore.add_enrichment', [grant('author')]).reason], ['insufficient_level']);
    assert.equal(decide(manager, 'datastore.add_enrichment', [grant('editor')]).allowed, true);
  });

  test('an enrichment datastore: a Reporter is refused datastore.read (it only lists it), a Viewer reads it; a source datastore is read from Reporter', () => {
    const onEnrichment = (level: Level) => [{ ...grant(level), enrichment: true }];
    assert.deepEqual([decide(member, 'datastore.read', onEnrichment('reporter')).allowed, decide(member, 'datastore.read', onEnrichment('reporter')).reason], [false, 'insufficient_level']);
    assert.equal(decide(member, 'datastore.read', onEnrichment('viewer')).allowed, true);
    assert.equal(decide(member, 'datastore.read', [grant('reporter')]).allowed, true);
    assert.equal(canSeeDatastore(member, onEnrichment('reporter')), true, 'a Reporter still lists it');
  });

  test('tags: assigning is a team action from viewer, flows and team-scoped tags from drafter; tag definitions stay the Manager role', () => {
    assert.deepEqual(LEVELS.map((l) => decide(member, 'tags.assign', [grant(l)]).allowed), [false, true, true, true, true]);
    assert.deepEqual(LEVELS.map((l) => decide(member, 'flows.assign_tags', [grant(l)]).allowed), [false, false, true, true, true]);
    assert.deepEqual(LEVELS.map((l) => decide(member, 'team_tags.manage', [grant(l)]).allowed), [false, false, true, true, true]);
    assert.equal(decide(member, 'tags.manage').allowed, false);
    assert.equal(decide(manager, 'tags.manage').allowed, true);
    assert.equal(decide(manager, 'engine.restart').allowed, false);
    assert.equal(decide(admin, 'engine.restart').allowed, true);
  });

  test('deleting a datastore is for Admins only, whatever the team level', () => {
    const d = decide(manager, 'datastore.delete', [grant('editor')]);
    assert.deepEqual([d.allowed, d.reason], [false, 'admin_only']);
  });

  test('a deactivated principal is refused everything, Admins included, with reason inactive', () => {
    for (const role of ROLES) {
      for (const a of ACTION_NAMES) {
        const d = decide({ type: 'personal', role, active: false }, a, [grant('editor')]);
        assert.deepEqual([d.allowed, d.reason], [false, 'inactive'], `${role} ${a}`);
      }
    }
  });

  test('a platform action is decided by the role alone; a datastore action without a datastore is refused', () => {
    assert.deepEqual([decide(manager, 'teams.read').reason, decide(member, 'teams.read').reason], ['role', 'insufficient_role']);
    assert.equal(decide(member, 'datastore.read').reason, 'datastore_required');
  });

  test('service users never manage personal tokens, not even as Admins', () => {
    assert.equal(decide(admin, 'personal_tokens.manage').allowed, false);
    assert.equal(decide({ ...admin, type: 'personal' }, 'personal_tokens.manage').allowed, true);
  });
});

describe('derived views', () => {
  test('platformActionsFor lists exactly the platform actions the role table allows', () => {
    for (const type of TYPES) {
      for (const role of ROLES) {
        const subject = { type, role, active: true };
        const want = ACTION_NAMES.filter((a) => specs.get(a)!.kind === 'platform' && expectedDecision(specs, subject, a, undefined).allowed);
        assert.deepEqual(platformActionsFor(subject), want, `${type} ${role}`);
      }
    }
  });

  test('datastoreActionsFor lists exactly the datastore actions a level allows', () => {
    for (const role of ROLES) {
      for (const level of LEVELS) {
        const subject: Subject = { type: 'personal', role, active: true };
        const grants = [{ teamId: 1, teamName: 'T', level }];
        const want = ACTION_NAMES.filter((a) => specs.get(a)!.kind === 'datastore' && expectedDecision(specs, subject, a, grants).allowed);
        assert.deepEqual(datastoreActionsFor(subject, grants), want, `${role} at ${level}`);
      }
    }
  });

  test('each level allows everything the level below allows (levels include what is below them)', () => {
    const subject: Subject = { type: 'personal', role: 'manager', active: true };
    for (let i = 1; i < LEVELS.length; i++) {
      const lower = new Set<ActionName>(datastoreActionsFor(subject, [{ teamId: 1, teamName: 'T', level: LEVELS[i - 1] }]));
      const higher = new Set<ActionName>(datastoreActionsFor(subject, [{ teamId: 1, teamName: 'T', level: LEVELS[i] }]));
      for (const a of lower) assert.ok(higher.has(a), `${LEVELS[i]} lacks ${a}`);
    }
  });

  test('visibility: Managers and Admins see every registry entry; a member only what a team reaches; nobody inactive sees anything', () => {
    const cases: [Role, TeamGrant[], boolean, boolean][] = [
      ['member', [], true, false],
      ['member', [{ teamId: 1, teamName: 'Public', level: 'reporter' }], true, true],
      ['manager', [], true, true],
      ['admin', [], true, true],
      ['admin', [], false, false],
    ];
    for (const [role, grants, active, sees] of cases) assert.equal(canSeeDatastore({ type: 'service', role, active }, grants), sees, `${role} ${JSON.stringify(grants)} ${active}`);
  });
});

describe('the access model page (docs/access-model.md)', () => {
  const page = fs.readFileSync(DOCS_PAGE, 'utf8');
  test('lists the action catalog exactly as the code has it', () => {
    const section = /<!-- action-catalog:start -->\n([\s\S]*?)<!-- action-catalog:end -->/.exec(page);
    assert.ok(section, 'docs/access-model.md has no action-catalog section');
    const rows = section[1].trim().split('\n').slice(2);
    assert.equal(rows.length, ACTION_NAMES.length, 'one row per action');
    ACTION_NAMES.forEach((name, i) => assert.ok(rows[i].startsWith(`| \`${name}\` | ${ACTIONS[name].kind} | `), `row ${i} is ${name}`));
    assert.equal(section[1].trim(), catalogTable(), 'run npm run docs:access');
  });

  test('both generated tables are current (npm run docs:access regenerates them)', () => {
    assert.equal(page, withTables(page), 'docs/access-model.md disagrees with src/access/model.ts: run npm run docs:access');
  });

  test('the matrix says what decide says, cell by cell', () => {
    const section = /<!-- access-matrix:start -->\n([\s\S]*?)<!-- access-matrix:end -->/.exec(page)!;
    const rows = section[1].trim().split('\n').slice(2).map((r) => r.split('|').slice(1, -1).map((c) => c.trim()));
    for (const [first, ...cells] of rows) {
      const name = /`(.+)`/.exec(first)![1] as ActionName;
      const spec = ACTIONS[name];
      if (spec.kind === 'platform') {
        ROLES.forEach((role, i) => assert.equal(cells[i] === '✓', decide({ type: 'personal', role, active: true }, name).allowed, `${name} ${role}`));
      } else {
        LEVELS.forEach((level, i) => {
          const cell = cells[ROLES.length + i];
          const role = 'minRole' in spec && spec.minRole ? spec.minRole : 'member';
          assert.equal(cell.startsWith('✓'), decide({ type: 'personal', role, active: true }, name, [{ teamId: 1, teamName: 'T', level }]).allowed, `${name} ${level}`);
        });
      }
    }
    assert.equal(rows.length, ACTION_NAMES.length);
  });
});

describe('a narrowed token (issue 17): one rule, every action of the catalog', () => {
  const admin = { type: 'personal' as const, role: 'admin' as const, active: true };
  test('datastore narrowing refuses every platform action unless actions name it, and datastore actions elsewhere', () => {
    for (const action of ACTION_NAMES) {
      const platform = ACTIONS[action].kind === 'platform';
      const onlyDs = { actions: null, datastoreIds: [7] };
      const named = { actions: [action], datastoreIds: [7] };
      const ds = platform ? undefined : 7;
      assert.equal(decide({ ...admin, restriction: onlyDs }, action, platform ? undefined : [], ds).allowed, !platform, `${action} with datastore narrowing alone`);
      assert.equal(decide({ ...admin, restriction: named }, action, platform ? undefined : [], ds).allowed, true, `${action} named`);
      if (!platform) assert.equal(decide({ ...admin, restriction: named }, action, [], 8).reason, 'token_restricted', `${action} on another datastore`);
      if (platform) assert.match(restrictionRefusal(onlyDs, action)!, new RegExp(`narrowed to datastore 7: it takes no platform action such as ${action.replace('.', '\\.')}`));
    }
  });
});
