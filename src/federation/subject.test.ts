import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { claimMismatch, claimValue, subjectMatches, subjectPatternProblem } from './subject.ts';

describe('workload identity subject patterns', () => {
  it('matches exactly without a wildcard', () => {
    assert.equal(subjectMatches('repo:acme/etl:ref:refs/heads/main', 'repo:acme/etl:ref:refs/heads/main'), true);
    assert.equal(subjectMatches('repo:acme/etl:ref:refs/heads/main', 'repo:acme/etl:ref:refs/heads/mainx'), false);
    assert.equal(subjectMatches('repo:acme/etl:ref:refs/heads/main', 'REPO:acme/etl:ref:refs/heads/main'), false);
  });
  it('a * stays within one segment', () => {
    assert.equal(subjectMatches('repo:acme/*:ref:refs/heads/main', 'repo:acme/etl:ref:refs/heads/main'), true);
    assert.equal(subjectMatches('repo:acme/*:ref:refs/heads/main', 'repo:acme/etl/x:ref:refs/heads/main'), false);
    assert.equal(subjectMatches('repo:acme/*:ref:refs/heads/main', 'repo:acme-evil/etl:ref:refs/heads/main'), false);
    assert.equal(subjectMatches('repo:acme/etl:ref:refs/heads/*', 'repo:acme/etl:ref:refs/heads/feature/x'), false);
    assert.equal(subjectMatches('repo:acme/etl:ref:refs/heads/*', 'repo:acme/etl:ref:refs/heads/main'), true);
    assert.equal(subjectMatches('system:serviceaccount:etl:*', 'system:serviceaccount:etl:airflow'), true);
    assert.equal(subjectMatches('system:serviceaccount:etl:*', 'system:serviceaccount:etl:'), false, 'a * is at least one character');
  });
  it('a * inside a segment', () => {
    assert.equal(subjectMatches('repo:acme/etl:environment:prod-*', 'repo:acme/etl:environment:prod-eu'), true);
    assert.equal(subjectMatches('repo:acme/etl:environment:prod-*', 'repo:acme/etl:environment:prod-'), false);
    assert.equal(subjectMatches('a:*x*y', 'a:1x2y'), true);
    assert.equal(subjectMatches('a:*x*y', 'a:xy'), false);
    assert.equal(subjectMatches('a:*x*y', 'a:1x2yz'), false);
    assert.equal(subjectMatches('a:*.*', 'a:b.c'), true);
  });
  it('patterns that would trust everything are refused', () => {
    assert.match(subjectPatternProblem('*')!, /only of wildcards/);
    assert.match(subjectPatternProblem('*:*')!, /only of wildcards/);
    assert.match(subjectPatternProblem('repo:**')!, /\*\*/);
    assert.equal(subjectPatternProblem('repo:acme/*:ref:*'), null);
  });
  it('claims are exact, nested through dotted names', () => {
    const k8s = { 'kubernetes.io': { namespace: 'etl', serviceaccount: { name: 'airflow', uid: 'u-1' } }, repository_id: '123' };
    assert.equal(claimValue(k8s, 'kubernetes.io.serviceaccount.uid'), 'u-1');
    assert.equal(claimMismatch({ 'kubernetes.io.serviceaccount.uid': 'u-1', repository_id: '123' }, k8s), null);
    assert.match(claimMismatch({ repository_id: 123 }, k8s)!, /repository_id/);
    assert.match(claimMismatch({ missing: true }, k8s)!, /no claim missing/);
  });
});
