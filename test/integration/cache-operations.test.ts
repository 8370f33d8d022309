// Every key-value operation of Cache against a real node, with hints.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Connection } from '../../src/connection/connection.js';
import { type CacheContext, Cache as CacheClass } from '../../src/cache.js';
import {
  AtomicityMode,
  type Cache,
  CacheError,
  ClientStatus,
  complexType,
  Decimal,
  type IgniteClient,
  ParameterError,
  T,
  Timestamp,
  TypeCode,
  typed,
  Uuid,
} from '../../src/index.js';
import { connectTestClient, testNodes, uniqueName } from '../support/nodes.js';
import { openRawConnection, rawGet } from '../support/raw.js';

let client: IgniteClient;
let cache: Cache<string, number>;
let raw: Connection;

before(async () => {
  client = await connectTestClient();
  cache = await client.createCache(uniqueName('ops'));
  raw = await openRawConnection(testNodes()[0]!);
});
beforeEach(async () => {
  await cache.clear();
});
after(async () => {
  await raw.close();
  await client.close();
});

const storedCode = async (key: unknown) => parseInt((await rawGet(raw, cache.name, key)).slice(0, 2), 16);

describe('conditional and returning operations', () => {
  test('getAndPut returns the old value (null at first) and stores the new one', async () => {
    assert.equal(await cache.getAndPut('k', 1), null);
    assert.equal(await cache.getAndPut('k', 2, { valueHint: T.int }), 1);
    assert.equal(await cache.get('k'), 2);
    assert.equal(await storedCode('k'), TypeCode.Int);
  });

  test('getAndPutIfAbsent stores only when absent and returns the existing value', async () => {
    assert.equal(await cache.getAndPutIfAbsent('k', 1, { valueHint: T.short }), null);
    assert.equal(await storedCode('k'), TypeCode.Short);
    assert.equal(await cache.getAndPutIfAbsent('k', 2), 1);
    assert.equal(await cache.get('k'), 1);
  });

  test('getAndRemove returns the removed value, then null', async () => {
    await cache.put('k', 5);
    assert.equal(await cache.getAndRemove('k'), 5);
    assert.equal(await cache.getAndRemove('k'), null);
    assert.equal(await cache.containsKey('k'), false);
  });

  test('getAndReplace replaces only an existing entry', async () => {
    assert.equal(await cache.getAndReplace('k', 1), null);
    assert.equal(await cache.containsKey('k'), false);
    await cache.put('k', 1);
    assert.equal(await cache.getAndReplace('k', 2, { valueHint: T.byte }), 1);
    assert.equal(await cache.get('k'), 2);
    assert.equal(await storedCode('k'), TypeCode.Byte);
  });

  test('putIfAbsent', async () => {
    assert.equal(await cache.putIfAbsent('k', 1), true);
    assert.equal(await cache.putIfAbsent('k', 2), false);
    assert.equal(await cache.get('k'), 1);
  });

  test('replace', async () => {
    assert.equal(await cache.replace('k', 1), false);
    await cache.put('k', 1);
    assert.equal(await cache.replace('k', 2), true);
    assert.equal(await cache.get('k'), 2);
  });

  test('replaceIfEquals compares with the sample, whose type matters', async () => {
    await cache.put('k', 1, { valueHint: T.int });
    assert.equal(await cache.replaceIfEquals('k', 1, 3), false, 'a Long 1 is not the stored Int 1');
    assert.equal(await cache.replaceIfEquals('k', 2, 3, { sampleHint: T.int }), false);
    assert.equal(await cache.replaceIfEquals('k', 1, 3, { sampleHint: T.int, valueHint: T.short }), true);
    assert.equal(await cache.get('k'), 3);
    assert.equal(await storedCode('k'), TypeCode.Short);
  });

  test('removeIfEquals compares with the sample', async () => {
    await cache.put('k', 1);
    assert.equal(await cache.removeIfEquals('k', 2), false);
    assert.equal(await cache.removeIfEquals('k', 1, { sampleHint: T.int }), false);
    assert.equal(await cache.removeIfEquals('k', 1), true);
    assert.equal(await cache.containsKey('k'), false);
  });
});

