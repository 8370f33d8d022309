// Peer: apache-ignite-client 1.0.0 from npm, the old official Node.js thin client (protocol 1.2.0).
// A JavaScript number is written as a Double unless typed, so the cache's key type is set to LONG
// to reach the same entries as the other peers.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PAGE_SIZE, SQL, SQL_LAZY, runPeer } from './harness.mjs';

const require = createRequire(import.meta.url);
const IgniteClient = require('apache-ignite-client');
const { IgniteClientConfiguration, ObjectType, CacheEntry, ScanQuery, SqlFieldsQuery } = IgniteClient;
const version = JSON.parse(readFileSync(require.resolve('apache-ignite-client/package.json'), 'utf8')).version;

let client;
let cache;

await runPeer({
  info: { name: 'apache-ignite-client', version, runtime: `node ${process.version}`, protocol: '1.2.0' },
  async connect(port) {
    client = new IgniteClient();
    await client.connect(new IgniteClientConfiguration(`127.0.0.1:${port}`));
    cache = client.getCache('bench').setKeyType(ObjectType.PRIMITIVE_TYPE.LONG).setValueType(ObjectType.PRIMITIVE_TYPE.STRING);
  },
  close: async () => client.disconnect(),
  get: (key) => cache.get(key),
  put: (key, value) => cache.put(key, value),
  getAll: async (keys) => (await cache.getAll(keys)).length,
  putAll: (keys, value) => cache.putAll(keys.map((k) => new CacheEntry(k, value))),
  async scan() {
    const cursor = await cache.query(new ScanQuery().setPageSize(PAGE_SIZE));
    // The first page is already in the cursor, but hasMore() only says so once it is read: the
    // library's own examples loop do { getValue() } while (hasMore()).
    let rows = 0;
    do if (await cursor.getValue()) rows++; while (cursor.hasMore());
    return rows;
  },
  async sql() {
    const cursor = await cache.query(new SqlFieldsQuery(SQL).setSchema('PUBLIC').setPageSize(PAGE_SIZE).setLazy(SQL_LAZY));
    // The first page is already in the cursor, but hasMore() only says so once it is read: the
    // library's own examples loop do { getValue() } while (hasMore()).
    let rows = 0;
    do if (await cursor.getValue()) rows++; while (cursor.hasMore());
    return rows;
  },
});
