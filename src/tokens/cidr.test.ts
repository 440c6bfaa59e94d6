import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCidr, ipAllowed, networkWithin, parseCidr } from './cidr.ts';

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

test('a network lies within others only when every address of it does (what a narrowed token may mint)', () => {
  const outer = ['10.0.0.0/8', '2001:db8::/32'];
  for (const inner of ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.3', '2001:db8:1::/48', '2001:db8::1']) assert.ok(networkWithin(inner, outer), inner);
  for (const wider of ['0.0.0.0/0', '10.0.0.0/7', '11.0.0.0/16', '2001:db8::/31', '2001:db9::/48', '::ffff:10.0.0.0/104', '::/0', 'nonsense']) assert.ok(!networkWithin(wider, outer), wider);
  assert.ok(networkWithin('10.1.2.3/32', ['10.1.2.3/8']), 'host bits in the outer network are masked');
});
