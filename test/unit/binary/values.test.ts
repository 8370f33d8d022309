import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CollectionKind, MapKind, T, typed, type TypeHint } from '../../../src/binary/hints.js';
import { BinaryEnum, Decimal, Timestamp, Uuid } from '../../../src/binary/ignite-values.js';
import { BinaryReader } from '../../../src/binary/reader.js';
import { readString, readValue, writeString, writeValue } from '../../../src/binary/values.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { NotSupportedError, ParameterError, ParseError } from '../../../src/errors.js';
import { decodeHex, encodeHex, fromHex, hex } from '../../support/bytes.js';
import { javaVector } from '../../support/vectors.js';

function encodeHinted(value: unknown, hint?: TypeHint): string {
  const w = new BinaryWriter(8);
  writeValue(w, value, 'value', hint);
  return hex(w.view());
}

const UUID = 'd57babad-7bc1-4c82-9f9c-e72841b92a85';

// What each Java vector must read as. Hidden READ_AS tags are not compared by deepEqual; the
// write-back tests below check them.
const expectedReads: Array<[string, unknown]> = [
  ['byte_max', 127],
  ['byte_min', -128],
  ['short_min', -32768],
  ['int_max', 2147483647],
  ['int_min', -2147483648],
  ['long_max', 9223372036854775807n],
  ['long_min', -9223372036854775808n],
  ['long_safe', 9007199254740991],
  ['long_unsafe', 9007199254740993n],
  ['long_neg', -42],
  ['float', 1.5],
  ['float_nan', NaN],
  ['double', 3.141592653589793],
  ['double_negzero', -0],
  ['double_inf', Infinity],
  ['char', 'Я'],
  ['bool_true', true],
  ['bool_false', false],
  ['string_ascii', 'hello'],
  ['string_unicode', 'héllo wörld 𝄞 中文'],
  ['string_empty', ''],
  ['uuid', new Uuid(UUID)],
  ['date', new Date(1700000000123)],
  ['date_pre1970', new Date(-946079999993)],
  ['timestamp', new Timestamp(1700000000123, 456789)],
  ['time', new Date(45296789)],
  ['decimal', new Decimal(-12345678901234567890123456789n, 9)],
  ['decimal_small', new Decimal(1n, 2)],
  ['byte_array', Buffer.from([1, 0xfe, 0x7f, 0x80])],
  ['short_array', Int16Array.of(1, -32768, 32767)],
  ['int_array', Int32Array.of(1, -1, 2147483647)],
  ['long_array', [1, 9223372036854775807n]],
  ['float_array', Float32Array.of(1.5, -0, 3.4028234663852886e38, NaN)],
  ['double_array', Float64Array.of(3.141592653589793, -0, -Infinity, 5e-324)],
  ['char_array', ['a', 'Я']],
  ['bool_array', [true, false, true]],
  ['string_array', ['a', null, '𝄞']],
  ['uuid_array', [new Uuid(UUID), new Uuid('00000000-0000-0000-0000-000000000001')]],
  ['date_array', [new Date(1700000000123), new Date(0)]],
  ['timestamp_array', [new Timestamp(1700000000123, 456789), new Timestamp(0, 0)]],
  ['decimal_array', [new Decimal(15n, 1), new Decimal(-12345678901234567890123456789n, 9), new Decimal(0n, 0)]],
  ['object_array', [1, 'two', 3]],
  ['list', [1, 'x', 2]],
  ['linked_list', [3, 'y']],
  ['hash_set', new Set(['a', 'b'])],
  ['linked_hash_set', new Set(['z', 'a', 'm'])],
  ['hash_map', new Map([['a', 1], ['b', 2]])],
  ['linked_hash_map', new Map([['z', 1], ['a', 2]])],
  ['nested_list', [[1, 2], new Map([['k', 'v']])]],
  ['enum', new BinaryEnum(1396398841, 1)],
];

