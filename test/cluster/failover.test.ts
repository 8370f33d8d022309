// A three-node cluster of real Ignite nodes, started for this file (slot 2), and the faults a
// production cluster has: nodes killed, stopped, frozen and restarted under load, idle connections
// cut by the server, every node gone. Nodes run with a 3 s failure detection and a 3 s idle timeout
// on the thin-client port, so that the cluster notices a dead node quickly and heartbeats matter.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  AtomicityMode,
  CacheMode,
  ConnectionError,
  IgniteClient,
  type IgniteClientOptions,
  IgniteError,
  ReconnectError,
  RequestTimeoutError,
  TransactionError,
  WriteSynchronizationMode,
} from '../../src/index.js';
import type { ClientListener, ConnectionLostEvent, QueryStartEvent } from '../../src/events.js';
import { testCluster } from '../support/cluster.js';
import { uniqueName } from '../support/nodes.js';
import { assertPromptly } from '../support/timing.js';

const IDLE_TIMEOUT_MS = 3000;
const cluster = testCluster({ name: 'failover', slot: 2, nodes: 3, heapMb: 384, failureDetectionMs: 3000, idleTimeoutMs: IDLE_TIMEOUT_MS });

before(() => cluster.start(), { timeout: 180_000 });
after(() => cluster.stop(), { timeout: 60_000 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connect(options: IgniteClientOptions = {}): Promise<IgniteClient> {
  return IgniteClient.connect({ nodes: cluster.addresses, ...options });
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Makes sure every node runs again after a test that stopped some, whatever happened in it. */
async function restoreNodes(): Promise<void> {
  for (let i = 0; i < 3; i++) if (!cluster.isRunning(i)) await cluster.restart(i);
}

/** The index of the node a port belongs to. */
const indexOfPort = (port: number): number => cluster.addresses.findIndex((a) => a.endsWith(`:${port}`));

describe('the node set', () => {
  test('connect() opens a connection to every node, each with its node id', async () => {
    const handshakes: string[] = [];
    await using client = await connect({ listeners: [{ onHandshakeSuccess: (e) => handshakes.push(`${e.port}:${e.nodeId}`) }] });
    await waitFor('three connections', () => client.connectedNodes.length === 3);
    const ids = new Set(client.connectedNodes.map((n) => n.nodeId));
    assert.equal(ids.size, 3, 'three different nodes');
    for (const id of ids) assert.match(id!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(handshakes.length, 3);
  });

  test('discovery: naming one node is enough; discoverNodes: false and partitionAware: false keep to what they say', async () => {
    {
      await using client = await IgniteClient.connect({ nodes: [cluster.address(1)] });
      await waitFor('discovered nodes', () => client.connectedNodes.length === 3);
      const ports = client.connectedNodes.map((n) => n.port).sort();
      assert.deepEqual(ports, cluster.addresses.map((a) => Number(a.split(':')[1])).sort());
      // A discovered node that leaves is dropped; back (with a new node id), it is discovered again.
      const port2 = Number(cluster.address(2).split(':')[1]);
      const id2 = client.connectedNodes.find((n) => n.port === port2)!.nodeId;
      await cluster.kill(2);
      await waitFor('node 2 gone', () => !client.connectedNodes.some((n) => n.port === port2));
      await cluster.restart(2);
      await waitFor('node 2 rediscovered', async () => {
        await client.cacheNames(); // responses carry the topology change that triggers discovery
        return client.connectedNodes.some((n) => n.port === port2 && n.nodeId !== id2);
      });
    }
    {
      await using client = await IgniteClient.connect({ nodes: [cluster.address(1)], discoverNodes: false });
      await client.cacheNames();
      await sleep(500);
      assert.equal(client.connectedNodes.length, 1);
    }
    {
      await using client = await connect({ partitionAware: false });
      await client.cacheNames();
      await sleep(500);
      assert.equal(client.connectedNodes.length, 1, 'one connection at a time, as pyignite');
    }
  });
});

describe('heartbeats', () => {
  test(`an idle client keeps its connections past the server's ${IDLE_TIMEOUT_MS} ms idle timeout; without heartbeats the server cuts them and the next call reconnects`, async () => {
    const lost: ConnectionLostEvent[] = [];
    const listener: ClientListener = { onConnectionLost: (e) => lost.push(e) };
    await using kept = await connect({ listeners: [listener] });
    const lostWithout: ConnectionLostEvent[] = [];
    await using cut = await IgniteClient.connect({ nodes: [cluster.address(0)], discoverNodes: false, heartbeatIntervalMs: 0, listeners: [{ onConnectionLost: (e) => lostWithout.push(e) }] });
    await waitFor('three connections', () => kept.connectedNodes.length === 3);
    const before = kept.connectedNodes.map((n) => n.nodeId).sort();
    await sleep(IDLE_TIMEOUT_MS * 2 + 1500);
    assert.deepEqual(lost, [], 'no connection was lost with heartbeats on');
    assert.deepEqual(kept.connectedNodes.map((n) => n.nodeId).sort(), before);
    assert.ok(lostWithout.length >= 1, 'the server closed the idle connection of the client without heartbeats');
    assert.ok(Array.isArray(await cut.cacheNames()), 'and the next call simply reconnects');
  });
});

describe('faults under load', () => {
  afterEach(restoreNodes, { timeout: 120_000 });

  test('32 callers through SIGKILL, restart, graceful stop and restart: nothing acknowledged is lost, nothing hangs', { timeout: 240_000 }, async () => {
    const starts = new Map<number, number>();
    const lost: string[] = [];
    await using client = await connect({
      listeners: [
        { onQueryStart: (e: QueryStartEvent) => starts.set(e.port, (starts.get(e.port) ?? 0) + 1) },
        { onConnectionLost: (e) => lost.push(`${e.port}`) },
      ],
    });
    const cache = await client.getOrCreateCache<string, number>({
      name: uniqueName('failover'),
      cacheMode: CacheMode.Partitioned,
      backups: 1,
      writeSynchronizationMode: WriteSynchronizationMode.FullSync,
    });

    const GUARD_MS = 30_000;
    const acknowledged = new Map<string, number>();
    const errors = new Map<string, number>();
    const foreign: unknown[] = [];
    let calls = 0;
    let failed = 0;
    let hung = 0;
    let running = true;
    // A fresh cluster runs several times slower until its JIT has warmed: the first seconds count
    // for no phase, so that "before" and "after" compare like with like.
    let phase: 'warm-up' | 'before' | 'during' | 'after' = 'warm-up';
    const done = { 'warm-up': 0, before: 0, during: 0, after: 0 };
    const phaseStart = { before: 0, during: 0, after: 0 };
    const phaseEnd = { before: 0, during: 0, after: 0 };

    const guarded = async <T>(call: () => Promise<T>): Promise<T | undefined> => {
      calls++;
      let timer: NodeJS.Timeout | undefined;
      const guard = new Promise<'hung'>((resolve) => {
        timer = setTimeout(() => resolve('hung'), GUARD_MS);
      });
      try {
        const outcome = await Promise.race([call(), guard]);
        if (outcome === 'hung') {
          hung++;
          return undefined;
        }
        done[phase]++;
        return outcome as T;
      } catch (err) {
        failed++;
        if (!(err instanceof IgniteError)) foreign.push(err);
        const name = err instanceof Error ? err.name : typeof err;
        errors.set(name, (errors.get(name) ?? 0) + 1);
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    };

    const caller = async (id: number): Promise<void> => {
      for (let i = 0; running; i++) {
        const key = `k${id}-${i}`;
        const value = id * 1_000_000 + i;
        const put = await guarded(() => cache.put(key, value).then(() => true));
        if (put === true) acknowledged.set(key, value);
        if (put === true) {
          const got = await guarded(() => cache.get(key));
          if (got !== undefined && got !== value) assert.fail(`read ${String(got)} for ${key}, wrote ${value}`);
        }
      }
    };
    const callers = Array.from({ length: 32 }, (_, id) => caller(id));

    const busiest = (): number => {
      let best = 0;
      let bestCount = -1;
      for (const [port, count] of starts) {
        if (count > bestCount) [best, bestCount] = [port, count];
      }
      starts.clear();
      return indexOfPort(best);
    };

    await sleep(4000);
    phase = 'before';
    phaseStart.before = Date.now();
    await sleep(4000);
    phaseEnd.before = Date.now();
    phase = 'during';
    phaseStart.during = Date.now();
    const killed = busiest();
    await cluster.kill(killed);
    await sleep(2000);
    await cluster.restart(killed);
    await sleep(3000);
    const stopped = busiest();
    await cluster.stopGracefully(stopped);
    await sleep(2000);
    await cluster.restart(stopped);
    await sleep(1000);
    phaseEnd.during = Date.now();
    phase = 'after';
    phaseStart.after = Date.now();
    await sleep(4000);
    phaseEnd.after = Date.now();
    running = false;
    await Promise.all(callers);

    // Every acknowledged write, read back.
    const keys = [...acknowledged.keys()];
    let missing = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const values = await cache.getAll(chunk);
      for (const key of chunk) if (values.get(key) !== acknowledged.get(key)) missing++;
    }
    const rate = (p: 'before' | 'during' | 'after') => Math.round((done[p] * 1000) / (phaseEnd[p] - phaseStart[p]));
    const report = {
      calls,
      acknowledgedWrites: acknowledged.size,
      lostAcknowledgedWrites: missing,
      hungCalls: hung,
      failedCalls: failed,
      failedShare: `${((failed / calls) * 100).toFixed(3)} %`,
      errors: Object.fromEntries(errors),
      opsPerSecond: { before: rate('before'), during: rate('during'), after: rate('after') },
      killed: cluster.address(killed),
      stoppedGracefully: cluster.address(stopped),
      connectionsLost: lost.length,
    };
    console.log(`# failover figures: ${JSON.stringify(report)}`);
    await cache.destroy();
    assert.equal(missing, 0, 'acknowledged writes lost');
    assert.equal(hung, 0, 'calls that hung');
    assert.deepEqual(foreign, [], 'every error is an IgniteError');
    assert.ok(failed / calls <= 0.01, `failed calls: ${failed} of ${calls}`);
    assert.ok(acknowledged.size > 1000, `only ${acknowledged.size} writes in about 25 s`);
  });

  test('a frozen node (SIGSTOP) with requestTimeoutMs: no call waits longer than that, and the client moves on', { timeout: 120_000 }, async () => {
    const TIMEOUT_MS = 1500;
    const served = new Map<number, number>();
    await using client = await connect({ requestTimeoutMs: TIMEOUT_MS, listeners: [{ onQueryStart: (e) => served.set(e.port, (served.get(e.port) ?? 0) + 1) }] });
    const cache = await client.getOrCreateCache<number, number>({ name: uniqueName('frozen'), backups: 1 });
    await waitFor('three connections', () => client.connectedNodes.length === 3);
    await cache.put(0, 0);
    const frozen = indexOfPort([...served.entries()].sort((a, b) => b[1] - a[1])[0]![0]);
    await cluster.pause(frozen);
    let longest = 0;
    let timedOut = 0;
    let ok = 0;
    const end = Date.now() + 8000;
    try {
      await Promise.all(
        Array.from({ length: 8 }, async (_, id) => {
          for (let i = 0; Date.now() < end; i++) {
            const t0 = Date.now();
            try {
              await cache.put(id * 100_000 + i, i);
              ok++;
            } catch (err) {
              assert.ok(err instanceof RequestTimeoutError || err instanceof ConnectionError, String(err));
              timedOut++;
            }
            longest = Math.max(longest, Date.now() - t0);
          }
        }),
      );
    } finally {
      // The others have dropped it from the topology by now, so it could not rejoin as it is:
      // replace it with a fresh node.
      await cluster.resume(frozen);
      await cluster.kill(frozen);
    }
    console.log(`# frozen node: ${ok} calls answered, ${timedOut} timed out, longest wait ${longest} ms (requestTimeoutMs ${TIMEOUT_MS})`);
    assert.ok(longest <= TIMEOUT_MS + 300, `a call waited ${longest} ms`);
    assert.ok(ok > 0, 'calls went on on the other nodes');
  });

  test('a cursor whose node dies fails its next page with a clear ConnectionError; the open request itself is retried', { timeout: 120_000 }, async () => {
    const scans: QueryStartEvent[] = [];
    await using client = await connect({ listeners: [{ onQueryStart: (e) => e.opName === 'QUERY_SCAN' && scans.push(e) }] });
    const cache = await client.getOrCreateCache<number, number>({ name: uniqueName('cursor-node'), backups: 1 });
    await cache.putAll(Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]));
    await waitFor('three connections', () => client.connectedNodes.length === 3);
    const cursor = cache.scan({ pageSize: 5 });
    assert.ok(!(await cursor.next()).done);
    const holder = indexOfPort(scans[0]!.port);
    await cluster.kill(holder);
    await assert.rejects(
      (async () => {
        for await (const entry of cursor) assert.equal(entry.length, 2);
      })(),
      (err: unknown) => err instanceof ConnectionError && /the connection this cursor was opened on is gone/.test(err.message),
    );
    // A new scan opens on a node that is up. While the cluster is still taking the node out of its
    // topology, the server itself may answer "Remote node has left topology" (a server error, which
    // is not retried): wait for the topology to settle.
    let rows = 0;
    await waitFor('a scan after the topology settled', async () => {
      try {
        rows = (await cache.scan().toArray()).length;
        return true;
      } catch (err) {
        if (err instanceof IgniteError && err.status !== undefined && /left topology|topology/i.test(err.message)) return false;
        throw err;
      }
    });
    assert.equal(rows, 100);
    await cluster.restart(holder);
  });

  test('every node gone: ReconnectError quickly, not a hang; the node back: the same client works again', { timeout: 120_000 }, async () => {
    await using client = await IgniteClient.connect({ nodes: [cluster.address(2)], discoverNodes: false, reconnect: { initialDelayMs: 100, maxDelayMs: 1000 } });
    const cache = await client.getOrCreateCache<number, string>({ name: uniqueName('all-gone'), backups: 2 });
    await cache.put(1, 'one');
    await cluster.kill(2);
    const t0 = Date.now();
    await assert.rejects(cache.get(1), (err: unknown) => err instanceof ReconnectError && /no node could be reached/.test(err.message));
    const took = Date.now() - t0;
    assertPromptly(took, 500, 'ReconnectError, not a hang');
    await cluster.restart(2);
    await waitFor('the node back', async () => {
      try {
        await client.cacheNames();
        return true;
      } catch {
        return false;
      }
    });
    // Two backups: the other nodes kept the data.
    assert.equal(await cache.get(1), 'one');
  });
});

describe('transactions', () => {
  test('a transaction whose node dies fails with TransactionError, is not retried on the other nodes, and nothing of it is kept', { timeout: 120_000 }, async () => {
    const txStarts: number[] = [];
    const ops: Array<{ opName: string; port: number }> = [];
    await using client = await connect({
      listeners: [{ onQueryStart: (e) => (e.opName === 'TX_START' ? txStarts.push(e.port) : ops.push({ opName: e.opName, port: e.port })) }],
    });
    await waitFor('three connections', () => client.connectedNodes.length === 3);
    const cache = await client.getOrCreateCache<string, number>({
      name: uniqueName('failover-tx'), atomicityMode: AtomicityMode.Transactional, backups: 2,
      writeSynchronizationMode: WriteSynchronizationMode.FullSync,
    });
    try {
      await cache.put('balance', 100);
      const outcome = client.transaction(async () => {
        await cache.put('balance', 50);
        ops.length = 0;
        await cluster.kill(indexOfPort(txStarts[0]!));
        await cache.put('balance', 0);
      });
      await assert.rejects(outcome, (err: unknown) => {
        assert.ok(err instanceof TransactionError, `TransactionError, got ${String(err)}`);
        assert.match(err.message, /its connection was lost, so the server rolled it back/);
        return true;
      });
      // Not sent at all (the connection was known lost) or sent once to the dead node; never to another.
      const puts = ops.filter((o) => o.opName === 'CACHE_PUT');
      assert.ok(puts.length <= 1 && puts.every((o) => o.port === txStarts[0]), `not retried on another node: ${JSON.stringify(puts)}`);
      await restoreNodes();
      // Whatever node the key lives on now, the transaction left nothing.
      let balance: number | null = null;
      for (let attempt = 0; attempt < 50; attempt++) {
        try {
          balance = await cache.get('balance');
          break;
        } catch {
          await sleep(200);
        }
      }
      assert.equal(balance, 100);
    } finally {
      await restoreNodes();
      await cache.destroy().catch(() => undefined);
    }
  });
});

describe('examples', () => {
  test('examples/failover.ts counts on through a node kill and restart', { timeout: 120_000 }, async () => {
    const buildRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const run = promisify(execFile)(process.execPath, [path.join(buildRoot, 'examples', 'failover.js')], {
      env: { ...process.env, IGNITE_NODES: cluster.addresses.join(','), FAILOVER_RUN_MS: '9000' },
      timeout: 90_000,
    });
    await sleep(4000);
    // Node 0 is the first the example connects to, so its requests go there.
    await cluster.kill(0);
    await sleep(1000);
    await cluster.restart(0);
    const { stdout } = await run;
    assert.match(stdout, /^Connected$/m);
    assert.match(stdout, /Connection to 127\.0\.0\.1:\d+ lost/);
    const [, increments, final] = /Increments: (\d+), final value: (\d+)/.exec(stdout)!;
    assert.equal(final, increments, 'every increment counted once');
    assert.ok(Number(increments) > 100, stdout);
  });
});
