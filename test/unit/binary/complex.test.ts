// Complex objects (103) byte for byte: vectors from the protocol reference §4.4/§6a and from the
// Java thin client 2.17.0 (test/vectors), with a registry that knows the schemas.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldIdOf, schemaIdOf, typeIdOf, javaLowerCase } from '../../../src/binary/binary-type.js';
import { BinaryObject, complexType } from '../../../src/binary/complex.js';
import { T, typed } from '../../../src/binary/hints.js';
import { BinaryEnum, Decimal, Timestamp, Uuid } from '../../../src/binary/ignite-values.js';
import { TypeCode } from '../../../src/binary/type-codes.js';
import { BinaryReader } from '../../../src/binary/reader.js';
import { readValue, writeValue } from '../../../src/binary/values.js';
import { resolveTypes } from '../../../src/binary/resolve.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { BinaryTypes } from '../../../src/binary-types.js';
import { BinaryTypeError, ParameterError } from '../../../src/errors.js';
import { OpCode } from '../../../src/protocol/op-codes.js';
import { fromHex, hex } from '../../support/bytes.js';
import { idVectors, javaVectors } from '../../support/vectors.js';

/** A registry whose "cluster" accepts every put and answers every get from what was put. */
function offlineTypes(compactFooter: boolean): { types: BinaryTypes; puts: number[] } {
  const puts: number[] = [];
  const store = {
    getType: async () => {
      puts.push(OpCode.GetBinaryType);
      return null;
    },
    putType: async () => {
      puts.push(OpCode.PutBinaryType);
    },
    compactFooter: async () => undefined,
    putClassName: async () => {
      puts.push(OpCode.RegisterBinaryTypeName);
    },
  };
  return { types: new BinaryTypes(store, compactFooter), puts };
}

function encode(value: unknown, types: BinaryTypes, hint?: Parameters<typeof writeValue>[3]): string {
  const w = new BinaryWriter(16);
  writeValue(w, value, 'value', hint, types);
  return hex(w.view());
}

const Person = complexType('Person', { id: T.int, name: T.string });

describe('ids', () => {
  test('type, field and schema ids from the protocol reference §6a', () => {
    assert.equal(typeIdOf('Person'), -991716523);
    assert.equal(fieldIdOf('id'), 3355);
    assert.equal(fieldIdOf('name'), 3373707);
    assert.equal(schemaIdOf([3355, 3373707]), 970781171);
  });

  test('lower-casing is one UTF-16 unit at a time, as Java does', () => {
    assert.equal(javaLowerCase('ÄBC'), 'äbc');
    // JavaScript lower-cases U+0130 to "i\u0307"; Java's Character.toLowerCase gives "i".
    assert.equal(javaLowerCase('\u0130'), 'i');
    assert.equal(javaLowerCase('\u0130stanbul'), 'istanbul');
    // Each unit of a surrogate pair stays as it is (Deseret U+10400 has a lower case U+10428).
    assert.equal(javaLowerCase('\u{10400}'), '\u{10400}');
  });

  test('every BMP unit lower-cases as Java 17 lower-cases it (test/vectors/ids-java-2.17.0.jsonl)', () => {
    const { lower } = idVectors();
    assert.ok(lower.size > 1000, 'the vector file lists every unit Java changes');
    const wrong: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const expected = lower.get(unit) ?? unit;
      const actual = javaLowerCase(String.fromCharCode(unit)).charCodeAt(0);
      if (actual !== expected) wrong.push(`U+${unit.toString(16)}: ${actual.toString(16)}, Java ${expected.toString(16)}`);
    }
    assert.deepStrictEqual(wrong, []);
  });

  test('type and field ids of names with special cases equal the ids Java computes', () => {
    const { names } = idVectors();
    assert.ok(names.length >= 10);
    for (const { name, typeId, fieldId } of names) {
      assert.equal(typeIdOf(name), typeId, `typeId of ${JSON.stringify(name)}`);
      assert.equal(fieldIdOf(name), fieldId, `fieldId of ${JSON.stringify(name)}`);
    }
  });
});