describe('reading every value the Java thin client 2.17.0 wrote', () => {
  for (const [name, expected] of expectedReads) {
    test(name, () => assert.deepStrictEqual(decodeHex(javaVector(name).wireHex), expected));
  }

  test('a Long beyond 2^53 reads as bigint, never as a rounded number', () => {
    assert.equal(typeof decodeHex(javaVector('long_unsafe').wireHex), 'bigint');
  });

  test('longAsBigInt makes every Long a bigint, in arrays too', () => {
    assert.equal(decodeHex(javaVector('long_neg').wireHex, { longAsBigInt: true }), -42n);
    assert.deepStrictEqual(decodeHex(javaVector('long_array').wireHex, { longAsBigInt: true }), [1n, 9223372036854775807n]);
  });

  test('a Timestamp keeps the nanoseconds Java gave it', () => {
    const value = decodeHex(javaVector('timestamp').wireHex) as Timestamp;
    assert.ok(value instanceof Timestamp && value instanceof Date);
    assert.equal(value.getTime(), 1700000000123);
    assert.equal(value.nanosOfSecond, 123456789);
  });

  test('byte arrays and typed arrays read back are copies, not views of the frame', () => {
    const frame = fromHex(javaVector('int_array').wireHex);
    const value = readValue(new BinaryReader(frame)) as Int32Array;
    frame.fill(0);
    assert.deepStrictEqual(value, Int32Array.of(1, -1, 2147483647));
  });
});

describe('values read from Ignite write back as the same Ignite type, byte for byte', () => {
  for (const [name] of expectedReads) {
    test(name, () => {
      const wire = javaVector(name).wireHex;
      assert.equal(encodeHex(decodeHex(wire)), rewriteExpectation(name, wire));
    });
  }
});

/**
 * Numbers inside containers lose their Java width when read (an Integer becomes a number), so
 * they come back as Longs; every container, date, enum and typed array keeps its type.
 */
function rewriteExpectation(name: string, wire: string): string {
  const asLongs: Record<string, string> = {
    byte_max: '047f00000000000000',
    byte_min: '0480ffffffffffffff',
    short_min: '040080ffffffffffff',
    int_max: '04ffffff7f00000000',
    int_min: '0400000080ffffffff',
    float: '06000000000000f83f',
    float_nan: '06000000000000f87f',
    char: '0902000000d0af',
    object_array: '17ffffffff03000000' + '040100000000000000' + '090300000074776f' + '040300000000000000',
    list: '180300000001' + '040100000000000000' + '090100000078' + '040200000000000000',
    linked_list: '180200000002' + '040300000000000000' + '090100000079',
    hash_map: '190200000001' + '090100000061' + '040100000000000000' + '090100000062' + '040200000000000000',
    linked_hash_map: '190200000002' + '09010000007a' + '040100000000000000' + '090100000061' + '040200000000000000',
    nested_list: '180200000001' + '180200000001040100000000000000040200000000000000' + '19010000000109010000006b090100000076',
  };
  return asLongs[name] ?? wire;
}

