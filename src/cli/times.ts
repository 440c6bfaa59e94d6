// Times on the command line: an ISO time, or a duration back from now (--since 2h) or ahead of
// it (--until 7d). Below the commands that use them (audit, audit export, users, teams).
import { InvalidArgumentError } from '@commander-js/extra-typings';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An ISO time, or a duration back from now: 30m, 2h, 7d, 1w. */
export function parseTime(value: string, now = Date.now()): string {
  const rel = /^(\d+)\s*(s|m|min|h|d|w)$/.exec(value.trim());
  if (rel) return new Date(now - Number(rel[1]) * UNITS[rel[2]]).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('an ISO time (2025-01-31T12:00:00Z) or a duration back from now (30m, 2h, 7d)');
  return new Date(t).toISOString();
}

/** An ISO time, or a duration ahead from now (8h, 7d, 2w): when a time-bound role or membership ends. */
export function parseUntil(value: string, now = Date.now()): string {
  const rel = /^(\d+)\s*(s|m|min|h|d|w)$/.exec(value.trim());
  if (rel) return new Date(now + Number(rel[1]) * UNITS[rel[2]]).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('an ISO time (2026-01-31T18:00:00Z) or a duration from now (8h, 7d, 2w)');
  return new Date(t).toISOString();
}
