// The benchmark's data and the node's warm-up, shared by bench/run.mjs and bench/profile.mjs.

import { performance } from 'node:perf_hooks';
import { KEY_SPACE, SQL, SQL_LAZY, VALUE } from './peers/harness.mjs';

/**
 * Cache `bench` (KEY_SPACE Long keys, each value VALUE) and, unless `sql: false`, table bench_sql.
 * `cache`: the cache's configuration (default: by name only, the server's defaults).
 */
export async function prepareData(client, log, { cache: cacheConfig = 'bench', sql = true } = {}) {
  const t0 = performance.now();
  const cache = await client.getOrCreateCache(cacheConfig);
  await cache.clear();
  for (let start = 0; start < KEY_SPACE; start += 1000) {
    const entries = [];
    for (let k = start; k < start + 1000; k++) entries.push([k, VALUE]);
    await cache.putAll(entries);
  }
  const size = await cache.size();
  if (size !== KEY_SPACE) throw new Error(`cache bench has ${size} entries, expected ${KEY_SPACE}`);
  if (!sql) {
    log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: cache "bench" (${KEY_SPACE} long keys, 100-character strings)`);
    return;
  }

  await client.sql('DROP TABLE IF EXISTS bench_sql').toArray();
  await client.sql('CREATE TABLE bench_sql (id BIGINT PRIMARY KEY, a VARCHAR, b INT, c DOUBLE)').toArray();
  await client.sql(`INSERT INTO bench_sql (id, a, b, c) SELECT x, CONCAT('v', x), x, x * 0.5 FROM SYSTEM_RANGE(1, ${KEY_SPACE})`).toArray();
  const [[count]] = await client.sql('SELECT COUNT(*) FROM bench_sql').toArray();
  if (Number(count) !== KEY_SPACE) throw new Error(`bench_sql has ${count} rows, expected ${KEY_SPACE}`);
  log(`data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: cache "bench" (${KEY_SPACE} long keys, 100-character strings), table bench_sql (${KEY_SPACE} rows)`);
}

/**
 * Every workload's server path, before any peer: mixed get/put from 16 callers for `ms`, then
 * getAll/putAll of 100 for a third of that, then (unless `queries: false`) scans and SELECTs. Without it the first peer of
 * a workload may pay for warming the node on that path (in one run with only get/put warmed, the
 * first peer's putAll ran at 1.6k ops/s and the last one's at 2.8k).
 */
export async function warmNode(client, ms, log, { queries = true } = {}) {
  const cache = client.cache('bench');
  let end = performance.now() + ms;
  let ops = 0;
  await Promise.all(Array.from({ length: 16 }, async (_, w) => {
    for (let i = w; performance.now() < end; i += 16) {
      const key = (i * 7919) % KEY_SPACE;
      if (i % 2) await cache.put(key, VALUE);
      else await cache.get(key);
      ops++;
    }
  }));
  end = performance.now() + ms / 3;
  let batches = 0;
  for (let i = 0; performance.now() < end; i++) {
    const start = (i * 100) % KEY_SPACE;
    const keys = Array.from({ length: 100 }, (_, j) => start + j);
    if (i % 2) await cache.putAll(keys.map((k) => [k, VALUE]));
    else await cache.getAll(keys);
    batches++;
  }
  if (!queries) {
    log(`warmed: ${ops} mixed get/put in ${(ms / 1000).toFixed(0)} s, ${batches} getAll/putAll of 100`);
    return;
  }
  for (let i = 0; i < 3; i++) {
    await cache.scan({ pageSize: 1024 }).toArray();
    await client.sql(SQL, { pageSize: 1024, lazy: SQL_LAZY }).toArray();
  }
  log(`node warmed: ${ops} mixed get/put in ${(ms / 1000).toFixed(0)} s, ${batches} getAll/putAll of 100, 3 scans, 3 SELECTs`);
}

