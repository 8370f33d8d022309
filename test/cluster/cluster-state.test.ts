// The cluster API against a node with persistence (slot 9, data in its work dir, removed on stop):
// state changes and what each state refuses, and the write-ahead log of a cache. A node of its
// own, since deactivating the shared test node would break every other test.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CacheError, ClusterError, ClusterState, complexType, IgniteClient, ParameterError, T } from '../../src/index.js';
import { testCluster } from '../support/cluster.js';
import { testNodes, uniqueName } from '../support/nodes.js';

const cluster = testCluster({ name: 'cluster-state', slot: 9, nodes: 1, heapMb: 320, persistence: true });
let client: IgniteClient;

before(async () => {
  await cluster.start();
  client = await IgniteClient.connect({ nodes: cluster.addresses });
}, { timeout: 120_000 });
after(async () => {
  await client?.close();
  await cluster.stop();
}, { timeout: 60_000 });

test('state(): a node started active (the cluster script activates a persistent cluster), and the plain test node too', async () => {
  assert.equal(await client.cluster().state(), ClusterState.Active);
  await using plainClient = await IgniteClient.connect({ nodes: testNodes() });
  assert.equal(await plainClient.cluster().state(), ClusterState.Active);
});

test('read-only refuses writes with the server\'s message and serves reads; inactive refuses cache operations; active again, the data is kept', async () => {
  const cluster = client.cluster();
  const cache = await client.getOrCreateCache<number, string>(uniqueName('state'));
  await cache.put(1, 'kept');
  try {
    await cluster.setState(ClusterState.ActiveReadOnly);
    assert.equal(await cluster.state(), ClusterState.ActiveReadOnly);
    await assert.rejects(cache.put(2, 'refused'), (err: unknown) => err instanceof CacheError && /cluster is in read-only mode/.test(err.message));
    assert.equal(await cache.get(1), 'kept');

    await cluster.setState(ClusterState.Inactive);
    assert.equal(await cluster.state(), ClusterState.Inactive);
    await assert.rejects(cache.get(1), (err: unknown) => err instanceof CacheError && /the cluster is inactive/.test(err.message));
    // The client stays usable: the state can be read and changed.
  } finally {
    await cluster.setState(ClusterState.Active);
  }
  assert.equal(await cluster.state(), ClusterState.Active);
  assert.equal(await cache.get(1), 'kept', 'persistent data survives deactivation');
  await cache.put(2, 'written');
  assert.equal(await cache.get(2), 'written');
  await cache.destroy();
});

/**
 * The WAL state the node reports, once it shows `expected` or 5 s have passed. The node can
 * answer isWalEnabled with the old state for a moment after disableWal/enableWal has returned (seen
 * once in about ten full runs): the change reaches its local state after the call's future ends.
 */
async function walStateOnceSettled(cacheName: string, expected: boolean): Promise<boolean> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const enabled = await client.cluster().isWalEnabled(cacheName);
    if (enabled === expected || Date.now() > deadline) return enabled;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('WAL: on by default for a persistent cache; disable and enable say whether they changed it', async () => {
  const cluster = client.cluster();
  const cache = await client.getOrCreateCache<number, number>(uniqueName('wal'));
  try {
    assert.equal(await cluster.isWalEnabled(cache.name), true);
    assert.equal(await cluster.disableWal(cache.name), true);
    assert.equal(await walStateOnceSettled(cache.name, false), false);
    assert.equal(await cluster.disableWal(cache.name), false, 'already off');
    await cache.putAll(Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]));
    assert.equal(await cluster.enableWal(cache.name), true);
    assert.equal(await walStateOnceSettled(cache.name, true), true);
    assert.equal(await cluster.enableWal(cache.name), false, 'already on');
    assert.equal(await cache.size(), 100);
  } finally {
    await cache.destroy();
  }
  await assert.rejects(cluster.isWalEnabled('no-such-cache'), (err: unknown) => err instanceof ClusterError && /Cache not found: no-such-cache/.test(err.message));
});

test('bad arguments are refused before anything is sent', async () => {
  const cluster = client.cluster();
  await assert.rejects(cluster.setState(7 as never), ParameterError);
  await assert.rejects(cluster.isWalEnabled('' as never), ParameterError);
  await assert.rejects(cluster.disableWal(42 as never), ParameterError);
  assert.equal(await cluster.state(), ClusterState.Active);
});

test('two clients of two clusters in one process keep their own types, even where the two clusters disagree', async () => {
  const typeName = `org.igniteclient.test.TwoClusters${Date.now()}`;
  // The same type name, with a field of another type in each cluster: one shared registry could not hold both.
  const OnThis = complexType(typeName, { id: T.int, note: T.string });
  const OnTheOther = complexType(typeName, { id: T.string, note: T.string });
  await using other = await IgniteClient.connect({ nodes: testNodes() });
  const here = await client.getOrCreateCache<string, unknown>(uniqueName('two-clusters'));
  const there = await other.getOrCreateCache<string, unknown>(uniqueName('two-clusters'));
  try {
    await here.put('k', new OnThis({ id: 1, note: 'this cluster' }));
    await there.put('k', new OnTheOther({ id: 'one', note: 'the other cluster' }));
    const a = await here.get('k');
    const b = await there.get('k');
    assert.ok(a instanceof OnThis && a.id === 1 && a.note === 'this cluster');
    assert.ok(b instanceof OnTheOther && b.id === 'one' && b.note === 'the other cluster');
    assert.deepEqual((await client.binary.getType(typeName))?.fields.map((f) => [f.name, f.typeCode]), [['id', 3], ['note', 9]]);
    assert.deepEqual((await other.binary.getType(typeName))?.fields.map((f) => [f.name, f.typeCode]), [['id', 9], ['note', 9]]);
  } finally {
    await here.destroy();
    await there.destroy();
  }
});
