import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Type as TypeBox } from 'typebox';
import { Type } from './type.ts';

/** An object's own keys in order, each with its value and whether it is enumerable, all the way down. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  return Reflect.ownKeys(value).map((key) => {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    return [String(key), d.enumerable, shape(d.value)];
  });
}

/** Every builder the routes use, each with and without options, built by both. */
function cases(T: typeof Type) {
  const s = T.String({ minLength: 1, maxLength: 200 });
  return {
    string: [T.String(), s, T.String({ format: 'date-time', description: undefined })],
    integer: [T.Integer(), T.Integer({ minimum: 1, maximum: 10, default: 1 })],
    number: [T.Number(), T.Number({ minimum: 0 })],
    boolean: [T.Boolean(), T.Boolean({ default: false })],
    null: [T.Null(), T.Null({ description: 'none' })],
    unknown: [T.Unknown(), T.Unknown({ description: 'anything' })],
    literal: [T.Literal('Bearer'), T.Literal('S256', { description: 'only' }), T.Literal(3), T.Literal(true)],
    enum: [T.Enum(['a', 'b']), T.Enum(['a', 'b'], { description: 'e' })],
    ref: [T.Ref('Problem'), T.Ref('Problem', { description: 'r' })],
    array: [T.Array(s), T.Array(T.Integer(), { maxItems: 3, description: 'a' })],
    union: [T.Union([s, T.Null()]), T.Union([T.String(), T.Number(), T.Boolean()], { description: 'u' })],
    record: [T.Record(T.String(), s), T.Record(s, T.Unknown(), { maxProperties: 20, description: 'r' })],
    unsafe: [T.Unsafe({ type: 'string', enum: ['x', 'y'], description: 'k' })],
    optional: [T.Optional(s), T.Optional(T.Union([T.String(), T.Null()])), T.Optional(T.Unsafe({ type: 'string' })), T.Optional(T.Optional(T.Integer()))],
    object: [
      T.Object({}),
      T.Object({}, { title: 'Empty' }),
      T.Object({ a: s, b: T.Optional(T.Integer()), c: T.Union([T.Literal('x'), T.Null()]) }, { title: 'T', additionalProperties: false, $id: 'T' }),
      T.Object({ only: T.Optional(T.String()) }, { description: undefined }),
      T.Object({ nested: T.Optional(T.Object({ deep: T.Array(T.Object({ x: T.Ref('Problem') })) })) }),
      T.Object({ a: T.String() }, { type: 'other', required: ['z'] }),
    ],
  };
}

test('each schema builder returns what TypeBox returns: the same JSON, key order, marks and their enumerability', () => {
  const ours = cases(Type);
  const theirs = cases(TypeBox as unknown as typeof Type);
  for (const name of Object.keys(ours) as (keyof typeof ours)[]) {
    ours[name].forEach((schema, i) => {
      assert.equal(JSON.stringify(schema), JSON.stringify(theirs[name][i]), `${name} #${i}: JSON`);
      assert.deepEqual(shape(schema), shape(theirs[name][i]), `${name} #${i}: own keys and marks`);
    });
  }
});

test('schemas are built from the given ones without changing them, as TypeBox does', () => {
  const s = Type.String();
  const o = Type.Object({ s, t: Type.Optional(s) });
  assert.equal(o.properties.s, s);
  assert.notEqual(o.properties.t, s);
  assert.equal((s as unknown as Record<string, unknown>)['~optional'], undefined);
  assert.deepEqual(o.required, ['s']);
});
