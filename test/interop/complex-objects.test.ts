// Complex objects shared with the Java thin client and pyignite, both directions, on a real node:
// the data set and the canonical JSON are in test/interop/SPEC.md.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BinaryEnum,
  BinaryObject,
  CollectionKind,
  ComplexObject,
  complexType,
  Decimal,
  type EnumType,
  type IgniteClient,
  MapKind,
  T,
  Timestamp,
  typed,
  Uuid,
  type Cache,
} from '../../src/index.js';
import { connectTestClient, testNodes } from '../support/nodes.js';
import { interop, type PeerResult } from '../support/peers.js';
import { openRawConnection, rawGet } from '../support/raw.js';

const CACHE = 'interop_complex';
const Address = complexType('org.acme.Address', { street: T.string, zip: T.int });
const AllTypes = complexType('org.acme.AllTypes', {
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
  colorF: T.enum,
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
  decimalArr: T.decimalArray,
  objArr: T.objectArray,
  listF: T.collection(CollectionKind.ArrayList),
  setF: T.collection(CollectionKind.HashSet),
  mapF: T.map(MapKind.HashMap),
  linkedMapF: T.map(MapKind.LinkedHashMap),
  address: Address,
  addresses: T.collection(CollectionKind.ArrayList),
  nullF: T.string,
});

const UUID = 'd57babad-7bc1-4c82-9f9c-e72841b92a85';

function allTypes(color: EnumType): InstanceType<typeof AllTypes> {
  return new AllTypes({
    byteF: -7,
    shortF: 32000,
    intF: -2000000000,
    longF: 9007199254740993n,
    floatF: 1.5,
    doubleF: -0.25,
    charF: 'Я',
    boolF: true,
    stringF: 'héllo 𝄞',
    uuidF: new Uuid(UUID),
    dateF: new Date(1700000000123),
    timestampF: new Timestamp(1700000000123, 456789),
    timeF: new Date(45296789),
    decimalF: Decimal.parse('-12345678901234567890.123456789'),
    colorF: color.value('GREEN'),
    byteArr: Buffer.from([1, 0xfe, 0x7f, 0x80]),
    shortArr: Int16Array.of(1, -32768, 32767),
    intArr: Int32Array.of(1, -1, 2147483647),
    longArr: [1, 9223372036854775807n],
    floatArr: Float32Array.of(1.5, -0),
    doubleArr: Float64Array.of(3.141592653589793, -Infinity),
    charArr: ['a', 'Я'],
    boolArr: [true, false, true],
    stringArr: ['a', null, '𝄞'],
    uuidArr: [new Uuid(UUID)],
    dateArr: [new Date(1700000000123)],
    timestampArr: [new Timestamp(0, 1)],
    decimalArr: [Decimal.parse('1.5'), Decimal.parse('0')],
    objArr: [typed(1, T.int), 'two', new Address({ street: 'Main St', zip: 12345 })],
    listF: [typed(1, T.int), 'x', typed(2, T.long)],
    setF: new Set(['a', 'b']),
    mapF: new Map<unknown, unknown>([['k1', typed(1, T.int)], ['k2', typed(2, T.int)]]),
    linkedMapF: new Map([['z', 'last'], ['a', 'first']]),
    address: new Address({ street: 'Baker St', zip: 221 }),
    addresses: [new Address({ street: 'A', zip: 1 }), new Address({ street: 'B', zip: 2 })],
    nullF: null,
  }) as unknown as InstanceType<typeof AllTypes>;
}

