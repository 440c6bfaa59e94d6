import { test } from 'node:test';
import assert from 'node:assert/strict';
import { created, diff } from './service.ts';

test('diff names a field that disappeared, with after null', () => {
  assert.deepEqual(diff<Record<string, unknown>>({ nickName: 'Pete', title: 'Boss' }, { title: 'Boss' }), { nickName: { before: 'Pete', after: null } });
});

test('diff names changed and added fields, and nothing that stayed the same', () => {
  assert.deepEqual(diff<Record<string, unknown>>({ a: 1, b: [1, 2], c: { x: 1 } }, { a: 2, b: [1, 2], c: { x: 1 }, d: 'new' }), {
    a: { before: 1, after: 2 },
    d: { before: null, after: 'new' },
  });
});

test('diff treats a missing field, undefined and null alike: no change between them', () => {
  assert.deepEqual(diff<Record<string, unknown>>({ a: null, b: undefined }, { c: null }), {});
});

test('created lists every field from null', () => {
  assert.deepEqual(created({ name: 'x', role: 'member' }), { name: { before: null, after: 'x' }, role: { before: null, after: 'member' } });
});
