// The one guard for every connection Warden makes on an Admin's say-so (webhook receivers now, an
// OpenID issuer's discovery and keys later): no connection to loopback, link-local, private,
// unique-local, CGNAT, unspecified, multicast or reserved addresses — nor to IPv4-mapped, NAT64,
// 6to4 or IPv4-compatible spellings of them — unless WARDEN_OUTBOUND_ALLOW_NETWORKS allows it.
//
// Two checks, one rule:
// - at configuration, `checkUrl` refuses a URL whose host is such an address literal (the WHATWG
//   parser has already turned 2130706433, 0x7f000001, 0177.0.0.1 and 127.1 into 127.0.0.1) or
//   `localhost`; a name is not resolved then (what it resolves to may change);
// - at each connection, `fetch` resolves the name itself, checks every address, and connects to the
//   address it checked (the socket's `lookup` is this check), so a name that resolves to a public
//   address when saved and to 127.0.0.1 later (DNS rebinding) is refused. Redirects are never followed.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';

// ---- Addresses ----------------------------------------------------------------------------------

/** An address as 4 (IPv4) or 16 (IPv6) bytes, or null when `s` is not an address literal. */
export function addressBytes(s: string): number[] | null {
  const text = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  const family = net.isIP(text.replace(/%.*$/, ''));
  if (family === 4) return text.split('.').map(Number);
  if (family !== 6) return null;
  let body = text.replace(/%.*$/, '').toLowerCase();
  // An embedded dotted IPv4 tail (::ffff:127.0.0.1) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number);
    body = body.slice(0, -tail[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = body.includes('::') ? body.split('::') : [body, null];
  const groups = (g: string) => (g === '' ? [] : g.split(':').map((x) => parseInt(x, 16)));
  const left = groups(head);
  const right = rest === null ? [] : groups(rest);
  const all = rest === null ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

interface Range {
  bytes: number[];
  bits: number;
}

function parseRange(cidr: string): Range | null {
  const [addr, len, extra] = cidr.split('/');
  if (extra !== undefined) return null;
  const bytes = addressBytes(addr);
  if (!bytes) return null;
  const max = bytes.length * 8;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return null;
  const bits = len === undefined ? max : Number(len);
  return bits <= max ? { bytes, bits } : null;
}

function inRange(bytes: number[], range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let i = 0; i < range.bits; i++) {
    const bit = (b: number[]) => (b[i >> 3] >> (7 - (i & 7))) & 1;
    if (bit(bytes) !== bit(range.bytes)) return false;
  }
  return true;
}

const ranges = (label: string, cidrs: string[]) => cidrs.map((c) => ({ label, range: parseRange(c)! }));

/** Where Warden does not connect by default, with the name a refusal gives. */
const REFUSED: { label: string; range: Range }[] = [
  ...ranges('unspecified', ['0.0.0.0/8', '::/128']),
  ...ranges('loopback', ['127.0.0.0/8', '::1/128']),
  ...ranges('private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
  ...ranges('shared (CGNAT)', ['100.64.0.0/10']),
  ...ranges('link-local', ['169.254.0.0/16', 'fe80::/10']),
  ...ranges('unique-local', ['fc00::/7', 'fec0::/10']),
  ...ranges('multicast', ['224.0.0.0/4', 'ff00::/8']),
  ...ranges('reserved', [
    '192.0.0.0/24', '192.0.2.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4',
    '100::/64', '2001::/32', '2001:db8::/32', '64:ff9b:1::/48',
  ]),
];

/** IPv6 forms that carry an IPv4 address: judged by that address. */
const EMBEDDING: { range: Range; at: number }[] = [
  { range: parseRange('::ffff:0:0/96')!, at: 12 }, // IPv4-mapped
  { range: parseRange('64:ff9b::/96')!, at: 12 }, // NAT64
  { range: parseRange('2002::/16')!, at: 2 }, // 6to4
  { range: parseRange('::/96')!, at: 12 }, // IPv4-compatible (deprecated)
];

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, compatible), or the address itself. */
function effectiveBytes(bytes: number[]): number[] {
  if (bytes.length === 16) {
    for (const e of EMBEDDING) if (inRange(bytes, e.range)) return bytes.slice(e.at, e.at + 4);
  }
  return bytes;
}

/** Why Warden does not connect to `address` by default ('loopback', 'private', …), or null when it does. */
export function refusalOf(address: string): string | null {
  const bytes = addressBytes(address);
  if (!bytes) return 'not an address';
  const direct = REFUSED.find((r) => inRange(bytes, r.range));
  if (direct) return direct.label;
  const effective = effectiveBytes(bytes);
  const hit = effective === bytes ? undefined : REFUSED.find((r) => inRange(effective, r.range));
  return hit ? `${hit.label} (IPv4 in IPv6)` : null;
}

// ---- The allow list (WARDEN_OUTBOUND_ALLOW_NETWORKS) ---------------------------------------------

export interface AllowList {
  ranges: Range[];
  /** Exact host names, and suffixes (from `*.example.com`) starting with a dot. */
  hosts: string[];
}

const HOST_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses comma-separated CIDRs, addresses and host names (`*.corp.example` for every name under
 * it). Throws an Error naming the first entry that is none of these.
 */
export function parseAllowList(raw: string): AllowList {
  const list: AllowList = { ranges: [], hosts: [] };
  for (const part of raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const range = parseRange(part);
    if (range) {
      // An IPv4-mapped entry means its IPv4 network.
      list.ranges.push(range.bytes.length === 16 && range.bits >= 96 && effectiveBytes(range.bytes) !== range.bytes ? { bytes: effectiveBytes(range.bytes), bits: range.bits - 96 } : range);
    } else if (HOST_NAME.test(part) && !/^[\d.]+$/.test(part)) {
      list.hosts.push(part.startsWith('*.') ? part.slice(1) : part);
    } else {
      throw new Error(`"${part}" is neither a CIDR (10.20.0.0/16, fd00::/8), an address nor a host name (hooks.corp.example, *.corp.example)`);
    }
  }
  return list;
}

function hostAllowed(list: AllowList, hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return list.hosts.some((e) => (e.startsWith('.') ? h.endsWith(e) : h === e));
}

/** Whether the allow list names this host or address (an OpenID issuer there may use plain http). */
export function allowListed(list: AllowList, host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return hostAllowed(list, h) || addressAllowed(list, h);
}

function addressAllowed(list: AllowList, address: string): boolean {
  const bytes = addressBytes(address);
  if (!bytes) return false;
  const effective = effectiveBytes(bytes);
  return list.ranges.some((r) => inRange(bytes, r) || inRange(effective, r));
}

// ---- Showing a URL ------------------------------------------------------------------------------

/** Query parameters whose values look like secrets (token=, api_key=, sig=, …). */
const SECRET_PARAM = /(token|secret|key|pass|pwd|sig|auth|credential|session|code|bearer)/i;

/**
 * The URL with its credentials and secret-looking query values replaced by `***`, for the audit
 * log, events and server logs (the Admin's own view of a webhook still shows it whole).
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '(not a URL)';
  }
  if (url.username) url.username = '***';
  if (url.password) url.password = '***';
  const names = [...new Set(url.searchParams.keys())];
  for (const name of names) if (SECRET_PARAM.test(name)) url.searchParams.set(name, '***');
  return url.toString();
}

// ---- Refusals and failures ----------------------------------------------------------------------

/** A connection Warden would not make: nothing was sent. `message` names the kind of address, not the address. */
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

/** A connection that failed (resolution, connect, TLS, timeout, reset): `detail` is for the server log only. */
export class OutboundFailed extends Error {
  detail: string;
  constructor(detail: string, options?: { cause?: unknown }) {
    super('could not connect', options);
    this.name = 'OutboundFailed';
    this.detail = detail;
  }
}

const ALLOW_HINT = 'WARDEN_OUTBOUND_ALLOW_NETWORKS allows it';

function refusedAddress(label: string): OutboundRefused {
  return new OutboundRefused(`refused: ${label} address (Warden connects there only if ${ALLOW_HINT}); no connection was made`);
}

// ---- The guard ----------------------------------------------------------------------------------

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** What `fetch` accepts: a subset of the standard RequestInit. */
export interface OutboundInit {
  method?: string;
  headers?: Record<string, string> | Headers | [string, string][];
  body?: string | Uint8Array | ArrayBuffer | URLSearchParams | null;
  signal?: AbortSignal | null;
  /** Redirects are never followed: a 3xx is answered as it is. */
  redirect?: 'manual' | 'error' | 'follow';
}

export interface Outbound {
  /** At configuration: the URL, normalised, or an error saying why it is refused (a literal address, localhost, not http(s)). */
  checkUrl(raw: string): { url: URL } | { error: string };
  /** A fetch that connects only where the guard allows; refusals reject with OutboundRefused, failures with OutboundFailed. */
  fetch(input: string | URL, init?: OutboundInit): Promise<Response>;
}

export interface OutboundOptions {
  /** WARDEN_OUTBOUND_ALLOW_NETWORKS, parsed. */
  allow: AllowList;
  /** Resolves names (tests give their own; default: the system resolver, as every other program). */
  resolve?: Resolver;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function createOutbound(options: OutboundOptions): Outbound {
  const { allow } = options;
  const resolve = options.resolve ?? systemResolver;

  /** Why a connection to `address` for `hostname` is refused, or null. */
  const refusal = (hostname: string, address: string): string | null => {
    if (hostAllowed(allow, hostname) || addressAllowed(allow, address)) return null;
    return refusalOf(address);
  };

  /** The socket's lookup: resolve, check every address, hand over only checked ones. */
  const lookup = (hostname: string, opts: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    resolve(hostname).then((found) => {
      const wanted = opts.family === 4 || opts.family === 6 ? found.filter((a) => a.family === opts.family) : found;
      if (wanted.length === 0) return callback(new OutboundFailed(`${hostname} has no address`), '');
      // One refused address refuses the name: a receiver's name should not mix public and private addresses.
      for (const a of wanted) {
        const why = refusal(hostname, a.address);
        if (why) return callback(refusedAddress(why), '');
      }
      if (opts.all) callback(null, wanted);
      else callback(null, wanted[0].address, wanted[0].family);
    }, (err: Error) => callback(new OutboundFailed(`cannot resolve ${hostname}: ${err.message}`, { cause: err }), ''));
  };

  const checkUrl = (raw: string): { url: URL } | { error: string } => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { error: 'not a URL' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'it must use https (or http)' };
    const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
    if (hostAllowed(allow, host)) return { url };
    if (addressBytes(host)) {
      const why = refusal(host, host);
      return why ? { error: `it names a ${why} address, where Warden connects only if ${ALLOW_HINT}` } : { url };
    }
    if (host === 'localhost' || host.endsWith('.localhost')) return { error: `it names a loopback host, where Warden connects only if ${ALLOW_HINT}` };
    return { url };
  };

  const guardedFetch = (input: string | URL, init: OutboundInit = {}): Promise<Response> => new Promise((resolvePromise, reject) => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return reject(new OutboundFailed(`not a URL`));
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return reject(new OutboundRefused('refused: only http and https URLs; no connection was made'));
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal address never goes through lookup: check it here.
    if (addressBytes(host)) {
      const why = refusal(host, host);
      if (why) return reject(refusedAddress(why));
    }
    const headers = new Headers(init.headers ?? {});
    let body: Buffer | null = null;
    if (init.body instanceof URLSearchParams) {
      body = Buffer.from(init.body.toString());
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    } else if (typeof init.body === 'string') body = Buffer.from(init.body);
    else if (init.body instanceof ArrayBuffer) body = Buffer.from(init.body);
    else if (init.body) body = Buffer.from(init.body.buffer, init.body.byteOffset, init.body.byteLength);
    if (body) headers.set('content-length', String(body.length));
    const outgoing: Record<string, string> = {};
    headers.forEach((v, k) => (outgoing[k] = v));

    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: init.method ?? 'GET',
      headers: outgoing,
      lookup: lookup as unknown as net.LookupFunction,
      agent: false,
      signal: init.signal ?? undefined,
    });
    req.on('error', (err) => reject(err instanceof OutboundRefused || err instanceof OutboundFailed ? err : new OutboundFailed(err.message || err.name, { cause: err })));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 599) {
        res.destroy();
        return reject(new OutboundFailed(`unusable status ${status}`));
      }
      const responseHeaders = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) responseHeaders.append(k, one);
      }
      const stream = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (!stream) res.resume();
      resolvePromise(new Response(stream, { status, statusText: res.statusMessage, headers: responseHeaders }));
    });
    req.end(body ?? undefined);
  });

  return { checkUrl, fetch: guardedFetch };
}
