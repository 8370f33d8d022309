// Complex objects through a real node: declared types with every field type, nested objects,
// keys, generic classes for types the server defines, keep-binary views, schema evolution,
// enums and the binary type registry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from '../../src/connection/connection.js';
import {
  BinaryEnum,
  BinaryObject,
  BinaryTypeError,
  type Cache,
  CollectionKind,
  ComplexObject,
  complexType,
  Decimal,
  type IgniteClient,
  MapKind,
  T,
  Timestamp,
  typed,
  TypeCode,
  Uuid,
} from '../../src/index.js';
import { fieldIdOf, schemaIdOf } from '../../src/binary/binary-type.js';
import { connectTestClient, testNodes, uniqueName } from '../support/nodes.js';
import { openRawConnection, rawGet, rawPut, unknownTypeObject } from '../support/raw.js';

let client: IgniteClient;
let cache: Cache<unknown, unknown>;
let raw: Connection;
before(async () => {
  client = await connectTestClient();
  cache = await client.createCache(uniqueName('complex'));
  raw = await openRawConnection(testNodes()[0]!);
});
after(async () => {
  await cache.destroy();
  await raw.close();
  await client.close();
});

const suffix = uniqueName('t');
const Address = complexType(`test.Address.${suffix}`, { street: T.string, zip: T.int });
const Everything = complexType(`test.Everything.${suffix}`, {
  byteF: T.byte,
  shortF: T.short,
  intF: T.int,
  longF: T.long,
  floatF: T.float,
  doubleF: T.double,
  charF: T.char,
  boolF: T.bool,
  stringF: T.string,
  uuidF: T.uuid,
  dateF: T.date,
  timestampF: T.timestamp,
  timeF: T.time,
  decimalF: T.decimal,
  enumF: T.binaryEnum,
  byteArr: T.byteArray,
  shortArr: T.shortArray,
  intArr: T.intArray,
  longArr: T.longArray,
  floatArr: T.floatArray,
  doubleArr: T.doubleArray,
  charArr: T.charArray,
  boolArr: T.boolArray,
  stringArr: T.stringArray,
  uuidArr: T.uuidArray,
  dateArr: T.dateArray,
  timestampArr: T.timestampArray,
  timeArr: T.timeArray,
  decimalArr: T.decimalArray,
  objArr: T.objectArray,
  listF: T.collection,
  setF: T.collection(CollectionKind.HashSet),
  mapF: T.map(MapKind.HashMap),
  address: Address,
  addresses: T.collection(CollectionKind.ArrayList),
  nullF: T.string,
});

const uuid = new Uuid('d57babad-7bc1-4c82-9f9c-e72841b92a85');
function everything(n: number): InstanceType<typeof Everything> {
  return new Everything({
    byteF: -7,
    shortF: 32000,
    intF: -2_000_000_000 + n,
    longF: 9_007_199_254_740_993n,
    floatF: 1.5,
    doubleF: -0.25,
    charF: 'Я',
    boolF: true,
    stringF: `héllo 𝄞 ${n}`,
    uuidF: uuid,
    dateF: new Date(1_700_000_000_123),
    timestampF: new Timestamp(1_700_000_000_123, 456_789),
    timeF: new Date(45_296_789),
    decimalF: Decimal.parse('-12345678901234567890.123456789'),
    enumF: new BinaryEnum(12345, 1),
    byteArr: Buffer.from([1, 0xfe, 0x7f, 0x80]),
    shortArr: Int16Array.of(1, -32768, 32767),
    intArr: Int32Array.of(1, -1, 2147483647),
    longArr: [1, 9223372036854775807n],
    floatArr: Float32Array.of(1.5, -0),
    doubleArr: Float64Array.of(Math.PI, -Infinity),
    charArr: ['a', 'Я'],
    boolArr: [true, false, true],
    stringArr: ['a', null, '𝄞'],
    uuidArr: [uuid],
    dateArr: [new Date(1_700_000_000_123)],
    timestampArr: [new Timestamp(0, 1)],
    timeArr: [new Date(1000)],
    decimalArr: [Decimal.parse('1.5'), Decimal.parse('0')],
    objArr: [1, 'two', new Address({ street: 'Main St', zip: 12345 })],
    listF: [1, 'x', 2],
    setF: new Set(['a', 'b']),
    mapF: new Map<unknown, unknown>([
      ['k1', 1],
      ['k2', 2],
    ]),
    address: new Address({ street: 'Baker St', zip: 221 }),
    addresses: [new Address({ street: 'A', zip: 1 }), new Address({ street: 'B', zip: 2 })],
    nullF: null,
  });
}

