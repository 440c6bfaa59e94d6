// The one source of "now" for the decisions and jobs that depend on time (elevations ending,
// notices before expiry, retries): the server uses the system clock; tests drive a manual one
// instead of sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: number | string = Date.now()) {
    this.#ms = typeof start === 'string' ? Date.parse(start) : start;
  }
  now(): number {
    return this.#ms;
  }
  set(at: number | string): void {
    this.#ms = typeof at === 'string' ? Date.parse(at) : at;
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export const isoAt = (clock: Clock) => new Date(clock.now()).toISOString();
