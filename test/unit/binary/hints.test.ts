import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CollectionKind, MapKind, T, Typed, typed, TypeHint } from '../../../src/binary/hints.js';
import { TypeCode } from '../../../src/binary/type-codes.js';

test('every hint names its type code', () => {
  assert.equal(T.int.typeCode, TypeCode.Int);
  assert.equal(T.timestamp.typeCode, TypeCode.Timestamp);
  assert.equal(T.decimalArray.typeCode, TypeCode.DecimalArray);
  assert.equal(String(T.uuid), 'T.uuid');
});

test('parametrised hints are hints themselves and can be called for a kind', () => {
  assert.ok(T.collection instanceof TypeHint);
  assert.equal(T.collection.kind, CollectionKind.ArrayList);
  const linked = T.collection(CollectionKind.LinkedList, T.int);
  assert.ok(linked instanceof TypeHint);
  assert.equal(linked.kind, CollectionKind.LinkedList);
  assert.equal(linked.element, T.int);
  assert.equal(T.map.kind, MapKind.LinkedHashMap);
  const map = T.map(MapKind.HashMap, T.string, T.short);
  assert.deepEqual([map.kind, map.key, map.element], [MapKind.HashMap, T.string, T.short]);
  assert.equal(T.objectArray.componentTypeId, -1);
  assert.equal(T.objectArray(T.int, 42).componentTypeId, 42);
  assert.equal(T.enumArray(7).componentTypeId, 7);
});

test('hints cannot be changed by accident', () => {
  assert.throws(() => {
    (T as unknown as Record<string, unknown>).int = T.long;
  }, TypeError);
  assert.throws(() => {
    (T.collection as unknown as { kind: number }).kind = 3;
  }, TypeError);
});

test('typed() pairs a value with a hint', () => {
  const value = typed('a', T.char);
  assert.ok(value instanceof Typed);
  assert.equal(value.value, 'a');
  assert.equal(value.hint, T.char);
});
