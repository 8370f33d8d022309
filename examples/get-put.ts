// Key-value basics: the TypeScript port of pyignite's examples/get_and_put.py.
// Run it with `npm run example`, which starts a local Ignite node first.
import { IgniteClient } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');

await using client = await IgniteClient.connect({ nodes });

const myCache = await client.createCache<string, number>('my cache');

await myCache.put('my key', 42);

let result = await myCache.get('my key');
console.log(result); // 42

result = await myCache.get('non-existent key');
console.log(result); // null

const results = await myCache.getAll(['my key', 'non-existent key', 'other-key']);
console.log(results); // Map(1) { 'my key' => 42 }

await myCache.clearKey('my key');

await myCache.destroy();
