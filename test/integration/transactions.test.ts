// Transactions against the test node: commit, rollback, the async context that decides which
// operations belong to a transaction, many transactions at once, conflicts and timeouts, the
// server's per-connection limit, misuse, and what Ignite does with an ATOMIC cache.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AtomicityMode,
  type Cache,
  type ClientListener,
  IgniteClient,
  ParameterError,
  TransactionConcurrency,
  TransactionError,
  TransactionIsolation,
} from '../../src/index.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

let client: IgniteClient;
let cache: Cache<string, number>;
/** Another client: what it reads is what is committed, whatever the first one's transactions hold. */
let observer: IgniteClient;
let observed: Cache<string, number>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const opCodes: number[] = [];
const recordOps: ClientListener = { onQueryStart: (e) => opCodes.push(e.opCode) };

before(async () => {
  client = await connectTestClient({ listeners: [recordOps] });
  observer = await connectTestClient();
  const name = uniqueName('tx');
  cache = await client.getOrCreateCache<string, number>({ name, atomicityMode: AtomicityMode.Transactional });
  observed = observer.cache<string, number>(name);
});
after(async () => {
  await cache?.destroy();
  await client?.close();
  await observer?.close();
});

describe('transaction(options, fn)', () => {
  test('commits when the callback returns, resolving to its value; nothing is visible before', async () => {
    await cache.putAll([['a', 100], ['b', 0]]);
    const result = await client.transaction(async (tx) => {
      assert.equal(tx.state, 'active');
      assert.equal(tx.concurrency, TransactionConcurrency.Pessimistic, "pyignite's default");
      assert.equal(tx.isolation, TransactionIsolation.RepeatableRead, "pyignite's default");
      await cache.put('a', (await cache.get('a'))! - 10);
      await cache.put('b', (await cache.get('b'))! + 10);
      assert.equal(await observed.get('a'), 100, 'another client sees the committed value until the commit');
      assert.equal(await cache.get('a'), 90, 'the transaction sees its own write');
      return 'transferred';
    });
    assert.equal(result, 'transferred');
    assert.deepEqual([await observed.get('a'), await observed.get('b')], [90, 10]);
  });

  test('rolls back when the callback throws, and rethrows the callback\'s own error', async () => {
    await cache.put('r', 1);
    const boom = new Error('boom');
    await assert.rejects(
      client.transaction(async () => {
        await cache.put('r', 2);
        await cache.putAll([['r1', 1], ['r2', 2]]);
        await cache.removeKey('a');
        throw boom;
      }),
      (err: unknown) => err === boom,
    );
    assert.equal(await cache.get('r'), 1);
    assert.deepEqual([...(await cache.getAll(['r1', 'r2']))], []);
    assert.equal(await cache.get('a'), 90);
  });

  test('every cache operation that joins a transaction carries it: batches, conditional writes, removals', async () => {
    await cache.putAll([['c1', 1], ['c2', 2], ['c3', 3]]);
    await assert.rejects(
      client.transaction(async () => {
        await cache.putAll([['c1', 10], ['c4', 40]]);
        assert.equal(await cache.replaceIfEquals('c2', 2, 20), true);
        assert.equal(await cache.getAndPut('c3', 30), 3);
        await cache.removeKeys(['c1']);
        assert.equal(await cache.containsKeys(['c2', 'c3', 'c4']), true);
        assert.deepEqual(Object.fromEntries(await cache.getAll(['c1', 'c2', 'c3', 'c4'])), { c2: 20, c3: 30, c4: 40 });
        throw new Error('undo all of it');
      }),
      /undo all of it/,
    );
    assert.deepEqual(Object.fromEntries(await cache.getAll(['c1', 'c2', 'c3', 'c4'])), { c1: 1, c2: 2, c3: 3 });
  });

  test('20 transactions at once on one client, each adding 1 to its own key ten times between other awaits', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `counter-${i}`);
    await cache.putAll(keys.map((k) => [k, 0] as [string, number]));
    let outsideReads = 0;
    const outside = (async () => {
      // Operations outside any transaction run beside them, untouched: they read committed values.
      for (let i = 0; i < 30; i++) {
        const value = await cache.get(keys[i % 20]!);
        assert.ok(value === 0 || value === 10, `outside a transaction only committed values are seen, got ${value}`);
        outsideReads++;
        await sleep(1);
      }
    })();
    await Promise.all(
      keys.map((key, i) =>
        client.transaction({ timeoutMs: 30_000, label: `counter ${i}` }, async (tx) => {
          for (let step = 0; step < 10; step++) {
            const value = (await cache.get(key))!;
            await sleep((i * 7 + step * 3) % 5);
            await cache.put(key, value + 1);
            assert.equal(tx.label, `counter ${i}`);
          }
        }),
      ),
    );
    await outside;
    assert.equal(outsideReads, 30);
    assert.deepEqual([...(await observed.getAll(keys)).values()], keys.map(() => 10));
  });

  test('a pessimistic conflict: the second transaction waits for the lock and times out; the first commits', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const lockTaken = new Promise<void>((r) => (locked = r));
    const first = client.transaction({ timeoutMs: 20_000 }, async () => {
      await cache.put('contended', 1);
      locked();
      await held;
    });
    await lockTaken;
    const started = Date.now();
    const second = client.transaction({ timeoutMs: 500, label: 'loser' }, async () => {
      await cache.put('contended', 2);
    });
    await assert.rejects(second, (err: unknown) => {
      assert.ok(err instanceof TransactionError, `TransactionError, got ${String(err)}`);
      assert.match(err.message, /Failed to acquire lock within provided timeout/);
      assert.equal(err.status, 1);
      return true;
    });
    assert.ok(Date.now() - started >= 450, 'it waited for the lock');
    release();
    await first;
    assert.equal(await observed.get('contended'), 1);
  });

  test('a deadlock (two pessimistic transactions taking two locks in opposite order) ends in TransactionErrors at their timeout, nothing written', async () => {
    let locked = 0;
    let bothLocked!: () => void;
    const ready = new Promise<void>((r) => (bothLocked = r));
    const lockBoth = (first: string, second: string) =>
      client.transaction({ timeoutMs: 1500, label: `${first} then ${second}` }, async () => {
        await cache.put(first, 1);
        if (++locked === 2) bothLocked();
        await ready;
        await cache.put(second, 2);
      });
    const started = Date.now();
    const outcomes = await Promise.allSettled([lockBoth('dead-1', 'dead-2'), lockBoth('dead-2', 'dead-1')]);
    const elapsed = Date.now() - started;
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    assert.ok(failures.length >= 1, 'a deadlock cannot end with both committed');
    for (const failure of failures) {
      assert.ok(failure.reason instanceof TransactionError, String(failure.reason));
      assert.match(failure.reason.message, /Failed to acquire lock within provided timeout/);
    }
    assert.ok(elapsed < 15_000, `resolved at the transactions' timeout, not hung (${elapsed} ms)`);
    // The locks are free again, and a rolled-back side wrote nothing.
    await client.transaction({ timeoutMs: 5000 }, async () => {
      await cache.put('dead-1', 10);
      await cache.put('dead-2', 20);
    });
    assert.deepEqual(Object.fromEntries(await observed.getAll(['dead-1', 'dead-2'])), { 'dead-1': 10, 'dead-2': 20 });
  });

  test('an optimistic serializable conflict fails the commit with the server\'s message', async () => {
    await cache.put('optimistic', 1);
    await assert.rejects(
      client.transaction({ concurrency: TransactionConcurrency.Optimistic, isolation: TransactionIsolation.Serializable }, async () => {
        const value = (await cache.get('optimistic'))!;
        await observed.put('optimistic', 100); // another client changes it meanwhile
        await cache.put('optimistic', value + 1);
      }),
      (err: unknown) => err instanceof TransactionError && /read\/write conflict/.test(err.message),
    );
    assert.equal(await cache.get('optimistic'), 100);
  });

  test('a nested transaction is refused; the outer one goes on', async () => {
    await client.transaction(async () => {
      await cache.put('outer', 1);
      await assert.rejects(client.transaction(async () => undefined), (err: unknown) => err instanceof TransactionError && /cannot start inside another/.test(err.message));
      await assert.rejects(client.txStart(), /cannot start inside another/);
      await cache.put('outer', 2);
    });
    assert.equal(await observed.get('outer'), 2);
  });

  test('an operation started in a transaction\'s context after it ended is a clear error, not a silent write', async () => {
    let late: Promise<unknown> | undefined;
    await client.transaction(async () => {
      late = sleep(50).then(() => cache.put('late', 1)); // a missing await
    });
    await assert.rejects(late!, (err: unknown) => err instanceof TransactionError && /committed already.*missing await/.test(err.message));
    assert.equal(await cache.get('late'), null);
  });

  test('options are checked before anything is sent', async () => {
    await assert.rejects(client.transaction({ concurrency: 5 as never }, async () => undefined), ParameterError);
    await assert.rejects(client.transaction({ isolation: 'serializable' as never }, async () => undefined), ParameterError);
    await assert.rejects(client.transaction({ timeoutMs: -1 }, async () => undefined), ParameterError);
    await assert.rejects(client.transaction({ timeout: 5 } as never, async () => undefined), /unknown transaction option "timeout"/);
    await assert.rejects(client.transaction({}, 'not a function' as never), ParameterError);
  });
});

