// Cursors against a scripted peer, for what a real node will not do on demand: answer slowly enough
// to see whether page requests overlap on the wire, say it no longer has a cursor, or send a page
// this client cannot read. The real-node counterparts are test/integration/cursor.test.ts and
// test/integration/queries.test.ts.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CacheError, ClientStatus, IgniteClient, NotSupportedError } from '../../src/index.js';
import { OpCode } from '../../src/protocol/op-codes.js';
import { FakePeer, type PeerRequest, type PeerSocket, sleep } from '../support/fake-peer.js';

const peers: FakePeer[] = [];
let client: IgniteClient | undefined;

afterEach(async () => {
  await client?.close();
  await Promise.all(peers.map((p) => p.stop()));
  client = undefined;
  peers.length = 0;
});

const CURSOR_ID = 7n;
const TYPE_INT = 3;
/** A Java-serialized object (type code -2), which only Java can read. */
const UNREADABLE_VALUE = Buffer.from([0xfe, 1, 0, 0, 0, 0]);

/** A scan page payload (2000 after the cursor id, 2001 whole): count, int key/value pairs, hasMore. */
function page(keys: number[], hasMore: boolean, unreadable = false): Buffer {
  const parts = [Buffer.from(Int32Array.of(keys.length).buffer)];
  for (const key of keys) {
    const entry = Buffer.alloc(10);
    entry.writeInt8(TYPE_INT, 0);
    entry.writeInt32LE(key, 1);
    entry.writeInt8(TYPE_INT, 5);
    entry.writeInt32LE(key * 10, 6);
    parts.push(entry);
  }
  if (unreadable) parts.push(Buffer.from([TYPE_INT, 0, 0, 0, 0]), UNREADABLE_VALUE);
  parts.push(Buffer.from([hasMore ? 1 : 0]));
  const body = Buffer.concat(parts);
  if (unreadable) body.writeInt32LE(keys.length + 1, 0);
  return body;
}

function cursorId(request: PeerRequest): bigint {
  return request.payload.readBigInt64LE(0);
}

interface ScanScript {
  /** Pages after the first, each answered `delayMs` after it was asked for. */
  pages: number;
  pageSize: number;
  delayMs?: number;
  /** The answer to page request `index` (0 = the second page), instead of the usual one. */
  answer?: (socket: PeerSocket, request: PeerRequest, index: number) => boolean;
}

interface ScanPeer {
  peer: FakePeer;
  /** Set when a page request arrived while another one was still unanswered. */
  overlapped: boolean;
  pageRequests: number;
}

/** A peer serving one scan of `pageSize × (pages + 1)` entries, keys 0, 1, 2, … in order. */
async function scanPeer(script: ScanScript): Promise<ScanPeer> {
  const state: ScanPeer = { peer: undefined as unknown as FakePeer, overlapped: false, pageRequests: 0 };
  let unanswered = 0;
  const keysOf = (pageIndex: number): number[] => Array.from({ length: script.pageSize }, (_, i) => pageIndex * script.pageSize + i);
  state.peer = await FakePeer.start((socket) => {
    socket.onRequest = (req) => {
      if (req.opCode === OpCode.QueryScan) {
        const id = Buffer.alloc(8);
        id.writeBigInt64LE(CURSOR_ID);
        socket.respond(req.requestId, Buffer.concat([id, page(keysOf(0), script.pages > 0)]));
      } else if (req.opCode === OpCode.QueryScanCursorGetPage) {
        assert.equal(cursorId(req), CURSOR_ID);
        const index = state.pageRequests++;
        if (unanswered > 0) state.overlapped = true;
        unanswered++;
        setTimeout(() => {
          unanswered--;
          if (script.answer?.(socket, req, index) === true) return;
          socket.respond(req.requestId, page(keysOf(index + 1), index + 1 < script.pages));
        }, script.delayMs ?? 0);
      } else if (req.opCode === OpCode.ResourceClose) {
        socket.respond(req.requestId);
      }
    };
  });
  peers.push(state.peer);
  return state;
}

async function connect(peer: FakePeer): Promise<IgniteClient> {
  client = await IgniteClient.connect({ nodes: [peer.address], heartbeatIntervalMs: 0, discoverNodes: false });
  return client;
}