describe('declared types', () => {
  test('an object with a field of every type round-trips, into its class', async () => {
    const value = everything(1);
    await cache.put('everything', value);
    const back = await cache.get('everything');
    assert.ok(back instanceof Everything);
    assert.deepStrictEqual({ ...back }, { ...value });
    assert.ok((back as InstanceType<typeof Everything>).address instanceof Address);
  });

  test('the server stores it as a 103 object with a compact footer (the server default) once the schema is registered', async () => {
    await cache.put('stored', everything(2));
    const stored = Buffer.from(await rawGet(raw, cache.name, 'stored'), 'hex');
    // GET answers complex values wrapped (27): i32 length, the object, i32 offset.
    assert.equal(stored[0], TypeCode.BinaryObject);
    assert.equal(stored[5], TypeCode.ComplexObject);
    const flags = stored.readUInt16LE(7);
    assert.equal(flags & 0x23, 0x23, `flags ${flags.toString(16)}: user type, schema, compact footer`);
  });

  test('the metadata registered for the type lists every field with its type code', async () => {
    const info = await client.binary.getType(Everything.typeName);
    assert.ok(info);
    assert.equal(info.typeId, Everything.typeId);
    const codes = Object.fromEntries(info.fields.map((f) => [f.name, f.typeCode]));
    assert.equal(codes.intF, TypeCode.Int);
    assert.equal(codes.timestampF, TypeCode.Timestamp);
    assert.equal(codes.enumF, TypeCode.Enum, 'enums are registered as Java registers them');
    assert.equal(codes.address, TypeCode.ComplexObject);
    assert.equal(info.schemas.size, 1);
  });

  test('a plain object written with the type as hint is the same object', async () => {
    await cache.put('hinted', { street: 'Main St', zip: 1 }, { valueHint: Address });
    await cache.put('constructed', new Address({ street: 'Main St', zip: 1 }));
    assert.equal(await rawGet(raw, cache.name, 'hinted'), await rawGet(raw, cache.name, 'constructed'));
    const back = await cache.get('hinted');
    assert.ok(back instanceof Address);
  });

  test('complex keys: an equal object finds the entry (same bytes, same hash code)', async () => {
    await cache.put(new Address({ street: 'Key St', zip: 7 }), 'by object');
    assert.equal(await cache.get(new Address({ street: 'Key St', zip: 7 })), 'by object');
    assert.equal(await cache.get({ street: 'Key St', zip: 7 }, { keyHint: Address }), 'by object');
    assert.equal(await cache.get(new Address({ street: 'Key St', zip: 8 })), null);
    const found = await cache.getAll([new Address({ street: 'Key St', zip: 7 })]);
    const [[key, value]] = [...found];
    assert.ok(key instanceof Address);
    assert.equal(value, 'by object');
  });

  test('objects inside collections, maps and object arrays', async () => {
    const addresses = [new Address({ street: 'a', zip: 1 }), new Address({ street: 'b', zip: 2 })];
    await cache.put('list', addresses);
    await cache.put('map', new Map([['home', addresses[0]]]));
    await cache.put('typed', [typed({ street: 'c', zip: 3 }, Address)]);
    assert.deepStrictEqual(await cache.get('list'), addresses);
    const map = (await cache.get('map')) as Map<string, unknown>;
    assert.ok(map.get('home') instanceof Address);
    assert.equal(((await cache.get('typed')) as Array<InstanceType<typeof Address>>)[0]!.zip, 3);
  });
});

