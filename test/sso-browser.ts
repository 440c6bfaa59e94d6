// A cookie-jar browser just capable enough for the SSO flows: host-scoped cookies, redirects,
// hidden form fields. Shared by the SSO end-to-end tests.
import assert from 'node:assert/strict';
import { freePort } from './ports.ts';
export { freePort };


export interface Cookie { name: string; value: string; path: string; host: string; httpOnly: boolean; sameSite: string | null; secure: boolean; maxAge: number | null }

export interface Page { status: number; url: string; headers: Headers; text: string; json: any }

/** Just enough of a browser: host-scoped cookies (ports share cookies, as in browsers), redirects. */
export class Browser {
  cookies = new Map<string, Cookie>();

  cookieFor(host: string, name: string): Cookie | undefined {
    return [...this.cookies.values()].find((c) => c.host === host && c.name === name);
  }

  #store(url: URL, headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const c: Cookie = { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), path: '/', host: url.hostname, httpOnly: false, sameSite: null, secure: false, maxAge: null };
      let expired = false;
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const key = k.toLowerCase();
        if (key === 'path') c.path = v;
        if (key === 'httponly') c.httpOnly = true;
        if (key === 'secure') c.secure = true;
        if (key === 'samesite') c.sameSite = v;
        if (key === 'max-age') { c.maxAge = Number(v); if (Number(v) <= 0) expired = true; }
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const key = `${c.host} ${c.name} ${c.path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, c);
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()].filter((c) => c.host === url.hostname && url.pathname.startsWith(c.path)).map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
  }

  /** One request, no redirect following. */
  async request(url: string, init: { method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {}): Promise<Page> {
    const u = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html,application/json', ...init.headers };
    const cookie = this.header(u);
    if (cookie) headers.cookie = cookie;
    const res = await fetch(u, { method: init.method ?? 'GET', body: init.body, headers, redirect: 'manual' });
    this.#store(u, res.headers);
    const text = await res.text();
    let json: any;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, url: u.href, headers: res.headers, text, json };
  }

  /** Follows redirects; `stopAt` returns the URL instead of requesting it. */
  async go(url: string, init: { method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {}, stopAt?: (u: URL) => boolean): Promise<Page & { stoppedAt?: string }> {
    let page = await this.request(url, init);
    for (let i = 0; i < 20 && page.status >= 300 && page.status < 400; i++) {
      const next = new URL(page.headers.get('location')!, page.url);
      if (stopAt?.(next)) return { ...page, stoppedAt: next.href };
      page = await this.request(next.href);
    }
    return page;
  }

  csrf(host = '127.0.0.1'): string {
    return this.cookieFor(host, 'warden_csrf')?.value ?? '';
  }
}

export const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");

export function formOf(page: Page): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(action, `a form on ${page.url}: ${page.text.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]] = unescape(m[2]);
  return { action: new URL(unescape(action), page.url).href, fields };
}
