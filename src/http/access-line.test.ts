// The access line is built by hand (logging.ts accessLine) for speed: it must say exactly what
// pino, with Warden's serialisers and redaction, says for the same request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { accessLine, loggerOptions } from './logging.ts';
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
