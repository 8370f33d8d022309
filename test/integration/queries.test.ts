// Scan and SQL queries through cursors, against a real node.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CacheError,
  ClientStatus,
  type IgniteClient,
  ParameterError,
  SqlError,
  StatementType,
  T,
  typed,
} from '../../src/index.js';
import type { QueryCursor } from '../../src/cursor.js';
import type { Router } from '../../src/routing/router.js';
import { Feature } from '../../src/protocol/features.js';
import type { ClientListener } from '../../src/events.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

let client: IgniteClient;
before(async () => {
  client = await connectTestClient();
});
after(async () => {
  await client.close();
});

/** Counts the page requests of one op (`asked`) and their answers, decoded (`got`), as they happen. */
function pageEvents(opName: string, onAsk: (page: number) => void = () => {}): { listener: ClientListener; asked: () => number; got: () => number } {
  let asked = 0;
  let got = 0;
  return {
    listener: {
      onQueryStart: (e) => {
        if (e.opName === opName) onAsk(++asked + 1);
      },
      onQuerySuccess: (e) => {
        if (e.opName === opName) got++;
      },
    },
    asked: () => asked,
    got: () => got,
  };
}

describe('scan', () => {
  test('0 entries, exactly one page, and many pages', async () => {
    const cache = await client.createCache<number, string>(uniqueName('scan'));
    assert.deepStrictEqual(await cache.scan().toArray(), []);
    await cache.putAll(Array.from({ length: 10 }, (_, i) => [i, `v${i}`] as [number, string]));
    const onePage = await cache.scan({ pageSize: 10 }).toArray();
    assert.deepStrictEqual(new Map(onePage), new Map(Array.from({ length: 10 }, (_, i) => [i, `v${i}`])));
    await cache.putAll(Array.from({ length: 2500 }, (_, i) => [i, `v${i}`] as [number, string]));
    let count = 0;
    const seen = new Set<number>();
    for await (const [key, value] of cache.scan({ pageSize: 7 })) {
      assert.equal(value, `v${key}`);
      seen.add(key);
      count++;
    }
    assert.equal(count, 2500);
    assert.equal(seen.size, 2500);
    await cache.destroy();
  });

  test('a scan per partition covers every entry exactly once', async () => {
    const cache = await client.createCache<number, number>(uniqueName('scan-parts'));
    await cache.putAll(Array.from({ length: 300 }, (_, i) => [i, i] as [number, number]));
    const keys: number[] = [];
    const partitions = await Promise.all(Array.from({ length: 1024 }, (_, partition) => cache.scan({ partition, pageSize: 100 }).toArray()));
    for (const entries of partitions) for (const [key] of entries) keys.push(key);
    assert.deepStrictEqual(keys.sort((a, b) => a - b), Array.from({ length: 300 }, (_, i) => i));
    assert.ok(partitions.filter((p) => p.length > 0).length > 100, 'entries are spread over partitions');
    assert.equal((await cache.scan({ local: true }).toArray()).length, 300, 'one node holds everything');
    await cache.destroy();
  });

  test('leaving a loop early releases the server cursor: 300 abandoned scans stay below the 128-cursor limit', async () => {
    const cache = await client.createCache<number, number>(uniqueName('scan-early'));
    await cache.putAll(Array.from({ length: 50 }, (_, i) => [i, i] as [number, number]));
    for (let i = 0; i < 300; i++) {
      for await (const entry of cache.scan({ pageSize: 2 })) {
        assert.equal(entry.length, 2);
        break;
      }
    }
    for (let i = 0; i < 150; i++) {
      await using cursor = cache.scan({ pageSize: 2 });
      await cursor.next();
    }
    for (let i = 0; i < 150; i++) {
      const cursor = cache.scan({ pageSize: 2 });
      await cursor.next();
      await cursor.close();
      await cursor.close();
    }
    assert.equal((await cache.scan().toArray()).length, 50);
    await cache.destroy();
  });

  test('a waiting reader gets the next page asked for before the current one is decoded; a slow one does not', async () => {
    const cache = await client.createCache<number, number>(uniqueName('scan-ahead'));
    await cache.putAll(Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]));
    // Page k+1 is asked for (a start event) inside the decoding of page k, whose success event
    // comes once it is decoded; that two requests never overlap on the wire is shown against a
    // scripted peer (test/fault/cursor-faults.test.ts).
    const trace = async (slowReader: boolean): Promise<string[]> => {
      const events: string[] = [];
      const pages = pageEvents('QUERY_SCAN_CURSOR_GET_PAGE', (page) => events.push(`ask${page}`));
      const onSuccess = pages.listener.onQuerySuccess!;
      pages.listener.onQuerySuccess = (e) => {
        onSuccess(e);
        if (e.opName === 'QUERY_SCAN_CURSOR_GET_PAGE') events.push(`got${pages.got() + 1}`);
      };
      await using traced = await connectTestClient({ listeners: [pages.listener] });
      let seen = 0;
      for await (const [key] of traced.cache<number, number>(cache.name).scan({ pageSize: 10 })) {
        assert.equal(typeof key, 'number');
        // The slow reader lingers on the first row of each page until the page asked for has
        // arrived: it is not waiting when that page comes.
        if (slowReader && seen % 10 === 0) while (pages.got() < pages.asked()) await new Promise((r) => setImmediate(r));
        seen++;
      }
      assert.equal(seen, 100);
      return events;
    };
    // Page 2 is asked for when page 1 (the query's answer) is taken; the fast reader then asks for
    // page k+1 as page k arrives, before decoding it; page 10 says there is no more.
    const fast = await trace(false);
    assert.deepEqual(fast, ['ask2', ...Array.from({ length: 8 }, (_, i) => [`ask${i + 3}`, `got${i + 2}`]).flat(), 'got10']);
    // The slow reader asks for a page only when it moves to the one before: each arrives first.
    const slow = await trace(true);
    assert.deepEqual(slow, Array.from({ length: 9 }, (_, i) => [`ask${i + 2}`, `got${i + 2}`]).flat());
    await cache.destroy();
  });

  test('leaving a loop early while the next page is already asked for still releases the server cursor', async () => {
    const cache = await client.createCache<number, number>(uniqueName('scan-ahead-early'));
    await cache.putAll(Array.from({ length: 50 }, (_, i) => [i, i] as [number, number]));
    for (let i = 0; i < 300; i++) {
      let read = 0;
      for await (const entry of cache.scan({ pageSize: 2 })) {
        assert.equal(entry.length, 2);
        // Entry 5 is on page 3, which was decoded after page 4 had been asked for.
        if (++read === 5) break;
      }
    }
    assert.equal((await cache.scan().toArray()).length, 50);
    await cache.destroy();
  });

  test('an abandoned cursor does hold a server resource (the check above can fail)', async () => {
    const cache = await client.createCache<number, number>(uniqueName('scan-leak'));
    await cache.putAll(Array.from({ length: 50 }, (_, i) => [i, i] as [number, number]));
    const leaked: Array<QueryCursor<unknown>> = [];
    await assert.rejects(
      (async () => {
        for (let i = 0; i < 200; i++) {
          const cursor = cache.scan({ pageSize: 2 });
          leaked.push(cursor);
          await cursor.next();
        }
      })(),
      (err: unknown) => err instanceof CacheError && err.status === ClientStatus.TooManyCursors,
    );
    await Promise.all(leaked.map((c) => c.close()));
    assert.equal((await cache.scan().toArray()).length, 50, 'closing them frees the connection');
    await cache.destroy();
  });

  test('a scan of a missing cache fails with CacheError', async () => {
    await assert.rejects(client.cache(uniqueName('missing')).scan().toArray(), (err: unknown) => err instanceof CacheError && err.status === ClientStatus.CacheDoesNotExist);
  });

  test('bad scan options are ParameterErrors before anything is sent', () => {
    const cache = client.cache('whatever');
    assert.throws(() => cache.scan({ pageSize: 0 }), ParameterError);
    assert.throws(() => cache.scan({ partition: -2 }), ParameterError);
    assert.throws(() => cache.scan({ pageSise: 5 } as never), /unknown scan option "pageSise"/);
  });
});

