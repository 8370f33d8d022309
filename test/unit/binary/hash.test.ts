import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheId, javaStringHash } from '../../../src/binary/hash.js';

// Values from the protocol reference §6a, computed with Java's String.hashCode.
test('Java String.hashCode of ids and names', () => {
  assert.equal(javaStringHash(''), 0);
  assert.equal(javaStringHash('id'), 3355);
  assert.equal(javaStringHash('name'), 3373707);
  assert.equal(javaStringHash('person'), -991716523);
  assert.equal(javaStringHash('key1'), 3288498);
  assert.equal(javaStringHash('Person'), -1907849355);
});

test('the cache id is the hash of the exact, case-sensitive name', () => {
  assert.equal(cacheId('test'), 3556498);
  assert.notEqual(cacheId('Test'), cacheId('test'));
});

test('non-BMP characters hash as two UTF-16 code units, as in Java', () => {
  // U+1F600 is D83D DE00: 31 * 0xD83D + 0xDE00
  assert.equal(javaStringHash('\u{1F600}'), 31 * 0xd83d + 0xde00);
});

test('the hash wraps around like Java int arithmetic', () => {
  // "polygenelubricants".hashCode() == Integer.MIN_VALUE, a well-known Java identity
  assert.equal(javaStringHash('polygenelubricants'), -2147483648);
});
