import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lru } from './lru.ts';

/** A value as the caches hold them: an object of its own (the Lru stamps it). */
const v = <T>(value: T) => ({ value, lruStamp: 0 });

test('an LRU keeps at most its bound and forgets the least recently used first', () => {
  const lru = new Lru<number, { value: string; lruStamp: number }>(4);
  const evicted: number[] = [];
  lru.onEvict = (k) => evicted.push(k);
  for (let i = 1; i <= 4; i++) lru.set(i, v(`v${i}`));
  lru.set(5, v('v5'));
  assert.equal(lru.size, 4);
  assert.deepEqual(evicted, [1], 'the oldest goes first');
  // 2 is used after drifting into the older half: it moves to the recent end and survives.
  for (let i = 6; i <= 7; i++) lru.set(i, v(`v${i}`));
  assert.equal(lru.get(4)?.value, 'v4');
  lru.set(8, v('v8'));
  assert.equal(lru.get(4)?.value, 'v4', 'a recently used entry stays');
  assert.equal(lru.peek(2), undefined);
  assert.ok(lru.size <= 4);
});

test('an LRU with bound 0 holds nothing (the cache is off)', () => {
  const lru = new Lru<string, { value: number; lruStamp: number }>(0);
  lru.set('a', v(1));
  assert.equal(lru.size, 0);
  assert.equal(lru.get('a'), undefined);
});

test('delete reports the entry; clear reports nothing per entry', () => {
  const lru = new Lru<string, { value: number; lruStamp: number }>(3);
  const evicted: string[] = [];
  let cleared = 0;
  lru.onEvict = (k) => evicted.push(k);
  lru.onCleared = () => cleared++;
  lru.set('a', v(1));
  lru.set('b', v(2));
  assert.equal(lru.delete('a')?.value, 1);
  lru.clear();
  assert.deepEqual([evicted, cleared, lru.size], [['a'], 1, 0]);
});
