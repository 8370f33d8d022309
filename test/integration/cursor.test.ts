// Cursor behaviour against a real node: overlapping reads, pages that fail, cursors never read.
// Page requests are counted through the monitoring events, each cursor on one connection (one
// node), where the server allows 128 open cursors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  CacheError,
  ClientStatus,
  CollectionKind,
  NotSupportedError,
  T,
  type IgniteClient,
  ParameterError,
  type QueryCursor,
  type QueryFailEvent,
  type QueryStartEvent,
  RequestTimeoutError,
  SqlError,
} from '../../src/index.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

/** The operations a client started, by Ignite name, and the ones that failed. */
class Ops {
  readonly started: QueryStartEvent[] = [];
  readonly failed: QueryFailEvent[] = [];
  readonly listener = {
    onQueryStart: (e: QueryStartEvent): void => void this.started.push(e),
    onQueryFail: (e: QueryFailEvent): void => void this.failed.push(e),
  };

  count(opName: string): number {
    return this.started.filter((e) => e.opName === opName).length;
  }

  reset(): void {
    this.started.length = 0;
    this.failed.length = 0;
  }
}

const ops = new Ops();
let client: IgniteClient;
before(async () => {
  client = await connectTestClient({ listeners: [ops.listener] });
});
after(async () => {
  await client.close();
});

/** The running queries whose text holds `marker` (SYS.SQL_QUERIES lists an open SQL cursor until it is released). */
async function runningWith(marker: string): Promise<number> {
  const rows = await client.sql('SELECT SQL FROM SYS.SQL_QUERIES WHERE SQL LIKE ?', { args: [`%${marker}%`] }).toArray();
  // The query above is running too, and holds the marker in its argument only.
  return rows.filter(([sql]) => !String(sql).includes('SYS.SQL_QUERIES')).length;
}

const marker = (): string => `m${randomUUID().slice(0, 8)}`;

describe('overlapping reads', () => {
  test('next() calls made at once get consecutive rows, each exactly once, and each page is asked for once', async () => {
    ops.reset();
    const cursor = client.sql<[number]>('SELECT X FROM SYSTEM_RANGE(1, 50)', { pageSize: 4 });
    const it = cursor[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 60 }, () => it.next()));
    assert.deepEqual(
      results.slice(0, 50).map((r) => (r.done ? 'done' : r.value[0])),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    assert.ok(results.slice(50).every((r) => r.done), 'the calls after the last row are done');
    assert.equal(ops.count('QUERY_SQL_FIELDS'), 1);
    // 50 rows in pages of 4: the first page comes with the query, 12 more follow.
    assert.equal(ops.count('QUERY_SQL_FIELDS_CURSOR_GET_PAGE'), 12);
    assert.deepEqual(ops.failed, []);
  });

  test('two for-await loops over one scan share its entries: each exactly once, each page fetched once', async () => {
    const cache = await client.createCache<number, number>(uniqueName('cursor-loops'));
    await cache.putAll(Array.from({ length: 100 }, (_, i) => [i, i * 2] as [number, number]));
    ops.reset();
    const cursor = cache.scan({ pageSize: 7 });
    const byLoop: number[][] = [[], []];
    const loop = async (n: 0 | 1): Promise<void> => {
      for await (const [key, value] of cursor) {
        assert.equal(value, key * 2);
        byLoop[n]!.push(key);
        // A loop that leaves the event loop now and then lets the other one take entries.
        if (n === 0 && key % 3 === 0) await new Promise((r) => setImmediate(r));
      }
    };
    await Promise.all([loop(0), loop(1)]);
    const all = [...byLoop[0]!, ...byLoop[1]!].sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 100 }, (_, i) => i));
    assert.ok(byLoop[0]!.length > 0 && byLoop[1]!.length > 0, `both loops read: ${byLoop[0]!.length} and ${byLoop[1]!.length}`);
    assert.equal(ops.count('QUERY_SCAN'), 1);
    assert.equal(ops.count('QUERY_SCAN_CURSOR_GET_PAGE'), 14, '100 entries in pages of 7: 14 after the first');
    assert.deepEqual(ops.failed, []);
    await cache.destroy();
  });

  test('next(), toArray() and pages() called together are served in the order they were called', async () => {
    ops.reset();
    const cursor = client.sql<[number]>('SELECT X FROM SYSTEM_RANGE(1, 30)', { pageSize: 4 });
    const pagesOf = cursor.pages()[Symbol.asyncIterator]();
    const [one, page, rest, end] = await Promise.all([cursor.next(), pagesOf.next(), cursor.toArray(), cursor.next()]);
    assert.deepEqual(one.value, [1]);
    assert.deepEqual(page.value, [[2], [3], [4]], 'pages() goes on with the rest of the current page');
    assert.deepEqual(rest.map((r) => r[0]), Array.from({ length: 26 }, (_, i) => i + 5));
    assert.equal(end.done, true);
    assert.equal(ops.count('QUERY_SQL_FIELDS_CURSOR_GET_PAGE'), 7, '30 rows in pages of 4: 7 after the first');
    await pagesOf.return?.();
  });
});