// The canonical JSON of SPEC.md for the data set. Integers inside containers carry width tags.
const address = (street: string, zip: number) => ({ '@type': 'org.acme.Address', street, zip });
const EXPECTED_ALL = {
  '@type': 'org.acme.AllTypes',
  byteF: -7,
  shortF: 32000,
  intF: -2000000000,
  longF: '9007199254740993',
  floatF: '1.5',
  doubleF: '-0.25',
  charF: 'Я',
  boolF: true,
  stringF: 'héllo 𝄞',
  uuidF: UUID,
  dateF: 1700000000123,
  timestampF: '1700000000123:123456789',
  timeF: 45296789,
  decimalF: '-12345678901234567890.123456789',
  colorF: { '@enum': 'org.acme.Color', ordinal: 1 },
  byteArr: [1, -2, 127, -128],
  shortArr: [1, -32768, 32767],
  intArr: [1, -1, 2147483647],
  longArr: ['1', '9223372036854775807'],
  floatArr: ['1.5', '-0.0'],
  doubleArr: ['3.141592653589793', '-Infinity'],
  charArr: ['a', 'Я'],
  boolArr: [true, false, true],
  stringArr: ['a', null, '𝄞'],
  uuidArr: [UUID],
  dateArr: [1700000000123],
  timestampArr: ['0:1'],
  decimalArr: ['1.5', '0'],
  objArr: [{ '@int': 1 }, 'two', address('Main St', 12345)],
  listF: [{ '@int': 1 }, 'x', { '@long': '2' }],
  setF: ['a', 'b'],
  mapF: [['k1', { '@int': 1 }], ['k2', { '@int': 2 }]],
  linkedMapF: [['z', 'last'], ['a', 'first']],
  address: address('Baker St', 221),
  addresses: [address('A', 1), address('B', 2)],
  nullF: null,
};

/** pyignite cannot tell integer widths inside containers: compare without the tags. */
function untagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untagged);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && ['@int', '@byte', '@short'].includes(entries[0]![0])) return entries[0]![1];
    if (entries.length === 1 && entries[0]![0] === '@long') return Number(entries[0]![1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, untagged(v)]));
  }
  return value;
}

function floatText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The canonical JSON of a value this client read, for the fields of SPEC.md (container integers untagged). */
function canonical(value: unknown, field?: string): unknown {
  if (value === null || value === undefined) return null;
  if (field === 'longF') return String(value);
  if (field === 'floatF' || field === 'doubleF') return floatText(value as number);
  if (field === 'longArr') return (value as unknown[]).map((v) => String(v));
  if (field === 'floatArr' || field === 'doubleArr') return [...(value as Iterable<number>)].map(floatText);
  if (field === 'byteArr') return [...new Int8Array((value as Buffer).buffer, (value as Buffer).byteOffset, (value as Buffer).length)];
  if (value instanceof Timestamp) return `${value.getTime()}:${value.nanosOfSecond}`;
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uuid || value instanceof Decimal) return value.toString();
  if (value instanceof BinaryEnum) return { '@enum': value.typeName, ordinal: value.ordinal };
  if (value instanceof ComplexObject) {
    const typeName = (value.constructor as typeof ComplexObject).descriptor.typeName;
    return { '@type': typeName, ...Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v, k)])) };
  }
  if (value instanceof Set) return [...value].map((v) => canonical(v)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value instanceof Map) {
    const pairs = [...value].map(([k, v]) => [canonical(k), canonical(v)]);
    return field === 'mapF' ? pairs.sort((a, b) => JSON.stringify(a[0]).localeCompare(JSON.stringify(b[0]))) : pairs;
  }
  if (ArrayBuffer.isView(value) || Array.isArray(value)) return [...(value as Iterable<unknown>)].map((v) => canonical(v));
  return value;
}