describe('txStart()', () => {
  test('await using: the caller\'s context joins it; commit() makes it durable', async () => {
    {
      await using tx = await client.txStart({ label: 'explicit' });
      await cache.put('explicit', 1);
      assert.equal(await observed.get('explicit'), null);
      await tx.commit();
      assert.equal(tx.state, 'committed');
      // After the commit the same context runs outside the transaction again.
      await cache.put('explicit-after', 2);
    }
    assert.equal(await observed.get('explicit'), 1);
    assert.equal(await observed.get('explicit-after'), 2);
  });

  test('disposing an uncommitted transaction rolls it back; rollback() does so explicitly', async () => {
    {
      await using tx = await client.txStart();
      await cache.put('disposed', 1);
      assert.equal(tx.isActive, true);
    }
    assert.equal(await cache.get('disposed'), null);
    const tx = await client.txStart();
    await cache.put('rolled', 1);
    await tx.rollback();
    assert.equal(tx.state, 'rolledBack');
    assert.equal(await cache.get('rolled'), null);
    await tx.close(); // harmless after the end
  });

  test('commit twice, or rollback after commit, is a TransactionError', async () => {
    const tx = await client.txStart();
    await cache.put('twice', 1);
    await tx.commit();
    await assert.rejects(tx.commit(), (err: unknown) => err instanceof TransactionError && /committed already/.test(err.message));
    await assert.rejects(tx.rollback(), /committed already/);
  });

  test('a transaction that outlives its timeout is rolled back by the server; commit says so', async () => {
    await cache.put('timeout', 0);
    const tx = await client.txStart({ timeoutMs: 300, label: 'slow' });
    await cache.put('timeout', 1);
    await sleep(1000);
    await assert.rejects(tx.commit(), (err: unknown) => err instanceof TransactionError && /timed out/.test(err.message) && /slow/.test(err.message));
    assert.equal(await cache.get('timeout'), 0);
  });
});