describe('sql', () => {
  before(async () => {
    await client.sql('CREATE TABLE IF NOT EXISTS qt (id INT PRIMARY KEY, name VARCHAR, score DOUBLE)').toArray();
    await client.sql('DELETE FROM qt').toArray();
  });
  after(async () => {
    await client.sql('DROP TABLE IF EXISTS qt').toArray();
  });

  test('DDL and DML answer the update count', async () => {
    assert.deepStrictEqual(await client.sql('INSERT INTO qt (id, name, score) VALUES (1, ?, 1.5), (2, ?, 2.5)', { args: ['a', 'b'] }).toArray(), [[2]]);
    assert.deepStrictEqual(await client.sql('UPDATE qt SET score = score * 2 WHERE id = ?', { args: [2] }).toArray(), [[1]]);
    assert.deepStrictEqual(await client.sql('SELECT id, name, score FROM qt ORDER BY id').toArray(), [[1, 'a', 1.5], [2, 'b', 5]]);
    assert.deepStrictEqual(await client.sql('DELETE FROM qt WHERE id = 2').toArray(), [[1]]);
    assert.deepStrictEqual(await client.sql('DELETE FROM qt WHERE id = 2').toArray(), [[0]]);
  });

  test('a statement runs when its cursor is first read, not when sql() is called', async () => {
    const insert = client.sql('INSERT INTO qt (id, name, score) VALUES (100, ?, 0)', { args: ['read later'] });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepStrictEqual(await client.sql('SELECT name FROM qt WHERE id = 100').toArray(), [], 'not run while unread');
    assert.deepStrictEqual(await insert.toArray(), [[1]]);
    assert.deepStrictEqual(await client.sql('SELECT name FROM qt WHERE id = 100').toArray(), [['read later']]);
    await client.sql('DELETE FROM qt WHERE id = 100').toArray();
  });

  test('0 rows, exactly one page, many pages', async () => {
    assert.deepStrictEqual(await client.sql('SELECT X FROM SYSTEM_RANGE(1, 0)').toArray(), []);
    assert.deepStrictEqual(await client.sql('SELECT X FROM SYSTEM_RANGE(1, 5)', { pageSize: 5 }).toArray(), [[1], [2], [3], [4], [5]]);
    const many = await client.sql<[number]>('SELECT X FROM SYSTEM_RANGE(1, 1000)', { pageSize: 33 }).toArray();
    assert.deepStrictEqual(many.map((r) => r[0]), Array.from({ length: 1000 }, (_, i) => i + 1));
    let n = 0;
    for await (const [x] of client.sql<[number]>('SELECT X FROM SYSTEM_RANGE(1, 100)', { pageSize: 10 })) assert.equal(x, ++n);
    assert.equal(n, 100);
  });

  test('pages() reads whole pages, honours maxRows and releases the cursor when left early', async () => {
    const sizes: number[] = [];
    for await (const page of client.sql('SELECT X FROM SYSTEM_RANGE(1, 25)', { pageSize: 10 }).pages()) sizes.push(page.length);
    assert.deepStrictEqual(sizes, [10, 10, 5]);
    const limited: number[] = [];
    for await (const page of client.sql('SELECT X FROM SYSTEM_RANGE(1, 25)', { pageSize: 10, maxRows: 12 }).pages()) limited.push(...page.map((r) => r[0] as number));
    assert.deepStrictEqual(limited, Array.from({ length: 12 }, (_, i) => i + 1));
    for (let i = 0; i < 200; i++) {
      for await (const page of client.sql('SELECT X FROM SYSTEM_RANGE(1, 100)', { pageSize: 10 }).pages()) {
        assert.equal(page.length, 10);
        break;
      }
    }
    const cursor = client.sql<[number]>('SELECT X FROM SYSTEM_RANGE(1, 30)', { pageSize: 10 });
    assert.deepStrictEqual((await cursor.next()).value, [1]);
    const rest: number[] = [];
    for await (const page of cursor.pages()) rest.push(...page.map((r) => r[0]));
    assert.deepStrictEqual(rest, Array.from({ length: 29 }, (_, i) => i + 2), 'pages() goes on where next() stopped');
  });

  test('column names with includeFieldNames', async () => {
    const cursor = client.sql('SELECT 1 AS one, \'x\' AS ex', { includeFieldNames: true });
    assert.deepStrictEqual(await cursor.fieldNames(), ['ONE', 'EX']);
    assert.equal(await cursor.columnCount(), 2);
    assert.deepStrictEqual(await cursor.toArray(), [[1, 'x']]);
    await assert.rejects(client.sql('SELECT 1').fieldNames(), SqlError);
  });

  test('arguments keep their hinted types', async () => {
    const [[a, b, c, d]] = await client.sql('SELECT ?, ?, ?, ?', { args: [typed(5, T.short), typed('1.50', T.decimal), typed(2, T.int), 3] }).toArray();
    assert.equal(a, 5);
    assert.equal(String(b), '1.50');
    assert.equal(c, 2);
    assert.equal(d, 3);
    const [[sum]] = await client.sql('SELECT CAST(? AS INT) + ?', { args: [typed(40, T.int), 2] }).toArray();
    assert.equal(sum, 42);
  });

  test('maxRows stops early and releases the cursor', async () => {
    const rows = await client.sql('SELECT X FROM SYSTEM_RANGE(1, 10000)', { maxRows: 7, pageSize: 3 }).toArray();
    assert.deepStrictEqual(rows, [[1], [2], [3], [4], [5], [6], [7]]);
    let n = 0;
    for await (const row of client.sql('SELECT X FROM SYSTEM_RANGE(1, 10000)', { maxRows: 5, pageSize: 2 })) n += row.length;
    assert.equal(n, 5);
    for (let i = 0; i < 200; i++) await client.sql('SELECT X FROM SYSTEM_RANGE(1, 100)', { maxRows: 1, pageSize: 10 }).toArray();
  });

  test('timeoutMs cancels a long query with an SqlError', async () => {
    await assert.rejects(
      client.sql('SELECT COUNT(*) FROM SYSTEM_RANGE(1, 100000) a, SYSTEM_RANGE(1, 100000) b', { timeoutMs: 100 }).toArray(),
      (err: unknown) => err instanceof SqlError && /cancel|timeout|timed out/i.test(err.message),
    );
    assert.deepStrictEqual(await client.sql('SELECT 1', { timeoutMs: 0 }).toArray(), [[1]]);
  });

  test('statementType refuses the other kind of statement', async () => {
    await assert.rejects(client.sql('DELETE FROM qt', { statementType: StatementType.Select }).toArray(), SqlError);
    await assert.rejects(client.sql('SELECT 1', { statementType: StatementType.Update }).toArray(), SqlError);
    assert.deepStrictEqual(await client.sql('SELECT 1', { statementType: StatementType.Select }).toArray(), [[1]]);
  });

  test('schema and cache options', async () => {
    await client.sql('INSERT INTO qt (id, name, score) VALUES (7, \'seven\', 7)').toArray();
    assert.deepStrictEqual(await client.sql('SELECT name FROM qt WHERE id = 7', { schema: 'PUBLIC' }).toArray(), [['seven']]);
    assert.deepStrictEqual(await client.sql('SELECT name FROM qt WHERE id = 7', { cache: 'SQL_PUBLIC_QT' }).toArray(), [['seven']]);
    await assert.rejects(client.sql('SELECT name FROM qt', { schema: 'NO_SUCH_SCHEMA' }).toArray(), SqlError);
  });

  test('the query flags are accepted and the answers stay right', async () => {
    const flags = { distributedJoins: true, replicatedOnly: false, enforceJoinOrder: true, collocated: true, lazy: true, local: false, updateBatchSize: 5 };
    assert.deepStrictEqual(await client.sql('SELECT X FROM SYSTEM_RANGE(1, 3)', flags).toArray(), [[1], [2], [3]]);
    await client.sql('INSERT INTO qt (id, name, score) VALUES (20, \'p\', 0)').toArray();
    // Only the partitions asked for are queried: all of them find the row, none of them does not.
    const all = Array.from({ length: 1024 }, (_, i) => i);
    assert.deepStrictEqual(await client.sql('SELECT id FROM qt WHERE id = 20', { partitions: all }).toArray(), [[20]]);
    const hits = await Promise.all(all.map((p) => client.sql('SELECT id FROM qt WHERE id = 20', { partitions: [p] }).toArray()));
    assert.equal(hits.filter((rows) => rows.length === 1).length, 1, 'the row lives in exactly one partition');
    await assert.rejects(client.sql('SELECT id FROM qt', { partitions: [0], distributedJoins: true }).toArray(), SqlError);
  });

  test('partitions and updateBatchSize go to a node that offers their feature, and are honoured', async () => {
    // Without QueryPartitionsBatchSize they are refused (test/unit/protocol/queries.test.ts); 2.17 offers it.
    const router = (client as unknown as { router: Router }).router;
    assert.ok(router.connections.length > 0 && router.connections.every((c) => c.features.has(Feature.QueryPartitionsBatchSize)));
    await client.sql("INSERT INTO qt (id, name, score) VALUES (30, 'batch', 0), (31, 'batch', 0), (32, 'batch', 0), (33, 'batch', 0), (34, 'batch', 0)").toArray();
    assert.deepStrictEqual(await client.sql("UPDATE qt SET score = id WHERE name = 'batch'", { updateBatchSize: 2 }).toArray(), [[5]]);
    assert.deepStrictEqual(await client.sql("SELECT SUM(score) FROM qt WHERE name = 'batch'").toArray(), [[160]]);
    const all = Array.from({ length: 1024 }, (_, i) => i);
    assert.deepStrictEqual(await client.sql("DELETE FROM qt WHERE name = 'batch'", { partitions: all, updateBatchSize: 3 }).toArray(), [[5]]);
    assert.deepStrictEqual(await client.sql("SELECT COUNT(*) FROM qt WHERE name = 'batch'").toArray(), [[0]]);
  });

  test('SQL errors are SqlErrors with the server message and status; the client stays usable', async () => {
    await assert.rejects(client.sql('SELECT * FROM no_such_table').toArray(), (err: unknown) => err instanceof SqlError && err.status === 1 && /NO_SUCH_TABLE/.test(err.message));
    await assert.rejects(client.sql('SELEKT 1').toArray(), SqlError);
    assert.deepStrictEqual(await client.sql('SELECT 2').toArray(), [[2]]);
  });

  test('bad options throw a ParameterError at once', () => {
    assert.throws(() => client.sql(''), ParameterError);
    assert.throws(() => client.sql('SELECT 1', { pageSize: -1 }), ParameterError);
    assert.throws(() => client.sql('SELECT 1', { maxRows: 0 }), ParameterError);
    assert.throws(() => client.sql('SELECT 1', { timeoutMs: -5 }), ParameterError);
    assert.throws(() => client.sql('SELECT 1', { args: 'x' as never }), ParameterError);
    assert.throws(() => client.sql('SELECT 1', { statementType: 9 as never }), ParameterError);
    assert.throws(() => client.sql('SELECT 1', { includeFieldnames: true } as never), /unknown sql option "includeFieldnames"/);
  });

  test('a bad argument value fails the cursor with a ParameterError, nothing sent', async () => {
    await assert.rejects(client.sql('SELECT ?', { args: [{ plain: 1 }] }).toArray(), (err: unknown) => err instanceof ParameterError && /^args\[0\]/.test(err.message));
  });

  test('200 000 rows stream through one cursor with at most two pages held', async () => {
    const pageSize = 1000;
    let count = 0;
    // When page k is asked for, the reader must have taken every row before page k-1: the client
    // then holds page k-1 (arrived or arriving) and page k (asked for), never more.
    const early: string[] = [];
    const pages = pageEvents('QUERY_SQL_FIELDS_CURSOR_GET_PAGE', (page) => {
      if (count < (page - 2) * pageSize) early.push(`page ${page} asked for after only ${count} rows`);
    });
    await using streaming = await connectTestClient({ listeners: [pages.listener] });
    const cursor = streaming.sql<[number, string]>("SELECT X, CONCAT('row-', X) FROM SYSTEM_RANGE(1, 200000)", { pageSize });
    let sum = 0;
    // The heap that is kept, not garbage the collector has not taken yet: scripts/run-tests.mjs
    // runs the tests with --expose-gc (without it, the figure includes garbage).
    const gc = (globalThis as { gc?: () => void }).gc;
    const heapUsed = (): number => {
      gc?.();
      return process.memoryUsage().heapUsed;
    };
    const heapBefore = heapUsed();
    let heapPeak = heapBefore;
    for await (const [x, text] of cursor) {
      count++;
      sum += x;
      if (text.length < 5) assert.fail(text);
      // Halfway through each page the reader pauses, long enough for the page asked for to come:
      // a client that asked for more while the reader is busy would be seen here.
      if (count % pageSize === pageSize / 2) await new Promise((r) => setTimeout(r, 3));
      if (count % 10_000 === 0) heapPeak = Math.max(heapPeak, heapUsed());
    }
    assert.equal(count, 200_000);
    assert.equal(sum, (200_000 * 200_001) / 2);
    assert.deepEqual(early, [], 'a page asked for while two were held');
    assert.equal(pages.asked(), 199, 'each of the 199 pages after the first asked for once');
    assert.equal(pages.got(), 199);
    // All 200 000 rows at once would take well over 30 MB of heap; streaming keeps to a few pages.
    assert.ok(heapPeak - heapBefore < 30 * 1024 * 1024, `heap grew by ${Math.round((heapPeak - heapBefore) / 1048576)} MB`);
  });
});