test('overlapping reads of one cursor never put two page requests on the wire at once, nor skip or repeat an entry', async () => {
  const scan = await scanPeer({ pages: 9, pageSize: 2, delayMs: 15 });
  const c = await connect(scan.peer);
  const cursor = c.cache<number, number>('c').scan({ pageSize: 2 });
  const it = cursor[Symbol.asyncIterator]();
  const firstHalf = await Promise.all(Array.from({ length: 9 }, () => it.next()));
  const seen: number[] = firstHalf.map((r) => r.value![0]);
  // The rest by two loops at once: a loop that waits a turn now and then lets the other run.
  const loop = async (pause: boolean): Promise<void> => {
    for await (const [key, value] of cursor) {
      assert.equal(value, key * 10);
      seen.push(key);
      if (pause) await sleep(1);
    }
  };
  await Promise.all([loop(true), loop(false)]);
  assert.deepEqual(firstHalf.map((r) => r.value![0]), Array.from({ length: 9 }, (_, i) => i), 'overlapping next() calls are served in call order');
  assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i), 'every entry exactly once');
  assert.equal(scan.pageRequests, 9, 'each page asked for once');
  assert.equal(scan.overlapped, false, 'a page request while another was unanswered');
  const socket = scan.peer.sockets[0]!;
  assert.equal(socket.requestsOf(OpCode.ResourceClose).length, 0, 'read to its end, the cursor was released by the server');
});

test('a page the server no longer has fails with the query\'s error class, status 1011 and a clear message; nothing is closed', async () => {
  const scan = await scanPeer({
    pages: 3,
    pageSize: 2,
    answer: (socket, req, index) => {
      if (index !== 1) return false;
      socket.respondError(req.requestId, ClientStatus.ResourceDoesNotExist, `Failed to find resource with id: ${CURSOR_ID}`);
      return true;
    },
  });
  const c = await connect(scan.peer);
  const cursor = c.cache<number, number>('c').scan({ pageSize: 2 });
  const keys: number[] = [];
  const gone = (err: unknown): boolean =>
    err instanceof CacheError && err.status === ClientStatus.ResourceDoesNotExist && /no longer has this cursor/.test(err.message);
  await assert.rejects(
    (async () => {
      for await (const [key] of cursor) keys.push(key);
    })(),
    gone,
  );
  assert.deepEqual(keys, [0, 1, 2, 3], 'the pages before the failure are delivered');
  await assert.rejects(cursor.next(), gone, 'a later read gets the same error, not a silent end');
  await cursor.close();
  assert.equal(scan.peer.sockets[0]!.requestsOf(OpCode.ResourceClose).length, 0, 'the server said it has no cursor to close');
});

test('a page this client cannot read releases the server cursor when the server still holds it, and only then', async () => {
  // A waiting reader has the page after the failed one asked for already; a busy one has not.
  for (const readerWaits of [true, false]) {
    for (const serverHasMore of [true, false]) {
      const what = `${readerWaits ? 'waiting' : 'busy'} reader, ${serverHasMore ? 'more' : 'last'} page`;
      const scan = await scanPeer({
        pages: 3,
        pageSize: 2,
        answer: (socket, req, index) => {
          if (index !== 0) return false;
          socket.respond(req.requestId, page([2], serverHasMore, true));
          return true;
        },
      });
      const c = await connect(scan.peer);
      const cursor = c.cache<number, number>('c').scan({ pageSize: 2 });
      if (readerWaits) {
        await assert.rejects(cursor.toArray(), NotSupportedError, what);
      } else {
        assert.deepEqual((await cursor.next()).value, [0, 0]);
        // The second page was asked for when the first was taken; it arrives while nobody waits.
        for (let i = 0; i < 2000 && scan.pageRequests === 0; i++) await sleep(1);
        assert.equal(scan.pageRequests, 1);
        await sleep(50);
        await assert.rejects(cursor.toArray(), NotSupportedError, what);
      }
      const closes = scan.peer.sockets[0]!.requestsOf(OpCode.ResourceClose);
      if (serverHasMore) {
        assert.equal(closes.length, 1, `${what}: RESOURCE_CLOSE sent before the error was reported`);
        assert.equal(cursorId(closes[0]!), CURSOR_ID);
      } else {
        assert.equal(closes.length, 0, `${what}: a last page, the server released the cursor itself`);
      }
      await cursor.close();
      assert.equal(scan.peer.sockets[0]!.requestsOf(OpCode.ResourceClose).length, closes.length, `${what}: close() after the failure sends nothing more`);
      await c.close();
      client = undefined;
    }
  }
});
