// Faults a real node will not produce on demand, from a scripted fake peer (test/support/fake-peer).
// Every case checks that all pending calls are rejected with a typed error, within the timeout,
// and (where it applies) that the client then works again.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  ConnectionError,
  HandshakeError,
  IgniteClient,
  ParseError,
  ReconnectError,
  RequestTimeoutError,
} from '../../src/index.js';
import { OpCode } from '../../src/protocol/op-codes.js';
import { cacheNamesPayload, FakePeer, type PeerSocket, within } from '../support/fake-peer.js';
import { assertPromptly } from '../support/timing.js';

let peer: FakePeer | undefined;
let client: IgniteClient | undefined;

afterEach(async () => {
  await client?.close();
  await peer?.stop();
  client = peer = undefined;
});

/** A peer whose connection number `n` gets `script(n)`; by default it answers GET_NAMES. */
async function startPeer(script: (socket: PeerSocket, index: number) => void): Promise<FakePeer> {
  peer = await FakePeer.start(script);
  return peer;
}

function answerNames(socket: PeerSocket): void {
  socket.onRequest = (req) => {
    if (req.opCode === OpCode.CacheGetNames) socket.respond(req.requestId, cacheNamesPayload(['a']));
  };
}

/** connect() to one node that fails its handshake: ReconnectError naming the reason, the HandshakeError as cause. */
function isHandshakeFailure(err: unknown, reason: RegExp): boolean {
  return err instanceof ReconnectError && reason.test(err.message) && err.cause instanceof HandshakeError && reason.test(err.cause.message);
}

/** Issues `count` requests and waits until the peer has seen all of them. */
async function inFlight(c: IgniteClient, socket: () => PeerSocket | undefined, count: number): Promise<Array<Promise<unknown>>> {
  const calls = Array.from({ length: count }, () => c.cacheNames());
  for (const call of calls) call.catch(() => {});
  while ((socket()?.requests.length ?? 0) < count) await new Promise((r) => setTimeout(r, 5));
  return calls;
}

test('a dropped socket rejects every pending call with ConnectionError, and the next call reconnects', async () => {
  const p = await startPeer((socket, index) => {
    if (index === 0) return; // first connection: accepts the handshake, never answers
    answerNames(socket);
  });
  client = await IgniteClient.connect({ nodes: [p.address], retryPolicy: 'none' });
  const calls = await inFlight(client, () => p.sockets[0], 50);
  p.sockets[0]!.socket.destroy();
  const results = await within(2000, Promise.allSettled(calls));
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof ConnectionError, String(result.reason));
    assert.match(result.reason.message, /was lost/);
  }
  assert.deepEqual(await within(2000, client.cacheNames()), ['a']);
  assert.equal(p.sockets.length, 2);
});

test('a peer that never answers the handshake fails connect with HandshakeError within connectTimeoutMs', async () => {
  const p = await startPeer((socket) => {
    socket.onHandshake = () => {};
  });
  const started = Date.now();
  client = new IgniteClient({ nodes: [p.address], connectTimeoutMs: 300 });
  await assert.rejects(within(5000, client.connect()), (err: unknown) => isHandshakeFailure(err, /timed out after 300 ms/));
  assertPromptly(Date.now() - started, 300, 'connect() failed at connectTimeoutMs');
});

test('a silent peer: each pending call fails with RequestTimeoutError, and the connection stays usable', async () => {
  let silent = true;
  const p = await startPeer((socket) => {
    socket.onRequest = (req) => {
      if (!silent) socket.respond(req.requestId, cacheNamesPayload(['late']));
    };
  });
  client = await IgniteClient.connect({ nodes: [p.address], requestTimeoutMs: 200 });
  const started = Date.now();
  const results = await within(2000, Promise.allSettled(await inFlight(client, () => p.sockets[0], 20)));
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof RequestTimeoutError, String(result.reason));
  }
  assertPromptly(Date.now() - started, 200, 'every call failed at requestTimeoutMs');
  // Late answers to the timed-out requests are dropped, not taken for a protocol error.
  for (const req of p.sockets[0]!.requests) p.sockets[0]!.respond(req.requestId, cacheNamesPayload(['stale']));
  silent = false;
  assert.deepEqual(await within(2000, client.cacheNames()), ['late']);
  assert.equal(p.sockets.length, 1, 'still the first connection');
});

test('a truncated frame followed by a close rejects every pending call, and names the cut', async () => {
  const p = await startPeer((socket, index) => {
    if (index === 0) {
      socket.onRequest = (req) => {
        if (socket.requests.length < 10) return;
        // 4-byte length of a 30-byte frame, then only 12 bytes of it, then the socket ends.
        const partial = Buffer.alloc(16);
        partial.writeInt32LE(30, 0);
        partial.writeBigInt64LE(req.requestId, 4);
        socket.socket.end(partial);
      };
    } else answerNames(socket);
  });
  client = await IgniteClient.connect({ nodes: [p.address], retryPolicy: 'none' });
  const results = await within(2000, Promise.allSettled(await inFlight(client, () => p.sockets[0], 10)));
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof ConnectionError, String(result.reason));
    assert.match(result.reason.message, /in the middle of a frame \(12 of 30 bytes\)/);
  }
  assert.deepEqual(await within(2000, client.cacheNames()), ['a']);
});