describe('types only the server knows', () => {
  test('rows of an SQL table read as objects of classes built from the metadata', async () => {
    const table = `T${suffix.replace(/-/g, '')}`.toUpperCase();
    await client.sql(`CREATE TABLE ${table} (id INT, region VARCHAR, name VARCHAR, amount DECIMAL(10,2), PRIMARY KEY (id, region)) WITH "cache_name=${table}"`).toArray();
    await client.sql(`INSERT INTO ${table} (id, region, name, amount) VALUES (1, 'eu', 'one', 1.50), (2, 'us', 'two', 2.25)`).toArray();
    const sqlCache = client.cache(table);
    const entries = await sqlCache.scan().toArray();
    assert.equal(entries.length, 2);
    for (const [key, value] of entries) {
      assert.ok(key instanceof ComplexObject);
      assert.ok(value instanceof ComplexObject);
    }
    const one = entries.find(([k]) => (k as { ID: number }).ID === 1)![1] as object;
    assert.deepStrictEqual({ ...one }, { NAME: 'one', AMOUNT: new Decimal(150n, 2) });
    // A key built here from the server's key type finds the row SQL inserted: same hash code.
    const [keyOfOne] = entries.find(([k]) => (k as { ID: number }).ID === 1)!;
    const KeyClass = keyOfOne!.constructor as new (values: object) => object;
    const lookup = new KeyClass({ ID: 1, REGION: 'eu' });
    assert.deepStrictEqual({ ...((await sqlCache.get(lookup)) as object) }, { NAME: 'one', AMOUNT: new Decimal(150n, 2) });
    // And an object written here through key-value is a row for SQL.
    const ValueClass = one.constructor as new (values: object) => object;
    await sqlCache.put(new KeyClass({ ID: 3, REGION: 'ap' }), new ValueClass({ NAME: 'three', AMOUNT: Decimal.parse('3.75') }));
    assert.deepStrictEqual(await client.sql(`SELECT name, amount FROM ${table} WHERE id = 3`).toArray(), [['three', new Decimal(375n, 2)]]);
    const queried = await client.binary.queryType((keyOfOne!.constructor as unknown as { typeName: string }).typeName);
    assert.equal(queried, keyOfOne!.constructor);
    await client.sql(`DROP TABLE ${table}`).toArray();
  });
});

describe('keep binary', () => {
  test('withKeepBinary returns BinaryObject, read field by field, written back unchanged', async () => {
    await cache.put('kb', everything(3));
    const binary = cache.withKeepBinary();
    const value = await binary.get('kb');
    assert.ok(value instanceof BinaryObject);
    assert.equal(value.typeName, Everything.typeName);
    assert.equal(value.field('intF'), -2_000_000_000 + 3);
    assert.ok(value.field('address') instanceof BinaryObject, 'nested objects stay binary');
    assert.equal((value.field('address') as BinaryObject).field('street'), 'Baker St');
    assert.deepStrictEqual(value.fieldNames(), [...Everything.fieldNames]);
    const before = await rawGet(raw, cache.name, 'kb');
    await binary.put('kb-copy', value);
    assert.equal(await rawGet(raw, cache.name, 'kb-copy'), before);
    assert.ok(value.deserialize() instanceof Everything);
    const scanned = await binary.scan().toArray();
    assert.ok(scanned.some(([, v]) => v instanceof BinaryObject));
  });
});

describe('schema evolution', () => {
  test('two schemas of one type: both readable, both registered', async () => {
    const name = `test.Voucher.${suffix}`;
    const V1 = complexType(name, { date: T.date, reported: T.bool, sum: T.decimal });
    await cache.put('v1', new V1({ date: new Date(0), reported: true, sum: Decimal.parse('1.5') }));
    const V2 = complexType(name, { expenseDate: T.date, reportDate: T.date, sum: T.decimal });
    await cache.put('v2', new V2({ expenseDate: new Date(0), reportDate: new Date(86_400_000), sum: Decimal.parse('2.5') }));
    const info = await client.binary.getType(name);
    assert.equal(info?.schemas.size, 2);
    // Both read into the latest declaration, each with the fields it was written with.
    assert.deepStrictEqual({ ...((await cache.get('v1')) as object) }, { date: new Date(0), reported: true, sum: Decimal.parse('1.5') });
    assert.deepStrictEqual({ ...((await cache.get('v2')) as object) }, { expenseDate: new Date(0), reportDate: new Date(86_400_000), sum: Decimal.parse('2.5') });
  });

  test('a field cannot change its type: the cluster refuses, with a BinaryTypeError', async () => {
    const name = `test.Changing.${suffix}`;
    await cache.put('c1', new (complexType(name, { f: T.int }))({ f: 1 }));
    await assert.rejects(cache.put('c2', new (complexType(name, { f: T.string }))({ f: 'x' })), BinaryTypeError);
    assert.equal(await cache.get('c2'), null, 'nothing was written');
  });
});

