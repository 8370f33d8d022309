// T.binaryObject (pyignite's BinaryObject hint): complex objects and keep-binary objects written as
// type 103 through the hint, at the top level and nested; anything else refused by name.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BinaryObject, type Cache, complexType, IgniteClient, ParameterError, T, typed } from '../../src/index.js';
import { rawGet, openRawConnection } from '../support/raw.js';
import { connectTestClient, testNodes, uniqueName } from '../support/nodes.js';

const Point = complexType('org.igniteclient.test.HintedPoint', { x: T.int, y: T.int });

let client: IgniteClient;
let cache: Cache<string, unknown>;
before(async () => {
  client = await connectTestClient();
  cache = await client.createCache<string, unknown>(uniqueName('binary-object-hint'));
});
after(async () => {
  await cache?.destroy();
  await client?.close();
});

test('a complexType object with valueHint T.binaryObject is a complex object (103) that reads back equal', async () => {
  await cache.put('point', new Point({ x: 1, y: 2 }), { valueHint: T.binaryObject });
  const raw = await openRawConnection(testNodes()[0]!);
  try {
    // The server answers a stored complex object wrapped (27: i32 length, the object, i32 offset).
    const hex = await rawGet(raw, cache.name, 'point');
    const inner = hex.startsWith('1b') ? hex.slice(10) : hex;
    assert.equal(inner.slice(0, 2), '67', `a complex object (103), got ${hex.slice(0, 12)}`);
  } finally {
    await raw.close();
  }
  const back = (await cache.get('point')) as InstanceType<typeof Point>;
  assert.ok(back instanceof Point);
  assert.deepEqual([back.x, back.y], [1, 2]);
});

test('a keep-binary BinaryObject written back with the hint, alone and inside a collection, keeps its bytes', async () => {
  await cache.put('source', new Point({ x: 3, y: 4 }));
  const binary = cache.withKeepBinary();
  const object = await binary.get('source');
  assert.ok(object instanceof BinaryObject);
  await binary.put('copy', object, { valueHint: T.binaryObject });
  await binary.put('list', [typed(object, T.binaryObject), object]);
  const copy = await binary.get('copy');
  assert.ok(copy instanceof BinaryObject);
  assert.deepEqual(Buffer.from(copy.bytes), Buffer.from(object.bytes));
  const list = (await cache.get('list')) as Array<InstanceType<typeof Point>>;
  assert.deepEqual(list.map((p) => [p.x, p.y]), [[3, 4], [3, 4]]);
});

test('a value that is no complex object is refused with the hint named, before anything is sent', async () => {
  await assert.rejects(cache.put('bad', { x: 1 }, { valueHint: T.binaryObject }), (e: unknown) => e instanceof ParameterError && /binaryObject/.test(e.message));
  await assert.rejects(cache.put('bad', 5, { valueHint: T.binaryObject }), ParameterError);
  assert.equal(await cache.get('bad'), null);
});