describe('writing byte-exactly as the Java thin client does, with hints', () => {
  const cases: Array<[string, unknown, TypeHint?]> = [
    ['byte_max', 127, T.byte],
    ['byte_min', -128, T.byte],
    ['short_min', -32768, T.short],
    ['int_max', 2147483647, T.int],
    ['int_min', -2147483648, T.int],
    ['long_max', 9223372036854775807n, undefined],
    ['long_min', -9223372036854775808n, T.long],
    ['long_safe', 9007199254740991, undefined],
    ['long_neg', -42, T.long],
    ['float', 1.5, T.float],
    ['float_nan', NaN, T.float],
    ['double', 3.141592653589793, undefined],
    ['double_negzero', -0, T.double],
    ['double_inf', Infinity, undefined],
    ['char', 'Я', T.char],
    ['bool_true', true, T.bool],
    ['string_unicode', 'héllo wörld 𝄞 中文', T.string],
    ['uuid', new Uuid(UUID), undefined],
    ['uuid', UUID, T.uuid],
    ['date', new Date(1700000000123), T.date],
    ['date_pre1970', -946079999993, T.date],
    ['timestamp', new Timestamp(1700000000123, 456789), undefined],
    ['time', 45296789, T.time],
    ['decimal', new Decimal(-12345678901234567890123456789n, 9), undefined],
    ['decimal', '-12345678901234567890.123456789', T.decimal],
    ['decimal_small', '0.01', T.decimal],
    ['byte_array', [1, -2, 127, -128], T.byteArray],
    ['byte_array', Int8Array.of(1, -2, 127, -128), undefined],
    ['short_array', [1, -32768, 32767], T.shortArray],
    ['short_array', Int16Array.of(1, -32768, 32767), undefined],
    ['int_array', [1, -1, 2147483647], T.intArray],
    ['long_array', [1, 9223372036854775807n], T.longArray],
    ['long_array', BigInt64Array.of(1n, 9223372036854775807n), undefined],
    ['float_array', [1.5, -0, 3.4028234663852886e38, NaN], T.floatArray],
    ['double_array', Float64Array.of(3.141592653589793, -0, -Infinity, 5e-324), undefined],
    ['char_array', 'aЯ', T.charArray],
    ['char_array', ['a', 'Я'], T.charArray],
    ['bool_array', [true, false, true], T.boolArray],
    ['string_array', ['a', null, '𝄞'], T.stringArray],
    ['uuid_array', [UUID, '00000000-0000-0000-0000-000000000001'], T.uuidArray],
    ['date_array', [new Date(1700000000123), 0], T.dateArray],
    ['timestamp_array', [new Timestamp(1700000000123, 456789), new Date(0)], T.timestampArray],
    ['decimal_array', ['1.5', '-12345678901234567890.123456789', 0], T.decimalArray],
    ['object_array', [typed(1, T.int), 'two', typed(3, T.double)], T.objectArray],
    ['list', [typed(1, T.int), 'x', 2], undefined],
    ['linked_list', [3, 'y'], T.collection(CollectionKind.LinkedList, undefined)],
    ['hash_set', new Set(['a', 'b']), T.collection(CollectionKind.HashSet)],
    ['linked_hash_set', new Set(['z', 'a', 'm']), undefined],
    ['hash_map', new Map([['a', 1], ['b', 2]]), T.map(MapKind.HashMap, T.string, T.int)],
    ['linked_hash_map', { z: 1, a: 2 }, T.map(MapKind.LinkedHashMap, undefined, T.int)],
    ['nested_list', [typed([1, 2], T.collection(CollectionKind.ArrayList, T.int)), typed(new Map([['k', 'v']]), T.map(MapKind.HashMap))], undefined],
    ['enum', new BinaryEnum(1396398841, 1), undefined],
  ];
  cases.forEach(([name, value, hint], i) => {
    test(`${name} #${i}${hint ? ` with ${hint}` : ''}`, () => {
      const expected = javaVector(name).wireHex;
      // linked_list's int elements need the element hint
      const adjusted = name === 'linked_list' ? typed([typed(3, T.int), 'y'], hint!) : value;
      assert.equal(encodeHinted(adjusted, name === 'linked_list' ? undefined : hint), expected);
    });
  });

  test('keys the Java client wrote (interop_keys_java) are the same bytes here', () => {
    assert.equal(encodeHex(42), javaVector('42').keyWireHex);
    assert.equal(encodeHinted(43, T.int), javaVector('43').keyWireHex);
    assert.equal(encodeHex(new Uuid(UUID)), javaVector(UUID).keyWireHex);
  });
});

