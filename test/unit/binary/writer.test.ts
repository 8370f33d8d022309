import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BinaryReader } from '../../../src/binary/reader.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { hex } from '../../support/bytes.js';

test('grows past its initial capacity without losing bytes', () => {
  const w = new BinaryWriter(1);
  for (let i = 0; i < 1000; i++) w.writeI32(i);
  const r = new BinaryReader(w.view());
  for (let i = 0; i < 1000; i++) assert.equal(r.readI32(), i);
  assert.equal(r.remaining, 0);
});

test('little-endian integers at every width', () => {
  const w = new BinaryWriter(4);
  w.writeI8(-1);
  w.writeI16(0x1234);
  w.writeI32(-2);
  w.writeI64(0x0102030405);
  w.writeI64(-(2 ** 40));
  assert.equal(hex(w.view()), 'ff' + '3412' + 'feffffff' + '0504030201000000' + '0000000000ffffff');
});

test('int64 halves read back exactly at the edge of the safe range', () => {
  for (const value of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, -1, 0]) {
    const w = new BinaryWriter(8);
    w.writeI64(value);
    assert.equal(new BinaryReader(w.view()).readI64(), value);
    assert.equal(w.view().readBigInt64LE(0), BigInt(value));
  }
});

test('strings are written in one pass with their UTF-8 length', () => {
  const w = new BinaryWriter(1);
  w.writeUtf8('Я𝄞');
  assert.equal(hex(w.view()), '06000000' + 'd0af' + 'f09d849e');
});

test('reserve and patch an i32', () => {
  const w = new BinaryWriter(4);
  const at = w.reserveI32();
  w.writeI8(7);
  w.patchI32(at, 1);
  assert.equal(hex(w.view()), '0100000007');
});

test('strings round-trip on both sides of the short-string decoding path', () => {
  for (const text of ['', 'a', 'é', 'Я1', '12345678901', '123456789012', '1234567890123', 'abcdefghijé', '😀', 'x'.repeat(12) + 'é']) {
    const w = new BinaryWriter(4);
    w.writeUtf8(text);
    assert.equal(new BinaryReader(w.view()).readUtf8(), text);
  }
});

test('short strings are encoded byte-exactly on both sides of the ASCII loop, whatever precedes them', () => {
  const texts = ['', 'k', 'key-1', 'x'.repeat(15), 'x'.repeat(16), 'x'.repeat(17), 'x'.repeat(15) + 'é', 'é' + 'x'.repeat(15), 'abc\u007f', 'abc\u0080', 'a😀b', '\u0000nul'];
  for (const text of texts) {
    const w = new BinaryWriter(2);
    w.writeI8(0x55);
    w.writeUtf8(text);
    const utf8 = Buffer.from(text, 'utf8');
    const expected = Buffer.alloc(5);
    expected[0] = 0x55;
    expected.writeInt32LE(utf8.length, 1);
    assert.equal(hex(w.view()), hex(Buffer.concat([expected, utf8])), JSON.stringify(text));
  }
});