describe('a page that fails', () => {
  test('a page the server fails to produce releases the server cursor: 200 such failures on one connection stay below the 128-cursor limit', async () => {
    const tag = marker();
    ops.reset();
    for (let i = 0; i < 200; i++) {
      // Lazy (the default): row 3 is computed while the second page is produced, and fails there.
      const cursor = client.sql<[number, number]>(`SELECT X, 1 / (X - 3), '${tag}' FROM SYSTEM_RANGE(1, 10)`, { pageSize: 1 });
      assert.deepEqual((await cursor.next()).value, [1, 0, tag]);
      await assert.rejects(cursor.next(), (err: unknown) => err instanceof SqlError && /Division by zero/.test(err.message));
      if (i === 0) {
        await assert.rejects(cursor.next(), /Division by zero/, 'a later read gets the same error');
        await cursor.close();
      }
    }
    assert.equal(ops.count('QUERY_SQL_FIELDS_CURSOR_GET_PAGE'), 200);
    assert.equal(ops.count('RESOURCE_CLOSE'), 200, 'each failed page closed its cursor, and close() afterwards sent nothing more');
    assert.equal(await runningWith(tag), 0, 'the server holds none of them');
    await using cursor = client.sql('SELECT X FROM SYSTEM_RANGE(1, 10)', { pageSize: 1 });
    assert.deepEqual((await cursor.next()).value, [1], 'the connection still opens cursors');
  });

  test('a page that times out (requestTimeoutMs) releases the server cursor before the error is reported', async () => {
    const slowOps = new Ops();
    await using slow = await connectTestClient({ requestTimeoutMs: 250, listeners: [slowOps.listener] });
    const tag = marker();
    // Row 3 counts 200 million rows (seconds of work), produced with the second page: rows 1
    // and 2 come at once, the second page does not come within the timeout.
    const cursor = slow.sql(
      `SELECT a.X, CASE WHEN a.X < 3 THEN 0 ELSE (SELECT COUNT(*) FROM SYSTEM_RANGE(1, 200000000) b WHERE b.X > a.X) END, '${tag}' FROM SYSTEM_RANGE(1, 3) a`,
      { pageSize: 1 },
    );
    assert.deepEqual((await cursor.next()).value, [1, 0, tag]);
    assert.equal(await runningWith(tag), 1, 'the open cursor is listed');
    await assert.rejects(cursor.next(), RequestTimeoutError);
    assert.equal(slowOps.count('RESOURCE_CLOSE'), 1);
    assert.equal(await runningWith(tag), 0, 'released by the time the error was reported');
    await assert.rejects(cursor.next(), RequestTimeoutError, 'a later read gets the same error');
    assert.deepEqual(await slow.sql('SELECT 1').toArray(), [[1]], 'the connection goes on');
  });
});

