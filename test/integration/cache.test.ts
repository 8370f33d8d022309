import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Cache, IgniteClient, ParameterError, PeekMode } from '../../src/index.js';
import { connectTestClient, testNodes, uniqueName } from '../support/nodes.js';

describe('Cache against a real node', () => {
  let client: IgniteClient;
  let cache: Cache<unknown, unknown>;
  before(async () => {
    client = await connectTestClient();
    cache = await client.createCache(uniqueName('cache'));
  });
  after(async () => {
    await client.destroyCache(cache.name);
    await client.close();
  });

  const values: Array<[string, unknown]> = [
    ['true', true],
    ['false', false],
    ['a safe integer (Long)', 9_007_199_254_740_991],
    ['a negative Long', -42],
    ['a Long beyond 2^53 (bigint)', 9_007_199_254_740_993n],
    ['the smallest Long', -(2n ** 63n)],
    ['a double', 3.141592653589793],
    ['-0', -0],
    ['NaN', NaN],
    ['-Infinity', -Infinity],
    ['an empty string', ''],
    ['a non-BMP string', 'héllo 𝄞 中文 😀'],
    ['a long string', 'x'.repeat(100_000)],
    ['an empty byte array', Buffer.alloc(0)],
    ['a byte array', Buffer.from([0, 1, 127, 128, 255])],
  ];
  for (const [label, value] of values) {
    test(`put and get ${label}`, async () => {
      await cache.put(`value:${label}`, value);
      assert.deepEqual(await cache.get(`value:${label}`), value);
    });
  }

  test('keys of every basic type find their entries', async () => {
    const keys: unknown[] = [1, -1, 2n ** 60n, 1.5, 'k', true, Buffer.from([1, 2])];
    for (const [i, key] of keys.entries()) await cache.put(key, i);
    for (const [i, key] of keys.entries()) assert.equal(await cache.get(key), i, `key ${String(key)}`);
  });

  test('a Uint8Array is stored as a byte array and read back as a Buffer', async () => {
    await cache.put('u8', Uint8Array.of(9, 8, 7));
    const value = await cache.get('u8');
    assert.ok(Buffer.isBuffer(value));
    assert.deepEqual([...(value as Buffer)], [9, 8, 7]);
  });

  test('get of a missing key is null', async () => {
    assert.equal(await cache.get('no such key'), null);
  });

  test('putAll and getAll with a Map, pairs and a plain object; missing keys are left out', async () => {
    await cache.putAll(new Map<unknown, unknown>([['m1', 1], ['m2', 'two']]));
    await cache.putAll([['p1', true], [10, 2.5]]);
    await cache.putAll({ o1: 'x', o2: 'y' } as never);
    const found = await cache.getAll(['m1', 'm2', 'p1', 10, 'o1', 'o2', 'absent']);
    assert.deepEqual(
      found,
      new Map<unknown, unknown>([['m1', 1], ['m2', 'two'], ['p1', true], [10, 2.5], ['o1', 'x'], ['o2', 'y']]),
    );
    assert.deepEqual(await cache.getAll([]), new Map());
  });

  test('putAll of many entries in one request', async () => {
    const entries = new Map<number, string>();
    for (let i = 0; i < 5000; i++) entries.set(100_000 + i, `bulk ${i}`);
    await cache.putAll(entries);
    const found = await cache.getAll(entries.keys());
    assert.equal(found.size, 5000);
    for (const [key, value] of entries) assert.equal(found.get(key), value);
  });

  test('containsKey and removeKey', async () => {
    await cache.put('c', 1);
    assert.equal(await cache.containsKey('c'), true);
    assert.equal(await cache.removeKey('c'), true);
    assert.equal(await cache.removeKey('c'), false);
    assert.equal(await cache.containsKey('c'), false);
  });

  test('size with and without peek modes, and clear', async () => {
    const own = await client.createCache<number, number>(uniqueName('size'));
    assert.equal(await own.size(), 0);
    await own.putAll(Array.from({ length: 25 }, (_, i) => [i, i] as [number, number]));
    assert.equal(await own.size(), 25);
    assert.equal(await own.size({ peekModes: PeekMode.All }), 25);
    assert.equal(await own.size({ peekModes: [PeekMode.Primary] }), 25);
    assert.equal(await own.size({ peekModes: [PeekMode.Backup] }), 0);
    await own.clear();
    assert.equal(await own.size(), 0);
    await client.destroyCache(own.name);
  });

  test('bad input is a ParameterError naming the value, and the connection stays usable', async () => {
    await assert.rejects(cache.put({ plain: 'object' }, 1), (e: unknown) => e instanceof ParameterError && /^key: plain object cannot be written as an Ignite value/.test(e.message));
    await assert.rejects(cache.put('k', 2n ** 64n), (e: unknown) => e instanceof ParameterError && /^value: bigint 18446744073709551616n/.test(e.message));
    await assert.rejects(cache.put(null, 1), (e: unknown) => e instanceof ParameterError && /key must not be null/.test(e.message));
    await assert.rejects(cache.put('k', null), (e: unknown) => e instanceof ParameterError && /value must not be null/.test(e.message));
    await assert.rejects(cache.getAll(['ok', Symbol('no')]), (e: unknown) => e instanceof ParameterError && /^keys\[1\]/.test(e.message));
    await assert.rejects(cache.putAll([['a', 1], ['b']] as never), (e: unknown) => e instanceof ParameterError && /entries\[1\] must be a \[key, value\] pair/.test(e.message));
    await assert.rejects(cache.getAll(5 as never), ParameterError);
    await assert.rejects(cache.size({ peekModes: [9 as PeekMode] }), ParameterError);
    // Requests encoded in the same tick as a failed one still go out intact. (The server may run
    // pipelined requests in any order, so the put is awaited before it is read.)
    const [put, bad, other] = await Promise.allSettled([cache.put('after', 'ok'), cache.put('bad', { no: 1 }), cache.put('other', 2)]);
    assert.equal(put.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    assert.equal(other.status, 'fulfilled');
    assert.deepEqual(await cache.getAll(['after', 'bad', 'other']), new Map<unknown, unknown>([['after', 'ok'], ['other', 2]]));
  });

  test('longAsBigInt reads every Long as bigint', async () => {
    await cache.put('long', 5);
    await using bigClient = await IgniteClient.connect({ nodes: testNodes(), longAsBigInt: true });
    assert.equal(await bigClient.cache(cache.name).get('long'), 5n);
    assert.equal(await bigClient.cache(cache.name).get(5n) ?? 'absent', 'absent');
  });
});