describe('writing', () => {
  test('fields without a hint register the type code their value is written with', async () => {
    const { types } = offlineTypes(true);
    await types.putType({ typeName: 'org.acme.Inferred', fields: [{ name: 'id', typeCode: TypeCode.Int }] });
    const Inferred = await types.queryType('org.acme.Inferred');
    assert.ok(Inferred);
    const value = new Inferred({
      id: 1,
      color: new BinaryEnum(12345, 1),
      uuid: new Uuid('d57babad-7bc1-4c82-9f9c-e72841b92a85'),
      amount: Decimal.parse('1.5'),
      at: new Timestamp(0, 1),
      date: new Date(0),
      small: typed(1, T.short),
      nested: new Person({ id: 1, name: 'x' }),
    });
    const pending = types.pendingSchemas([[value, undefined]]) ?? [];
    const inferred = pending.find((p) => p.descriptor.typeName === 'org.acme.Inferred');
    assert.deepStrictEqual(
      inferred?.fields.map((f) => [f.name, f.typeCode]),
      [
        ['id', TypeCode.Int],
        // Java registers an enum field as "Enum" (28), whether its values are 28 or 38.
        ['color', TypeCode.Enum],
        ['uuid', TypeCode.Uuid],
        ['amount', TypeCode.Decimal],
        ['at', TypeCode.Timestamp],
        ['date', TypeCode.Timestamp],
        ['small', TypeCode.Short],
        ['nested', TypeCode.ComplexObject],
      ],
    );
  });

  test('Person{id: 42, name: "Bob"} with a compact footer, as the reference §6a lays it out', async () => {
    const { types } = offlineTypes(true);
    await types.registerType(Person);
    assert.equal(
      encode(new Person({ id: 42, name: 'Bob' }), types),
      '67012b00559be3c4e7492a3627000000f3f1dc3925000000' + '032a000000' + '0903000000426f62' + '181d',
    );
  });

  test('the same object with a full footer: field ids beside the offsets', () => {
    const { types } = offlineTypes(false);
    assert.equal(
      encode(new Person({ id: 42, name: 'Bob' }), types),
      '67010b00559be3c4e7492a362f000000f3f1dc3925000000' + '032a000000' + '0903000000426f62' + '1b0d000018' + '8b7a33001d',
    );
  });

  test('a schema the cluster does not know yet is written with a full footer, which needs no schema', () => {
    const { types } = offlineTypes(true);
    assert.equal(encode(new Person({ id: 42, name: 'Bob' }), types).slice(4, 8), '0b00');
  });

  test('an object without fields: the header alone, as Java writes it (reference §4.4)', () => {
    const Empty = complexType('org.acme.Empty', {});
    const { types } = offlineTypes(true);
    const typeId = Buffer.alloc(4);
    typeId.writeInt32LE(typeIdOf('org.acme.Empty'));
    assert.equal(encode(new Empty(), types), '67012100' + hex(typeId) + '01000000' + '18000000' + 'c59d1c81' + '18000000');
  });

  test('a complex key written by the Java client: org.acme.PersonKey{id: 7, region: "eu"}', async () => {
    const PersonKey = complexType('org.acme.PersonKey', { id: T.int, region: T.string });
    const { types } = offlineTypes(true);
    await types.registerType(PersonKey);
    const vector = javaVectorsKey();
    // The Java client sent the key wrapped (27); the object inside is what we write.
    const inner = vector.slice(10, vector.length - 8);
    assert.equal(encode(new PersonKey({ id: 7, region: 'eu' }), types), inner);
  });

  test('offsets of 2 and 4 bytes when the fields pass 255 and 65535 bytes', () => {
    const Big = complexType('Big', { a: T.string, b: T.string });
    const { types } = offlineTypes(false);
    const two = fromHex(encode(new Big({ a: 'x'.repeat(300), b: 'y' }), types));
    assert.equal(two.readUInt16LE(2) & 0x18, 0x10);
    const four = fromHex(encode(new Big({ a: 'x'.repeat(70_000), b: 'y' }), types));
    assert.equal(four.readUInt16LE(2) & 0x18, 0);
    for (const bytes of [two, four]) {
      const read = readValue(new BinaryReader(bytes), { longAsBigInt: false, binary: types, keepBinary: true }) as BinaryObject;
      assert.equal(read.field('b'), 'y');
    }
  });

  test('the hash code covers the field bytes and decides equality of keys', () => {
    const { types } = offlineTypes(false);
    const a = fromHex(encode(new Person({ id: 1, name: 'a' }), types));
    const b = fromHex(encode({ id: 1, name: 'a' }, types, Person.hint));
    assert.deepEqual(a, b, 'a plain object with the type hint is the same object');
    let h = 1;
    for (const byte of a.subarray(24, a.readInt32LE(20))) h = (Math.imul(h, 31) + ((byte << 24) >> 24)) | 0;
    assert.equal(a.readInt32LE(8), h);
  });

  test('fields beyond the declared ones are written too; missing ones are null', () => {
    const { types } = offlineTypes(false);
    const withExtra = Object.assign(new Person({ id: 1 }), { extra: true });
    const read = readValue(new BinaryReader(fromHex(encode(withExtra, types))), { longAsBigInt: false, binary: types, keepBinary: true }) as BinaryObject;
    assert.equal(read.field('name'), null);
    assert.equal(read.field('extra'), true);
  });

  test('values that do not fit the declared types are ParameterErrors naming the field', () => {
    const { types } = offlineTypes(false);
    assert.throws(() => encode(new Person({ id: 2 ** 40, name: 'x' }), types), (e: unknown) => e instanceof ParameterError && /value\.id: number/.test(e.message));
    assert.throws(() => encode({ id: 1 }, types), (e: unknown) => e instanceof ParameterError && /plain object/.test(e.message));
    assert.throws(() => complexType('X', { a: 'int' as never }), ParameterError);
    assert.throws(() => complexType('X', { a: T.int }, { affinityKeyField: 'b' }), ParameterError);
  });
});