describe('multi-key operations', () => {
  test('containsKeys is true only when every key is there', async () => {
    await cache.putAll([['a', 1], ['b', 2]]);
    assert.equal(await cache.containsKeys(['a', 'b']), true);
    assert.equal(await cache.containsKeys(['a', 'c']), false);
    assert.equal(await cache.containsKeys(new Set(['b'])), true);
  });

  test('removeKeys and clearKeys remove exactly the keys given', async () => {
    await cache.putAll({ a: 1, b: 2, c: 3, d: 4 });
    await cache.removeKeys(['a', 'b']);
    assert.deepStrictEqual([...(await cache.getAll(['a', 'b', 'c', 'd'])).keys()].sort(), ['c', 'd']);
    await cache.clearKeys(['c']);
    assert.deepStrictEqual([...(await cache.getAll(['a', 'b', 'c', 'd'])).keys()], ['d']);
  });

  test('clearKey removes one entry', async () => {
    await cache.putAll({ a: 1, b: 2 });
    await cache.clearKey('a');
    assert.equal(await cache.containsKey('a'), false);
    assert.equal(await cache.get('b'), 2);
  });

  test('removeAll and clear empty the cache', async () => {
    await cache.putAll({ a: 1, b: 2 });
    await cache.removeAll();
    assert.equal(await cache.size(), 0);
    await cache.putAll({ a: 1, b: 2 });
    await cache.clear();
    assert.equal(await cache.size(), 0);
  });

  test('putAll and getAll with key and value hints for every entry', async () => {
    const own = await client.createCache<number, number>(uniqueName('hinted'));
    await own.putAll(new Map([[1, 10], [2, 20]]), { keyHint: T.int, valueHint: T.short });
    assert.equal(await own.get(1), null, 'stored under Int keys, not Long keys');
    assert.deepStrictEqual(await own.getAll([1, 2], { keyHint: T.int }), new Map([[1, 10], [2, 20]]));
    assert.equal(await own.containsKeys([1, 2], { keyHint: T.int }), true);
    await own.removeKeys([typed(1, T.int), typed(2, T.int)]);
    assert.equal(await own.size(), 0);
    await own.destroy();
  });
});

describe('getAll keys its Map by the very key objects asked for', () => {
  const Point = complexType(`test.GetAllPoint.${uniqueName('t')}`, { x: T.int, label: T.string });
  const char = typed('a', T.char);
  /** Keys whose decoded form is another object, or another key's JavaScript value. */
  const keys = (): unknown[] => [
    Uuid.random(),
    new Date(1_700_000_000_123),
    new Timestamp(1_700_000_000_123, 456_789),
    Buffer.from([1, 2, 3]),
    Decimal.from('-123.4500'),
    new Point({ x: 1, label: 'one' }),
    2n ** 60n,
    char,
    'a',
    7,
    1.5,
  ];

  const putEach = async (own: Cache<unknown, number>, list: unknown[]) => {
    for (const [i, key] of list.entries()) await own.put(key, i);
  };

  test('Uuid, Date, Timestamp, Buffer, Decimal, complex and bigint keys, Char beside String, a missing key', async () => {
    const own = await client.createCache<unknown, number>(uniqueName('getall-keys'));
    try {
      const list = keys();
      await putEach(own, list);
      const found = await own.getAll([...list, Uuid.random(), 'missing']);
      assert.equal(found.size, list.length, 'one entry per stored key, none for the missing ones');
      list.forEach((key, i) => assert.equal(found.get(key), i, `key ${i}`));
      assert.deepEqual([...found.keys()].filter((key) => !list.includes(key)), [], 'every Map key is a key object asked for');
      // A keep-binary view reads the complex key as a BinaryObject, but the Map key is still the caller's.
      const binary = await own.withKeepBinary().getAll(list);
      list.forEach((key, i) => assert.equal(binary.get(key), i, `keep-binary key ${i}`));
    } finally {
      await own.destroy();
    }
  });

  test('with longAsBigInt: number keys stay the caller\'s numbers, bigint keys the caller\'s bigints', async () => {
    const bigints = await connectTestClient({ longAsBigInt: true });
    try {
      const own = await bigints.createCache<unknown, unknown>(uniqueName('getall-bigint'));
      const list: unknown[] = [1, 2 ** 53 - 1, -5, 2n ** 60n, new Uuid('00000000-0000-0000-0000-0000000000aa')];
      await putEach(own as Cache<unknown, number>, list);
      const plain = await own.getAll([1, 2 ** 53 - 1, -5]);
      assert.deepStrictEqual(plain, new Map<unknown, unknown>([[1, 0n], [2 ** 53 - 1, 1n], [-5, 2n]]));
      const mixed = await own.getAll(list);
      list.forEach((key, i) => assert.equal(mixed.get(key), BigInt(i), `key ${String(key)}`));
      await own.destroy();
    } finally {
      await bigints.close();
    }
  });

  test('the same Ignite key asked for twice gives one entry, under the first', async () => {
    const own = await client.createCache<unknown, number>(uniqueName('getall-dup'));
    try {
      const uuid = Uuid.random();
      const again = new Uuid(uuid.value);
      await own.put(uuid, 1);
      await own.put('s', 2);
      const asString = typed('s', T.string);
      const found = await own.getAll([uuid, again, 's', asString, 's']);
      assert.equal(found.size, 2);
      assert.equal(found.get(uuid), 1);
      assert.equal(found.has(again), false);
      assert.equal(found.get('s'), 2);
      assert.equal(found.has(asString), false);
    } finally {
      await own.destroy();
    }
  });

  test('inside a transaction, on a TRANSACTIONAL cache', async () => {
    const own = await client.getOrCreateCache<unknown, number>({ name: uniqueName('getall-tx'), atomicityMode: AtomicityMode.Transactional });
    try {
      const list = keys();
      await putEach(own, list);
      const uuid = Uuid.random();
      const found = await client.transaction({}, async () => {
        await own.put(uuid, 100);
        return own.getAll([...list, uuid]);
      });
      assert.equal(found.size, list.length + 1);
      list.forEach((key, i) => assert.equal(found.get(key), i, `key ${i}`));
      assert.equal(found.get(uuid), 100, 'the transaction\'s own write');
    } finally {
      await own.destroy();
    }
  });

  test('a batch split into one request per node (as partition awareness sends it) is merged under the caller\'s keys', async () => {
    // The node set here may be one node, so the split is forced: the keys go in three groups, each
    // its own GET_ALL to the real node, as the router's groups would with three primaries.
    const context = (client as unknown as { cacheContext: CacheContext }).cacheContext;
    const requests: number[] = [];
    const splitting: CacheContext = {
      ...context,
      request: (opCode, encode, decode, route) => {
        requests.push(opCode);
        return context.request(opCode, encode, decode, route);
      },
      groupByNode: async (_cacheId, batch) => {
        const groups = [0, 1, 2].map(() => ({ partition: undefined, indices: [] as number[] }));
        batch.forEach((_, i) => groups[i % 3]!.indices.push(i));
        return groups;
      },
    };
    const name = uniqueName('getall-split');
    const own = await client.createCache<unknown, number>(name);
    try {
      const list = keys();
      await putEach(own, list);
      requests.length = 0;
      const found = await new CacheClass<unknown, number>(splitting, name).getAll([...list, 'missing']);
      assert.equal(requests.length, 3, 'three GET_ALL requests');
      assert.equal(found.size, list.length);
      list.forEach((key, i) => assert.equal(found.get(key), i, `key ${i}`));
    } finally {
      await own.destroy();
    }
  });
});

