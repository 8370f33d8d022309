import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BinaryReader } from '../../../src/binary/reader.js';
import { readString, readValue, writeString } from '../../../src/binary/values.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { NotSupportedError, ParameterError, ParseError } from '../../../src/errors.js';
import { decodeHex, encodeHex, fromHex, hex } from '../../support/bytes.js';
import { javaVector } from '../../support/vectors.js';

describe('reading values written by the Java thin client 2.17.0', () => {
  const cases: Array<[string, unknown]> = [
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
    ['byte_array', Buffer.from([1, 0xfe, 0x7f, 0x80])],
  ];
  for (const [name, expected] of cases) {
    test(name, () => {
      const vector = javaVector(name);
      assert.deepEqual(decodeHex(vector.wireHex), expected);
    });
  }

  test('a Long beyond 2^53 reads as bigint, never as a rounded number', () => {
    const value = decodeHex(javaVector('long_unsafe').wireHex);
    assert.equal(typeof value, 'bigint');
    assert.equal(value, 9007199254740993n);
  });

  test('longAsBigInt makes every Long a bigint', () => {
    assert.equal(decodeHex(javaVector('long_neg').wireHex, { longAsBigInt: true }), -42n);
    assert.equal(decodeHex(javaVector('long_safe').wireHex, { longAsBigInt: true }), 9007199254740991n);
  });

  test('a byte array read back is a copy, not a view of the frame', () => {
    const frame = fromHex(javaVector('byte_array').wireHex);
    const value = readValue(new BinaryReader(frame)) as Buffer;
    frame[5] = 0;
    assert.equal(value[0], 1);
  });
});

describe('writing values byte-exactly as the Java thin client does', () => {
  const cases: Array<[string, unknown]> = [
    ['long_max', 9223372036854775807n],
    ['long_min', -9223372036854775808n],
    ['long_safe', 9007199254740991],
    ['long_unsafe', 9007199254740993n],
    ['long_neg', -42],
    ['double', 3.141592653589793],
    ['double_negzero', -0],
    ['double_inf', Infinity],
    ['bool_true', true],
    ['bool_false', false],
    ['string_ascii', 'hello'],
    ['string_unicode', 'héllo wörld 𝄞 中文'],
    ['string_empty', ''],
    ['byte_array', Uint8Array.from([1, 0xfe, 0x7f, 0x80])],
  ];
  for (const [name, value] of cases) {
    test(name, () => assert.equal(encodeHex(value), javaVector(name).wireHex));
  }

  test('null and undefined are Null (101)', () => {
    assert.equal(encodeHex(null), '65');
    assert.equal(encodeHex(undefined), '65');
  });

  test('safe integers are Longs, other numbers Doubles', () => {
    assert.equal(encodeHex(0), '040000000000000000');
    assert.equal(encodeHex(-1), '04ffffffffffffffff');
    assert.equal(encodeHex(Number.MIN_SAFE_INTEGER), '04010000000000e0ff');
    assert.equal(encodeHex(2 ** 53), '060000000000004043');
    assert.equal(encodeHex(0.5), '06000000000000e03f');
    assert.equal(encodeHex(NaN), '06000000000000f87f');
  });

  test('a bigint beyond int64 is a ParameterError naming the value', () => {
    assert.throws(() => encodeHex(1n << 63n), (err: unknown) => err instanceof ParameterError && /value: bigint 9223372036854775808n/.test(err.message));
    assert.throws(() => encodeHex(-(1n << 63n) - 1n), ParameterError);
  });

  test('values with no Ignite type are ParameterErrors', () => {
    for (const value of [{ a: 1 }, Symbol('s'), () => 1, new Set([1])]) {
      assert.throws(() => encodeHex(value), ParameterError);
    }
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
    assert.throws(() => decodeHex('0301'), ParseError);
    assert.throws(() => decodeHex('090a00000061'), ParseError);
    assert.throws(() => decodeHex('0cffffffff'), ParseError);
  });

  test('a type code this release cannot read is a NotSupportedError', () => {
    assert.throws(() => decodeHex(javaVector('uuid').wireHex), NotSupportedError);
  });
});
