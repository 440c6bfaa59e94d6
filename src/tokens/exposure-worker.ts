// Revokes reported leaked tokens off the request path (tokens/service.ts reportExposed queues them
// in the database before the 202). A report wakes the worker of the node that took it after a short
// pause; a slow sweep, and one run at start, pick up what another node or a crash left queued.
import type { Db } from '../db/connection.ts';
import { revokeReported } from './service.ts';

/** How long after a report this node works off the queue: well within the promised second. */
export const EXPOSURE_DELAY_MS = 100;
/** How often the queue is looked at anyway (reports left by a node that died). */
export const EXPOSURE_SWEEP_MS = 30_000;

export class ExposureWorker {
  #db: Db;
  #wake: NodeJS.Timeout | null = null;
  #sweep: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;
  onError: (err: unknown) => void = () => {};

  constructor(db: Db) {
    this.#db = db;
  }

  start(): void {
    this.#stopped = false;
    this.#sweep = setInterval(() => void this.drain(), EXPOSURE_SWEEP_MS);
    this.#sweep.unref();
    void this.drain();
  }

  /** A report was queued: work the queue off shortly (once, however many reports come meanwhile). */
  reported(): void {
    if (this.#stopped || this.#wake) return;
    this.#wake = setTimeout(() => {
      this.#wake = null;
      void this.drain();
    }, EXPOSURE_DELAY_MS);
  }

  /** Works the queue off until it is empty; a call while it runs makes it look once more. */
  drain(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          while ((await revokeReported(this.#db)) > 0);
        } while (this.#again);
      } catch (err) {
        this.onError(err);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /** Stops the timers, then works off what is queued (reports acknowledged just before a shutdown). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#wake) clearTimeout(this.#wake);
    if (this.#sweep) clearInterval(this.#sweep);
    this.#wake = this.#sweep = null;
    await this.drain();
  }
}
