// Expiry policies against the clock of the test node: per-operation policies (withExpiryPolicy,
// the cache header's expiry block) and the cache configuration's, with Ignite's creation, update
// and access durations, Eternal and Unchanged. Every scenario is set up first and checked after one
// common wait, so the file takes a few seconds, not one wait per case.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Cache, ExpiryDuration, IgniteClient, ParameterError } from '../../src/index.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

/** Short enough for a quick test, long enough that "still there right after" holds on a busy machine. */
const TTL_MS = 1000;
const WAIT_MS = 2600;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let client: IgniteClient;
let plain: Cache<string, number>;
let configured: Cache<string, number>;

before(async () => {
  client = await connectTestClient();
  plain = await client.createCache<string, number>(uniqueName('expiry'));
  configured = await client.createCache<string, number>({ name: uniqueName('expiry-configured'), expiryPolicy: { createMs: TTL_MS } });
});
after(async () => {
  await plain?.destroy();
  await configured?.destroy();
  await client?.close();
});

test('creation, update and access durations, Eternal and Unchanged, per operation and per cache, against the clock', { timeout: 30_000 }, async () => {
  const created = plain.withExpiryPolicy({ createMs: TTL_MS });
  const updated = plain.withExpiryPolicy({ updateMs: TTL_MS });
  const accessed = plain.withExpiryPolicy({ accessMs: TTL_MS });
  const keepExpiry = plain.withExpiryPolicy({ updateMs: ExpiryDuration.Unchanged });
  const eternalUpdate = plain.withExpiryPolicy({ updateMs: ExpiryDuration.Eternal });

  // Expected after the wait: gone (null) or still there.
  const expectations = new Map<string, { cache: Cache<string, number>; expect: number | null }>();
  const expect = (key: string, cache: Cache<string, number>, value: number | null) => expectations.set(key, { cache, expect: value });

  await created.put('created', 1);
  expect('created', plain, null);
  await plain.put('untouched', 1);
  expect('untouched', plain, 1);
  await created.putAll([['created-batch-1', 1], ['created-batch-2', 2]]);
  expect('created-batch-1', plain, null);
  expect('created-batch-2', plain, null);

  // The update duration applies to an update, not to a creation.
  await updated.put('created-by-update-view', 1);
  expect('created-by-update-view', plain, 1);
  await plain.put('updated', 1);
  await updated.put('updated', 2);
  expect('updated', plain, null);

  // The access duration applies to a read.
  await plain.put('read', 1);
  assert.equal(await accessed.get('read'), 1);
  expect('read', plain, null);
  await plain.put('read-plainly', 1);
  assert.equal(await plain.get('read-plainly'), 1);
  expect('read-plainly', plain, 1);

  // Unchanged keeps the expiry time the entry has; Eternal lifts it.
  await created.put('kept', 1);
  await keepExpiry.put('kept', 2);
  expect('kept', plain, null);
  await created.put('lifted', 1);
  await eternalUpdate.put('lifted', 2);
  expect('lifted', plain, 2);

  // The cache configuration's policy, and an operation's Eternal overriding it.
  await configured.put('configured', 1);
  expect('configured', configured, null);
  await configured.withExpiryPolicy({ createMs: ExpiryDuration.Eternal }).put('configured-eternal', 1);
  expect('configured-eternal', configured, 1);

  // Right after: everything is there.
  for (const [key, { cache }] of expectations) assert.notEqual(await cache.get(key), null, `${key} is there before the TTL`);

  await sleep(WAIT_MS);
  for (const [key, { cache, expect: value }] of expectations) {
    assert.equal(await cache.get(key), value, `${key} after ${WAIT_MS} ms`);
  }
  assert.deepEqual(await configured.configuration().then((c) => c.expiryPolicy), { createMs: TTL_MS, updateMs: ExpiryDuration.Unchanged, accessMs: ExpiryDuration.Unchanged });
});

test('a view keeps its policy through withKeepBinary, and bad policies are refused before anything is sent', () => {
  const view = plain.withExpiryPolicy({ accessMs: 5000 });
  assert.deepEqual(view.expiryPolicy, { createMs: ExpiryDuration.Unchanged, updateMs: ExpiryDuration.Unchanged, accessMs: 5000 });
  assert.deepEqual(view.withKeepBinary().expiryPolicy, view.expiryPolicy);
  assert.equal(plain.expiryPolicy, undefined);
  assert.throws(() => plain.withExpiryPolicy({ createMs: -3 }), ParameterError);
  assert.throws(() => plain.withExpiryPolicy({ ttl: 5 } as never), ParameterError);
  assert.throws(() => plain.withExpiryPolicy(null as never), ParameterError);
});
