// Peer: this project's client (dist/, through the package's self-reference).
import { readFileSync } from 'node:fs';
import { IgniteClient } from 'ignite-client';
import { PAGE_SIZE, SQL, SQL_LAZY, runPeer } from './harness.mjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let client;
let cache;

await runPeer({
  info: { name: 'ignite-client', version: pkg.version, runtime: `node ${process.version}` },
  async connect(port) {
    client = await IgniteClient.connect({ nodes: [`127.0.0.1:${port}`] });
    cache = client.cache('bench');
    this.info.protocol = client.connectedNodes[0]?.protocolVersion;
  },
  close: () => client.close(),
  get: (key) => cache.get(key),
  put: (key, value) => cache.put(key, value),
  getAll: async (keys) => (await cache.getAll(keys)).size,
  putAll: (keys, value) => cache.putAll(keys.map((k) => [k, value])),
  async scan() {
    let rows = 0;
    for await (const entry of cache.scan({ pageSize: PAGE_SIZE })) if (entry) rows++;
    return rows;
  },
  async sql() {
    let rows = 0;
    for await (const row of client.sql(SQL, { pageSize: PAGE_SIZE, lazy: SQL_LAZY })) if (row) rows++;
    return rows;
  },
});
