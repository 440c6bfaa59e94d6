// Limits failed authentications per client IP (fixed one-minute windows, per node).
// While a client is over the limit every authentication attempt from it gets 429,
// so a guesser cannot learn from the answer whether a guess was right.

const WINDOW_MS = 60_000;
const MAX_TRACKED = 100_000;

export class AuthFailureLimiter {
  #limit: number;
  #windows = new Map<string, { start: number; failures: number }>();

  constructor(limitPerMinute: number) {
    this.#limit = limitPerMinute;
  }

  /** Seconds to wait when the client is over the limit, else 0. */
  retryAfter(ip: string, now = Date.now()): number {
    const w = this.#windows.get(ip);
    if (!w || now - w.start >= WINDOW_MS || w.failures < this.#limit) return 0;
    return Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
  }

  recordFailure(ip: string, now = Date.now()): void {
    let w = this.#windows.get(ip);
    if (!w || now - w.start >= WINDOW_MS) {
      if (this.#windows.size >= MAX_TRACKED) this.#prune(now);
      w = { start: now, failures: 0 };
      this.#windows.set(ip, w);
    }
    w.failures += 1;
  }

  #prune(now: number): void {
    for (const [ip, w] of this.#windows) if (now - w.start >= WINDOW_MS) this.#windows.delete(ip);
    // Still full of live windows: drop the oldest rather than grow without bound.
    while (this.#windows.size >= MAX_TRACKED) this.#windows.delete(this.#windows.keys().next().value!);
  }
}