describe('edge values', () => {
  const roundTrips: Array<[string, unknown, TypeHint]> = [
    ['byte edges', [-128, 0, 127], T.byteArray],
    ['short edges', [-32768, 32767], T.shortArray],
    ['int edges', [-2147483648, 2147483647], T.intArray],
    ['long edges', [-(2n ** 63n), 2n ** 63n - 1n, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER], T.longArray],
    ['float specials', [NaN, Infinity, -Infinity, -0, 1.401298464324817e-45], T.floatArray],
    ['double specials', [NaN, Infinity, -Infinity, -0, Number.MIN_VALUE, Number.MAX_VALUE], T.doubleArray],
    ['chars incl. a lone surrogate', ['\u0000', '\uffff', '\ud800'], T.charArray],
    ['dates before 1970 and far ahead', [new Date(-62135596800000), new Date(253402300799999)], T.dateArray],
  ];
  for (const [label, value, hint] of roundTrips) {
    test(`${label} round-trip`, () => {
      const decoded = decodeHex(encodeHinted(value, hint));
      const list = Buffer.isBuffer(decoded) ? new Int8Array(decoded.buffer, decoded.byteOffset, decoded.length) : decoded;
      const items = [...(list as Iterable<unknown>)].map((v) => (v instanceof Date ? v.getTime() : v));
      const expected = (value as unknown[]).map((v) => (v instanceof Date ? v.getTime() : typeof v === 'bigint' && v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v));
      assert.deepStrictEqual(items, expected);
    });
  }

  test('non-BMP and empty strings', () => {
    assert.equal(decodeHex(encodeHex('')), '');
    assert.equal(decodeHex(encodeHex('😀 𝄞')), '😀 𝄞');
  });

  test('a lone surrogate in a string becomes "?" as Java String.getBytes(UTF_8) makes it', () => {
    assert.equal(encodeHex('a\ud800b'), '0903000000613f62');
    assert.equal(encodeHex('\udc00'), '09010000003f');
    assert.equal(decodeHex(encodeHex('\ud83d\ude00')), '😀');
  });

  test('decimals: negative, large scale, negative scale, zero, values at a sign-bit boundary', () => {
    for (const text of ['-1.5', '128', '-128', '0', '0.000000000000000000000000000001', '-99999999999999999999999999999999.99', '1E+5', '255', '-255']) {
      const decimal = Decimal.parse(text);
      const back = decodeHex(encodeHex(decimal)) as Decimal;
      assert.ok(back.equals(decimal), `${text}: ${back.toString()}`);
    }
    // Layouts from the protocol reference §4.3 (Java 2.17.0 writer).
    assert.equal(encodeHex(Decimal.parse('-1.5')), '1e' + '01000000' + '01000000' + '8f');
    assert.equal(encodeHex(Decimal.parse('128')), '1e' + '00000000' + '02000000' + '0080');
    assert.equal(encodeHex(Decimal.parse('-128')), '1e' + '00000000' + '02000000' + '8080');
    assert.equal(encodeHex(Decimal.parse('0')), '1e' + '00000000' + '01000000' + '00');
    assert.equal(Decimal.parse('1E+5').toString(), '100000');
    assert.equal(Decimal.parse('-0.050').toString(), '-0.050');
    assert.equal(new Decimal(-5n, 3).toString(), '-0.005');
  });

  test('UUIDs from the protocol reference §6a', () => {
    assert.equal(encodeHinted('123e4567-e89b-12d3-a456-426614174000', T.uuid), '0a' + 'd3129be867453e12' + '0040171466425' + '6a4');
  });
});

