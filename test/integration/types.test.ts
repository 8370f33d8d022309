// Every Ignite type and every hint, through a real node: what is put comes back equal, and the
// bytes the server stores start with the type code the hint (or the default mapping) names.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '../../src/connection/connection.js';
import {
  BinaryEnum,
  type Cache,
  CollectionKind,
  Decimal,
  type IgniteClient,
  MapKind,
  NotSupportedError,
  T,
  Timestamp,
  TypeCode,
  type TypeHint,
  typed,
  Uuid,
} from '../../src/index.js';
import { connectTestClient, testNodes, uniqueName } from '../support/nodes.js';
import { openRawConnection, rawGet } from '../support/raw.js';

let client: IgniteClient;
let cache: Cache<unknown, unknown>;
let raw: Connection;

before(async () => {
  client = await connectTestClient();
  cache = await client.createCache(uniqueName('types'));
  raw = await openRawConnection(testNodes()[0]!);
});
after(async () => {
  await cache.destroy();
  await raw.close();
  await client.close();
});

const uuid = new Uuid('d57babad-7bc1-4c82-9f9c-e72841b92a85');

// [label, value, hint, type code stored, value expected back (default: the value itself)]
const cases: Array<[string, unknown, TypeHint | undefined, number, unknown?]> = [
  ['byte', -128, T.byte, TypeCode.Byte],
  ['short', 32767, T.short, TypeCode.Short],
  ['int', -2147483648, T.int, TypeCode.Int],
  ['long (number)', 42, undefined, TypeCode.Long],
  ['long (bigint)', -(2n ** 63n), T.long, TypeCode.Long],
  ['float', 1.5, T.float, TypeCode.Float],
  ['float NaN', NaN, T.float, TypeCode.Float],
  ['double -0', -0, undefined, TypeCode.Double],
  ['double Infinity', -Infinity, T.double, TypeCode.Double],
  ['char', 'Я', T.char, TypeCode.Char],
  ['char (lone surrogate)', '\udc00', T.char, TypeCode.Char],
  ['bool', false, undefined, TypeCode.Bool],
  ['string', 'héllo 𝄞', undefined, TypeCode.String],
  ['uuid', uuid, undefined, TypeCode.Uuid],
  ['uuid from a string', uuid.value, T.uuid, TypeCode.Uuid, uuid],
  ['date', new Date(-946079999993), T.date, TypeCode.Date],
  ['Date defaults to Timestamp', new Date(1700000000123), undefined, TypeCode.Timestamp, new Timestamp(1700000000123, 0)],
  ['timestamp with nanos', new Timestamp(1700000000123, 456789), undefined, TypeCode.Timestamp],
  ['time', 45296789, T.time, TypeCode.Time, new Date(45296789)],
  ['decimal', Decimal.parse('-12345678901234567890.123456789'), undefined, TypeCode.Decimal],
  ['decimal from a string with scale', '1.50', T.decimal, TypeCode.Decimal, new Decimal(150n, 2)],
  // The server turns an Enum (28) into a binary enum, and an enum array into an Object[] of them.
  ['enum', new BinaryEnum(1396398841, 2), T.enum, TypeCode.BinaryEnum],
  ['binary enum', new BinaryEnum(1396398841, 1), undefined, TypeCode.BinaryEnum],
  ['byte[]', Buffer.from([0, 255]), undefined, TypeCode.ByteArray],
  ['short[]', Int16Array.of(-1, 2), undefined, TypeCode.ShortArray],
  ['int[]', [1, 2, 3], T.intArray, TypeCode.IntArray, Int32Array.of(1, 2, 3)],
  ['long[]', BigInt64Array.of(-1n, 2n ** 62n), undefined, TypeCode.LongArray, [-1, 2n ** 62n]],
  ['float[]', Float32Array.of(0.5, NaN), undefined, TypeCode.FloatArray],
  ['double[]', [0.1, -0], T.doubleArray, TypeCode.DoubleArray, Float64Array.of(0.1, -0)],
  ['char[]', 'abc', T.charArray, TypeCode.CharArray, ['a', 'b', 'c']],
  ['bool[]', [true, false], T.boolArray, TypeCode.BoolArray],
  ['String[]', ['a', null], T.stringArray, TypeCode.StringArray],
  ['UUID[]', [uuid, null], T.uuidArray, TypeCode.UuidArray],
  ['Date[]', [new Date(0), null], T.dateArray, TypeCode.DateArray],
  ['Timestamp[]', [new Timestamp(5, 6)], T.timestampArray, TypeCode.TimestampArray],
  ['Time[]', [new Date(1000)], T.timeArray, TypeCode.TimeArray],
  ['Decimal[]', ['1.5', null], T.decimalArray, TypeCode.DecimalArray, [new Decimal(15n, 1), null]],
  ['Enum[]', [new BinaryEnum(7, 0), null], T.enumArray(7), TypeCode.ObjectArray],
  ['Object[]', [1, 'two', null], T.objectArray, TypeCode.ObjectArray],
  ['ArrayList (default for arrays)', [1, 'x', [2]], undefined, TypeCode.Collection],
  ['LinkedList', [1, 2], T.collection(CollectionKind.LinkedList), TypeCode.Collection],
  ['HashSet', new Set(['a', 'b']), T.collection(CollectionKind.HashSet), TypeCode.Collection],
  ['LinkedHashSet (default for sets)', new Set([3, 1, 2]), undefined, TypeCode.Collection],
  ['HashMap', new Map([['k', 1]]), T.map(MapKind.HashMap), TypeCode.Map],
  ['LinkedHashMap (default for maps)', new Map<unknown, unknown>([[2, 'b'], [1, 'a']]), undefined, TypeCode.Map],
  ['map with typed keys and values', new Map([[1, 2]]), T.map(MapKind.HashMap, T.int, T.short), TypeCode.Map],
  ['nested containers', new Map<unknown, unknown>([['list', [new Set([1]), new Map([['x', uuid]])]]]), undefined, TypeCode.Map],
];

