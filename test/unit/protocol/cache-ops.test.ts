import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { complexType } from '../../../src/binary/complex.js';
import { T, typed } from '../../../src/binary/hints.js';
import { BinaryEnum, Decimal, Timestamp, Uuid } from '../../../src/binary/ignite-values.js';
import { BinaryReader } from '../../../src/binary/reader.js';
import { type ReadOptions, writePlain, writeValue } from '../../../src/binary/values.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { BinaryTypes } from '../../../src/binary-types.js';
import { ParameterError } from '../../../src/errors.js';
import { KeyBatch, readEntries, writeEntries, writeKeys } from '../../../src/protocol/cache-ops.js';
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

// GET_ALL answers keyed by the caller's own key objects. The "server" below answers with the keys
// it was asked for, in another order, as Ignite may re-encode them: a complex key wrapped in a 27
// with a full footer (another client's compactFooter setting), an Enum (28) as a binary enum (38).
describe('readEntries keys the answer by the requested key objects', () => {
  /** Types whose "cluster" accepts every schema (no server). */
  const offline = (compactFooter: boolean) =>
    new BinaryTypes({ getType: async () => null, putType: async () => undefined, putClassName: async () => undefined, compactFooter: async () => undefined }, compactFooter);
  const Point = complexType('test.KeyBatchPoint', { x: T.int, y: T.int });

  /** The bytes of a request's keys, noted in a batch of `keys`. */
  function request(keys: unknown[], types?: BinaryTypes, hint?: typeof T.int): KeyBatch {
    const batch = new KeyBatch(keys);
    writeKeys(new BinaryWriter(4), keys, 'keys', hint, types, batch);
    return batch;
  }

  /** A key of an answer given as its bytes. */
  class Raw {
    constructor(readonly bytes: Buffer) {}
  }

  /** An answer of (key, value) pairs; a key is written as `writeValue` would, or given as Raw bytes. */
  function answer(pairs: Array<[unknown, number]>, types?: BinaryTypes): BinaryReader {
    const w = new BinaryWriter(4);
    w.writeI32(pairs.length);
    for (const [key, value] of pairs) {
      if (key instanceof Raw) w.writeBytes(key.bytes);
      else writeValue(w, key, 'key', undefined, types);
      writeValue(w, value, 'value', T.int);
    }
    return new BinaryReader(Buffer.from(w.view()));
  }

  const read = (r: BinaryReader, batch: KeyBatch, options: ReadOptions = { longAsBigInt: false }) => readEntries<unknown, number>(r, options, batch);

  test('plain keys: the decoded strings and numbers are the keys, Longs as numbers under longAsBigInt', () => {
    const keys = ['a', 5, 1.5, -0, 2 ** 60];
    const batch = request(keys);
    const pairs: Array<[unknown, number]> = [[2 ** 60, 4], [5, 1], ['a', 0], [-0, 3], [1.5, 2]];
    for (const longAsBigInt of [false, true]) {
      const found = read(answer(pairs), batch, { longAsBigInt });
      assert.deepEqual([...found.keys()].map((k) => typeof k), ['number', 'number', 'string', 'number', 'number']);
      keys.forEach((key, i) => assert.equal(found.get(key), i, `key ${String(key)}, longAsBigInt ${longAsBigInt}`));
    }
  });

  test('objects, hints and bigints: each answer under the very object asked for', async () => {
    const types = offline(true);
    await types.registerType(Point);
    const char = typed('a', T.char);
    const int = typed(5, T.int);
    const keys: unknown[] = [
      new Uuid('12345678-1234-1234-1234-123456789abc'),
      new Date(1_700_000_000_123),
      new Timestamp(1_700_000_000_123, 456),
      Buffer.from([1, 2, 3]),
      new Decimal(-12345n, 2),
      new Point({ x: 1, y: 2 }),
      2n ** 60n,
      char,
      'a',
      int,
      5,
      1.5,
    ];
    const batch = request(keys, types);
    // Fresh objects of equal value, as the server's answer decodes to.
    const fromServer: Array<[unknown, number]> = [
      [new Point({ x: 1, y: 2 }), 5],
      [5, 10],
      [typed(5, T.int), 9],
      ['a', 8],
      [typed('a', T.char), 7],
      [2n ** 60n, 6],
      [new Decimal(-12345n, 2), 4],
      [Buffer.from([1, 2, 3]), 3],
      [new Timestamp(1_700_000_000_123, 456), 2],
      [new Date(1_700_000_000_123), 1],
      [new Uuid('12345678-1234-1234-1234-123456789abc'), 0],
      [1.5, 11],
    ];
    for (const longAsBigInt of [false, true]) {
      const found = read(answer(fromServer, types), batch, { longAsBigInt, binary: types });
      assert.equal(found.size, keys.length);
      keys.forEach((key, i) => assert.equal(found.get(key), i, `key ${i}`));
    }
  });

  test('a complex key the server wraps (27) and wrote with a full footer is still the caller\'s', async () => {
    const compact = offline(true);
    const full = offline(false);
    await compact.registerType(Point);
    await full.registerType(Point);
    const key = new Point({ x: 7, y: -7 });
    const other = new Point({ x: 7, y: 7 });
    const batch = request([key, other], compact);
    const w = new BinaryWriter(4);
    writeValue(w, new Point({ x: 7, y: -7 }), 'key', undefined, full);
    const object = Buffer.from(w.view());
    const wrapped = Buffer.alloc(1 + 4 + object.length + 4);
    wrapped[0] = 27;
    wrapped.writeInt32LE(object.length, 1);
    object.copy(wrapped, 5);
    wrapped.writeInt32LE(0, 5 + object.length);
    const found = read(answer([[new Raw(wrapped), 1]], full), batch, { longAsBigInt: false, binary: full });
    assert.equal(found.get(key), 1);
    assert.equal(found.has(other), false);
  });

  test('an Enum key (28) answered as the binary enum (38) the server stores', () => {
    const asEnum = typed(new BinaryEnum(1396398841, 2), T.enum);
    const binaryEnum = new BinaryEnum(1396398841, 3);
    const found = read(answer([[new BinaryEnum(1396398841, 3), 1], [new BinaryEnum(1396398841, 2), 0]]), request([asEnum, binaryEnum]));
    assert.equal(found.get(asEnum), 0);
    assert.equal(found.get(binaryEnum), 1);
  });

  test('keys that are one Ignite key give one entry, under the first of them', () => {
    const uuid = new Uuid('00000000-0000-0000-0000-000000000001');
    const sameUuid = new Uuid(uuid.value);
    const asString = typed('s', T.string);
    const keys: unknown[] = [uuid, sameUuid, 's', asString, 7n, 7];
    const found = read(answer([[uuid, 1], ['s', 2], [7, 3]]), request(keys));
    assert.equal(found.size, 3);
    assert.equal(found.get(uuid), 1);
    assert.equal(found.has(sameUuid), false);
    assert.equal(found.get('s'), 2, "plain 's' was asked for before typed('s', T.string)");
    assert.equal(found.has(asString), false);
    assert.equal(found.get(7n), 3, '7n was asked for before the number 7: the same Long');
    assert.equal(found.has(7), false);
    const later = read(answer([['s', 2]]), request([asString, 's']));
    assert.equal(later.get(asString), 2);
    assert.equal(later.has('s'), false);
  });

  test('a hint for every key: the caller\'s numbers, not the decoded ones, and a Double 5 is not the Long 5', () => {
    const found = read(answer([[typed(2, T.int), 20], [typed(1, T.int), 10]]), request([1, 2, 3], undefined, T.int));
    assert.deepEqual([...found], [[2, 20], [1, 10]]);
    const double = typed(5, T.double);
    const mixed = read(answer([[typed(5, T.double), 1], [5, 2]]), request([5, double]));
    assert.equal(mixed.get(5), 2);
    assert.equal(mixed.get(double), 1);
    // A Double -0 is not the Long 0 either, though JavaScript's Map takes -0 for 0.
    const negativeZero = typed(-0, T.double);
    const zeros = read(answer([[typed(-0, T.double), 1], [0, 2]]), request([0, negativeZero]));
    assert.equal(zeros.get(negativeZero), 1);
    assert.equal(zeros.get(0), 2);
  });
});