describe('a query that times out before its first page', () => {
  test('the cursor its late answer opened is released, not left counting against the 128', { timeout: 60_000 }, async () => {
    await using slow = await connectTestClient({ requestTimeoutMs: 250 });
    const tag = marker();
    // Every row takes seconds (a count of 100 million rows), so the first page comes long after
    // the timeout, with more pages to follow: the server keeps a cursor open for it.
    const cursor = slow.sql(
      `SELECT a.X, (SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000000) b WHERE b.X > a.X), '${tag}' FROM SYSTEM_RANGE(1, 3) a`,
      { pageSize: 1 },
    );
    await assert.rejects(cursor.next(), RequestTimeoutError);
    assert.equal(await runningWith(tag), 1, 'the query still runs on the server');
    const deadline = Date.now() + 45_000;
    while ((await runningWith(tag)) !== 0) {
      assert.ok(Date.now() < deadline, 'the cursor of the late answer was never released');
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(await slow.sql('SELECT 1').toArray(), [[1]], 'the connection goes on');
  });
});

describe('a first page this client cannot decode', () => {
  test('its server cursor is closed: 200 such scans on one connection leave the 128 free', { timeout: 60_000 }, async () => {
    await using single = await connectTestClient({ partitionAware: false });
    const cache = await single.createCache<number, unknown>(uniqueName('cursor-undecodable'));
    try {
      // The server returns a SingletonList Java-serialized (-2), which only Java can read.
      for (let i = 0; i < 4; i++) await cache.put(i, ['only'], { valueHint: T.collection(CollectionKind.SingletonList) });
      for (let i = 0; i < 200; i++) {
        await assert.rejects(cache.scan({ pageSize: 1 }).toArray(), (err: unknown) => err instanceof NotSupportedError && /Java-serialized/.test(err.message));
      }
      // Were those 200 cursors left open, the server would refuse this one (TOO_MANY_CURSORS).
      await cache.put(10, 'readable');
      assert.deepEqual(await single.sql<[number]>('SELECT X FROM SYSTEM_RANGE(1, 3)', { pageSize: 1 }).toArray(), [[1], [2], [3]]);
    } finally {
      await cache.destroy();
    }
  });
});

describe('cursors never read', () => {
  test('200 cursors never read send nothing and hold nothing: the connection can still open 128', async () => {
    const cache = await client.createCache<number, number>(uniqueName('cursor-unread'));
    await cache.putAll(Array.from({ length: 50 }, (_, i) => [i, i] as [number, number]));
    ops.reset();
    const unread: Array<QueryCursor<unknown>> = [];
    for (let i = 0; i < 100; i++) unread.push(cache.scan({ pageSize: 2 }), client.sql('SELECT X FROM SYSTEM_RANGE(1, 100)', { pageSize: 2 }));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(ops.started.length, 0, 'no query was sent');
    // The server's whole allowance, each cursor holding a server cursor: none is taken by the 200.
    const held: Array<QueryCursor<unknown>> = [];
    try {
      for (let i = 0; i < 128; i++) {
        const cursor = cache.scan({ pageSize: 2 });
        held.push(cursor);
        assert.equal((await cursor.next()).done, false);
      }
    } finally {
      await Promise.all(held.map((c) => c.close()));
    }
    // An unread cursor is read later like any other.
    assert.equal((await unread[0]!.toArray()).length, 50);
    assert.equal((await unread[1]!.toArray()).length, 100);
    ops.reset();
    await Promise.all(unread.map((c) => c.close()));
    assert.equal(ops.started.length, 0, 'closing a cursor never read sends nothing');
    await cache.destroy();
  });

  test('an unread cursor whose query would fail loses no error: nothing is sent, no rejection goes unhandled, the first read rejects', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      ops.reset();
      const badSql = client.sql('SELECT * FROM no_such_table');
      const missingCache = client.cache(uniqueName('missing')).scan();
      const badArgument = client.sql('SELECT ?', { args: [{ plain: 1 }] });
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(unhandled, []);
      assert.equal(ops.started.length, 0, 'nothing was sent');
      await assert.rejects(badSql.toArray(), (err: unknown) => err instanceof SqlError && /NO_SUCH_TABLE/.test(err.message));
      await assert.rejects(missingCache.next(), (err: unknown) => err instanceof CacheError && err.status === ClientStatus.CacheDoesNotExist);
      await assert.rejects(badArgument.next(), ParameterError);
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('close() or await using before the first read sends nothing; the cursor is then empty, and fieldNames() says why', async () => {
    ops.reset();
    const cursor = client.sql('SELECT X FROM SYSTEM_RANGE(1, 10)', { includeFieldNames: true });
    await cursor.close();
    {
      await using _disposed = client.cache('whatever').scan();
    }
    assert.equal(ops.started.length, 0);
    assert.equal((await cursor.next()).done, true);
    assert.deepEqual(await cursor.toArray(), []);
    await assert.rejects(cursor.fieldNames(), (err: unknown) => err instanceof SqlError && /closed before it was read/.test(err.message));
    assert.equal(ops.started.length, 0);
  });

  test('fieldNames() sends the query, and the server cursor is held until the rows are read or the cursor closed', async () => {
    const tag = marker();
    ops.reset();
    const cursor = client.sql<[number, string]>(`SELECT X AS n, '${tag}' AS tag FROM SYSTEM_RANGE(1, 100)`, { pageSize: 2, includeFieldNames: true });
    const [names, columns] = await Promise.all([cursor.fieldNames(), cursor.columnCount()]);
    assert.deepEqual(names, ['N', 'TAG']);
    assert.equal(columns, 2);
    assert.equal(ops.count('QUERY_SQL_FIELDS'), 1, 'the query was sent once for both');
    assert.equal(await runningWith(tag), 1);
    ops.reset();
    assert.deepEqual((await cursor.next()).value, [1, tag], 'the first page is not lost');
    assert.equal(ops.count('QUERY_SQL_FIELDS'), 0, 'the rows come from the page fieldNames() got');
    await cursor.close();
    assert.equal(await runningWith(tag), 0);
  });
});
