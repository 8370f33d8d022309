// Key → hash → partition, byte for byte as Ignite 2.17.0 computes it: vectors printed by Java itself
// (test/vectors/java/AffinityVectors.java: each value's hashCode, the array rule of the server's
// affinity key mapper, and RendezvousAffinityFunction.partition for 1024, 1000 and 17 partitions).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type AffinityTypes, affinityHash } from '../../../src/binary/affinity-hash.js';
import { T, type TypeHint } from '../../../src/binary/hints.js';
import { Decimal, Timestamp, Uuid } from '../../../src/binary/ignite-values.js';
import { writeValue } from '../../../src/binary/values.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { partitionOf } from '../../../src/routing/affinity.js';

interface AffinityVector {
  type: string;
  value: unknown;
  hash: number;
  p1024: number;
  p1000: number;
  p17: number;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const vectors: AffinityVector[] = readFileSync(path.resolve(here, '..', '..', '..', '..', 'test', 'vectors', 'affinity-java-2.17.0.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as AffinityVector);

const noTypes: AffinityTypes = { schema: () => undefined, affinityFieldId: () => undefined };

/** The vector's value as this client is given it, with the hint that makes it that Java type. */
function keyOf(v: AffinityVector): [unknown, TypeHint] {
  const s = v.value as string;
  switch (v.type) {
    case 'int':
      return [Number(s), T.int];
    case 'long':
      return [BigInt(s), T.long];
    case 'short':
      return [Number(s), T.short];
    case 'byte':
      return [Number(s), T.byte];
    case 'double':
      return [Number(s), T.double];
    case 'float':
      return [Number(s), T.float];
    case 'bool':
      return [s === 'true', T.bool];
    case 'char':
      return [String.fromCharCode(Number(s)), T.char];
    case 'string':
      return [s, T.string];
    case 'uuid':
      return [new Uuid(s), T.uuid];
    case 'date':
      return [new Date(Number(s)), T.date];
    case 'timestamp':
      return [new Timestamp(Number(s), 0), T.timestamp];
    case 'decimal':
      return [Decimal.from(s), T.decimal];
    case 'byte[]':
      return [Buffer.from(v.value as number[]), T.byteArray];
    case 'int[]':
      return [Int32Array.from(v.value as number[]), T.intArray];
    case 'long[]':
      return [(v.value as number[]).map((n) => BigInt(n)), T.longArray];
    case 'short[]':
      return [Int16Array.from(v.value as number[]), T.shortArray];
    case 'double[]':
      return [Float64Array.from(v.value as number[]), T.doubleArray];
    case 'float[]':
      return [Float32Array.from(v.value as number[]), T.floatArray];
    case 'boolean[]':
      return [v.value as boolean[], T.boolArray];
    case 'char[]':
      return [(v.value as number[]).map((c) => String.fromCharCode(c)), T.charArray];
    case 'String[]':
      return [v.value as string[], T.stringArray];
    case 'UUID[]':
      return [(v.value as string[]).map((u) => new Uuid(u)), T.uuidArray];
    default:
      throw new Error(`vector type ${v.type} has no mapping in this test`);
  }
}

function hashOf(value: unknown, hint?: TypeHint): number | undefined {
  const w = new BinaryWriter(64);
  writeValue(w, value, 'key', hint);
  return affinityHash(w.view(), undefined, noTypes);
}

test('the vectors cover every key type the issue names', () => {
  const types = new Set(vectors.map((v) => v.type));
  for (const t of ['int', 'long', 'short', 'byte', 'double', 'float', 'bool', 'char', 'string', 'uuid', 'date', 'timestamp', 'decimal', 'byte[]']) {
    assert.ok(types.has(t), `${t} vectors present`);
  }
  assert.ok(vectors.length >= 80, `${vectors.length} vectors`);
});

for (const v of vectors) {
  test(`${v.type} ${JSON.stringify(v.value)}: hash ${v.hash}, partitions ${v.p1024}/1024 ${v.p1000}/1000 ${v.p17}/17`, () => {
    const [value, hint] = keyOf(v);
    const hash = hashOf(value, hint);
    assert.equal(hash, v.hash, 'Java hashCode');
    assert.equal(partitionOf(hash!, 1024), v.p1024, 'partition of 1024');
    assert.equal(partitionOf(hash!, 1000), v.p1000, 'partition of 1000');
    assert.equal(partitionOf(hash!, 17), v.p17, 'partition of 17');
  });
}

test('values without hints hash as the type they are written as: a whole number or bigint → Long, a fraction → Double', () => {
  assert.equal(hashOf(42), 42);
  assert.equal(hashOf(-1), 0, 'a Long (an Integer -1 would hash to -1)');
  assert.equal(hashOf(-1, T.int), -1, 'with T.int, an Integer');
  assert.equal(hashOf(2 ** 40), 256);
  assert.equal(hashOf(-1n), 0, 'bigint: a Long');
  assert.equal(hashOf(-1.5), vectors.find((v) => v.type === 'double' && v.value === '-1.5')!.hash, 'a fraction: a Double');
  assert.equal(hashOf('key1'), 3288498);
  assert.equal(hashOf(true), 1231);
});

test('-0.0 and 0.0 are different keys with different hashes, as in Java', () => {
  assert.notEqual(hashOf(-0, T.double), hashOf(0, T.double));
  assert.equal(hashOf(-0, T.double), -2147483648);
});

test('a Timestamp hashes by its milliseconds: the nanoseconds below them do not count', () => {
  assert.equal(hashOf(new Timestamp(1_700_000_000_000, 999_999), T.timestamp), hashOf(new Timestamp(1_700_000_000_000, 0), T.timestamp));
});

test('a wrapped binary object (27) and a plain complex object (103) hash by the header hash', () => {
  // Person{id: 42, name: "Bob"} from the protocol reference §6a: header hash 0x362A49E7.
  const person = Buffer.from('67012B00559BE3C4E7492A3627000000F3F1DC3925000000032A000000090300000042' + '6F62' + '181D', 'hex');
  assert.equal(affinityHash(person, undefined, noTypes), 0x362a49e7 | 0);
  const wrapped = Buffer.concat([Buffer.from([27]), int32(person.length), person, int32(0)]);
  assert.equal(affinityHash(wrapped, undefined, noTypes), 0x362a49e7 | 0);
});

test('an affinity key field (cache key configuration or type metadata) is hashed instead of the whole object', () => {
  const person = Buffer.from('67012B00559BE3C4E7492A3627000000F3F1DC3925000000032A000000090300000042' + '6F62' + '181D', 'hex');
  const typeId = person.readInt32LE(4);
  const types: AffinityTypes = { schema: (t, s) => (t === typeId && s === 0x39dcf1f3 ? [3355, 3373707] : undefined), affinityFieldId: () => undefined };
  // By the cache's key configuration: field "id" (3355) → the Integer 42.
  assert.equal(affinityHash(person, new Map([[typeId, 3355]]), types), 42);
  // By the type's metadata: field "name" (3373707) → "Bob".hashCode().
  const byMetadata: AffinityTypes = { ...types, affinityFieldId: (t) => (t === typeId ? 3373707 : undefined) };
  assert.equal(affinityHash(person, undefined, byMetadata), hashOf('Bob'));
  // A compact footer whose schema is unknown: no guess, the key goes to any node.
  assert.equal(affinityHash(person, new Map([[typeId, 3355]]), noTypes), undefined);
});

test('partitionOf: a power of two masks the spread hash; any other count takes Java remainder, made positive', () => {
  assert.equal(partitionOf(3288498, 1024), 384);
  assert.equal(partitionOf(-1907849355, 1000), 355);
  assert.equal(partitionOf(-2147483648, 1000), 648);
  assert.equal(partitionOf(-2147483648, 1024), 0);
});

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}
