// Peer: this project's client (dist/, through the package's self-reference).
import { readFileSync } from 'node:fs';
import { IgniteClient } from 'ignite-client';
import { PAGE_SIZE, SQL, SQL_LAZY, runPeer } from './harness.mjs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
let client;
let cache;

await runPeer({
  info: { name: 'ignite-client', version: pkg.version, runtime: `node ${process.version}` },
  multiNode: true,
  async connect(port, { addresses, partitionAware }) {
    const nodes = addresses ?? [`127.0.0.1:${port}`];
    client = await IgniteClient.connect({ nodes, ...(partitionAware === undefined ? {} : { partitionAware }) });
    cache = client.cache('bench');
    // connect() resolves with the first handshake; with partition awareness the other nodes keep
    // connecting in the background. Measure only once every named node is connected (at most 10 s).
    if (addresses && partitionAware !== false) {
      const deadline = Date.now() + 10_000;
      while (client.connectedNodes.length < nodes.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    }
    this.info.protocol = client.connectedNodes[0]?.protocolVersion;
    if (addresses) {
      this.info.partitionAware = partitionAware !== false;
      this.info.connections = client.connectedNodes.length;
    }
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
