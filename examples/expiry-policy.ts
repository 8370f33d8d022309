// Expiry policies (TTL): the TypeScript port of pyignite's examples/expiry_policy.py.
// Run it with `npm run build && node build/examples/expiry-policy.js` against a local node.
import { IgniteClient } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await using client = await IgniteClient.connect({ nodes });

// First: an expiry policy for the whole cache, in its configuration.
const ttlCache = await client.createCache<number, number>({ name: 'test', expiryPolicy: { createMs: 1000 } });
await ttlCache.put(1, 1);
await sleep(500);
console.log(`key = 1, value = ${await ttlCache.get(1)}`); // key = 1, value = 1
await sleep(1200);
console.log(`key = 1, value = ${await ttlCache.get(1)}`); // key = 1, value = null

// Second: a policy for the operations of a view of the cache (pyignite with_expire_policy).
const simpleCache = await client.createCache<number, number>('simple_cache');
const accessTtl = simpleCache.withExpiryPolicy({ accessMs: 1000 });
await accessTtl.put(1, 1);
await sleep(500);
console.log(`key = 1, value = ${await accessTtl.get(1)}`); // key = 1, value = 1
await sleep(1700);
console.log(`key = 1, value = ${await accessTtl.get(1)}`); // key = 1, value = null

await ttlCache.destroy();
await simpleCache.destroy();
