import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyLine, prettyStream } from './pretty-log.ts';

test('a pino line reads as time, level, message and the other fields, nothing lost', () => {
  const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 2, 3, 4, 5, 678), pid: 1, hostname: 'h', msg: 'No active Admin yet', reqId: 'r-1', res: { statusCode: 200 } });
  assert.equal(prettyLine(line, false), '03:04:05.678 WARN  No active Admin yet reqId=r-1 res={"statusCode":200}\n');
  assert.ok(prettyLine(line, true).includes('\u001b['), 'coloured on a terminal');
  assert.equal(prettyLine('not json', false), 'not json\n');
});

test('the stream writes one pretty line per JSON line it is given', () => {
  let written = '';
  const out = { write: (s: string) => { written += s; return true; } } as unknown as NodeJS.WritableStream;
  prettyStream(out).write(`${JSON.stringify({ level: 30, time: 0, msg: 'a' })}\n${JSON.stringify({ level: 50, time: 0, msg: 'b' })}\n`);
  assert.equal(written, '00:00:00.000 INFO  a\n00:00:00.000 ERROR b\n');
});
