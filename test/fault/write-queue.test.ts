// Backpressure in the write path (src/connection/write-queue.ts), against a fake peer that stops
// reading: what a real node does when it is overloaded or frozen.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Connection } from '../../src/connection/connection.js';
import { DEFAULT_MAX_PENDING_WRITE_BYTES } from '../../src/connection/write-queue.js';
import { ConnectionError, ParameterError, RequestTimeoutError } from '../../src/index.js';
import { OpCode } from '../../src/protocol/op-codes.js';
import type { Encoder } from '../../src/protocol/request.js';
import { FakePeer, openConnection, type PeerRequest, sleep, within } from '../support/fake-peer.js';
import { assertPromptly } from '../support/timing.js';

let peer: FakePeer | undefined;
let connection: Connection | undefined;

afterEach(async () => {
  await connection?.close();
  await peer?.stop();
  connection = peer = undefined;
});

const VALUE = Buffer.alloc(1024, 7);
const CACHE_ID = 12345;

/** OP_CACHE_PUT of an Int key and a 1 KB byte[] value (protocol §3.3). */
function put(key: number): Encoder {
  return (w) => {
    w.writeI32(CACHE_ID);
    w.writeI8(0);
    w.writeI8(3);
    w.writeI32(key);
    w.writeI8(12);
    w.writeI32(VALUE.length);
    w.writeBytes(VALUE);
  };
}

function keyOf(request: PeerRequest): number {
  return request.payload.readInt32LE(6);
}

/** A peer that accepts the handshake, then reads nothing until resumed; it answers every request. */
async function stalledPeer(): Promise<FakePeer> {
  peer = await FakePeer.start((socket) => {
    socket.onHandshake = () => {
      socket.acceptHandshake();
      socket.socket.pause();
    };
    socket.onRequest = (req) => socket.respond(req.requestId);
  });
  return peer;
}

/** Waits until the connection's buffered bytes stop growing: the kernel's buffers are full. */
async function untilBackedUp(c: Connection): Promise<void> {
  let last = -1;
  while (c.bufferedBytes !== last) {
    last = c.bufferedBytes;
    await sleep(50);
  }
}

// One request of the test: header (18) + put payload (10 + 5 + 1024).
const REQUEST_BYTES = 18 + 15 + 1024;
// The bound may be crossed by the one request that reaches it; the margin leaves room for more.
const MARGIN = 16 * REQUEST_BYTES;

test('a peer that stops reading: buffered bytes stay under maxPendingWriteBytes, and once it reads again every request goes out in order', async () => {
  const p = await stalledPeer();
  connection = await openConnection(p);
  const COUNT = 50_000;
  let max = 0;
  const sample = (): void => {
    max = Math.max(max, connection!.bufferedBytes);
  };
  const calls: Array<Promise<unknown>> = [];
  for (let i = 0; i < COUNT; i++) {
    calls.push(connection.request(OpCode.CachePut, put(i)));
    if (i % 1000 === 0) sample();
  }
  sample();
  assert.equal(connection.inFlight, COUNT, 'parked requests count as in flight');
  const sampler = setInterval(sample, 2);
  await untilBackedUp(connection);
  const backedUp = connection.bufferedBytes;
  assert.ok(backedUp > DEFAULT_MAX_PENDING_WRITE_BYTES / 2, `the socket backed up (${backedUp} bytes buffered)`);
  assert.ok(max <= DEFAULT_MAX_PENDING_WRITE_BYTES + MARGIN, `at most ${max} bytes buffered while the peer was stalled`);

  const socket = p.sockets[0]!;
  socket.socket.resume();
  await within(60_000, Promise.all(calls));
  clearInterval(sampler);
  assert.ok(max <= DEFAULT_MAX_PENDING_WRITE_BYTES + MARGIN, `at most ${max} bytes buffered`);
  assert.equal(socket.requests.length, COUNT);
  for (let i = 0; i < COUNT; i++) {
    const request = socket.requests[i]!;
    assert.equal(keyOf(request), i, 'sent in the order issued');
    assert.equal(request.requestId, BigInt(i + 1), 'request ids in order');
  }
  assert.equal(connection.inFlight, 0);
  assert.equal(connection.bufferedBytes, 0);
});

test('a smaller maxPendingWriteBytes is the bound; a parked request that times out is rejected and never sent', async () => {
  const p = await stalledPeer();
  const bound = 256 * 1024;
  connection = await openConnection(p, { maxPendingWriteBytes: bound });
  const calls: Array<Promise<unknown>> = [];
  for (let i = 0; i < 5000; i++) calls.push(connection.request(OpCode.CachePut, put(i)));
  await untilBackedUp(connection);
  assert.ok(connection.bufferedBytes <= bound + MARGIN, `${connection.bufferedBytes} bytes buffered`);
  const started = Date.now();
  const late = connection.request(OpCode.CachePut, put(-1), undefined, 200);
  await assert.rejects(
    within(2000, late),
    (err: unknown) => err instanceof RequestTimeoutError && /was not even sent .* within 200 ms/.test(err.message),
  );
  assertPromptly(Date.now() - started, 200, 'its timeout ran while it was parked');
  p.sockets[0]!.socket.resume();
  await within(30_000, Promise.all(calls));
  const keys = p.sockets[0]!.requests.map(keyOf);
  assert.equal(keys.length, 5000);
  assert.ok(!keys.includes(-1), 'the timed-out request was never sent');
  // The connection goes on: a request after the stall is sent and answered.
  await within(2000, connection.request(OpCode.CachePut, put(5000)));
});

test('losing the connection rejects parked requests like sent ones', async () => {
  const p = await stalledPeer();
  connection = await openConnection(p, { maxPendingWriteBytes: 64 * 1024 });
  const calls = Array.from({ length: 5000 }, (_, i) => connection!.request(OpCode.CachePut, put(i)));
  for (const call of calls) call.catch(() => {});
  await untilBackedUp(connection);
  p.sockets[0]!.socket.destroy();
  const results = await within(2000, Promise.allSettled(calls));
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof ConnectionError, String(result.reason));
  }
  assert.equal(connection.inFlight, 0);
});

test('a parked request whose encoder throws is rejected alone when its turn comes; the others are sent', async () => {
  const p = await stalledPeer();
  connection = await openConnection(p, { maxPendingWriteBytes: 64 * 1024 });
  const calls = Array.from({ length: 3000 }, (_, i) => connection!.request(OpCode.CachePut, put(i)));
  await untilBackedUp(connection);
  const bad = connection.request(OpCode.CachePut, () => {
    throw new ParameterError('value: not encodable');
  });
  const after = connection.request(OpCode.CachePut, put(3000));
  p.sockets[0]!.socket.resume();
  await assert.rejects(within(30_000, bad), ParameterError);
  await within(30_000, Promise.all([...calls, after]));
  const keys = p.sockets[0]!.requests.map(keyOf);
  assert.deepEqual(keys, Array.from({ length: 3001 }, (_, i) => i));
});

test('on a peer that reads, nothing is parked: writes of one turn go out together', async () => {
  peer = await FakePeer.start((socket) => {
    socket.onRequest = (req) => socket.respond(req.requestId);
  });
  connection = await openConnection(peer);
  for (let round = 0; round < 20; round++) {
    await within(5000, Promise.all(Array.from({ length: 64 }, (_, i) => connection!.request(OpCode.CachePut, put(round * 64 + i)))));
  }
  assert.equal(peer.sockets[0]!.requests.length, 20 * 64);
  assert.equal(connection.bufferedBytes, 0);
});