describe('handles and wrapped objects', () => {
  test('a handle (102) reads the value it points back to, as the same object', () => {
    // ArrayList [ int[]{7}, handle -> that int[] ]: the handle at offset 15 points 9 back, to 6.
    const value = decodeHex('180200000001' + '0e0100000007000000' + '6609000000') as unknown[];
    assert.deepStrictEqual(value[0], Int32Array.of(7));
    assert.equal(value[1], value[0]);
  });

  test('a handle to a value that was not a container is decoded again', () => {
    const value = decodeHex('1802000000010903000000616263' + '6608000000') as unknown[];
    assert.deepStrictEqual(value, ['abc', 'abc']);
  });

  test('a collection that contains itself through a handle is the same object', () => {
    const value = decodeHex('180100000001' + '6606000000') as unknown[];
    assert.equal(value[0], value);
  });

  test('wrapped data (27) reads the value at its offset', () => {
    assert.equal(decodeHex('1b' + '0a000000' + 'ffff' + '030500000000' + 'ffff' + '02000000'), 5);
  });

  test('a handle pointing outside the value is a ParseError', () => {
    assert.throws(() => decodeHex('6664000000'), ParseError);
  });

  test('complex objects (103) are not readable yet: a typed error, not garbage', () => {
    assert.throws(() => decodeHex('6701000000'), NotSupportedError);
  });
});

describe('bad input is a ParameterError naming the value, before anything is written', () => {
  const bad: Array<[unknown, TypeHint | undefined, RegExp]> = [
    [2 ** 31, T.int, /value: number 2147483648 is outside the range of an Ignite Int/],
    [300, T.byte, /value: number 300 is outside the range of an Ignite Byte/],
    [1.5, T.short, /not whole/],
    [2n ** 63n, undefined, /value: bigint 9223372036854775808n is outside the range of an Ignite Long/],
    [2 ** 60, T.long, /beyond 2\^53/],
    ['not-a-uuid', T.uuid, /value: string "not-a-uuid" is not a UUID/],
    ['ab', T.char, /not one UTF-16 code unit/],
    ['x', T.bool, /not a boolean/],
    [1, T.string, /not a string/],
    [new Date(NaN), undefined, /not a valid point in time/],
    ['1.2.3', T.decimal, /not a decimal number/],
    [{ plain: 1 }, undefined, /plain object cannot be written/],
    [[1, { plain: 1 }], undefined, /value\[1\]: plain object/],
    [new Map([['k', [1n << 64n]]]), undefined, /value\[0\]\[1\]\[0\]: bigint/],
    [[1, 300], T.byteArray, /value\[1\]: number 300/],
    [5, T.collection, /not iterable/],
    [new Uint32Array(2), undefined, /no Ignite array type/],
    [T.int, undefined, /is a type hint, not a value/],
  ];
  for (const [value, hint, message] of bad) {
    test(`${String(message)}`, () => {
      const w = new BinaryWriter(8);
      assert.throws(() => writeValue(w, value, 'value', hint), (err: unknown) => err instanceof ParameterError && message.test(err.message));
    });
  }

  test('a value that contains itself is refused, not a stack overflow', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    assert.throws(() => writeValue(new BinaryWriter(8), cyclic, 'value'), (err: unknown) => err instanceof ParameterError && /nested too deeply/.test(err.message));
  });
});

describe('typed strings in the protocol', () => {
  test('round trip and NULL', () => {
    const w = new BinaryWriter(2);
    writeString(w, 'cache');
    writeString(w, null);
    assert.equal(hex(w.view()), '0905000000' + '6361636865' + '65');
    const r = new BinaryReader(w.view());
    assert.equal(readString(r), 'cache');
    assert.equal(readString(r), null);
  });

  test('a non-string where a string belongs is a ParseError', () => {
    assert.throws(() => readString(new BinaryReader(fromHex('0301000000'))), ParseError);
  });
});

describe('malformed input', () => {
  test('truncated data is a ParseError, not a RangeError', () => {
    for (const wire of ['0301', '090a00000061', '0cffffffff', '0e02000000010000', '1e0100000005000000ff', '180500000001']) {
      assert.throws(() => decodeHex(wire), ParseError, wire);
    }
  });

  test('an element count larger than the frame is a ParseError, not a huge allocation', () => {
    assert.throws(() => decodeHex('18ffffff7f01'), ParseError);
  });
});
