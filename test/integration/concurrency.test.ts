import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Cache, IgniteClient } from '../../src/index.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

let client: IgniteClient;
let cache: Cache<number, string>;
before(async () => {
  client = await connectTestClient();
  cache = await client.createCache(uniqueName('concurrency'));
});
after(async () => {
  await client.destroyCache(cache.name);
  await client.close();
});

test('10 000 concurrent puts and then 10 000 concurrent gets on one client all answer right', async () => {
  const count = 10_000;
  await Promise.all(Array.from({ length: count }, (_, i) => cache.put(i, `value-${i}-${'x'.repeat(i % 50)}`)));
  const values = await Promise.all(Array.from({ length: count }, (_, i) => cache.get(i)));
  values.forEach((value, i) => assert.equal(value, `value-${i}-${'x'.repeat(i % 50)}`));
  assert.equal(await cache.size(), count);
});

test('interleaved operations of different kinds, each answered with its own result', async () => {
  const ops: Array<Promise<unknown>> = [];
  const expected: unknown[] = [];
  for (let i = 0; i < 3000; i++) {
    switch (i % 4) {
      case 0:
        ops.push(cache.get(i));
        expected.push(`value-${i}-${'x'.repeat(i % 50)}`);
        break;
      case 1:
        ops.push(cache.containsKey(i + 1_000_000));
        expected.push(false);
        break;
      case 2:
        ops.push(cache.getAll([i, i + 1_000_000]));
        expected.push(new Map([[i, `value-${i}-${'x'.repeat(i % 50)}`]]));
        break;
      default:
        ops.push(cache.put(i, `value-${i}-${'x'.repeat(i % 50)}`));
        expected.push(undefined);
    }
  }
  const results = await Promise.all(ops);
  results.forEach((result, i) => assert.deepEqual(result, expected[i], `operation ${i}`));
});

test('64 callers each awaiting its own answers in a loop', async () => {
  const callers = Array.from({ length: 64 }, async (_, caller) => {
    for (let n = 0; n < 100; n++) {
      const key = 500_000 + caller * 1000 + n;
      await cache.put(key, `c${caller}n${n}`);
      assert.equal(await cache.get(key), `c${caller}n${n}`);
    }
  });
  await Promise.all(callers);
});

test('requests queued behind a write the kernel could not take at once arrive intact', async () => {
  // 10 MB in one turn fills the socket's kernel buffer, so that write stays pending; the small
  // requests of the following turns queue behind it, each turn in its own buffer. Reusing a
  // buffer the socket still holds would send some of them with the bytes of later ones.
  const big = await client.createCache<number, Buffer>(uniqueName('pending-write'));
  try {
    const blob = (i: number): Buffer => Buffer.alloc(256 * 1024, i);
    const small = (turn: number, j: number): string => `turn-${turn}-${j}-`.repeat(100);
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < 40; i++) writes.push(big.put(i, blob(i)));
    for (let turn = 0; turn < 50; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (let j = 0; j < 10; j++) writes.push(cache.put(100_000 + turn * 10 + j, small(turn, j)));
    }
    await Promise.all(writes);
    for (let turn = 0; turn < 50; turn++) {
      for (let j = 0; j < 10; j++) assert.equal(await cache.get(100_000 + turn * 10 + j), small(turn, j));
    }
    for (let i = 0; i < 40; i++) assert.ok((await big.get(i))!.equals(blob(i)), `blob ${i}`);
  } finally {
    await big.destroy();
  }
});
