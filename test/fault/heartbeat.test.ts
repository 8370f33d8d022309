// Heartbeats and the liveness probe (src/connection/heartbeat.ts) against a fake peer: idle
// connections, a peer that ignores heartbeats, the idle timeout from OP_GET_IDLE_TIMEOUT, a frozen
// peer found by the probe after a request timeout.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Connection } from '../../src/connection/connection.js';
import { ConnectionError, HandshakeError, RequestTimeoutError } from '../../src/index.js';
import { Feature } from '../../src/protocol/features.js';
import { OpCode } from '../../src/protocol/op-codes.js';
import { cacheNamesPayload, FakePeer, openConnection, type PeerRequest, type PeerSocket, sleep } from '../support/fake-peer.js';
import { assertPromptly } from '../support/timing.js';

let peer: FakePeer | undefined;
let connection: Connection | undefined;

afterEach(async () => {
  await connection?.close();
  await peer?.stop();
  connection = peer = undefined;
});

function i64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigInt64LE(BigInt(value));
  return out;
}

interface Behaviour {
  /** OP_GET_IDLE_TIMEOUT's answer (default 0), or an error status, or none. */
  idleTimeoutMs?: number | 'error' | 'silent';
  answerHeartbeats?: boolean;
  /** Answer other requests (GET_NAMES). */
  answerOthers?: boolean | ((req: PeerRequest) => boolean);
  features?: readonly number[];
}

/** A peer that negotiates HEARTBEAT and answers as told. */
async function startPeer(b: Behaviour = {}): Promise<FakePeer> {
  const { idleTimeoutMs = 0, answerHeartbeats = true, answerOthers = true, features = [Feature.Heartbeat] } = b;
  peer = await FakePeer.start((socket: PeerSocket) => {
    socket.onHandshake = () => socket.acceptHandshake(features);
    socket.onRequest = (req) => {
      if (req.opCode === OpCode.GetIdleTimeout) {
        if (idleTimeoutMs === 'error') socket.respondError(req.requestId, 2, 'unsupported operation');
        else if (idleTimeoutMs !== 'silent') socket.respond(req.requestId, i64(idleTimeoutMs));
      } else if (req.opCode === OpCode.Heartbeat) {
        if (answerHeartbeats) socket.respond(req.requestId);
      } else if (typeof answerOthers === 'function' ? answerOthers(req) : answerOthers) {
        socket.respond(req.requestId, cacheNamesPayload(['a']));
      }
    };
  });
  return peer;
}

const names = (c: Connection, timeoutMs?: number): Promise<unknown> =>
  c.request(OpCode.CacheGetNames, undefined, (r) => r.readI32(), timeoutMs);

/** Resolves with the reason passed to onClose, and the time it came. */
function closed(): { promise: Promise<{ error: ConnectionError; at: number }>; onClose: (c: Connection, e: ConnectionError) => void } {
  let resolve!: (v: { error: ConnectionError; at: number }) => void;
  const promise = new Promise<{ error: ConnectionError; at: number }>((r) => (resolve = r));
  return { promise, onClose: (_c, error) => resolve({ error, at: Date.now() }) };
}

test('on an idle connection, heartbeats are sent at the interval and answered; the connection stays open', async () => {
  const p = await startPeer();
  connection = await openConnection(p, { heartbeatIntervalMs: 200 });
  assert.equal(connection.heartbeatIntervalMs, 200);
  assert.equal(connection.idleTimeoutMs, 0);
  const socket = p.sockets[0]!;
  assert.equal(socket.requestsOf(OpCode.GetIdleTimeout).length, 1, 'OP_GET_IDLE_TIMEOUT asked once, before open() resolved');
  const opened = Date.now();
  await sleep(1100);
  const beats = socket.requestsOf(OpCode.Heartbeat);
  assert.ok(beats.length >= 4 && beats.length <= 6, `${beats.length} heartbeats in 1.1 s at 200 ms`);
  let previous = opened;
  for (const beat of beats) {
    assert.ok(beat.receivedAt - previous >= 190, `a heartbeat ${beat.receivedAt - previous} ms after the previous write`);
    previous = beat.receivedAt;
  }
  assert.equal(connection.isOpen, true);
  assert.equal(connection.inFlight, 0, 'heartbeats are not counted in flight');
});

test('a connection in use sends no heartbeats', async () => {
  const p = await startPeer();
  connection = await openConnection(p, { heartbeatIntervalMs: 200 });
  const until = Date.now() + 800;
  while (Date.now() < until) {
    await names(connection);
    await sleep(50);
  }
  assert.equal(p.sockets[0]!.requestsOf(OpCode.Heartbeat).length, 0);
});