describe('enums and the registry', () => {
  test('a registered enum makes values by name, and they read back named', async () => {
    const Color = await client.binary.registerEnum(`test.Color.${suffix}`, ['RED', 'GREEN', 'BLUE']);
    await cache.put('color', Color.value('GREEN'));
    const back = (await cache.get('color')) as BinaryEnum;
    assert.ok(back instanceof BinaryEnum);
    assert.equal(back.ordinal, 1);
    assert.equal(back.name, 'GREEN');
    assert.equal(back.typeName, `test.Color.${suffix}`);
    assert.ok(back.equals(Color.value('GREEN')));
    assert.equal((await client.binary.enumType(`test.Color.${suffix}`)).values.get('BLUE'), 2);
    assert.throws(() => Color.value('PURPLE'), /no value "PURPLE"/);
  });

  test('putType, getType and queryType', async () => {
    const typeName = `test.Put.${suffix}`;
    assert.equal(await client.binary.getType(typeName), null);
    assert.equal(await client.binary.queryType(typeName), null);
    await client.binary.putType({ typeName, fields: [{ name: 'a', typeCode: TypeCode.Int }, { name: 'b', typeCode: TypeCode.String }] });
    const info = await client.binary.getType(typeName);
    assert.deepStrictEqual(info?.fields.map((f) => [f.name, f.typeCode]), [['a', TypeCode.Int], ['b', TypeCode.String]]);
    const Generic = await client.binary.queryType(typeName);
    assert.ok(Generic);
    await cache.put('generic', new Generic({ a: 1, b: 'x' }));
    const stored = Buffer.from(await rawGet(raw, cache.name, 'generic'), 'hex');
    assert.equal(stored.readInt32LE(5 + 4), info!.typeId);
    assert.deepStrictEqual({ ...((await cache.get('generic')) as object) }, { a: 1, b: 'x' });
  });

  test('compactFooter: false writes full footers', async () => {
    await using full = await connectTestClient({ compactFooter: false });
    const own = full.cache(cache.name);
    await own.put('full', new Address({ street: 'x', zip: 1 }));
    const stored = Buffer.from(await rawGet(raw, cache.name, 'full'), 'hex');
    assert.equal(stored.readUInt16LE(7) & 0x20, 0);
    assert.ok((await cache.get('full')) instanceof Address, 'readable by a client with compact footers');
  });
});

