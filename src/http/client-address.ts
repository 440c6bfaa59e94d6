// Which address a request comes from. Everything that acts on "the client" — a narrowed token's
// allowed_cidrs, both rate limiters, the audit log, last use, the access log — reads this one value.
//
// Without trusted proxies it is the socket's peer. Behind proxies (WARDEN_TRUST_PROXY) it is the
// right-most X-Forwarded-For entry that is not one of those proxies: each proxy appends the address
// it was connected from, so the entries right of the first untrusted one were written by proxies we
// trust, and everything left of it by whoever that was — possibly the client itself, who may write
// anything. X-Real-IP and Forwarded (RFC 7239) are never read: a client can send them as easily.
//
// This is Warden's own rule rather than Fastify's trustProxy, whose meaning of `true` (believe the
// left-most entry, the client's) and of a hop count (since 5.12: believe nothing) are not ours.
import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import { blockListOf, ipInNetworks, parseCidr, formatCidr } from '../tokens/cidr.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The client's address under WARDEN_TRUST_PROXY (see src/http/client-address.ts); never request.ip. */
    clientAddress: string;
  }
}

/** Whom WARDEN_TRUST_PROXY says to believe. */
export type ProxyTrust =
  | { kind: 'none' }
  /**
   * Exactly this many proxies stand in front of Warden. `peers`: the addresses the nearest one
   * connects from (X-Forwarded-For from anyone else is ignored); null: anyone, so nothing may reach
   * Warden around the proxies.
   */
  | { kind: 'hops'; hops: number; peers: string[] | null }
  /** The proxies' addresses and networks, canonical (`127.0.0.0/8`, `10.1.2.3/32`). */
  | { kind: 'networks'; networks: string[] };

/** proxy-addr's names for common ranges, accepted as before. */
const NAMED_NETWORKS: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export const MAX_PROXY_HOPS = 10;

/**
 * Reads WARDEN_TRUST_PROXY. `true` means one proxy on this host (it connects from loopback, and the
 * entry it appends is the client, even a client on this host): the one meaning of "yes" that lets
 * no client choose its address. Throws an Error whose message says what is accepted; the caller
 * names the variable.
 */
export function parseProxyTrust(raw: string | undefined): ProxyTrust {
  const text = (raw ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return { kind: 'none' };
  if (text === 'true') return { kind: 'hops', hops: 1, peers: NAMED_NETWORKS.loopback };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_PROXY_HOPS) throw new Error(`a hop count must be between 0 and ${MAX_PROXY_HOPS}, got ${text}`);
    return { kind: 'hops', hops, peers: null };
  }
  const networks: string[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const named = NAMED_NETWORKS[part];
    if (named) {
      networks.push(...named);
      continue;
    }
    const cidr = parseCidr(part);
    if (!cidr) throw new Error(`"${part}" is not true, false, a hop count, an address, a CIDR, loopback, linklocal or uniquelocal`);
    if (cidr.prefix === 0) throw new Error(`"${part}" trusts every address, so any client could name its own: list the proxies' addresses`);
    networks.push(formatCidr(cidr));
  }
  if (networks.length === 0) return { kind: 'none' };
  return { kind: 'networks', networks: [...new Set(networks)] };
}

/** The trust rule, compiled once: is the address `hop` steps from Warden (0: the socket's peer) a trusted proxy? */
export type TrustedHop = (address: string, hop: number) => boolean;

export function trustedHop(trust: ProxyTrust): TrustedHop {
  if (trust.kind === 'none') return () => false;
  if (trust.kind === 'hops') {
    const hops = trust.hops;
    const peers = trust.peers === null ? null : blockListOf(trust.peers);
    return (address, hop) => hop < hops && (hop > 0 || peers === null || ipInNetworks(peers, address));
  }
  const list = blockListOf(trust.networks);
  return (address) => ipInNetworks(list, address);
}

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * One X-Forwarded-For entry as a plain address, or null when it is none. Ports (`192.0.2.1:5000`,
 * `[2001:db8::1]:443`, as some load balancers write them) are dropped; an IPv4-mapped IPv6 address
 * is its IPv4 one, so one client is one key whichever way its address was written.
 */
export function plainAddress(entry: string): string | null {
  let text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (net.isIP(text) === 0) return null;
  return MAPPED_IPV4.exec(text)?.[1] ?? text;
}

/**
 * The client's address: walk from the socket's peer leftwards through X-Forwarded-For while the
 * address at hand is a trusted proxy; the first one that is not is the client. An entry that is not
 * an address stops the walk at the proxy that passed it on.
 */
export function deriveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, isTrusted: TrustedHop): string {
  const socketPeer = peer === undefined ? '' : (plainAddress(peer) ?? peer);
  if (forwardedFor === undefined || !isTrusted(socketPeer, 0)) return socketPeer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  let current = socketPeer;
  for (let i = entries.length - 1, hop = 1; i >= 0; i--, hop++) {
    const next = plainAddress(entries[i]);
    if (next === null) return current;
    current = next;
    if (!isTrusted(current, hop)) return current;
  }
  // Every entry was a trusted proxy: the left-most is the nearest thing to a client there is.
  return current;
}

/** The client address of a raw request under a compiled trust rule. */
export function clientAddressOf(raw: IncomingMessage, isTrusted: TrustedHop): string {
  return deriveClientAddress(raw.socket?.remoteAddress, raw.headers['x-forwarded-for'], isTrusted);
}

/** What the start-up log says about it, in one line. */
export function describeProxyTrust(trust: ProxyTrust): string {
  if (trust.kind === 'none') return 'the client address is the connection\'s peer; X-Forwarded-For is ignored';
  if (trust.kind === 'hops') {
    const from = trust.peers === null ? '' : ` connecting from ${trust.peers.join(' or ')}`;
    return `the client address is X-Forwarded-For entry ${trust.hops} counted from the right (${trust.hops} trusted prox${trust.hops === 1 ? 'y' : 'ies'} in front${from})`;
  }
  return `the client address is the right-most X-Forwarded-For entry not in ${trust.networks.join(', ')}`;
}