function lines(result: PeerResult, what: string): Array<{ key: string; value: unknown }> {
  assert.equal(result.code, 0, `${what} failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as { key: string; value: unknown });
}

let client: IgniteClient;
let cache: Cache<unknown, unknown>;
let peers: Awaited<ReturnType<typeof interop>>;
const node = () => testNodes()[0]!;

before(async () => {
  peers = await interop();
  await peers.ensureInteropPeers();
  client = await connectTestClient();
  cache = await client.getOrCreateCache(CACHE);
});
after(async () => {
  await client?.close();
});

test('Java writes; this client reads every field, and finds Java\'s complex key', { timeout: 300_000 }, async () => {
  const wrote = await peers.runJava(['write', node(), 'java']);
  assert.equal(wrote.code, 0, wrote.stderr);
  const value = await cache.get('java-all');
  assert.ok(value instanceof AllTypes, 'read into the declared class');
  assert.deepStrictEqual(canonical(value), untagged(EXPECTED_ALL));
  assert.deepStrictEqual(canonical(await cache.get('java-address')), address('Main St', 12345));
  assert.equal(await cache.get(new Address({ street: 'Key St', zip: 7 })), 'java-keyed', 'same bytes, same hash code, same partition');
});

test('pyignite writes; this client reads every field, and finds pyignite\'s complex key', { timeout: 300_000 }, async () => {
  const wrote = await peers.runPython(['write', node(), 'python']);
  assert.equal(wrote.code, 0, wrote.stderr);
  assert.deepStrictEqual(canonical(await cache.get('python-all')), untagged(EXPECTED_ALL));
  assert.deepStrictEqual(canonical(await cache.get('python-address')), address('Main St', 12345));
  assert.equal(await cache.get(new Address({ street: 'Key St', zip: 7 })), 'python-keyed');
});

test('this client writes; Java and pyignite read every field and find the complex key', { timeout: 300_000 }, async () => {
  const color = await client.binary.registerEnum('org.acme.Color', ['RED', 'GREEN', 'BLUE']);
  await cache.put('ts-all', allTypes(color));
  await cache.put('ts-address', new Address({ street: 'Main St', zip: 12345 }));
  await cache.put(new Address({ street: 'Key St', zip: 7 }), 'ts-keyed');

  const java = lines(await peers.runJava(['read', node(), 'ts']), 'Java read');
  assert.deepStrictEqual(java.find((l) => l.key === 'ts-all')?.value, EXPECTED_ALL);
  assert.deepStrictEqual(java.find((l) => l.key === 'ts-address')?.value, address('Main St', 12345));
  assert.deepStrictEqual(java.find((l) => l.key === 'keyed')?.value, 'ts-keyed');

  // Stronger than equal fields: the objects are the same bytes as the ones Java and pyignite wrote.
  const raw = await openRawConnection(node());
  try {
    const tsAll = await rawGet(raw, CACHE, 'ts-all');
    assert.equal(tsAll, await rawGet(raw, CACHE, 'java-all'), 'AllTypes: this client and Java write the same bytes');
    assert.equal(tsAll, await rawGet(raw, CACHE, 'python-all'), 'AllTypes: this client and pyignite write the same bytes');
    assert.equal(await rawGet(raw, CACHE, 'ts-address'), await rawGet(raw, CACHE, 'java-address'));
  } finally {
    await raw.close();
  }

  const python = lines(await peers.runPython(['read', node(), 'ts']), 'pyignite read');
  assert.deepStrictEqual(python.find((l) => l.key === 'ts-all')?.value, untagged(EXPECTED_ALL));
  assert.deepStrictEqual(python.find((l) => l.key === 'ts-address')?.value, address('Main St', 12345));
  assert.deepStrictEqual(python.find((l) => l.key === 'keyed')?.value, 'ts-keyed');
});

test('Java and pyignite read each other\'s objects the same way (the harness agrees with itself)', { timeout: 300_000 }, async () => {
  const javaReadsPython = lines(await peers.runJava(['read', node(), 'python']), 'Java read python');
  assert.deepStrictEqual(untagged(javaReadsPython.find((l) => l.key === 'python-all')?.value), untagged(EXPECTED_ALL));
  const pythonReadsJava = lines(await peers.runPython(['read', node(), 'java']), 'pyignite read java');
  assert.deepStrictEqual(pythonReadsJava.find((l) => l.key === 'java-all')?.value, untagged(EXPECTED_ALL));
});

/** What `check-objects` printed: every key read back as the expected Java object (equals()). */
function checkedEqual(result: PeerResult, keys: readonly string[]): void {
  assert.equal(result.code, 0, `Java check-objects failed: ${result.stderr}`);
  const checked = result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { key: string; equal: boolean });
  assert.deepStrictEqual(checked, keys.map((key) => ({ key, equal: true })));
}

test('raw data (Binarylizable rawWriter()) read from Java goes back byte for byte, in class and keep-binary mode, and Java reads it equal', { timeout: 300_000 }, async () => {
  const wrote = await peers.runJava(['write-objects', node(), 'java']);
  assert.equal(wrote.code, 0, wrote.stderr);
  const raw = await openRawConnection(node());
  try {
    for (const kind of ['raw-point', 'raw-only']) {
      const value = await cache.get(`java-${kind}`);
      assert.ok(value instanceof ComplexObject, `${kind}: read into a class built from the metadata`);
      await cache.put(`ts-${kind}`, value);
      const binary = await cache.withKeepBinary().get(`java-${kind}`);
      assert.ok(binary instanceof BinaryObject);
      await cache.withKeepBinary().put(`ts-kb-${kind}`, binary);
      const java = await rawGet(raw, CACHE, `java-${kind}`);
      assert.equal(await rawGet(raw, CACHE, `ts-${kind}`), java, `${kind}: the object written back from its class is Java's bytes`);
      assert.equal(await rawGet(raw, CACHE, `ts-kb-${kind}`), java, `${kind}: the binary object written back is Java's bytes`);
    }
    // The named field is a field like any other; the raw data (y, label, a Place) stays out of sight.
    assert.deepStrictEqual({ ...((await cache.get('java-raw-point')) as object) }, { x: 3 });
    // A changed field: the raw data still goes with it, and the hash covers both.
    const changed = (await cache.get('java-raw-point')) as { x: number };
    changed.x = 30;
    await cache.put('ts-raw-point-changed', changed);
  } finally {
    await raw.close();
  }
  const keys = ['ts-raw-point', 'ts-kb-raw-point', 'ts-raw-only', 'ts-kb-raw-only'];
  checkedEqual(await peers.runJava(['check-objects', node(), ...keys.map((k) => `${k}=${k.replace(/^ts-(kb-)?/, '')}`)]), keys);
  const changed = await peers.runJava(['check-objects', node(), 'ts-raw-point-changed=raw-point']);
  assert.notEqual(changed.code, 0, 'x was changed, so it is not the expected RawPoint');
  assert.match(changed.stderr, /RawPoint\(30, -4, raw é 𝄞, Place\(in raw\)\)/, 'Java read x = 30 and the raw data it wrote');
});