describe('lifecycle and errors', () => {
  test('destroy removes the cache; operations on it then fail with CacheError 1000', async () => {
    const own = await client.createCache(uniqueName('destroy'));
    await own.destroy();
    assert.ok(!(await client.cacheNames()).includes(own.name));
    await assert.rejects(own.get('x'), (err: unknown) => err instanceof CacheError && err.status === ClientStatus.CacheDoesNotExist);
  });

  test('a hint argument that is not a hint is a ParameterError', async () => {
    await assert.rejects(cache.put('k', 1, { valueHint: 'int' as never }), (err: unknown) => err instanceof ParameterError && /valueHint must be a type hint/.test(err.message));
    await assert.rejects(cache.get('k', { keyHint: 3 as never }), ParameterError);
    await assert.rejects(cache.put('k', 300, { valueHint: T.byte }), (err: unknown) => err instanceof ParameterError && /^value: number 300/.test(err.message));
    await assert.rejects(cache.replaceIfEquals('k', null as never, 1), (err: unknown) => err instanceof ParameterError && /sample must not be null/.test(err.message));
    assert.equal(await cache.putIfAbsent('k', 1), true, 'the connection is still usable');
  });

  test('a misspelt option is a ParameterError naming it and the known ones, and nothing is stored', async () => {
    await assert.rejects(cache.put('k', 2, { valuehint: T.int } as never), (err: unknown) => err instanceof ParameterError && err.message === 'unknown put option "valuehint" (known: keyHint, valueHint)');
    await assert.rejects(cache.get('k', { valueHint: T.int } as never), (err: unknown) => err instanceof ParameterError && err.message === 'unknown get option "valueHint" (known: keyHint)');
    await assert.rejects(cache.getAll(['k', 'l'], { keyhint: T.int } as never), (err: unknown) => err instanceof ParameterError && /unknown getAll option "keyhint"/.test(err.message));
    await assert.rejects(cache.putAll([['k', 3]], { valuehint: T.int } as never), (err: unknown) => err instanceof ParameterError && /unknown putAll option "valuehint"/.test(err.message));
    await assert.rejects(cache.size({ peekmodes: 1 } as never), (err: unknown) => err instanceof ParameterError && /unknown size option "peekmodes"/.test(err.message));
    assert.equal(await cache.containsKey('k'), false);
  });
});