describe('limits and ATOMIC caches', () => {
  test('the 101st active transaction on a connection is refused with status 1020 and the server\'s message', async () => {
    await using limited = await connectTestClient({ partitionAware: false });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const settling = Promise.allSettled(Array.from({ length: 101 }, () => limited.transaction(() => held)));
    await sleep(200);
    release();
    const settled = await settling;
    const refused = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    assert.equal(refused.length, 1, 'the server allows 100 per connection (maxActiveTxPerConnection)');
    const err: unknown = refused[0]!.reason;
    assert.ok(err instanceof TransactionError);
    assert.equal(err.status, 1020);
    assert.match(err.message, /Active transactions per connection limit \(100\) exceeded/);
    // Once they have ended, new ones start again.
    assert.equal(await limited.transaction(async () => 'again'), 'again');
  });

  test('an operation on an ATOMIC cache inside a transaction is refused by Ignite 2.17 (TransactionError), and nothing is written', async () => {
    const atomic = await client.getOrCreateCache<number, number>(uniqueName('atomic-in-tx'));
    try {
      await assert.rejects(
        client.transaction(async () => {
          await atomic.put(1, 1);
        }),
        (err: unknown) => err instanceof TransactionError && /atomic operations inside transactions are finally forbidden/.test(err.message),
      );
      assert.equal(await atomic.get(1), null);
      // Outside a transaction the cache works as ever.
      await atomic.put(1, 2);
      assert.equal(await atomic.get(1), 2);
    } finally {
      await atomic.destroy();
    }
  });

  test('operations of a transaction are sent with its id (TX_START, then the operations, then TX_END)', async () => {
    opCodes.length = 0;
    await client.transaction(async () => {
      await cache.put('ops', 1);
    });
    assert.deepEqual(opCodes, [4000, 1001, 4001]);
  });
});
