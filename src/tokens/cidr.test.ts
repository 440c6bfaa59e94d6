import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCidr, ipAllowed, parseCidr } from './cidr.ts';

test('CIDRs parse for IPv4, IPv6 and single addresses; anything else is refused', () => {
  assert.equal(formatCidr(parseCidr('10.0.0.0/8')!), '10.0.0.0/8');
  assert.equal(formatCidr(parseCidr('192.0.2.7')!), '192.0.2.7/32');
  assert.equal(formatCidr(parseCidr('2001:db8::/32')!), '2001:db8::/32');
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0/8', 'example.com', '10.0.0.0/8/1', '', '10.0.0.0/-1', '10.0.0.0/ 8']) assert.equal(parseCidr(bad), null, bad);
});

test('a client address matches IPv4, IPv6 and IPv4-mapped IPv6 networks', () => {
  const cidrs = ['192.0.2.0/24', '2001:db8:1::/48'];
  assert.ok(ipAllowed(cidrs, '192.0.2.55'));
  assert.ok(!ipAllowed(cidrs, '192.0.3.1'));
  assert.ok(ipAllowed(cidrs, '::ffff:192.0.2.55'), 'an IPv4-mapped address counts as IPv4');
  assert.ok(!ipAllowed(cidrs, '::ffff:198.51.100.1'));
  assert.ok(ipAllowed(cidrs, '2001:db8:1:2::9'));
  assert.ok(!ipAllowed(cidrs, '2001:db8:2::1'));
  assert.ok(!ipAllowed(cidrs, 'not-an-ip'));
});
