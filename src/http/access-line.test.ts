// The access line is built by hand (logging.ts accessLine) for speed: it must say exactly what
// pino, with Warden's serialisers and redaction, says for the same request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { accessLine, loggerOptions, redactUrl, redactUrlFully } from './logging.ts';
import { loadConfig } from '../config.ts';

function pinoLine(entry: Parameters<typeof accessLine>[0]): Record<string, unknown> {
  let out = '';
  const stream = new Writable({ write(chunk, _enc, cb) { out += chunk; cb(); } });
  const options = loggerOptions(loadConfig({ WARDEN_ENV: 'test' }), { stream }) as pino.LoggerOptions & { stream: NodeJS.WritableStream };
  const logger = pino(options, stream as unknown as pino.DestinationStream);
  const request = { method: entry.method, url: entry.url, clientAddress: entry.clientAddress };
  logger.child({ reqId: entry.id }).info({ req: request, res: { statusCode: entry.statusCode }, responseTime: entry.responseTime, ...(entry.user !== undefined ? { user: entry.user } : {}) }, 'request');
  return JSON.parse(out);
}

test('the hand-built access line is what pino writes for the same request (fields, order, redaction)', () => {
  const entries = [
    { id: 'r-1', method: 'GET', url: '/api/forward-auth?action=datastore.read&datastore_id=7', clientAddress: '127.0.0.1', statusCode: 200, responseTime: 0.123456, user: 42 },
    { id: 'f1b0c2c8-2c11-4e57-9a43-6b2f0e0b4a11', method: 'POST', url: '/api/tokens/wdn_pat_abcDEF123?token=x&q=%22quoted%22&name=J%C3%BCrgen', clientAddress: '::1', statusCode: 401, responseTime: 12, user: undefined },
    { id: 'x', method: 'GET', url: '/healthz?code=secret&state=s', clientAddress: undefined, statusCode: 404, responseTime: 0, user: undefined },
    { id: 'weird"id\\', method: 'DELETE', url: '/a b/"c"/\u00e9\u{1F600}', clientAddress: '10.0.0.1', statusCode: 503, responseTime: 3.5, user: 7 },
  ];
  for (const entry of entries) {
    const line = accessLine(entry);
    assert.ok(line.endsWith('}\n'), 'one line');
    assert.equal(line.indexOf('\n'), line.length - 1, 'no line break inside');
    const ours = JSON.parse(line) as Record<string, unknown>;
    const theirs = pinoLine(entry);
    assert.equal(typeof ours.time, 'number');
    assert.ok(Math.abs((ours.time as number) - (theirs.time as number)) < 5_000);
    delete ours.time;
    delete theirs.time;
    assert.deepEqual(ours, theirs, entry.url);
    assert.deepEqual(Object.keys(ours), Object.keys(theirs), 'the same order');
    assert.doesNotMatch(line, /wdn_pat_abc|secret/, 'tokens and secret parameters redacted');
  }
});

// redactUrl returns a URL unchanged, without the full redaction's decoding and splitting, when it
// cannot need redaction: it must agree with the full redaction on every URL, including the ones
// built to sit at the shortcut's edges.
test('the shortcut of redactUrl agrees with the full redaction (hand-picked and generated URLs)', () => {
  const edges = [
    '/api/forward-auth?action=datastore.read&datastore_id=7',
    '/api/forward-auth?action=datastore.read&datastore_id=7&Token=abc',
    '/api/x?CODE=1', '/api/x?State=2', '/api/x?client_SECRET=3', '/api/x?pass=1&password=2', '/api/x?sessionid=1', '/api/x?session=1',
    '/api/x?a=wdn_pat_abc', '/api/x?a=WDN_SVC_abc', '/api/wdn_pat_abc/x', '/api/x?a=wdn%5Fpat%5Fabc', '/api/wdn%5fpat%5fabc',
    '/api/x?to%6Ben=abc', '/api/x?t+oken=1', '/api/x?token', '/api/x?&&token=&', '/api/x?%', '/api/%E0%A4%A', '/api/x?a=%ZZ',
    '/api/\u017Ftate?\u017Ftate=1', '/api/x?\u212Aey=1', '/api/x?sta\u0307te=1', '/api/x?a=b#token=c', '/', '/?', '/api/x?=',
  ];
  for (const url of edges) assert.equal(redactUrl(url), redactUrlFully(url), url);
  // Generated: URLs from pieces that each matter to one of the rules, in random order.
  const pieces = ['/', '?', '&', '=', '+', '%', '%5F', '%5f', '%2B', '%25', '%7', 'wdn', 'WDN', '_', 'pat', 'svc', 'Pat', 'token', 'TOKEN', 'access_', 'id_', 'refresh_',
    'code', 'state', 'session', 'password', 'secret', 'client_', 'x', 'A1', 'api', '\u00e9', '\u017F', '\u212A', ' ', '"', '#', '.', 'd', 'e', 'o', 'k', 'n', 's', 't'];
  let seed = 24;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let shortcut = 0;
  for (let i = 0; i < 200_000; i++) {
    let url = '/api/';
    const n = 1 + Math.floor(random() * 12);
    for (let k = 0; k < n; k++) url += pieces[Math.floor(random() * pieces.length)];
    const full = redactUrlFully(url);
    assert.equal(redactUrl(url), full, url);
    if (full === url) shortcut++;
  }
  assert.ok(shortcut > 10_000, 'the generated URLs include many that need no redaction');
});
