// The networks a narrowed token may be used from: IPv4 and IPv6 CIDRs, with IPv4-mapped IPv6
// client addresses (::ffff:192.0.2.1, what a dual-stack socket reports) matched as IPv4.
import net from 'node:net';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** A CIDR (`10.0.0.0/8`, `2001:db8::/32`) or a single address; null when it is neither. */
export function parseCidr(text: string): Cidr | null {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || !address) return null;
  const version = net.isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family };
}

/** The canonical text of a CIDR (the form stored and shown). */
export function formatCidr(c: Cidr): string {
  return `${c.address}/${c.prefix}`;
}

/** The networks as a BlockList, parsed once (a cached token keeps it). */
export function blockListOf(cidrs: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const text of cidrs) {
    const c = parseCidr(text);
    if (c) list.addSubnet(c.address, c.prefix, c.family);
  }
  return list;
}

const MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** Whether the client address lies in one of the networks. */
export function ipAllowed(cidrs: readonly string[], ip: string): boolean {
  return ipInNetworks(blockListOf(cidrs), ip);
}

/** Whether the client address lies in the parsed networks. */
export function ipInNetworks(list: net.BlockList, ip: string): boolean {
  const mapped = MAPPED.exec(ip);
  if (mapped && list.check(mapped[1], 'ipv4')) return true;
  const version = net.isIP(ip);
  if (version === 0) return false;
  return list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether every address of the network `inner` lies in one of `outer` (same family): a token
 * minted by a network-narrowed one may be narrowed further, never moved or widened. Aligned
 * blocks nest, so `inner` lies in an outer block when its prefix is at least as long and its
 * address lies in that block.
 */
export function networkWithin(inner: string, outer: readonly string[]): boolean {
  const c = parseCidr(inner);
  if (!c) return false;
  return outer.some((text) => {
    const o = parseCidr(text);
    if (!o || o.family !== c.family || c.prefix < o.prefix) return false;
    const block = new net.BlockList();
    block.addSubnet(o.address, o.prefix, o.family);
    return block.check(c.address, c.family);
  });
}
