// SCIM filters (RFC 7644 §3.4.2.2) parsed by a small recursive-descent parser of our own.
//
// Why not a library: scim2-parse-filter's tokenizer backtracked catastrophically on quoted strings
// (`userName eq "` and 28 newlines froze the event loop for seconds). Here every character is read
// once by a hand-written scanner (no regular expression ever sees more than one bounded token), the
// parser does constant work per token, and three caps bound what a client may send:
//   - FILTER_LIMITS.maxLength: characters, checked before anything else is read;
//   - FILTER_LIMITS.maxDepth: nesting of "(", value filters "[" and "not", checked before recursing
//     one level deeper, so no input can overflow the stack;
//   - FILTER_LIMITS.maxTerms: conditions (`attr op value`, `attr pr`), checked as each is read.
// Anything else wrong is a 400 invalidFilter whose detail says, in words, what was expected where
// (1-based character positions, as a person counts them).
//
// The tree is the one the rest of src/scim consumes (filter.ts to SQL, resource.ts on PATCH
// elements): and/or chains are flat lists, operators are lower case, attribute paths are kept as
// written (consumers compare them case-insensitively). Two directory quirks are part of the grammar:
//   - `emails[type eq "work"].value eq "x"` (Entra ID) is one condition on one element:
//     `emails[(type eq "work") and value eq "x"]`, never two conditions that different elements
//     could satisfy;
//   - the literals true, false and null are accepted in any case (Entra sends `active eq True`).
import { invalidFilter } from './errors.ts';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
export type CompValue = boolean | null | number | string;

/** `attrPath op value` */
export interface Compare { op: CompareOp; attrPath: string; compValue: CompValue }
/** `attrPath pr` */
export interface Present { op: 'pr'; attrPath: string }
/** `attrPath[valFilter]`: some element of a multi-valued attribute matches valFilter. */
export interface ValuePath { op: '[]'; attrPath: string; valFilter: Filter }
export interface NotFilter { op: 'not'; filter: Filter }
/** Two or more filters joined by the same operator. */
export interface LogExp { op: 'and' | 'or'; filters: Filter[] }
export type Filter = Compare | Present | ValuePath | NotFilter | LogExp;

export interface FilterLimits {
  /** Characters in the filter text. */
  maxLength: number;
  /** Levels of "(", "[" and "not" inside one another. */
  maxDepth: number;
  /** Conditions (comparisons and `pr`). */
  maxTerms: number;
}

export const FILTER_LIMITS: Readonly<FilterLimits> = Object.freeze({ maxLength: 4096, maxDepth: 32, maxTerms: 200 });

export interface ParseOptions {
  limits?: Partial<FilterLimits>;
  /** Added to every reported position: where the filter starts inside a larger text (a PATCH path). */
  offset?: number;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, lt, ge, le or pr';
const VALUE_KINDS = 'a quoted string such as "abc", a number, true, false or null';

// an attribute name (RFC 7643 §2.1, plus "$" for $ref), optionally with one sub-attribute
const ATTR_NAME = /^[A-Za-z_$][\w$-]*$/;
const ATTR_WITH_SUB = /^[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)?$/;
// a JSON number (RFC 8259 §6)
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

type TokenKind = '(' | ')' | '[' | ']' | '.' | 'word' | 'string' | 'number' | 'end';

interface Token {
  kind: TokenKind;
  /** Index of the token's first character in the filter text. */
  start: number;
  /** The characters as written (for strings: including the quotes). */
  text: string;
  /** The decoded value of a string or number. */
  value?: string | number;
}

/** Characters of a bare word or number: attribute paths with URN prefixes, keywords, numbers. */
function isBareChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
    || c === 0x5f /* _ */ || c === 0x24 /* $ */ || c === 0x2d /* - */ || c === 0x2e /* . */ || c === 0x3a /* : */ || c === 0x2b /* + */;
}

function isLetterStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x24;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A short, printable excerpt of user text for an error message (never the whole filter). */
function excerpt(text: string): string {
  const short = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  return JSON.stringify(short);
}

/** One character as a person can read it: "x", or U+000A for invisible ones. */
function printable(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0x20 || (code >= 0x7f && code <= 0xa0) ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(ch);
}

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end': return 'the end of the filter';
    case 'string': return `the string ${excerpt(String(t.value))}`;
    case 'number': return `the number ${excerpt(t.text)}`;
    default: return excerpt(t.text);
  }
}

/** Parses a SCIM filter; throws a 400 invalidFilter ScimError that says what is wrong and where. */
export function parseFilter(text: string, options: ParseOptions = {}): Filter {
  const limits: FilterLimits = { ...FILTER_LIMITS, ...options.limits };
  const offset = options.offset ?? 0;
  // the length cap comes first: nothing of an over-long filter is read
  if (text.length > limits.maxLength) {
    throw invalidFilter(`The filter is ${text.length} characters long; at most ${limits.maxLength} are accepted`);
  }
  return new FilterParser(text, limits, offset).parseWhole();
}

class FilterParser {
  private readonly text: string;
  private readonly limits: FilterLimits;
  private readonly offset: number;
  /** Index of the next character the scanner reads. */
  private index = 0;
  private lookahead: Token | null = null;
  private terms = 0;

