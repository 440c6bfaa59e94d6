// Scheduled work (expiry and review notices, ended elevations, review policies): every node runs
// the timer, and with PostgreSQL each job runs on one node at a time, inside a transaction that
// holds a transaction-scoped advisory lock (a node that dies releases it with its connection). On
// SQLite it runs in the one server process. Nothing is kept in memory: what a job has done is in
// the database (scheduled events carry a key that makes each happen once), so a restart, a second
// node or a second run adds nothing.
import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { transact, within } from '../db/transaction.ts';
import type { Clock } from './clock.ts';

/** First key of Warden's advisory locks ("WARD"); the second is the job's. */
const LOCK_SPACE = 0x57415244;

export interface Job {
  name: string;
  /** The advisory lock's second key: one per job, stable across releases. */
  lockKey: number;
  run(db: Db, nowMs: number): Promise<void>;
}

export interface SchedulerLog {
  error(obj: unknown, msg: string): void;
}

export class Scheduler {
  #db: Db;
  #clock: Clock;
  #intervalMs: number;
  #jobs: Job[];
  #log: SchedulerLog;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<string[]> | null = null;

  constructor(db: Db, clock: Clock, intervalSeconds: number, jobs: Job[], log: SchedulerLog) {
    this.#db = db;
    this.#clock = clock;
    this.#intervalMs = intervalSeconds * 1000;
    this.#jobs = jobs;
    this.#log = log;
  }

  start(): void {
    if (this.#intervalMs <= 0) return;
    this.#timer = setInterval(() => {
      this.tick().catch((err) => this.#log.error({ err }, 'scheduled work failed'));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => {});
  }

  /** Runs every job once (those another node is running are skipped); returns the names of the jobs this node ran. */
  tick(): Promise<string[]> {
    if (this.#running) return this.#running;
    this.#running = (async () => {
      const ran: string[] = [];
      try {
        for (const job of this.#jobs) {
          try {
            if (await this.#runLocked(job)) ran.push(job.name);
          } catch (err) {
            this.#log.error({ err, job: job.name }, 'a scheduled job failed; it runs again at the next tick');
          }
        }
      } finally {
        this.#running = null;
      }
      return ran;
    })();
    return this.#running;
  }

  async #runLocked(job: Job): Promise<boolean> {
    const nowMs = this.#clock.now();
    if (this.#db.dialect !== 'postgres') {
      await job.run(this.#db, nowMs);
      return true;
    }
    return transact(this.#db, async (trx) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${LOCK_SPACE}, ${job.lockKey}) as locked`.execute(trx);
      if (!rows[0].locked) return false;
      await job.run(within(this.#db, trx), nowMs);
      return true;
    });
  }
}
