// The SCIM filter parser on its own: the RFC 7644 §3.4.2.2 grammar, the directory quirks it keeps,
// errors a person can act on, and time linear in the filter's length on adversarial inputs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FILTER_LIMITS, parseFilter, type Filter } from './filter-parser.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const eq = (attrPath: string, compValue: string | number | boolean | null): Filter => ({ op: 'eq', attrPath, compValue });
const pr = (attrPath: string): Filter => ({ op: 'pr', attrPath });

/** The detail of the 400 invalidFilter a filter is refused with. */
function refusal(text: string, options?: Parameters<typeof parseFilter>[1]): string {
  try {
    parseFilter(text, options);
  } catch (err) {
    const e = err as { status?: number; scimType?: string; message: string };
    assert.equal(e.status, 400, `${text}: ${e.message}`);
    assert.equal(e.scimType, 'invalidFilter', text);
    return e.message;
  }
  assert.fail(`${JSON.stringify(text.slice(0, 80))} was accepted`);
}

/** Milliseconds one call takes (the least of a few runs: the machine is shared, a parse is not). */
function timeOf(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    try {
      fn();
    } catch {
      // refusals are timed too
    }
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('SCIM filter grammar', () => {
  test('every comparison operator, in any case, and pr', () => {
    for (const op of ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']) {
      assert.deepEqual(parseFilter(`userName ${op} "a"`), { op, attrPath: 'userName', compValue: 'a' });
      assert.deepEqual(parseFilter(`userName ${op.toUpperCase()} "a"`), { op, attrPath: 'userName', compValue: 'a' });
      assert.deepEqual(parseFilter(`userName ${op[0].toUpperCase()}${op[1]} "a"`), { op, attrPath: 'userName', compValue: 'a' });
    }
    assert.deepEqual(parseFilter('title pr'), pr('title'));
    assert.deepEqual(parseFilter('title PR'), pr('title'));
  });

  test('values: JSON strings, numbers, true/false/null in any case', () => {
    assert.deepEqual(parseFilter('x eq ""'), eq('x', ''));
    assert.deepEqual(parseFilter('x eq 42'), eq('x', 42));
    assert.deepEqual(parseFilter('x eq -0.5'), eq('x', -0.5));
    assert.deepEqual(parseFilter('x eq 1.5e3'), eq('x', 1500));
    assert.deepEqual(parseFilter('x eq 2E-2'), eq('x', 0.02));
    for (const t of ['true', 'True', 'TRUE']) assert.deepEqual(parseFilter(`active eq ${t}`), eq('active', true));
    for (const f of ['false', 'False', 'FALSE']) assert.deepEqual(parseFilter(`active eq ${f}`), eq('active', false));
    for (const n of ['null', 'Null', 'NULL']) assert.deepEqual(parseFilter(`title eq ${n}`), eq('title', null));
    // "true" in quotes stays a string
    assert.deepEqual(parseFilter('x eq "true"'), eq('x', 'true'));
  });

  test('escapes in strings are JSON escapes', () => {
    assert.deepEqual(parseFilter('x eq "a\\"b"'), eq('x', 'a"b'));
    assert.deepEqual(parseFilter('x eq "back\\\\slash"'), eq('x', 'back\\slash'));
    assert.deepEqual(parseFilter('x eq "\\/\\b\\f\\n\\r\\t"'), eq('x', '/\b\f\n\r\t'));
    assert.deepEqual(parseFilter('x eq "caf\\u00e9 \\uD83D\\uDE00"'), eq('x', 'café 😀'));
    assert.deepEqual(parseFilter('x eq "ends with a backslash\\\\"'), eq('x', 'ends with a backslash\\'));
    // brackets, parentheses and keywords inside strings are text
    assert.deepEqual(parseFilter('x eq "a] and (b or not c["'), eq('x', 'a] and (b or not c['));
    // non-ASCII text as is
    assert.deepEqual(parseFilter('displayName eq "Zoë 山田"'), eq('displayName', 'Zoë 山田'));
  });

  test('attribute paths: sub-attributes, schema URN prefixes, names as written', () => {
    assert.deepEqual(parseFilter('name.familyName eq "x"'), eq('name.familyName', 'x'));
    assert.deepEqual(parseFilter(`${CORE}:userName eq "x"`), eq(`${CORE}:userName`, 'x'));
    assert.deepEqual(parseFilter(`${CORE}:name.givenName sw "x"`), { op: 'sw', attrPath: `${CORE}:name.givenName`, compValue: 'x' });
    assert.deepEqual(parseFilter(`${ENTERPRISE}:employeeNumber pr`), pr(`${ENTERPRISE}:employeeNumber`));
    assert.deepEqual(parseFilter('USERNAME Eq "x"'), eq('USERNAME', 'x'));
    assert.deepEqual(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"'), { op: 'gt', attrPath: 'meta.lastModified', compValue: '2011-05-13T04:42:34Z' });
  });

  test('precedence: not binds tighter than and, and tighter than or; chains are flat', () => {
    assert.deepEqual(parseFilter('a pr or b pr and c pr'), { op: 'or', filters: [pr('a'), { op: 'and', filters: [pr('b'), pr('c')] }] });
    assert.deepEqual(parseFilter('a pr and b pr or c pr'), { op: 'or', filters: [{ op: 'and', filters: [pr('a'), pr('b')] }, pr('c')] });
    assert.deepEqual(parseFilter('a pr and b pr and c pr'), { op: 'and', filters: [pr('a'), pr('b'), pr('c')] });
    assert.deepEqual(parseFilter('a pr or b pr or c pr'), { op: 'or', filters: [pr('a'), pr('b'), pr('c')] });
    assert.deepEqual(parseFilter('not (a pr) and b pr'), { op: 'and', filters: [{ op: 'not', filter: pr('a') }, pr('b')] });
    assert.deepEqual(parseFilter('b pr or not (a pr)'), { op: 'or', filters: [pr('b'), { op: 'not', filter: pr('a') }] });
    // without parentheses too (the previous parser accepted it)
    assert.deepEqual(parseFilter('not a pr and b pr'), { op: 'and', filters: [{ op: 'not', filter: pr('a') }, pr('b')] });
    assert.deepEqual(parseFilter('NOT (a pr OR b pr)'), { op: 'not', filter: { op: 'or', filters: [pr('a'), pr('b')] } });
    assert.deepEqual(parseFilter('a pr AND b pr Or c pr'), { op: 'or', filters: [{ op: 'and', filters: [pr('a'), pr('b')] }, pr('c')] });
  });

  test('parentheses group', () => {
    assert.deepEqual(parseFilter('(a pr or b pr) and c pr'), { op: 'and', filters: [{ op: 'or', filters: [pr('a'), pr('b')] }, pr('c')] });
    assert.deepEqual(parseFilter('a pr and (b pr or c pr)'), { op: 'and', filters: [pr('a'), { op: 'or', filters: [pr('b'), pr('c')] }] });
    assert.deepEqual(parseFilter('((a pr))'), pr('a'));
    assert.deepEqual(parseFilter('  ( a pr )  '), pr('a'));
    assert.deepEqual(parseFilter('(a pr)and(b pr)'), { op: 'and', filters: [pr('a'), pr('b')] });
  });

  test('value paths, and a value path with a sub-attribute is one condition on one element', () => {
    assert.deepEqual(parseFilter('emails[type eq "work"]'), { op: '[]', attrPath: 'emails', valFilter: eq('type', 'work') });
    assert.deepEqual(parseFilter('emails[type eq "work" and value co "@example.com"]'), {
      op: '[]', attrPath: 'emails', valFilter: { op: 'and', filters: [eq('type', 'work'), { op: 'co', attrPath: 'value', compValue: '@example.com' }] },
    });
    assert.deepEqual(parseFilter('emails[not (primary eq true)]'), { op: '[]', attrPath: 'emails', valFilter: { op: 'not', filter: eq('primary', true) } });
    // Entra ID: emails[type eq "work"].value eq "x" is emails[(type eq "work") and value eq "x"]
    assert.deepEqual(parseFilter('emails[type eq "work"].value eq "a@x"'), {
      op: '[]', attrPath: 'emails', valFilter: { op: 'and', filters: [eq('type', 'work'), eq('value', 'a@x')] },
    });
    assert.deepEqual(parseFilter('emails[type eq "work" or type eq "home"].value pr and userName sw "a"'), {
      op: 'and',
      filters: [
        { op: '[]', attrPath: 'emails', valFilter: { op: 'and', filters: [{ op: 'or', filters: [eq('type', 'work'), eq('type', 'home')] }, pr('value')] } },
        { op: 'sw', attrPath: 'userName', compValue: 'a' },
      ],
    });
    assert.deepEqual(parseFilter('userName eq "a" and emails[type eq "work"]'), {
      op: 'and', filters: [eq('userName', 'a'), { op: '[]', attrPath: 'emails', valFilter: eq('type', 'work') }],
    });
    assert.deepEqual(parseFilter(`${CORE}:emails[type eq "work"]`), { op: '[]', attrPath: `${CORE}:emails`, valFilter: eq('type', 'work') });
  });
});

describe('SCIM filter errors say what was expected where', () => {
  const cases: [string, RegExp][] = [
    ['userName eq', /^Expected a value after "eq" at position 12 \(a quoted string such as "abc", a number, true, false or null\), found the end of the filter$/],
    ['userName eq bjensen', /^Expected a value after "eq" at position 13 .*found "bjensen"$/],
    ['userName equals "a"', /^Expected an operator \(eq, ne, co, sw, ew, gt, lt, ge, le or pr\) after "userName" at position 10, found "equals"$/],
    ['userName', /^Expected an operator .* after "userName" at position 9, found the end of the filter$/],
    ['(userName eq "a"', /^Expected "and", "or" or "\)" to close the "\(" at position 1; found the end of the filter at position 17$/],
    ['emails[type eq "work"', /^Expected "and", "or" or "]" to close the "\[" at position 7; found the end of the filter at position 22$/],
    ['userName eq "a")', /^There is a "\)" at position 16 without a "\(" before it$/],
    ['userName eq "a" title pr', /^Expected "and", "or" or the end of the filter at position 17, found "title"$/],
    ['userName eq "a" and', /^Expected a condition \(such as userName eq "abc"\), "\(" or "not" at position 20, found the end of the filter$/],
    ['and userName pr', /^Expected a condition .* at position 1, found "and"$/],
    ['userName eq "abc', /^The string that starts at position 13 is not closed: a closing " is missing$/],
    ['userName eq "a\nb"', /^The string that starts at position 13 contains a line break at position 15: close the string with " before it, or write the character as an escape/],
    ['userName eq "a\\qb"', /^Unknown escape "\\q" at position 15; a string may use/],
    ['userName eq "a\\u12G4"', /^Expected four hexadecimal digits after \\u at position 15$/],
    ['userName eq "a\\u0000"', /NUL character/],
    ['meta.created gt 2015-10-10T14:38:21Z', /^"2015-10-10T14:38:21Z" at position 17 is neither a number nor an attribute name \(strings must be quoted\)$/],
    ['x eq 1e999', /^The number at position 6 is too large$/],
    ['userName eq "a" & title pr', /^Unexpected character "&" at position 17$/],
    ['name.givenName.first pr', /^"name.givenName.first" at position 1 is not an attribute name/],
    [`${CORE}: eq "x"`, /^Expected an attribute name after the schema/],
    ['emails[type eq "work"]."value" eq "x"', /^Expected a sub-attribute name after "emails"\[…\]\. at position 24, found the string "value"$/],
    ['', /^The filter is empty$/],
    ['   ', /^The filter is empty$/],
  ];
  for (const [text, expected] of cases) {
    test(JSON.stringify(text), () => {
      assert.match(refusal(text), expected);
    });
  }

  test('no message leaks parser internals or echoes a long filter', () => {
    const long = `userName eq "${'x'.repeat(3000)}" zzz`;
    const message = refusal(long);
    assert.ok(message.length < 200, message);
    for (const bad of ['userName eq', 'userName eq "', '((', 'a pr or', 'x eq [', long]) {
      assert.doesNotMatch(refusal(bad), /EOT|is not json|undefined|\[object|Token|Error:/, bad);
    }
  });

  test('positions can count from an offset (a filter inside a PATCH path)', () => {
    assert.match(refusal('value eq', { offset: 7 }), /at position 16 /);
  });
});

describe('SCIM filter caps', () => {
  test('the caps are documented values', () => {
    assert.deepEqual({ ...FILTER_LIMITS }, { maxLength: 4096, maxDepth: 32, maxTerms: 200 });
  });

  test('length: 4096 characters pass, 4097 are refused before parsing', () => {
    const ok = `userName eq "${'x'.repeat(4096 - 15)}"`;
    assert.equal(ok.length, 4096 - 1);
    assert.equal((parseFilter(ok) as { compValue: string }).compValue.length, 4096 - 15);
    // an unparseable text beyond the cap is refused for its length, not its syntax
    assert.equal(refusal('('.repeat(4097)), 'The filter is 4097 characters long; at most 4096 are accepted');
  });

  test('depth: 32 levels of parentheses pass, 33 are refused; "[" and "not" count too', () => {
    assert.deepEqual(parseFilter(`${'('.repeat(32)}a pr${')'.repeat(32)}`), pr('a'));
    assert.match(refusal(`${'('.repeat(33)}a pr${')'.repeat(33)}`), /^The filter nests "\(", "\[" and "not" more than 32 levels deep \(at position 33\)$/);
    assert.match(refusal(`${'not '.repeat(33)}a pr`), /more than 32 levels deep/);
    assert.match(refusal(`emails[${'('.repeat(32)}value pr${')'.repeat(32)}]`), /more than 32 levels deep/);
    assert.ok(parseFilter(`emails[${'('.repeat(31)}value pr${')'.repeat(31)}]`));
  });

  test('conditions: 200 pass, 201 are refused', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `a${i} pr`).join(' or ');
    assert.equal((parseFilter(chain(200)) as { filters: Filter[] }).filters.length, 200);
    assert.match(refusal(chain(201)), /^The filter has more than 200 conditions \(at position \d+\); split the query$/);
    // the sub-attribute condition after a value path counts
    const withValuePath = `${Array.from({ length: 199 }, () => 'a pr').join(' and ')} and emails[type eq "work"].value pr`;
    assert.match(refusal(withValuePath), /more than 200 conditions/);
  });

  test('limits can be set per call', () => {
    assert.match(refusal('a pr and b pr', { limits: { maxTerms: 1 } }), /more than 1 conditions/);
    assert.match(refusal('(a pr)', { limits: { maxDepth: 0 } }), /more than 0 levels/);
    assert.match(refusal('a pr', { limits: { maxLength: 3 } }), /4 characters long; at most 3/);
  });
});

describe('SCIM filters in linear time (adversarial inputs, each well under 50 ms)', () => {
  const BUDGET_MS = 50;
  // the caps lifted, to show that the scanner and parser themselves are linear
  const uncapped = { limits: { maxLength: Infinity } };
  const cases: [string, string, RegExp, typeof uncapped | undefined][] = [
    // the filter that froze the server: 28 newlines took seconds, each more ×1.7
    ['the reported filter: an open string and 28 newlines', `userName eq "${'\n'.repeat(28)}`, /contains a line break/, undefined],
    ['an open string of 4,000 newlines (within the length cap)', `userName eq "${'\n'.repeat(4000)}`, /contains a line break/, undefined],
    ['an open string of 10,000 newlines', `userName eq "${'\n'.repeat(10_000)}`, /contains a line break/, uncapped],
    ['10,000 quotes', `userName eq ${'"'.repeat(10_000)}`, /Expected "and", "or" or the end of the filter/, uncapped],
    ['an open string of 10,000 backslashes', `userName eq "${'\\'.repeat(10_000)}`, /is not closed/, uncapped],
    ['an open string of 10,001 backslashes', `userName eq "${'\\'.repeat(10_001)}`, /ends inside an escape/, uncapped],
    ['an open string of 10,000 escaped quotes', `userName eq "${'\\"'.repeat(10_000)}`, /is not closed/, uncapped],
    ['10,000 quotes each followed by a newline', `userName eq "${'"\n'.repeat(10_000)}`, /contains a line break/, uncapped],
    ['1,000-deep parentheses', `${'('.repeat(1000)}userName pr${')'.repeat(1000)}`, /more than 32 levels deep/, uncapped],
    ['1,000 open parentheses, never closed', '('.repeat(1000), /more than 32 levels deep/, uncapped],
    ['1,000 nested nots', `${'not '.repeat(1000)}userName pr`, /more than 32 levels deep/, uncapped],
    ['1,000 nested value filters', `${'emails['.repeat(1000)}value pr${']'.repeat(1000)}`, /more than 32 levels deep/, uncapped],
    ['a 10,000-term or chain', Array.from({ length: 10_000 }, () => 'userName eq "x"').join(' or '), /more than 200 conditions/, uncapped],
    ['a 10,000-term and chain', Array.from({ length: 10_000 }, () => 'title pr').join(' and '), /more than 200 conditions/, uncapped],
    ['a 1 MB filter (refused by the length cap)', `userName eq "${'\n'.repeat(1024 * 1024)}`, /^The filter is 1048589 characters long; at most 4096 are accepted$/, undefined],
    ['a 1 MB chain (refused by the length cap)', Array.from({ length: 80_000 }, () => 'a pr').join(' or ').padEnd(1024 * 1024, ' '), /characters long; at most 4096 are accepted/, undefined],
  ];
  for (const [name, text, expected, options] of cases) {
    test(name, () => {
      assert.match(refusal(text, options), expected);
      const ms = timeOf(() => parseFilter(text, options));
      assert.ok(ms < BUDGET_MS, `${name}: ${ms.toFixed(2)} ms`);
      process.stdout.write(`# ${name}: ${ms.toFixed(3)} ms\n`);
    });
  }

  test('time grows about linearly: 10× the characters take about 10× the time, not exponentially more', () => {
    const noLimits = { limits: { maxLength: Infinity, maxTerms: Infinity } };
    // valid filters: a long chain of conditions with escaped strings, and one long escaped string
    const chain = (terms: number) => Array.from({ length: terms }, (_, i) => `emails[type eq "w\\"${i}"].value sw "a\\\\b" or name.familyName co "x"`).join(' or ');
    const longString = (chars: number) => `userName eq "${'ab\\n\\"'.repeat(chars / 6)}"`;
    for (const [name, make, n] of [['chain', chain, 300], ['string', longString, 60_000]] as const) {
      const small = make(n);
      const large = make(n * 10);
      assert.ok(parseFilter(small, noLimits) && parseFilter(large, noLimits));
      timeOf(() => parseFilter(large, noLimits)); // warm up the JIT
      const tSmall = timeOf(() => parseFilter(small, noLimits), 7);
      const tLarge = timeOf(() => parseFilter(large, noLimits), 7);
      const ratio = tLarge / tSmall;
      process.stdout.write(`# ${name}: ${small.length} chars ${tSmall.toFixed(3)} ms, ${large.length} chars ${tLarge.toFixed(3)} ms, ×${ratio.toFixed(1)}\n`);
      // linear is about 10; quadratic would be about 100, exponential astronomically more
      assert.ok(ratio < 30, `${name}: ×${ratio.toFixed(1)} for 10× the characters`);
      assert.ok(tLarge < 500, `${name}: ${tLarge.toFixed(1)} ms for ${large.length} characters`);
    }
  });
});