describe('selectRow', () => {
  test('an SQL query over the value type returns whole entries', async () => {
    await client.sql('CREATE TABLE IF NOT EXISTS sr (id INT PRIMARY KEY, v VARCHAR) WITH "wrap_value=false,cache_name=SR_CACHE"').toArray();
    await client.sql("INSERT INTO sr (id, v) VALUES (1, 'apple'), (2, 'avocado'), (3, 'banana')").toArray();
    const cache = client.cache<number, string>('SR_CACHE');
    const rows = await cache.selectRow('v LIKE ? ORDER BY id', { args: ['a%'], pageSize: 1 }).toArray();
    assert.deepStrictEqual(rows, [[1, 'apple'], [2, 'avocado']]);
    // A class name or its simple name: the server knows the table by the simple name.
    assert.deepStrictEqual(await cache.selectRow('id = ?', { args: [typed(3, T.int)], typeName: 'java.lang.String' }).toArray(), [[3, 'banana']]);
    assert.deepStrictEqual(await cache.selectRow('id = 3', { typeName: 'String' }).toArray(), [[3, 'banana']]);
    await assert.rejects(cache.selectRow('no_such_column = 1').toArray(), SqlError);
    await client.sql('DROP TABLE sr').toArray();
  });

  test('a cache without a query entity needs the typeName option', async () => {
    const cache = await client.createCache(uniqueName('no-entity'));
    await assert.rejects(cache.selectRow('1 = 1').toArray(), (err: unknown) => err instanceof SqlError && /typeName/.test(err.message));
    await cache.destroy();
  });
});