test('a response with an unknown request id rejects every pending call', async () => {
  const p = await startPeer((socket, index) => {
    if (index === 0) {
      socket.onRequest = () => {
        if (socket.requests.length === 5) socket.respond(999_999n, cacheNamesPayload([]));
      };
    } else answerNames(socket);
  });
  client = await IgniteClient.connect({ nodes: [p.address], retryPolicy: 'none' });
  const results = await within(2000, Promise.allSettled(await inFlight(client, () => p.sockets[0], 5)));
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof ConnectionError, String(result.reason));
    assert.ok(result.reason.cause instanceof ParseError);
    assert.match(result.reason.message, /unknown request id 999999/);
  }
  assert.deepEqual(await within(2000, client.cacheNames()), ['a']);
});

test('an oversized frame is a protocol error that rejects every pending call', async () => {
  const p = await startPeer((socket, index) => {
    if (index === 0) {
      socket.onRequest = () => {
        if (socket.requests.length === 3) socket.socket.write(Buffer.from([0x00, 0x10, 0x00, 0x00])); // 4096-byte frame
      };
    } else answerNames(socket);
  });
  client = await IgniteClient.connect({ nodes: [p.address], retryPolicy: 'none', maxFrameBytes: 1024 });
  const results = await within(2000, Promise.allSettled(await inFlight(client, () => p.sockets[0], 3)));
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof ConnectionError);
    assert.match(result.reason.message, /exceeds the limit of 1024 bytes/);
  }
  assert.deepEqual(await within(2000, client.cacheNames()), ['a']);
});

test('a peer that closes during the handshake fails connect with HandshakeError', async () => {
  const p = await startPeer((socket) => {
    socket.onHandshake = () => socket.socket.destroy();
  });
  client = new IgniteClient({ nodes: [p.address] });
  await assert.rejects(within(2000, client.connect()), (err: unknown) => isHandshakeFailure(err, /during the handshake/));
});

test('the handshake negotiates down to the version the server proposes, on the same socket', async () => {
  const p = await startPeer((socket) => {
    socket.onHandshake = (body) => {
      const minor = body.readInt16LE(3);
      if (minor === 7) {
        socket.expectHandshake();
        socket.refuseHandshake(1, 4, 0, 'Unsupported version: 1.7.0');
      } else {
        socket.acceptHandshake(false);
        answerNames(socket);
      }
    };
  });
  client = await IgniteClient.connect({ nodes: [p.address] });
  assert.equal(client.protocolVersion, '1.4.0');
  assert.equal(client.connectedNodes[0]!.nodeId, '11111111-1111-1111-1111-111111111111');
  assert.deepEqual(await client.cacheNames(), ['a']);
  assert.equal(p.sockets.length, 1);
});

test('before 1.4.0, responses carry a status instead of flags', async () => {
  const p = await startPeer((socket) => {
    socket.onHandshake = (body) => {
      if (body.readInt16LE(3) !== 2) {
        socket.expectHandshake();
        socket.refuseHandshake(1, 2, 0, 'Unsupported version');
        return;
      }
      socket.sendFrame(Buffer.from([1]));
      socket.onRequest = (req) => socket.respondLegacy(req.requestId, cacheNamesPayload(['old']));
    };
  });
  client = await IgniteClient.connect({ nodes: [p.address] });
  assert.equal(client.protocolVersion, '1.2.0');
  assert.equal(client.connectedNodes[0]!.nodeId, undefined);
  assert.deepEqual(await client.cacheNames(), ['old']);
});

test('a server version the client cannot speak is a HandshakeError', async () => {
  const p = await startPeer((socket) => {
    socket.onHandshake = () => socket.refuseHandshake(3, 0, 0, 'Unsupported version: 1.7.0');
  });
  client = new IgniteClient({ nodes: [p.address] });
  await assert.rejects(client.connect(), (err: unknown) => isHandshakeFailure(err, /speaks protocol 3\.0\.0/));
});

test('with several nodes, connect skips the ones that fail and reports all if none answers', async () => {
  const p = await startPeer((socket) => answerNames(socket));
  client = await IgniteClient.connect({ nodes: ['127.0.0.1:1', p.address], connectTimeoutMs: 1000 });
  assert.equal(client.connectedNodes[0]!.port, p.port);
  await client.close();
  client = new IgniteClient({ nodes: ['127.0.0.1:1', '127.0.0.1:2'], connectTimeoutMs: 1000 });
  await assert.rejects(client.connect(), (err: unknown) => err instanceof ReconnectError && /127\.0\.0\.1:1.*127\.0\.0\.1:2/s.test(err.message));
});
