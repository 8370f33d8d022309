// Partition awareness against a three-node cluster (slot 3): every key of every key type must go to
// its primary node, as the cluster itself names it. Two server-side facts are checked, neither
// computed by this client: the key is in the partition this client computed (a scan of that
// partition, run by the server, returns it), and the node that served the key's get is the
// partition's primary (SYS.PARTITION_STATES). The share routed to the true primary is printed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AtomicityMode, CacheMode, complexType, Decimal, IgniteClient, ParameterError, T, Timestamp, Uuid, typed, WriteSynchronizationMode } from '../../src/index.js';
import type { QueryStartEvent } from '../../src/events.js';
import type { Router } from '../../src/routing/router.js';
import { testCluster } from '../support/cluster.js';
import { uniqueName } from '../support/nodes.js';

const cluster = testCluster({ name: 'partition-awareness', slot: 3, nodes: 3, heapMb: 384, failureDetectionMs: 3000 });
before(() => cluster.start(), { timeout: 180_000 });
after(() => cluster.stop(), { timeout: 60_000 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const Point = complexType('org.igniteclient.test.PaPoint', { x: T.int, y: T.int });
const Order = complexType('org.igniteclient.test.PaOrder', { id: T.long, customer: T.string }, { affinityKeyField: 'customer' });
const AccountKey = complexType('org.igniteclient.test.PaAccountKey', { id: T.long, region: T.string });

/** Keys of every type the issue names, a few hundred of most. */
function keysOfEveryType(): Array<{ label: string; key: unknown }> {
  const keys: Array<{ label: string; key: unknown }> = [];
  const add = (label: string, key: unknown) => keys.push({ label, key });
  for (let i = -150; i < 150; i++) add('long', i * 7919);
  for (let i = -100; i < 100; i++) add('int', typed(i * 104_729, T.int));
  for (let i = -50; i < 50; i++) add('short', typed(i * 311, T.short));
  for (let i = -128; i < 128; i += 4) add('byte', typed(i, T.byte));
  for (let i = 0; i < 100; i++) add('bigint', (1n << 53n) + BigInt(i) * 1_000_003n);
  for (let i = 0; i < 50; i++) add('bigint', -(1n << 60n) - BigInt(i));
  for (let i = 0; i < 200; i++) add('double', i * 1.37 - 100.5);
  add('double', typed(-0, T.double));
  add('double', typed(0, T.double));
  for (let i = 0; i < 50; i++) add('float', typed(i * 0.5 + 0.25, T.float));
  add('string', '');
  for (let i = 0; i < 200; i++) add('string', `key-${i}`);
  for (let i = 0; i < 50; i++) add('string', `日本語-${i}-héllo-😀`);
  for (let i = 0; i < 150; i++) add('uuid', Uuid.random());
  for (let i = 0; i < 100; i++) add('date', new Date(1_700_000_000_000 + i * 86_400_123));
  for (let i = 0; i < 50; i++) add('timestamp', new Timestamp(1_600_000_000_000 + i * 3_600_007, i * 1000));
  for (let i = 0; i < 50; i++) add('decimal', Decimal.from(`${i - 25}.${i}5`));
  for (let i = 0; i < 50; i++) add('char', typed(String.fromCharCode(65 + i), T.char));
  add('bool', true);
  add('bool', false);
  for (let i = 0; i < 50; i++) add('byte[]', Buffer.from([i, i * 3, 255 - i]));
  for (let i = 0; i < 150; i++) add('complex', new Point({ x: i, y: -i }));
  for (let i = 0; i < 150; i++) add('complex+affinity field', new Order({ id: BigInt(i), customer: `customer-${i % 17}` }));
  return keys;
}

interface Proof {
  keys: number;
  routedToPrimary: number;
  inComputedPartition: number;
  misses: string[];
}

const routerOf = (client: IgniteClient): Router => (client as unknown as { router: Router }).router;

/** Primary node id of every partition of a cache, as the cluster reports it. */
async function primaries(client: IgniteClient, cacheId: number): Promise<Map<number, string>> {
  const rows = await client
    .sql<[number, Uuid]>('SELECT PARTITION_ID, NODE_ID FROM SYS.PARTITION_STATES WHERE CACHE_GROUP_ID = ? AND IS_PRIMARY = TRUE', { schema: 'SYS', args: [typed(cacheId, T.int)] })
    .toArray();
  return new Map(rows.map(([p, node]) => [p, node.value]));
}

/** Puts every key, gets it back with the serving node recorded, and checks both facts. */
async function prove(client: IgniteClient, served: { node: string | undefined }, cacheName: string, keys: ReadonlyArray<{ label: string; key: unknown }>): Promise<Proof> {
  const cache = client.cache(cacheName);
  for (let i = 0; i < keys.length; i++) await cache.put(keys[i]!.key as never, `v${i}`);
  const truth = await primaries(client, cache.cacheId);
  const affinity = routerOf(client).affinity!;
  const proof: Proof = { keys: keys.length, routedToPrimary: 0, inComputedPartition: 0, misses: [] };
  const byPartition = new Map<number, Set<string>>();
  for (let i = 0; i < keys.length; i++) {
    const { label, key } = keys[i]!;
    served.node = undefined;
    assert.equal(await cache.get(key as never), `v${i}`);
    // A typed(value, hint) key carries its own hint, as in the request.
    const partition = affinity.partition(cache.cacheId, key, undefined);
    if (partition === undefined) {
      proof.misses.push(`${label} ${String(key)}: no partition computed`);
      continue;
    }
    if (served.node !== undefined && served.node === truth.get(partition)) proof.routedToPrimary++;
    else proof.misses.push(`${label} #${i}: served by ${served.node}, primary of partition ${partition} is ${truth.get(partition)}`);
    let set = byPartition.get(partition);
    if (set === undefined) byPartition.set(partition, (set = new Set()));
    set.add(`v${i}`);
  }
  for (const [partition, values] of byPartition) {
    const found = new Set((await cache.scan({ partition }).toArray()).map(([, v]) => v as string));
    for (const v of values) {
      if (found.has(v)) proof.inComputedPartition++;
      else proof.misses.push(`key ${v} is not in partition ${partition}, where this client placed it`);
    }
  }
  return proof;
}

function share(n: number, of: number): string {
  return `${n}/${of} (${((100 * n) / of).toFixed(3)} %)`;
}

describe('every key to its primary node', () => {
  let client: IgniteClient;
  const served = { node: undefined as string | undefined };
  const events: QueryStartEvent[] = [];

  before(async () => {
    client = await IgniteClient.connect({
      nodes: [cluster.address(0)],
      listeners: [
        {
          onQueryStart: (e) => {
            events.push(e);
            if (e.opName === 'CACHE_GET') served.node = e.nodeId;
          },
        },
      ],
    });
    const deadline = Date.now() + 15_000;
    while (client.connectedNodes.length < 3 && Date.now() < deadline) await sleep(50);
    assert.equal(client.connectedNodes.length, 3, 'discovery connected to every node');
  });
  after(() => client?.close());

  const configurations = [
    { what: '0 backups, 1024 partitions', create: (name: string) => ({ name, backups: 0 }) },
    { what: '1 backup, 1024 partitions', create: (name: string) => ({ name, backups: 1 }) },
    { what: '3 backups, 1024 partitions', create: (name: string) => ({ name, backups: 3 }) },
  ];
  for (const { what, create } of configurations) {
    test(`${what}: 100 % of keys of every type routed to the primary`, async () => {
      const name = uniqueName('pa');
      await client.createCache(create(name));
      const keys = keysOfEveryType();
      const proof = await prove(client, served, name, keys);
      console.log(`# partition awareness, ${what}: routed to the true primary ${share(proof.routedToPrimary, proof.keys)}, in the computed partition ${share(proof.inComputedPartition, proof.keys)}`);
      assert.deepEqual(proof.misses.slice(0, 10), []);
      assert.equal(proof.routedToPrimary, keys.length);
    });
  }

  for (const template of ['parts37-', 'parts100-']) {
    test(`a custom partition count (cache template ${template}*): 100 % routed to the primary`, async () => {
      const name = uniqueName(template.slice(0, -1)).replace(/^parts(\d+)/, `${template}x`);
      const cache = await client.createCache(name);
      const partitions = Number(/\d+/.exec(template)![0]);
      assert.equal((await primaries(client, cache.cacheId)).size, partitions, `the template gave the cache ${partitions} partitions`);
      const keys = keysOfEveryType().filter((_, i) => i % 3 === 0);
      const proof = await prove(client, served, name, keys);
      console.log(`# partition awareness, ${template}*: routed to the true primary ${share(proof.routedToPrimary, proof.keys)}, in the computed partition ${share(proof.inComputedPartition, proof.keys)}`);
      assert.deepEqual(proof.misses.slice(0, 10), []);
      assert.equal(proof.routedToPrimary, keys.length);
    });
  }

  test('keys of a type with a cache key configuration: hashed by the configured field, 100 % routed', async () => {
    const name = uniqueName('pa-keycfg');
    await client.createCache({ name, backups: 1, keyConfiguration: [{ typeName: 'org.igniteclient.test.PaAccountKey', affinityKeyFieldName: 'region' }] });
    const keys = Array.from({ length: 300 }, (_, i) => ({ label: 'keyConfiguration', key: new AccountKey({ id: BigInt(i), region: `region-${i % 11}` }) }));
    const proof = await prove(client, served, name, keys);
    console.log(`# partition awareness, cache key configuration: routed to the true primary ${share(proof.routedToPrimary, proof.keys)}`);
    assert.deepEqual(proof.misses.slice(0, 10), []);
    assert.equal(proof.routedToPrimary, keys.length);
  });

  test('getAll, containsKeys, removeKeys, clearKeys and putAll (ATOMIC) send one request per node; TRANSACTIONAL putAll stays one', async () => {
    const atomic = await client.createCache({ name: uniqueName('pa-batch'), backups: 0, atomicityMode: 1 });
    const entries = Array.from({ length: 100 }, (_, i) => [i, `v${i}`] as [number, string]);
    const count = async (op: string, run: () => Promise<unknown>): Promise<Set<string | undefined>> => {
      events.length = 0;
      await run();
      return new Set(events.filter((e) => e.opName === op).map((e) => e.nodeId));
    };
    assert.equal((await count('CACHE_PUT_ALL', () => atomic.putAll(entries))).size, 3, 'putAll: one request per node');
    let got: Map<unknown, unknown> | undefined;
    assert.equal((await count('CACHE_GET_ALL', async () => (got = await atomic.getAll(entries.map(([k]) => k))))).size, 3);
    assert.equal(got!.size, 100, 'the answers merged');
    assert.equal(got!.get(42), 'v42');
    assert.equal((await count('CACHE_CONTAINS_KEYS', () => atomic.containsKeys([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).size, 3);
    assert.equal(await atomic.containsKeys([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), true);
    assert.equal(await atomic.containsKeys([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]), false, 'false if any node lacks one');
    assert.equal((await count('CACHE_REMOVE_KEYS', () => atomic.removeKeys([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))).size, 3);
    assert.equal((await count('CACHE_CLEAR_KEYS', () => atomic.clearKeys([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]))).size, 3);
    assert.equal(await atomic.size(), 80);

    const transactional = await client.createCache({ name: uniqueName('pa-tx'), backups: 0, atomicityMode: 0 });
    assert.equal((await count('CACHE_PUT_ALL', () => transactional.putAll(entries))).size, 1, 'a TRANSACTIONAL putAll is one request');
    assert.equal(await transactional.size(), 100);
  });

  test('bad input in a batch that would be split fails whole, naming its place in the whole batch; nothing is written', async () => {
    const cache = await client.createCache({ name: uniqueName('pa-bad'), backups: 0, atomicityMode: 1 });
    const entries: Array<[number, unknown]> = Array.from({ length: 60 }, (_, i) => [i, `v${i}`]);
    entries[57] = [57, Symbol('bad')];
    await assert.rejects(cache.putAll(entries as never), (e: unknown) => e instanceof ParameterError && /^entries\[57\]\[1\]/.test(e.message));
    assert.equal(await cache.size(), 0, 'no part of the batch was written');
    const keys: unknown[] = Array.from({ length: 60 }, (_, i) => i);
    keys[41] = Symbol('bad');
    await assert.rejects(cache.getAll(keys as never), (e: unknown) => e instanceof ParameterError && /^keys\[41\]/.test(e.message));
    await cache.putAll(Array.from({ length: 60 }, (_, i) => [i, i] as [number, number]));
    assert.equal(await cache.size(), 60, 'the client stays usable');
  });

  test('scan({ partition }) goes to the partition\'s primary node', async () => {
    const name = uniqueName('pa-scan');
    const cache = await client.createCache({ name, backups: 1 });
    const truth = await primaries(client, cache.cacheId);
    for (const partition of [0, 1, 511, 1023]) {
      events.length = 0;
      await cache.scan({ partition }).toArray();
      const scan = events.find((e) => e.opName === 'QUERY_SCAN');
      assert.equal(scan?.nodeId, truth.get(partition), `partition ${partition}`);
    }
  });

  test('a REPLICATED cache is not partition-aware: its keys go to any node and work', async () => {
    const cache = await client.createCache({ name: uniqueName('pa-repl'), cacheMode: CacheMode.Replicated });
    for (let i = 0; i < 50; i++) await cache.put(i, i);
    assert.equal((await cache.getAll(Array.from({ length: 50 }, (_, i) => i))).size, 50);
    assert.equal(routerOf(client).affinity!.placesKeys(cache.cacheId), false);
  });

  test('a node leaves and joins: routing follows the new topology within seconds and stays correct', { timeout: 120_000 }, async () => {
    const name = uniqueName('pa-topology');
    await client.createCache({ name, backups: 1 });
    const keys = keysOfEveryType().filter((_, i) => i % 4 === 0);
    const settle = async (phase: string): Promise<number> => {
      const start = Date.now();
      let proof: Proof;
      for (;;) {
        proof = await prove(client, served, name, keys);
        if (proof.routedToPrimary === keys.length || Date.now() - start > 30_000) break;
        await sleep(500);
      }
      const seconds = (Date.now() - start) / 1000;
      console.log(`# partition awareness, ${phase}: routed to the true primary ${share(proof.routedToPrimary, proof.keys)} after ${seconds.toFixed(1)} s`);
      assert.deepEqual(proof.misses.slice(0, 10), [], phase);
      return seconds;
    };
    await settle('three nodes');
    try {
      await cluster.kill(2);
      await sleep(4000); // failure detection (3 s) before the cluster has a new topology
      assert.ok((await settle('node 2 killed')) < 30);
      await cluster.restart(2);
      assert.ok((await settle('node 2 back')) < 30);
    } finally {
      if (!cluster.isRunning(2)) await cluster.restart(2);
    }
  });
});

describe('transactions across three nodes', () => {
  test('every operation of a transaction goes to its connection, whichever node owns the key; the commit is all or nothing', async () => {
    const starts: QueryStartEvent[] = [];
    await using client = await IgniteClient.connect({ nodes: cluster.addresses, listeners: [{ onQueryStart: (e) => starts.push(e) }] });
    await using observer = await IgniteClient.connect({ nodes: [cluster.address(1)], partitionAware: false });
    const deadline = Date.now() + 20_000;
    while (client.connectedNodes.length < 3 && Date.now() < deadline) await sleep(50);
    assert.equal(client.connectedNodes.length, 3);
    const name = uniqueName('pa-tx');
    // FULL_SYNC: the observer may read a backup copy (readFromBackup), which PRIMARY_SYNC updates late.
    const cache = await client.createCache<number, number>({
      name, atomicityMode: AtomicityMode.Transactional, backups: 1, writeSynchronizationMode: WriteSynchronizationMode.FullSync,
    });
    const keys = Array.from({ length: 60 }, (_, i) => i);
    try {
      // Outside a transaction the keys go to their three primaries.
      starts.length = 0;
      for (const key of keys) await cache.put(key, 0);
      assert.equal(new Set(starts.filter((e) => e.opName === 'CACHE_PUT').map((e) => e.port)).size, 3, 'the keys have primaries on every node');

      starts.length = 0;
      await client.transaction(async () => {
        for (const key of keys) await cache.put(key, key + 1);
        await cache.putAll(keys.map((key) => [key + 100, key] as [number, number]));
        assert.equal(await observer.cache<number, number>(name).get(7), 0, 'nothing is visible before the commit');
      });
      const txOps = starts.filter((e) => ['TX_START', 'TX_END', 'CACHE_PUT', 'CACHE_PUT_ALL'].includes(e.opName));
      assert.equal(txOps.length, 1 + 60 + 1 + 1);
      const txPorts = new Set(txOps.map((e) => e.port));
      assert.equal(txPorts.size, 1, `TX_START, every operation and TX_END on one connection, got ${[...txPorts].join(', ')}`);
      assert.deepEqual(
        starts.filter((e) => e.opName === 'CACHE_PUT_ALL').length,
        1,
        'a batch inside a transaction stays one request, not one per node',
      );
      const committed = await observer.cache<number, number>(name).getAll([...keys, ...keys.map((k) => k + 100)]);
      assert.equal(committed.size, 120);
      for (const key of keys) assert.equal(committed.get(key), key + 1);

      await assert.rejects(
        client.transaction(async () => {
          for (const key of keys) await cache.put(key, -1);
          throw new Error('roll back on three nodes');
        }),
        /roll back on three nodes/,
      );
      const after = await observer.cache<number, number>(name).getAll(keys);
      for (const key of keys) assert.equal(after.get(key), key + 1, `key ${key} rolled back`);
    } finally {
      await cache.destroy();
    }
  });
});