describe('metadata this client lacks', () => {
  test('a type the cluster has no metadata for: a BinaryTypeError naming its id, and readable once another client registers it', async () => {
    const typeName = `test.Unregistered.${suffix}`;
    const { typeId, value } = unknownTypeObject(typeName, { name: { typeCode: TypeCode.String, value: 'boo' } });
    await rawPut(raw, cache.name, 'unregistered', value);
    assert.equal(await client.binary.getType(typeName), null, 'the cluster has no metadata of the type');
    await assert.rejects(cache.get('unregistered'), (err: Error) => err instanceof BinaryTypeError && err.message.includes(`type id ${typeId}`));
    // Another client (here: another IgniteClient) registers the type: the next read asks again.
    await using other = await connectTestClient();
    await other.binary.putType({ typeName, fields: [{ name: 'name', typeCode: TypeCode.String }] });
    const back = await cache.get('unregistered');
    assert.ok(back instanceof ComplexObject);
    assert.deepStrictEqual({ ...back }, { name: 'boo' });
  });

  test('a schema another client added after this client learned the type is fetched when an object of it is read', async () => {
    const typeName = `test.Grown.${suffix}`;
    await client.binary.putType({ typeName, fields: [{ name: 'a', typeCode: TypeCode.Int }] });
    assert.equal((await client.binary.getType(typeName))?.schemas.size, 1);
    await using other = await connectTestClient();
    await other.binary.putType({
      typeName,
      fields: [{ name: 'a', typeCode: TypeCode.Int }, { name: 'b', typeCode: TypeCode.String }],
      schemas: [['a', 'b']],
    });
    const Grown = await other.binary.queryType(typeName);
    assert.ok(Grown);
    await other.cache(cache.name).put('grown', new Grown({ a: 1, b: 'x' }));
    const stored = Buffer.from(await rawGet(raw, cache.name, 'grown'), 'hex');
    assert.equal(stored.readUInt16LE(7) & 0x20, 0x20, 'written with a compact footer: the reader needs the new schema');
    assert.deepStrictEqual({ ...((await cache.get('grown')) as object) }, { a: 1, b: 'x' });
  });
});

describe('complex objects sent by other requests', () => {
  test('an SQL argument is registered first: a row stores it and reads it back, and the cluster knows its type', async () => {
    const Person = complexType(`test.SqlArg.${suffix}`, { id: T.int, name: T.string });
    const table = `ARGS${suffix.replace(/-/g, '')}`.toUpperCase();
    await client.sql(`CREATE TABLE ${table} (id INT PRIMARY KEY, obj OTHER)`).toArray();
    try {
      await client.sql(`INSERT INTO ${table} (id, obj) VALUES (?, ?)`, { args: [1, new Person({ id: 1, name: 'Ann' })] }).toArray();
      const info = await client.binary.getType(Person.typeName);
      assert.deepStrictEqual(info?.fields.map((f) => [f.name, f.typeCode]), [['id', TypeCode.Int], ['name', TypeCode.String]]);
      const [[id, obj]] = await client.sql<[number, unknown]>(`SELECT id, obj FROM ${table}`).toArray();
      assert.equal(id, 1);
      assert.ok(obj instanceof Person);
      assert.deepStrictEqual({ ...obj }, { id: 1, name: 'Ann' });
      // The same bytes as an argument compare equal to the stored value.
      const found = await client.sql(`SELECT id FROM ${table} WHERE obj = ?`, { args: [new Person({ id: 1, name: 'Ann' })] }).toArray();
      assert.deepStrictEqual(found, [[1]]);
    } finally {
      await client.sql(`DROP TABLE ${table}`).toArray();
    }
  });

  test('a complex default value of a query field is registered first, and the server can build its Java object', async () => {
    // A JDK class the server has, whose binary form is plain fields: the server deserializes a
    // default value into its class (ClientCacheConfigurationSerializer.readQueryEntity).
    const Point = complexType('java.awt.Point', { x: T.int, y: T.int });
    const name = uniqueName('defaults');
    const created = await client.createCache({
      name,
      queryEntities: [
        {
          keyTypeName: 'java.lang.Integer',
          valueTypeName: `test.WithDefault.${suffix}`,
          tableName: `DEFAULTS${suffix.replace(/-/g, '')}`.toUpperCase(),
          fields: [
            { name: 'n', typeName: 'java.lang.Integer' },
            { name: 'at', typeName: 'java.lang.Object', defaultValue: new Point({ x: 1, y: 2 }) },
          ],
        },
      ],
    });
    try {
      const info = await client.binary.getType(Point.typeName);
      assert.ok(info?.schemas.has(schemaIdOf([fieldIdOf('x'), fieldIdOf('y')])), 'the schema was registered with the request');
      const config = await created.configuration();
      const at = config.queryEntities[0]!.fields.find((f) => f.name === 'at')!.defaultValue;
      assert.ok(at instanceof Point, 'the server sends its java.awt.Point back');
      assert.deepStrictEqual({ ...at }, { x: 1, y: 2 });
    } finally {
      await created.destroy();
    }
  });
});
