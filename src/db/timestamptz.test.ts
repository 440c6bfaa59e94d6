// The timestamptz parser of the PostgreSQL driver (connection.ts timestamptzToIso) against what it
// replaces, new Date(text).toISOString(), on seeded random instants in every form PostgreSQL writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timestamptzToIso } from './connection.ts';
import { seeded } from '../../test/seeded.ts';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

test('timestamptzToIso gives what new Date(text).toISOString() gives, in UTC and in other offsets', () => {
  const { random } = seeded(24);
  const pick = (n: number) => Math.floor(random() * n);
  for (let i = 0; i < 20_000; i++) {
    const d = new Date(Date.UTC(1000 + pick(9000), pick(12), 1 + pick(31), pick(24), pick(60), pick(60)));
    const fraction = ['', `.${pick(10)}`, `.${pad(pick(100))}`, `.${pad(pick(1000), 3)}`, `.${pad(pick(1_000_000), 6)}`, `.${pad(pick(100_000), 5)}`][pick(6)];
    const offset = ['+00', '+00', '+00', '+01', '-05', '+05:30', '-03:30'][pick(7)];
    const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction}${offset}`;
    assert.equal(timestamptzToIso(text), new Date(text).toISOString(), text);
  }
  for (const text of ['2026-12-07 22:01:00+00', '2026-12-07 22:01:00.999999+00', '2024-02-29 23:59:59.5+00', '0999-01-01 00:00:00+00', '2026-12-07 22:01:00+00:00']) {
    assert.equal(timestamptzToIso(text), new Date(text).toISOString(), text);
  }
});