test('a nested object whose handle points to a sibling in its parent is written alone with the sibling copied in', { timeout: 300_000 }, async () => {
  const wrote = await peers.runJava(['write-objects', node(), 'java']);
  assert.equal(wrote.code, 0, wrote.stderr);
  // Outer(home, Holder(7, home)): Java writes the holder's place as a handle back to home.
  const outer = await cache.withKeepBinary().get('java-outer');
  assert.ok(outer instanceof BinaryObject);
  const holder = outer.field<BinaryObject>('holder');
  assert.ok(holder instanceof BinaryObject);
  assert.equal(holder.field('n'), 7);
  assert.equal(holder.field<BinaryObject>('place')?.field('name'), 'home', 'the handle is read from the holder alone');
  await cache.withKeepBinary().put('ts-holder', holder);
  const read = (await cache.get('java-outer')) as { home: unknown; holder: { place: unknown } };
  assert.equal(read.holder.place, read.home, 'in class mode the handle is the same object');
  await cache.put('ts-class-holder', read.holder);
  const raw = await openRawConnection(node());
  try {
    const java = await rawGet(raw, CACHE, 'java-holder');
    assert.equal(await rawGet(raw, CACHE, 'ts-holder'), java, 'the detached holder is the bytes Java writes for a Holder alone');
    assert.equal(await rawGet(raw, CACHE, 'ts-class-holder'), java);
  } finally {
    await raw.close();
  }
  checkedEqual(await peers.runJava(['check-objects', node(), 'ts-holder=holder', 'ts-class-holder=holder']), ['ts-holder', 'ts-class-holder']);
});

test('pyignite writes enum, UUID, decimal and timestamp fields; this client writes the object back; pyignite and Java read it equal', { timeout: 300_000 }, async () => {
  const wrote = await peers.runPython(['write-typed', node(), 'python']);
  assert.equal(wrote.code, 0, wrote.stderr);
  const value = await cache.get('python-reading');
  assert.ok(value instanceof ComplexObject);
  assert.ok((value as { binaryColor: unknown }).binaryColor instanceof BinaryEnum);
  await cache.put('ts-reading', value);
  const raw = await openRawConnection(node());
  try {
    assert.equal(await rawGet(raw, CACHE, 'ts-reading'), await rawGet(raw, CACHE, 'python-reading'), 'the same bytes as pyignite wrote');
  } finally {
    await raw.close();
  }
  const expected = {
    '@type': 'org.acme.Reading',
    id: 1,
    color: { '@enum': 'org.acme.Color', ordinal: 2 },
    binaryColor: { '@enum': 'org.acme.Color', ordinal: 1 },
    uuid: UUID,
    amount: '-1234.5678',
    at: '1700000000123:123456789',
  };
  const python = lines(await peers.runPython(['read-keys', node(), 'ts-reading']), 'pyignite read-keys');
  assert.deepStrictEqual(python, [{ key: 'ts-reading', value: expected }]);
  const java = lines(await peers.runJava(['read-keys', node(), 'ts-reading']), 'Java read-keys');
  assert.deepStrictEqual(java, [{ key: 'ts-reading', value: expected }]);
});
