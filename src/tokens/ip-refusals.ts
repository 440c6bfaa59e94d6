// A narrowed token used from outside its networks is refused (401 ip_not_allowed) and audited,
// at most once per token per hour, so that a misplaced pipeline cannot flood the audit log.
import type { Db } from '../db/connection.ts';
import { recordAudit } from '../audit/service.ts';
import { transact } from '../db/transaction.ts';
import { systemContext } from '../access/principal.ts';

/** Audited by Warden itself: the refused token did nothing. */
const IP_REFUSALS = systemContext('ip-refusals');

const HOUR_MS = 3_600_000;
const MAX_TRACKED = 100_000;

export class IpRefusalAudit {
  #db: Db;
  #last = new Map<number, number>();
  onError: (err: unknown) => void = () => {};

  constructor(db: Db) {
    this.#db = db;
  }

  /** Notes a refusal; writes an audit event unless this token's last one is less than an hour old. */
  record(tokenId: number, ip: string, now = Date.now()): void {
    const last = this.#last.get(tokenId);
    if (last !== undefined && now - last < HOUR_MS) return;
    if (this.#last.size >= MAX_TRACKED) this.#last.clear();
    this.#last.set(tokenId, now);
    void transact(this.#db, (trx) =>
      recordAudit(trx, { ...IP_REFUSALS, ip }, {
        action: 'token.ip_refused', targetType: 'token', targetId: tokenId, reason: 'Used from outside its allowed networks',
        changes: { ip: { before: null, after: ip } },
      }),
    ).catch((err) => this.onError(err));
  }
}