  constructor(text: string, limits: FilterLimits, offset: number) {
    this.text = text;
    this.limits = limits;
    this.offset = offset;
  }

  parseWhole(): Filter {
    if (this.peek().kind === 'end') throw invalidFilter('The filter is empty');
    const filter = this.orExpression(0);
    const t = this.peek();
    if (t.kind === ')') this.fail(`There is a ")" at ${this.at(t)} without a "(" before it`);
    if (t.kind === ']') this.fail(`There is a "]" at ${this.at(t)} without a "[" before it`);
    if (t.kind !== 'end') this.fail(`Expected "and", "or" or the end of the filter at ${this.at(t)}, found ${describeToken(t)}`);
    return filter;
  }

  // ---------- errors ----------

  private fail(message: string): never {
    throw invalidFilter(message);
  }

  /** "position N" (1-based) of a token or index. */
  private at(where: Token | number): string {
    const i = typeof where === 'number' ? where : where.start;
    return `position ${i + 1 + this.offset}`;
  }

  // ---------- scanner ----------

  private peek(): Token {
    if (!this.lookahead) this.lookahead = this.scan();
    return this.lookahead;
  }

  private take(): Token {
    const t = this.peek();
    this.lookahead = null;
    return t;
  }

  private scan(): Token {
    const s = this.text;
    while (this.index < s.length && isSpace(s.charCodeAt(this.index))) this.index++;
    const start = this.index;
    if (start >= s.length) return { kind: 'end', start, text: '' };
    const ch = s[start];
    if (ch === '(' || ch === ')' || ch === '[' || ch === ']' || ch === '.') {
      this.index++;
      return { kind: ch, start, text: ch };
    }
    if (ch === '"') return this.scanString(start);
    if (isBareChar(s.charCodeAt(start))) {
      let end = start;
      while (end < s.length && isBareChar(s.charCodeAt(end))) end++;
      const word = s.slice(start, end);
      this.index = end;
      const first = word.charCodeAt(0);
      if (first === 0x2d || (first >= 0x30 && first <= 0x39)) {
        if (!JSON_NUMBER.test(word)) this.fail(`${excerpt(word)} at ${this.at(start)} is neither a number nor an attribute name (strings must be quoted)`);
        const value = Number(word);
        if (!Number.isFinite(value)) this.fail(`The number at ${this.at(start)} is too large`);
        return { kind: 'number', start, text: word, value };
      }
      if (!isLetterStart(first)) this.fail(`Unexpected ${excerpt(word)} at ${this.at(start)}`);
      return { kind: 'word', start, text: word };
    }
    this.fail(`Unexpected character ${printable(String.fromCodePoint(s.codePointAt(start)!))} at ${this.at(start)}`);
  }