describe('every type round-trips through a real node', () => {
  for (const [label, value, hint, code, expected] of cases) {
    test(label, async () => {
      const key = `type:${label}`;
      await cache.put(key, value, { valueHint: hint });
      assert.deepStrictEqual(await cache.get(key), expected === undefined ? value : expected);
      const stored = await rawGet(raw, cache.name, key);
      assert.equal(parseInt(stored.slice(0, 2), 16), code, `stored as ${stored.slice(0, 40)}`);
    });
  }

  test('values read back write back as the same bytes (read, then put the result)', async () => {
    // Not the scalars whose Java width a JavaScript number cannot carry (byte, short, int, float,
    // char read as number/string write back as Long/Double/String), nor containers holding them.
    const faithful = [
      'long (number)', 'long (bigint)', 'double -0', 'double Infinity', 'bool', 'string', 'uuid', 'date',
      'timestamp with nanos', 'time', 'decimal', 'binary enum', 'byte[]', 'short[]', 'int[]', 'long[]', 'float[]',
      'double[]', 'char[]', 'bool[]', 'String[]', 'UUID[]', 'Date[]', 'Timestamp[]', 'Time[]', 'Decimal[]',
      'HashSet', 'LinkedHashMap (default for maps)',
    ];
    for (const label of faithful) {
      const key = `type:${label}`;
      const before = await rawGet(raw, cache.name, key);
      await cache.put(`${key}:copy`, (await cache.get(key))!);
      assert.equal(await rawGet(raw, cache.name, `${key}:copy`), before, label);
    }
  });

  test('a SingletonList comes back Java-serialized, which only Java can read: a typed error says so', async () => {
    await cache.put('singleton', ['only'], { valueHint: T.collection(CollectionKind.SingletonList) });
    await assert.rejects(cache.get('singleton'), (err: unknown) => err instanceof NotSupportedError && /Java-serialized/.test(err.message));
    assert.equal(await cache.get('type:string'), 'héllo 𝄞', 'the connection is still usable');
  });

  test('a decimal comes back as the server canonicalises it, scale kept', async () => {
    await cache.put('dec', '-0.000', { valueHint: T.decimal });
    const value = (await cache.get('dec')) as Decimal;
    assert.equal(value.toString(), '0.000');
    assert.equal(value.scale, 3);
  });
});

describe('keys of every type', () => {
  const keys: Array<[unknown, TypeHint | undefined]> = [
    [7, T.byte],
    [7, T.short],
    [7, T.int],
    [7, undefined],
    [7.5, T.float],
    [7.5, undefined],
    ['7', T.char],
    ['7', undefined],
    [true, undefined],
    [uuid, undefined],
    [new Date(7), T.date],
    [new Timestamp(7, 1), undefined],
    [7, T.time],
    ['7.0', T.decimal],
    [new BinaryEnum(1, 7), undefined],
    [Buffer.from([7]), undefined],
    [[7], T.intArray],
    [[7, 'x'], undefined],
    [new Map([[7, 7]]), undefined],
  ];

  test('the same JavaScript value under different hints is a different key', async () => {
    const own = await client.createCache(uniqueName('keys'));
    for (const [i, [key, keyHint]] of keys.entries()) await own.put(key, i, { keyHint });
    assert.equal(await own.size(), keys.length);
    for (const [i, [key, keyHint]] of keys.entries()) {
      assert.equal(await own.get(key, { keyHint }), i, `key ${String(key)} ${keyHint ?? ''}`);
      assert.equal(await own.containsKey(key, { keyHint }), true);
    }
    await own.destroy();
  });

  test('typed() keys inside getAll and removeKeys (pyignite type_hints.py)', async () => {
    const own = await client.createCache<unknown, number>(uniqueName('typed-keys'));
    await own.put('a', 1);
    await own.put('a', 2, { keyHint: T.char });
    assert.equal(await own.get('a'), 1);
    assert.equal(await own.get('a', { keyHint: T.char }), 2);
    assert.equal(await own.containsKeys(['a', typed('a', T.char)]), true);
    // Both keys read back as the JavaScript string 'a'; getAll's Map has both, under the keys given.
    const char = typed('a', T.char);
    const found = await own.getAll(['a', char]);
    assert.equal(found.size, 2);
    assert.equal(found.get('a'), 1);
    assert.equal(found.get(char), 2);
    await own.removeKeys(['a', typed('a', T.char)]);
    assert.equal(await own.size(), 0);
    await own.destroy();
  });
});
