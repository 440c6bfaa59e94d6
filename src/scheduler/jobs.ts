// The scheduled jobs, one advisory lock key each (stable: nodes of different versions agree).
import type { Config } from '../config.ts';
import { settleEndedAccess } from '../users/service.ts';
import { pruneOutbox, scanReviewsDue, scanTokenExpiry } from '../notifications/notices.ts';
import { runDeactivationPolicy, runUnusedTokenPolicy } from '../reviews/policies.ts';
import type { Job } from './scheduler.ts';

export function governanceJobs(config: Config): Job[] {
  return [
    { name: 'ended-access', lockKey: 1, run: async (db, now) => void (await settleEndedAccess(db, now)) },
    { name: 'token-notices', lockKey: 2, run: async (db, now) => void (await scanTokenExpiry(db, now)) },
    { name: 'review-notices', lockKey: 3, run: async (db, now) => void (await scanReviewsDue(db, now, config.reviewPeriodDays)) },
    { name: 'review-policies', lockKey: 4, run: async (db, now) => {
      await runDeactivationPolicy(db, config, now);
      await runUnusedTokenPolicy(db, config, now);
    } },
    { name: 'outbox-retention', lockKey: 5, run: (db, now) => pruneOutbox(db, now) },
  ];
}