  /** A JSON string (RFC 8259 §7): escapes decoded, raw control characters refused. One pass. */
  private scanString(start: number): Token {
    const s = this.text;
    let value = '';
    let i = start + 1;
    let runStart = i;
    for (;;) {
      if (i >= s.length) {
        this.fail(`The string that starts at ${this.at(start)} is not closed: a closing " is missing`);
      }
      const c = s.charCodeAt(i);
      if (c === 0x22 /* " */) {
        value += s.slice(runStart, i);
        this.index = i + 1;
        return { kind: 'string', start, text: s.slice(start, i + 1), value };
      }
      if (c === 0x5c /* \ */) {
        if (i > runStart) value += s.slice(runStart, i);
        const e = s[i + 1];
        if (e === undefined) this.fail(`The string that starts at ${this.at(start)} ends inside an escape and is not closed`);
        if (e === 'u') {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`Expected four hexadecimal digits after \\u at ${this.at(i)}`);
          const unit = parseInt(hex, 16);
          // the databases cannot store NUL, and no directory value contains it
          if (unit === 0) this.fail(`A string in a filter cannot contain the NUL character (\\u0000 at ${this.at(i)})`);
          value += String.fromCharCode(unit);
          i += 6;
        } else {
          const decoded = SIMPLE_ESCAPES[e];
          if (decoded === undefined) this.fail(`Unknown escape ${e.codePointAt(0)! > 0x20 ? `"\\${e}"` : `(a backslash before ${printable(e)})`} at ${this.at(i)}; a string may use \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX`);
          value += decoded;
          i += 2;
        }
        runStart = i;
        continue;
      }
      if (c < 0x20) {
        const name = c === 0x0a ? 'a line break' : c === 0x0d ? 'a carriage return' : c === 0x09 ? 'a tab' : `the control character ${printable(s[i])}`;
        this.fail(`The string that starts at ${this.at(start)} contains ${name} at ${this.at(i)}: close the string with " before it, or write the character as an escape (such as \\n or \\t)`);
      }
      i++;
    }
  }

  // ---------- grammar ----------
  // filter     := or
  // or         := and ("or" and)*
  // and        := unary ("and" unary)*
  // unary      := "not" unary | primary
  // primary    := "(" or ")" | attrPath "[" or "]" ["." subAttr condition] | attrPath condition
  // condition  := "pr" | compareOp value
  // not binds tighter than and, and tighter than or (RFC 7644 §3.4.2.2). Without parentheses,
  // `not attr op value` is accepted too, as the previous parser did.

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.length === word.length && t.text.toLowerCase() === word;
  }

  /** Checks the depth cap before going one level deeper. */
  private deeper(depth: number, opener: Token): number {
    const next = depth + 1;
    if (next > this.limits.maxDepth) {
      this.fail(`The filter nests "(", "[" and "not" more than ${this.limits.maxDepth} levels deep (at ${this.at(opener)})`);
    }
    return next;
  }

  private orExpression(depth: number): Filter {
    const first = this.andExpression(depth);
    if (!this.isKeyword(this.peek(), 'or')) return first;
    const filters = [first];
    while (this.isKeyword(this.peek(), 'or')) {
      this.take();
      filters.push(this.andExpression(depth));
    }
    return { op: 'or', filters };
  }

  private andExpression(depth: number): Filter {
    const first = this.unary(depth);
    if (!this.isKeyword(this.peek(), 'and')) return first;
    const filters = [first];
    while (this.isKeyword(this.peek(), 'and')) {
      this.take();
      filters.push(this.unary(depth));
    }
    return { op: 'and', filters };
  }

  private unary(depth: number): Filter {
    const t = this.peek();
    if (this.isKeyword(t, 'not')) {
      this.take();
      const inner = this.deeper(depth, t);
      return { op: 'not', filter: this.unary(inner) };
    }
    return this.primary(depth);
  }

  private primary(depth: number): Filter {
    const t = this.take();
    if (t.kind === '(') {
      const inner = this.deeper(depth, t);
      const filter = this.orExpression(inner);
      this.expectClose(')', t);
      return filter;
    }
    if (t.kind === 'word' && !this.isKeyword(t, 'and') && !this.isKeyword(t, 'or')) return this.attributeExpression(t, depth);
    this.fail(`Expected a condition (such as userName eq "abc"), "(" or "not" at ${this.at(t)}, found ${describeToken(t)}`);
  }

  private expectClose(kind: ')' | ']', opener: Token): void {
    const t = this.take();
    if (t.kind === kind) return;
    const opening = kind === ')' ? '(' : '[';
    this.fail(`Expected "and", "or" or "${kind}" to close the "${opening}" at ${this.at(opener)}; found ${describeToken(t)} at ${this.at(t)}`);
  }

  private attributeExpression(attr: Token, depth: number): Filter {
    const attrPath = this.attributePath(attr);
    const t = this.peek();
    if (t.kind !== '[') return this.condition(attrPath, attr);
    this.take();
    const inner = this.deeper(depth, t);
    const valFilter = this.orExpression(inner);
    this.expectClose(']', t);
    if (this.peek().kind !== '.') return { op: '[]', attrPath, valFilter };
    // `emails[type eq "work"].value eq "x"`: the sub-attribute condition joins the value filter
    this.take();
    const sub = this.take();
    if (sub.kind !== 'word' || !ATTR_NAME.test(sub.text)) {
      this.fail(`Expected a sub-attribute name after ${excerpt(attrPath)}[…]. at ${this.at(sub)}, found ${describeToken(sub)}`);
    }
    const condition = this.condition(sub.text, sub);
    return { op: '[]', attrPath, valFilter: { op: 'and', filters: [valFilter, condition] } };
  }

  /** `[urn:...:]name[.sub]`, as written. */
  private attributePath(t: Token): string {
    const colon = t.text.lastIndexOf(':');
    const name = t.text.slice(colon + 1);
    if (name === '') this.fail(`Expected an attribute name after the schema ${excerpt(t.text)} at ${this.at(t)}`);
    if (!ATTR_WITH_SUB.test(name)) {
      this.fail(`${excerpt(t.text)} at ${this.at(t)} is not an attribute name (a name, optionally with a schema URN before it and one ".subAttribute" after it)`);
    }
    return t.text;
  }

  private condition(attrPath: string, attr: Token): Compare | Present {
    if (++this.terms > this.limits.maxTerms) {
      this.fail(`The filter has more than ${this.limits.maxTerms} conditions (at ${this.at(attr)}); split the query`);
    }
    const opToken = this.take();
    const op = opToken.kind === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return { op: 'pr', attrPath };
    if (!COMPARE_OPS.has(op)) {
      this.fail(`Expected an operator (${OPERATOR_LIST}) after ${excerpt(attrPath)} at ${this.at(opToken)}, found ${describeToken(opToken)}`);
    }
    const v = this.take();
    let compValue: CompValue;
    if (v.kind === 'string' || v.kind === 'number') compValue = v.value!;
    else if (this.isKeyword(v, 'true')) compValue = true;
    else if (this.isKeyword(v, 'false')) compValue = false;
    else if (this.isKeyword(v, 'null')) compValue = null;
    else this.fail(`Expected a value after "${opToken.text}" at ${this.at(v)} (${VALUE_KINDS}), found ${describeToken(v)}`);
    return { op: op as CompareOp, attrPath, compValue };
  }
}