/** The complex key of the Java vectors (cache interop_keys_java): org.acme.PersonKey, wrapped (27). */
function javaVectorsKey(): string {
  const vector = javaVectors.find((v) => typeof v.key === 'object' && v.key !== null && (v.key as { '@type'?: string })['@type'] === 'org.acme.PersonKey');
  if (vector?.keyWireHex === undefined) throw new Error('no PersonKey vector');
  return vector.keyWireHex;
}

describe('reading', () => {
  test('a compact-footer object needs its schema: without it, the type is noted as missing', () => {
    const { types } = offlineTypes(true);
    const r = new BinaryReader(fromHex('67012b00559be3c4e7492a3627000000f3f1dc3925000000032a0000000903000000426f62181d'));
    assert.equal(readValue(r, { longAsBigInt: false, binary: types }), null);
    assert.deepEqual([...(r.missingTypes ?? [])], [typeIdOf('Person')]);
  });

  test('with the schema, it reads into the declared class', async () => {
    const { types } = offlineTypes(true);
    await types.registerType(Person);
    const value = readValue(new BinaryReader(fromHex('67012b00559be3c4e7492a3627000000f3f1dc3925000000032a0000000903000000426f62181d')), {
      longAsBigInt: false,
      binary: types,
    });
    assert.ok(value instanceof Person);
    assert.deepEqual({ ...value }, { id: 42, name: 'Bob' });
  });

  test('the Java client wrapped key reads back and writes back byte for byte', async () => {
    const PersonKey = complexType('org.acme.PersonKey', { id: T.int, region: T.string });
    const { types } = offlineTypes(true);
    await types.registerType(PersonKey);
    const wire = javaVectorsKey();
    const value = readValue(new BinaryReader(fromHex(wire)), { longAsBigInt: false, binary: types }) as InstanceType<typeof PersonKey>;
    assert.deepEqual({ ...value }, { id: 7, region: 'eu' });
    assert.equal(encode(value, types), wire.slice(10, wire.length - 8));
  });

  test('a keep-binary object reads fields one by one and writes its bytes unchanged', async () => {
    const { types } = offlineTypes(true);
    await types.registerType(Person);
    const wire = '67012b00559be3c4e7492a3627000000f3f1dc3925000000032a0000000903000000426f62181d';
    const value = readValue(new BinaryReader(fromHex(wire)), { longAsBigInt: false, binary: types, keepBinary: true }) as BinaryObject;
    assert.ok(value instanceof BinaryObject);
    assert.equal(value.typeId, typeIdOf('Person'));
    assert.equal(value.schemaId, 970781171);
    assert.deepEqual(value.fieldNames(), ['id', 'name']);
    assert.equal(value.field('name'), 'Bob');
    assert.equal(value.hasField('age'), false);
    assert.equal(value.field('age'), null);
    assert.equal(encode(value, types), wire);
    assert.deepEqual({ ...value.deserialize() }, { id: 42, name: 'Bob' });
  });

  test('nested objects, and a handle (102) back to one of them', () => {
    const Leaf = complexType('Leaf', { label: T.string });
    const Pair = complexType('Pair', { a: Leaf, b: Leaf });
    const { types } = offlineTypes(false);
    const pair = fromHex(encode(new Pair({ a: new Leaf({ label: 'n' }), b: null }), types));
    // Replace b's NULL (one byte, 101, just before the footer) by a handle to a, at offset 24.
    const footer = pair.readInt32LE(20);
    assert.equal(pair[footer - 1], 101);
    const handle = Buffer.alloc(5);
    handle[0] = 102;
    handle.writeInt32LE(footer - 1 - 24, 1);
    const rebuilt = Buffer.concat([pair.subarray(0, footer - 1), handle, pair.subarray(footer)]);
    rebuilt.writeInt32LE(rebuilt.length, 12);
    rebuilt.writeInt32LE(footer + 4, 20);
    const value = readValue(new BinaryReader(rebuilt), { longAsBigInt: false, binary: types }) as InstanceType<typeof Pair>;
    assert.ok(value.a instanceof Leaf);
    assert.equal(value.a!.label, 'n');
    assert.equal(value.b, value.a, 'the handle is the same object');
  });

  test('raw data (HAS_RAW) is kept and written back byte for byte: after a field, and alone', async () => {
    // Java's RawPoint (a field x, then rawWriter(): int, String, a Place) and RawOnly (raw data
    // only), as the Java thin client 2.17.0 wrote them (test/interop/java Interop write-objects).
    const RawPoint = complexType('org.acme.interop.RawPoint', { x: T.int });
    const RawOnly = complexType('org.acme.interop.RawOnly', {});
    const { types } = offlineTypes(true);
    await types.registerType(RawPoint);
    await types.registerType(RawOnly);
    const point =
      '67012f00237cbab92ecf3c865a0000008dfc33ca55000000' + '0303000000' + 'fcffffff090b00000072617720c3a920f09d849e' +
      '67012b002c25b15d8fcbbfb6240000005b84c575230000000906000000696e2072617718' + '18' + '1d000000';
    const only = '67012500b95a3f0e3540617a3e000000c59d1c8118000000' + '0100000000002000' + '09080000006f6e6c7920726177' + '0e0300000001000000ffffffffffffff7f';
    for (const wire of [point, only]) {
      const value = readValue(new BinaryReader(fromHex(wire)), { longAsBigInt: false, binary: types }) as object;
      assert.equal(encode(value, types), wire);
    }
    const value = readValue(new BinaryReader(fromHex(point)), { longAsBigInt: false, binary: types }) as { x: number };
    assert.deepStrictEqual({ ...value }, { x: 3 }, 'the raw data is no field');
    value.x = 4;
    const changed = fromHex(encode(value, types));
    assert.equal(changed.readInt32LE(20), 0x55, 'schema offset');
    assert.equal(changed.readInt32LE(changed.length - 4), 0x1d, 'raw offset after the footer');
    assert.equal(hex(changed.subarray(0x1d, 0x55)), point.slice(0x1d * 2, 0x55 * 2), 'the raw data unchanged');
    assert.notEqual(changed.readInt32LE(8), fromHex(point).readInt32LE(8), 'the hash follows the field');
  });

  test('metadata the cluster does not have is a BinaryTypeError naming the type id, asked for again on every read', async () => {
    const { types, puts } = offlineTypes(true);
    const read = resolveTypes(types.registry, (r) => readValue(r, { longAsBigInt: false, binary: types }));
    const bytes = fromHex('67012b00559be3c4e7492a3627000000f3f1dc3925000000032a0000000903000000426f62181d');
    for (let i = 1; i <= 2; i++) {
      await assert.rejects(
        async () => read(new BinaryReader(bytes)),
        (err: Error) => err instanceof BinaryTypeError && err.message.includes(`type id ${typeIdOf('Person')}`),
      );
      assert.equal(puts.filter((op) => op === OpCode.GetBinaryType).length, i, 'no answer "none" is kept');
    }
  });
});

test('typed() values and declared classes can be mixed in containers', () => {
  const { types } = offlineTypes(false);
  const bytes = fromHex(encode([new Person({ id: 1, name: 'a' }), typed({ id: 2, name: 'b' }, Person.hint)], types));
  const value = readValue(new BinaryReader(bytes), { longAsBigInt: false, binary: types }) as unknown[];
  assert.ok(value[0] instanceof Person && value[1] instanceof Person);
  assert.equal((value[1] as InstanceType<typeof Person>).name, 'b');
});
