// The audit log proves itself: each event stores SHA-256 over its canonical content and the
// previous event's hash (a chain per database, in id order). Editing an event breaks its own hash;
// deleting one breaks the link of the next; inserting one (without the hash) shows as unhashed or
// unlinked. Appends are serialised (a transaction-scoped advisory lock on PostgreSQL; SQLite has
// one writer) so that concurrent transactions cannot fork the chain.
//
// An unkeyed chain cannot stop someone who rewrites every later hash too: keep the head
// (GET /api/audit-events/verify, or the export) somewhere else, and compare.
import crypto from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEventsTable, Database } from '../db/types.ts';
import { holdsLock, type AdvisoryLock } from '../db/transaction.ts';

type Executor = Kysely<Database>;

/** The previous hash of the first event. */
export const GENESIS = '0'.repeat(64);
/** The advisory lock that serialises appends: Warden's lock space, then its key (taken with the write lock by work that audits for sure: inNewTransaction's `locks`). */
export const CHAIN_LOCK: AdvisoryLock = [0x57415244, 100];

/** The fields an event's hash covers: all but the hashes themselves (the credential's absent on rows read before migration 0017). */
export type ChainedFields = Omit<Selectable<AuditEventsTable>, 'prev_hash' | 'hash' | 'credential_kind' | 'credential_id' | 'credential_hint'>
  & Partial<Pick<Selectable<AuditEventsTable>, 'credential_kind' | 'credential_id' | 'credential_hint'>>;

/**
 * The canonical content: a JSON array of the fields in a fixed order, times as ISO 8601 UTC with
 * milliseconds. An event that names its credential (every one written since migration 0017) has an
 * eleventh element, `[kind, id, hint]`; one written before has ten, so its hash stays what it was.
 * Which form applies is decided by the stored kind, which the hash covers: clearing a new event's
 * credential changes its content as much as editing it does.
 */
export function canonical(e: ChainedFields): string {
  const fields: unknown[] = [e.id, new Date(e.at).toISOString(), e.actor_id, e.action, e.target_type, e.target_id, e.reason, e.changes, e.request_id, e.ip];
  // undefined too: migration 0011 hashes rows read before the credential columns existed.
  if (e.credential_kind != null) fields.push([e.credential_kind, e.credential_id ?? null, e.credential_hint ?? null]);
  // Added by migration 0016, only when set: events written before it (and by the system or a person) hash as they did.
  if (e.actor_kind != null) fields.push(e.actor_kind);
  return JSON.stringify(fields);
}

export function eventHash(prevHash: string, e: ChainedFields): string {
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical(e)).digest('hex');
}

/** Takes the chain's append lock until the transaction ends (PostgreSQL; a no-op on SQLite). */
export async function lockChain(trx: Executor): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter && !holdsLock(trx, CHAIN_LOCK)) await sql`select pg_advisory_xact_lock(${CHAIN_LOCK[0]}, ${CHAIN_LOCK[1]})`.execute(trx);
}

export type ChainProblem = 'missing_hash' | 'edited' | 'broken_link';

export interface ChainFailure {
  id: number;
  at: string;
  problem: ChainProblem;
  detail: string;
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  first_failure: ChainFailure | null;
  head: { id: number; hash: string } | null;
}

const BATCH = 2000;

/** Walks the whole chain in id order (constant memory) and reports the first event that does not match. */
export async function verifyChain(db: Executor, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let prev = GENESIS;
  let prevId: number | null = null;
  let checked = 0;
  let head: ChainReport['head'] = null;
  for (let after = 0; ;) {
    const rows = await db.selectFrom('audit_events')
      .select(['id', 'at', 'actor_id', 'action', 'target_type', 'target_id', 'reason', 'changes', 'request_id', 'ip', 'credential_kind', 'credential_id', 'credential_hint', 'actor_kind', 'hash', 'prev_hash'])
      .where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const fail = (problem: ChainProblem, detail: string): ChainReport => ({ ok: false, checked, first_failure: { id: r.id, at: r.at, problem, detail }, head });
      if (r.hash === null || r.prev_hash === null) return fail('missing_hash', `Event ${r.id} has no hash: it was written to the database directly, not by Warden`);
      if (eventHash(r.prev_hash, r) !== r.hash) return fail('edited', `Event ${r.id} does not match its hash: its content was changed after it was written`);
      if (r.prev_hash !== prev) {
        return fail('broken_link', prevId === null
          ? `Event ${r.id} is first but links to an earlier event: events before it were deleted`
          : `Event ${r.id} does not follow event ${prevId}: an event between them was deleted, or one was inserted`);
      }
      prev = r.hash;
      prevId = r.id;
      head = { id: r.id, hash: r.hash };
      checked++;
    }
    after = rows[rows.length - 1].id;
    onProgress?.(checked);
  }
  return { ok: true, checked, first_failure: null, head };
}
