// Which methods a path answers, for 405 Method Not Allowed with an Allow header (a PATCH on a
// resource that has only PUT is a wrong method, not a missing resource).

interface Entry {
  pattern: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  const parts = url.split('/').map((part) => {
    if (part === '*') return '.*';
    if (part.startsWith(':')) return '[^/]+';
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}

export class RouteMethods {
  #entries = new Map<string, Entry>();

  add(method: string | string[], url: string): void {
    // A console catch-all (GET /*) answers pages, not resources: it says nothing about methods.
    if (url === '/*' || url === '*') return;
    let entry = this.#entries.get(url);
    if (!entry) this.#entries.set(url, (entry = { pattern: patternOf(url), methods: new Set() }));
    for (const m of Array.isArray(method) ? method : [method]) entry.methods.add(m.toUpperCase());
  }

  /** Every registered route as [method, url] (tests generate their request tables from it). */
  routes(): [string, string][] {
    return [...this.#entries].flatMap(([url, entry]) => [...entry.methods].map((m): [string, string] => [m, url]));
  }

  /** The methods some route answers for this path, sorted; empty when no route matches it at all. */
  allowedFor(path: string): string[] {
    const methods = new Set<string>();
    for (const entry of this.#entries.values()) {
      if (entry.pattern.test(path)) for (const m of entry.methods) methods.add(m);
    }
    return [...methods].sort();
  }
}
