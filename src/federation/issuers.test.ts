// The issuer key cache through the outbound guard: addresses refused by default, time and size
// bounds. Real HTTP servers on loopback; the guard resolves a name to them as DNS would.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOutbound, parseAllowList } from '../net/outbound.ts';
import { IssuerKeys, SubjectTokenRefused, issuerUrlProblem } from './issuers.ts';
import { ManualClock } from '../scheduler/clock.ts';
import { startIssuer } from '../../test/oidc-issuers.ts';

async function serve(handler: http.RequestListener): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('issuer keys', () => {
  it('refuses discovery at a private address by default, even behind a name', async () => {
    const clock = new ManualClock();
    const issuer = await startIssuer('github', clock);
    try {
      const port = new URL(issuer.issuer).port;
      const allow = parseAllowList('issuer.example');
      // The name is allowed for plain http but resolves to loopback, which the guard refuses: only the host list admits it.
      const refusedKeys = new IssuerKeys({ outbound: createOutbound({ allow: parseAllowList(''), resolve: async () => [{ address: '127.0.0.1', family: 4 }] }), allow, now: () => clock.now() });
      const token = await issuer.sign({ iss: `http://issuer.example:${port}` });
      await assert.rejects(refusedKeys.verify(token, `http://issuer.example:${port}`, ['warden']), (err: Error) => err instanceof SubjectTokenRefused && /loopback address/.test(err.message));
      assert.equal(issuer.hits.discovery, 0, 'no connection was made');
      // A literal private address is refused when the trust is configured.
      assert.match(issuerUrlProblem('https://10.1.2.3', parseAllowList(''), createOutbound({ allow: parseAllowList('') }))!, /private/);
      assert.match(issuerUrlProblem('http://issuer.example', parseAllowList(''), createOutbound({ allow: parseAllowList('') }))!, /https/);
      assert.equal(issuerUrlProblem('https://token.actions.githubusercontent.com', parseAllowList(''), createOutbound({ allow: parseAllowList('') })), null);
    } finally {
      await issuer.close();
    }
  });

  it('gives up on an issuer that does not answer, and on an oversized key set', async () => {
    const hang = await serve(() => { /* never answers */ });
    const big = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer: `http://127.0.0.1:${big.port}`, jwks_uri: `http://127.0.0.1:${big.port}/keys` }));
      else res.end(JSON.stringify({ keys: [{ kty: 'RSA', n: 'x'.repeat(400_000), e: 'AQAB' }] }));
    });
    try {
      const allow = parseAllowList('127.0.0.1/32');
      const keys = new IssuerKeys({ outbound: createOutbound({ allow }), allow, timeoutMs: 300 });
      const started = Date.now();
      await assert.rejects(keys.verify('eyJhbGciOiJSUzI1NiJ9.e30.x', `http://127.0.0.1:${hang.port}`, ['warden']), /did not answer/);
      assert.ok(Date.now() - started < 2000);
      await assert.rejects(keys.verify('eyJhbGciOiJSUzI1NiJ9.e30.x', `http://127.0.0.1:${big.port}`, ['warden']), /larger than/);
    } finally {
      await hang.close();
      await big.close();
    }
  });
});
