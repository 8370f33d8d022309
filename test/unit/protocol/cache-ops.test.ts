import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T } from '../../../src/binary/hints.js';
import { writePlain, writeValue } from '../../../src/binary/values.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { ParameterError } from '../../../src/errors.js';
import { writeEntries, writeKeys } from '../../../src/protocol/cache-ops.js';
import { hex } from '../../support/bytes.js';

// Numbers and strings that take every branch of the default mapping: Long, Double for fractions,
// NaN, infinities, -0 and integers beyond 2^53, and strings with multi-byte and lone surrogates.
const PLAIN = [0, 1, -1, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 0.5, -0, NaN, Infinity, -Infinity, '', 'ascii', 'Я𝄞', 'a\uD800b', 'x'.repeat(300)];

function bytesOf(write: (w: BinaryWriter) => void): string {
  const w = new BinaryWriter(4);
  write(w);
  return hex(w.view());
}

test('writePlain writes every number and string exactly as writeValue does', () => {
  for (const value of PLAIN) {
    assert.equal(
      bytesOf((w) => assert.equal(writePlain(w, value), true)),
      bytesOf((w) => writeValue(w, value, 'value')),
      `value ${String(value)}`,
    );
  }
});

test('writePlain leaves everything else to writeValue and writes nothing for it', () => {
  for (const value of [null, undefined, true, 5n, new Date(0), [1], new Map(), { a: 1 }]) {
    assert.equal(bytesOf((w) => assert.equal(writePlain(w, value), false)), '');
  }
});

test('writeKeys: plain keys, mixed keys and hinted keys give the bytes of writing each key', () => {
  const mixed: unknown[] = [...PLAIN, true, 7n, new Date(86_400_000)];
  const expected = (keys: unknown[], hint?: typeof T.int) =>
    bytesOf((w) => {
      w.writeI32(keys.length);
      keys.forEach((k, i) => writeValue(w, k, `keys[${i}]`, hint));
    });
  assert.equal(bytesOf((w) => writeKeys(w, PLAIN, 'keys')), expected(PLAIN));
  assert.equal(bytesOf((w) => writeKeys(w, mixed, 'keys')), expected(mixed));
  assert.equal(bytesOf((w) => writeKeys(w, [1, 2, 3], 'keys', T.int)), expected([1, 2, 3], T.int));
});

test('writeEntries: plain pairs give the bytes of writing each key and value', () => {
  const entries = PLAIN.map((v, i) => [i, v] as const);
  const expected = bytesOf((w) => {
    w.writeI32(entries.length);
    for (const [k, v] of entries) {
      writeValue(w, k, 'k');
      writeValue(w, v, 'v');
    }
  });
  assert.equal(bytesOf((w) => writeEntries(w, entries, 'entries')), expected);
});

test('a bad element after plain ones is still named by its path', () => {
  assert.throws(() => writeKeys(new BinaryWriter(4), ['a', 1, 2n ** 70n], 'keys'), (e: unknown) => e instanceof ParameterError && /^keys\[2\]: bigint/.test(e.message));
  assert.throws(() => writeKeys(new BinaryWriter(4), ['a', null], 'keys'), (e: unknown) => e instanceof ParameterError && /^keys\[1\] must not be null/.test(e.message));
  assert.throws(
    () => writeEntries(new BinaryWriter(4), [['a', 1], ['b', undefined]], 'entries'),
    (e: unknown) => e instanceof ParameterError && /^entries\[1\]\[1\] must not be null/.test(e.message),
  );
  assert.throws(
    () => writeKeys(new BinaryWriter(4), [1, 2 ** 31], 'keys', T.int),
    (e: unknown) => e instanceof ParameterError && /^keys\[1\]: number 2147483648 is outside the range of an Ignite Int/.test(e.message),
  );
});