test('a peer that answers everything except heartbeats gets the connection failed within about 2 intervals', async () => {
  let answered = 0;
  const p = await startPeer({ answerHeartbeats: false, answerOthers: () => answered++ === 0 });
  const close = closed();
  connection = await openConnection(p, { heartbeatIntervalMs: 2000, onClose: close.onClose });
  await names(connection);
  const pending = names(connection); // written now; not answered (only the first GET_NAMES is)
  pending.catch(() => {});
  const lastWrite = Date.now();
  const { error, at } = await close.promise;
  assert.match(error.message, /no answer to a heartbeat within 2000 ms/);
  const after = at - lastWrite;
  // Two intervals (idle, then unanswered); long ones, so that the slack a busy machine needs stays
  // below a third interval and the bound still tells two from three.
  assert.ok(after >= 3900, `failed ${after} ms after the last write, not before 2 intervals (4000)`);
  assertPromptly(after, 4000, 'failed after 2 intervals');
  await assert.rejects(pending, (err: unknown) => err === error, 'every pending request rejected with it');
  assert.equal(connection.isOpen, false);
  assert.equal(p.sockets[0]!.requestsOf(OpCode.Heartbeat).length, 1);
});

test('the idle timeout from OP_GET_IDLE_TIMEOUT caps the interval at a third of it, not below 500 ms', async () => {
  const p = await startPeer({ idleTimeoutMs: 1800 });
  connection = await openConnection(p, { heartbeatIntervalMs: 10_000 });
  assert.equal(connection.idleTimeoutMs, 1800);
  assert.equal(connection.heartbeatIntervalMs, 600);
  await sleep(1400);
  const beats = p.sockets[0]!.requestsOf(OpCode.Heartbeat);
  assert.equal(beats.length, 2, 'at 600 and 1200 ms');

  await connection.close();
  await peer!.stop();
  const q = await startPeer({ idleTimeoutMs: 900 });
  connection = await openConnection(q, { heartbeatIntervalMs: 10_000 });
  assert.equal(connection.heartbeatIntervalMs, 500);
});

test('without the HEARTBEAT feature, or with heartbeats off, OP_GET_IDLE_TIMEOUT is not asked and nothing is sent', async () => {
  const p = await startPeer({ features: [] });
  connection = await openConnection(p, { heartbeatIntervalMs: 100 });
  assert.equal(connection.heartbeatIntervalMs, 0);
  assert.equal(connection.idleTimeoutMs, undefined);
  await sleep(300);
  assert.equal(p.sockets[0]!.requests.length, 0);
  await connection.close();
  await peer!.stop();

  const q = await startPeer();
  connection = await openConnection(q);
  assert.equal(connection.heartbeatIntervalMs, 0);
  await sleep(300);
  assert.equal(q.sockets[0]!.requests.length, 0);
});

test('an error answer to OP_GET_IDLE_TIMEOUT leaves the configured interval', async () => {
  const p = await startPeer({ idleTimeoutMs: 'error' });
  connection = await openConnection(p, { heartbeatIntervalMs: 250 });
  assert.equal(connection.idleTimeoutMs, undefined);
  assert.equal(connection.heartbeatIntervalMs, 250);
});

test('no answer to OP_GET_IDLE_TIMEOUT fails open() within connectTimeoutMs', async () => {
  const p = await startPeer({ idleTimeoutMs: 'silent' });
  await assert.rejects(
    openConnection(p, { heartbeatIntervalMs: 250, connectTimeoutMs: 300 }),
    (err: unknown) => err instanceof HandshakeError && /timed out after 300 ms waiting for the idle timeout/.test(err.message),
  );
});

