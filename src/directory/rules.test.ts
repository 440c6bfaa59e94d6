import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupsOfClaim, hasGroupsOverage, highestRole, nextRole, type RoleRule, type RoleState } from './rules.ts';
import { decideOnTeam, TEAM_ACTION_NAMES, type Role, type TeamActionName } from '../access/model.ts';

const hand = (role: Role): RoleState => ({ role, source: null });
const dir = (role: Role): RoleState => ({ role, source: 'directory' });

describe('the role a person\'s groups give, by mode', () => {
  // [current, mapped, add, sync, scim]
  const table: [RoleState, Role | null, RoleState, RoleState, RoleState][] = [
    [hand('member'), 'manager', dir('manager'), dir('manager'), dir('manager')],
    [hand('member'), null, hand('member'), hand('member'), hand('member')],
    [hand('admin'), 'manager', hand('admin'), dir('manager'), hand('admin')],
    [hand('admin'), null, hand('admin'), hand('admin'), hand('admin')],
    [hand('manager'), 'manager', hand('manager'), hand('manager'), hand('manager')],
    [dir('admin'), null, dir('admin'), hand('member'), hand('member')],
    [dir('admin'), 'manager', dir('admin'), dir('manager'), dir('manager')],
    [dir('manager'), 'admin', dir('admin'), dir('admin'), dir('admin')],
  ];
  for (const [current, mapped, ...want] of table) {
    (['add', 'sync', 'scim'] as RoleRule[]).forEach((rule, i) => {
      test(`${current.source ?? 'hand'}-set ${current.role}, groups map ${mapped ?? 'no role'}, ${rule} → ${want[i].role}`, () => {
        assert.deepEqual(nextRole(current, mapped, rule), want[i]);
      });
    });
  }
  test('the highest mapped role wins', () => {
    assert.equal(highestRole(['manager', 'admin', 'manager']), 'admin');
    assert.equal(highestRole([]), null);
  });
});

describe('the groups claim', () => {
  test('an array of strings (names or ids), trimmed and distinct; one string is one group; other values are none', () => {
    assert.deepEqual(groupsOfClaim([' Data ', 'Data', 42, '', 'x'.repeat(300), 'b4f1c2d0-0000-4000-8000-000000000000']), ['Data', 'b4f1c2d0-0000-4000-8000-000000000000']);
    assert.deepEqual(groupsOfClaim('Admins'), ['Admins']);
    assert.equal(groupsOfClaim(undefined), null);
    assert.deepEqual(groupsOfClaim({ a: 1 }), []);
    assert.equal(groupsOfClaim(Array.from({ length: 5000 }, (_, i) => `g${i}`))!.length, 1000);
  });
  test('Entra ID\'s overage: _claim_names naming the claim, or hasgroups', () => {
    assert.equal(hasGroupsOverage({ _claim_names: { groups: 'src1' } }, 'groups'), true);
    assert.equal(hasGroupsOverage({ hasgroups: true }, 'groups'), true);
    assert.equal(hasGroupsOverage({ _claim_names: { roles: 'src1' } }, 'groups'), false);
    assert.equal(hasGroupsOverage({}, 'groups'), false);
  });
});

describe('the decision on one team (maintainers)', () => {
  const subject = (role: Role, maintainer: boolean) => ({ type: 'personal' as const, role, active: true, maintainer });
  const maintainerMay: Record<TeamActionName, boolean> = { 'team.members.manage': true, 'team.maintainers.manage': true, 'team.settings.manage': false };
  for (const action of TEAM_ACTION_NAMES) {
    for (const role of ['member', 'manager', 'admin'] as Role[]) {
      for (const maintainer of [false, true]) {
        for (const maintainersOn of [false, true]) {
          const want = role === 'admin' || (maintainersOn && maintainer && maintainerMay[action]);
          test(`${role}${maintainer ? ' maintainer' : ''}, maintainers ${maintainersOn ? 'on' : 'off'}: ${action} → ${want ? 'allowed' : 'denied'}`, () => {
            assert.equal(decideOnTeam(subject(role, maintainer), action, { maintainersOn }).allowed, want);
          });
        }
      }
    }
  }
  test('never their own membership; an inactive maintainer nothing; a narrowed token must name teams.manage', () => {
    assert.equal(decideOnTeam(subject('member', true), 'team.members.manage', { maintainersOn: true, self: true }).reason, 'own_membership');
    assert.equal(decideOnTeam({ ...subject('member', true), active: false }, 'team.members.manage', { maintainersOn: true }).allowed, false);
    assert.equal(decideOnTeam({ ...subject('member', true), restriction: { actions: ['users.read'], datastoreIds: null } }, 'team.members.manage', { maintainersOn: true }).reason, 'token_restricted');
    assert.equal(decideOnTeam({ ...subject('member', true), restriction: { actions: ['teams.manage'], datastoreIds: null } }, 'team.members.manage', { maintainersOn: true }).allowed, true);
  });
});
