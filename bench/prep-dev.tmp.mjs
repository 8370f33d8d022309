import { IgniteClient } from 'ignite-client';
import { KEY_SPACE, SQL, VALUE } from './peers/harness.mjs';
const client = await IgniteClient.connect({ nodes: ['127.0.0.1:10820'] });
const cache = await client.getOrCreateCache('bench');
for (let start = 0; start < KEY_SPACE; start += 1000) {
  const entries = [];
  for (let k = start; k < start + 1000; k++) entries.push([k, VALUE]);
  await cache.putAll(entries);
}
await client.sql('DROP TABLE IF EXISTS bench_sql').toArray();
await client.sql('CREATE TABLE bench_sql (id BIGINT PRIMARY KEY, a VARCHAR, b INT, c DOUBLE)').toArray();
await client.sql(`INSERT INTO bench_sql (id, a, b, c) SELECT x, CONCAT('v', x), x, x * 0.5 FROM SYSTEM_RANGE(1, ${KEY_SPACE})`).toArray();
const end = Date.now() + 10000;
await Promise.all(Array.from({ length: 16 }, async (_, w) => { for (let i = w; Date.now() < end; i += 16) { const key = (i * 7919) % KEY_SPACE; if (i % 2) await cache.put(key, VALUE); else await cache.get(key); } }));
for (let i = 0; i < 3; i++) { await cache.scan({ pageSize: 1024 }).toArray(); await client.sql(SQL, { pageSize: 1024, lazy: true }).toArray(); }
await client.close();
console.log('ready');
