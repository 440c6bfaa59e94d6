// Per-client counters in fixed windows, per node: failed authentications (per minute) and reports
// of exposed tokens (per hour). Memory is bounded: stale windows are pruned, and when every tracked
// window is live the oldest go first.

const MAX_TRACKED = 100_000;

export class WindowLimiter {
  #limit: number;
  #windowMs: number;
  #windows = new Map<string, { start: number; count: number }>();

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Seconds to wait when the client is at the limit, else 0. */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.#windows.get(key);
    if (!w || now - w.start >= this.#windowMs || w.count < this.#limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.#windowMs - now) / 1000));
  }

  record(key: string, now = Date.now()): void {
    let w = this.#windows.get(key);
    if (!w || now - w.start >= this.#windowMs) {
      if (this.#windows.size >= MAX_TRACKED) this.#prune(now);
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    w.count += 1;
  }

  #prune(now: number): void {
    for (const [key, w] of this.#windows) if (now - w.start >= this.#windowMs) this.#windows.delete(key);
    while (this.#windows.size >= MAX_TRACKED) this.#windows.delete(this.#windows.keys().next().value!);
  }
}

/** Failed authentications per client IP and minute (WARDEN_AUTH_FAILURE_LIMIT). */
export class AuthFailureLimiter {
  #limiter: WindowLimiter;

  constructor(limitPerMinute: number) {
    this.#limiter = new WindowLimiter(limitPerMinute, 60_000);
  }

  retryAfter(ip: string, now = Date.now()): number {
    return this.#limiter.retryAfter(ip, now);
  }

  recordFailure(ip: string, now = Date.now()): void {
    this.#limiter.record(ip, now);
  }
}