/** Counts the timers set through the global setTimeout and not yet fired or cleared. */
function trackTimers(): { live: Set<unknown>; restore: () => void } {
  const live = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = realSet(() => {
      live.delete(timer);
      fn(...args);
    }, ms);
    live.add(timer);
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: NodeJS.Timeout | undefined) => {
    live.delete(timer);
    realClear(timer);
  }) as typeof clearTimeout;
  return {
    live,
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

test('close() leaves no timer behind', async () => {
  const p = await startPeer({ answerOthers: false });
  const timers = trackTimers();
  try {
    connection = await openConnection(p, { heartbeatIntervalMs: 200, requestTimeoutMs: 5000, connectTimeoutMs: 5000 });
    const pending = names(connection);
    pending.catch(() => {});
    assert.ok(timers.live.size >= 2, `heartbeat and request timers armed (${timers.live.size})`);
    await connection.close();
    await assert.rejects(pending, ConnectionError);
    assert.equal(timers.live.size, 0);
  } finally {
    timers.restore();
  }
});

test('liveness probe: a request times out with nothing received since it was sent, a heartbeat goes at once, and its silence fails the connection', async () => {
  const p = await startPeer({ answerHeartbeats: false, answerOthers: false });
  const close = closed();
  connection = await openConnection(p, { heartbeatIntervalMs: 1000, onClose: close.onClose });
  const started = Date.now();
  const other = names(connection, 0); // no timeout of its own
  other.catch(() => {});
  await assert.rejects(names(connection, 150), RequestTimeoutError);
  const { error, at } = await close.promise;
  const beats = p.sockets[0]!.requestsOf(OpCode.Heartbeat);
  assert.equal(beats.length, 1);
  assert.ok(beats[0]!.receivedAt - started < 400, `the probe went ${beats[0]!.receivedAt - started} ms after the start, right after the timeout`);
  assert.match(error.message, /no answer to a heartbeat within 1000 ms/);
  assert.ok(at - started >= 1100 && at - started < 1700, `failed after ${at - started} ms (timeout 150 + probe 1000); idle heartbeats alone: 2000`);
  await assert.rejects(other, (err: unknown) => err === error);
});

test('liveness probe with heartbeats off: the probe waits 5 s, then fails the connection', async () => {
  const p = await startPeer({ answerHeartbeats: false, answerOthers: false });
  const close = closed();
  connection = await openConnection(p, { requestTimeoutMs: 200, onClose: close.onClose });
  assert.equal(connection.heartbeatIntervalMs, 0);
  const started = Date.now();
  await assert.rejects(names(connection), RequestTimeoutError);
  await sleep(50);
  assert.equal(p.sockets[0]!.requestsOf(OpCode.Heartbeat).length, 1, 'the probe');
  const { error, at } = await close.promise;
  assert.match(error.message, /no answer to a heartbeat within 5000 ms/);
  assert.ok(at - started >= 5150 && at - started < 6000, `failed after ${at - started} ms`);
});

test('liveness probe: an answered probe keeps the connection; no probe when something arrived since the request was sent', async () => {
  // GET_NAMES is answered; CACHE_GET (empty, the peer does not care) never is.
  const p = await startPeer({ answerOthers: (req) => req.opCode === OpCode.CacheGetNames });
  connection = await openConnection(p, { requestTimeoutMs: 150 });
  const unanswered = (c: Connection): Promise<unknown> => c.request(OpCode.CacheGet);
  await assert.rejects(unanswered(connection), RequestTimeoutError);
  await sleep(100);
  assert.equal(p.sockets[0]!.requestsOf(OpCode.Heartbeat).length, 1, 'probe sent');
  assert.equal(connection.isOpen, true, 'and answered');

  // Sent together: the answer to the second arrives after the first was sent.
  const x = unanswered(connection);
  await names(connection);
  await assert.rejects(x, RequestTimeoutError);
  await sleep(100);
  assert.equal(p.sockets[0]!.requestsOf(OpCode.Heartbeat).length, 1, 'no second probe: the node answered meanwhile');
  assert.equal(connection.isOpen, true);
});

test('a topology version on the answer to OP_GET_IDLE_TIMEOUT reaches onTopologyVersion after open() resolved', async () => {
  peer = await FakePeer.start((socket) => {
    socket.onHandshake = () => socket.acceptHandshake([Feature.Heartbeat]);
    socket.onRequest = (req) => {
      // Flags AFFINITY_TOPOLOGY_CHANGED: i64 major 7, i32 minor 1, then the payload (§2.2).
      const body = Buffer.alloc(8 + 2 + 12 + 8);
      body.writeBigInt64LE(req.requestId, 0);
      body.writeInt16LE(0x0002, 8);
      body.writeBigInt64LE(7n, 10);
      body.writeInt32LE(1, 18);
      body.writeBigInt64LE(0n, 22);
      socket.sendFrame(body);
    };
  });
  const seen: string[] = [];
  let opened = false;
  const c = await openConnection(peer, {
    heartbeatIntervalMs: 1000,
    onTopologyVersion: (c, major, minor) => seen.push(`${major}.${minor} open=${c.isOpen} resolved=${opened}`),
  }).then((c) => {
    opened = true;
    return c;
  });
  connection = c;
  await sleep(10);
  assert.deepEqual(seen, ['7.1 open=true resolved=true']);
  assert.equal(c.idleTimeoutMs, 0);
});
