import superjson from 'superjson';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeOutput } from '../src/transformer.ts';

/** Values shaped like our outputs, with the variety superjson must agree on. */
function sampleOutputs(): unknown[] {
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 23) + ms);
  const message = (i: number) => ({
    id: `id-${i}`,
    conversationId: 'c',
    role: i % 2 ? 'assistant' : 'user',
    content: `text ${'é😀'.repeat(i)}`,
    clientId: i % 3 ? null : `client-${i}`,
    createdAt: at(i),
  });
  return [
    { items: Array.from({ length: 50 }, (_, i) => message(i)), nextCursor: 'abc' },
    { items: [], nextCursor: null },
    { id: 'x', title: null, createdAt: at(1), updatedAt: at(2) },
    { signedOut: true },
    { nested: { deeper: [{ when: at(3) }, [at(4), 1, 'two', false]] } },
    { count: 0, negative: -5, fraction: 0.25 },
    Object.assign(Object.create(null), { bare: 'object without a prototype', at: at(5) }),
    'plain string',
    42,
    null,
    [],
    {},
  ];
}

/** Values the fast path must hand to superjson, with the same result. */
function fallbackValues(): unknown[] {
  const shared = new Date(5);
  const sharedObject = { a: 1 };
  return [
    { missing: undefined },
    { big: 10n },
    { map: new Map([['a', 1]]) },
    { set: new Set([1]) },
    { notANumber: Number.NaN, infinite: Number.POSITIVE_INFINITY, negativeZero: -0 },
    { invalid: new Date(Number.NaN) },
    { first: shared, second: shared },
    { first: sharedObject, second: sharedObject },
    { 'dotted.key': new Date(1) },
    { 'back\\slash': new Date(1) },
    new Date(7),
    [1, -0],
    [[Number.NaN]],
    [{ deep: [undefined] }],
    { regex: /x/g },
    { error: new Error('boom') },
    Object.assign(Object.create({ inherited: true }), { own: 1 }),
  ];
}

/** serializeOutput's answer, and whether it had to call superjson for it. */
function serializeWatched(value: unknown) {
  const expected = superjson.serialize(value);
  const serialize = vi.spyOn(superjson, 'serialize');
  const actual = serializeOutput(value);
  const usedSuperjson = serialize.mock.calls.length > 0;
  serialize.mockRestore();
  return { actual, expected, usedSuperjson };
}

describe('output transformer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('emits exactly what superjson emits for our output shapes, without calling it', () => {
    for (const value of sampleOutputs()) {
      const { actual, expected, usedSuperjson } = serializeWatched(value);
      expect(actual).toEqual(expected);
      expect(usedSuperjson, JSON.stringify(expected)).toBe(false);
    }
  });

  it('hands anything else to superjson, with the same result', () => {
    for (const value of fallbackValues()) {
      const { actual, expected, usedSuperjson } = serializeWatched(value);
      expect(actual).toEqual(expected);
      expect(usedSuperjson, JSON.stringify(expected)).toBe(true);
    }
  });

  it('round-trips through superjson on the client side, Dates included', () => {
    for (const value of sampleOutputs()) {
      expect(superjson.deserialize(JSON.parse(JSON.stringify(serializeOutput(value))))).toEqual(value);
    }
  });
});
