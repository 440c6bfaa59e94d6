import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBody } from './json-body.ts';

test('a NUL anywhere in a JSON body is refused with the path where it stands', () => {
  for (const [text, path] of [
    ['{"name": "a\\u0000b"}', 'name'],
    ['{"members": [{"value": "1"}, {"display": "\\u0000"}]}', 'members.1.display'],
    ['{"a\\u0000": 1}', 'a\u0000'],
    ['"\\u0000"', 'body'],
  ] as const) {
    assert.throws(() => parseJsonBody(text), (e: { status: number; errors: { path: string }[] }) => e.status === 422 && e.errors[0].path === path, text);
  }
});

test('the text \\u0000 (an escaped backslash) is not a NUL, and ordinary bodies parse as JSON', () => {
  assert.deepEqual(parseJsonBody('{"name": "C:\\\\u0000"}'), { name: 'C:\\u0000' });
  assert.deepEqual(parseJsonBody('{"a": [1, null, true]}'), { a: [1, null, true] });
  assert.throws(() => parseJsonBody('{"a": '), SyntaxError);
});
