// Scan queries: the TypeScript port of pyignite's examples/scans.py.
import { IgniteClient } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

const myCache = await client.createCache<string, number>('my cache');
await myCache.putAll(Object.fromEntries(Array.from({ length: 20 }, (_, v) => [`key_${v}`, v])));
// { key_0: 0, key_1: 1, ... 20 elements in total ... key_19: 19 }

// The cursor fetches pages as it is consumed; leaving the loop early releases it on the server.
for await (const [key, value] of myCache.scan()) {
  console.log(key, value);
}
// key_17 17
// key_10 10
// ... 20 elements in total, in the cache's order ...

{
  await using cursor = myCache.scan();
  console.log(new Map(await cursor.toArray()).size);
}
// 20

await myCache.destroy();
