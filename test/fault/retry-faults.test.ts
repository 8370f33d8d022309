// Retries and failover between two scripted peers: which calls are sent again, where, how often,
// and what the monitoring events say about each try. The real-cluster counterpart is
// test/cluster/failover.test.ts.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ConnectionError, IgniteClient, type IgniteClientOptions, ReconnectError, RequestTimeoutError } from '../../src/index.js';
import type { ClientListener, QueryFailEvent, QueryStartEvent, QuerySuccessEvent } from '../../src/events.js';
import { OpCode } from '../../src/protocol/op-codes.js';
import { cacheNamesPayload, FakePeer, type PeerSocket } from '../support/fake-peer.js';
import { assertPromptly } from '../support/timing.js';

const peers: FakePeer[] = [];
let client: IgniteClient | undefined;

afterEach(async () => {
  await client?.close();
  await Promise.all(peers.map((p) => p.stop()));
  client = undefined;
  peers.length = 0;
});

async function peer(script: (socket: PeerSocket, index: number) => void): Promise<FakePeer> {
  const p = await FakePeer.start(script);
  peers.push(p);
  return p;
}

const answerNames = (names: string[]) => (socket: PeerSocket): void => {
  socket.onRequest = (req) => {
    if (req.opCode === OpCode.CacheGetNames) socket.respond(req.requestId, cacheNamesPayload(names));
  };
};

/** A peer whose first connection takes requests and never answers them; later ones answer. */
const silentThenAnswering = (names: string[]) => (socket: PeerSocket, index: number): void => {
  if (index > 0) answerNames(names)(socket);
};

interface Recorded {
  starts: QueryStartEvent[];
  successes: QuerySuccessEvent[];
  failures: QueryFailEvent[];
  listener: ClientListener;
}

function recorder(): Recorded {
  const r: Recorded = { starts: [], successes: [], failures: [], listener: {} };
  r.listener = {
    onQueryStart: (e) => r.starts.push(e),
    onQuerySuccess: (e) => r.successes.push(e),
    onQueryFail: (e) => r.failures.push(e),
  };
  return r;
}

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function connect(options: IgniteClientOptions): Promise<IgniteClient> {
  client = await IgniteClient.connect({ heartbeatIntervalMs: 0, ...options });
  return client;
}

test("a lost connection: every pending call is sent again to the other node ('all'), each try its own start and end event", async () => {
  const a = await peer(silentThenAnswering(['from-a']));
  const b = await peer(answerNames(['from-b']));
  const events = recorder();
  const logged: string[] = [];
  const log = (level: string) => (m: string) => logged.push(`${level} ${m}`);
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const c = await connect({ nodes: [a.address, b.address], listeners: [events.listener], logger });
  await waitFor(() => c.connectedNodes.length === 2);
  const calls = Array.from({ length: 20 }, () => c.cacheNames());
  await waitFor(() => (a.sockets[0]?.requests.length ?? 0) === 20);
  a.sockets[0]!.socket.destroy();
  const results = await Promise.all(calls);
  for (const names of results) assert.deepEqual(names, ['from-b']);
  // 20 first tries on a, 20 second tries on b.
  assert.equal(events.starts.length, 40);
  assert.equal(events.failures.length, 20);
  assert.equal(events.successes.length, 20);
  for (const f of events.failures) {
    assert.equal(f.port, Number(a.address.split(':')[1]));
    assert.equal(f.opName, 'CACHE_GET_NAMES');
    assert.ok(f.error instanceof ConnectionError);
    assert.ok(f.durationMs >= 0);
  }
  for (const s of events.successes) assert.equal(s.port, Number(b.address.split(':')[1]));
  const started = new Set(events.starts.map((e) => `${e.port}/${e.queryId}`));
  assert.equal(started.size, 40, 'every try has its own request id');
  assert.ok(logged.some((l) => l.startsWith('info ignite-client: connected to')), logged.join('\n'));
  assert.ok(logged.some((l) => l.startsWith('warn ignite-client: lost the connection to')), logged.join('\n'));
  assert.ok(logged.some((l) => /^info ignite-client: CACHE_GET_NAMES lost its connection .* sending it again/.test(l)), logged.join('\n'));
});

test("'none' fails the pending calls with ConnectionError whose cause is the socket's fate", async () => {
  const a = await peer(silentThenAnswering(['a']));
  const b = await peer(answerNames(['b']));
  const c = await connect({ nodes: [a.address, b.address], retryPolicy: 'none' });
  const calls = Array.from({ length: 5 }, () => c.cacheNames());
  for (const call of calls) call.catch(() => {});
  await waitFor(() => (a.sockets[0]?.requests.length ?? 0) === 5);
  a.sockets[0]!.socket.destroy();
  for (const result of await Promise.allSettled(calls)) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof ConnectionError && /was lost/.test(result.reason.message), String(result.reason));
  }
  // The client goes on with the node that is left.
  assert.deepEqual(await c.cacheNames(), ['b']);
});

test('a custom policy is asked with the operation and the try; retryLimit caps the tries', async () => {
  // Three peers whose first connections all swallow requests and then drop.
  const swallow = await Promise.all([0, 1, 2].map(() => peer(silentThenAnswering(['late']))));
  const asked: Array<[string, number]> = [];
  const c = await connect({
    nodes: swallow.map((p) => p.address),
    retryLimit: 1,
    retryPolicy: (ctx) => {
      asked.push([ctx.opName, ctx.attempt]);
      return true;
    },
  });
  await waitFor(() => c.connectedNodes.length === 3);
  const call = c.cacheNames();
  call.catch(() => {});
  // Whichever node gets a try has its connection dropped under it.
  const dropped = new Set<PeerSocket>();
  for (let i = 0; i < 2; i++) {
    await waitFor(() => swallow.some((p) => p.sockets.some((s) => !dropped.has(s) && s.requests.length > 0)));
    const socket = swallow.flatMap((p) => p.sockets).find((s) => !dropped.has(s) && s.requests.length > 0)!;
    dropped.add(socket);
    socket.socket.destroy();
  }
  await assert.rejects(call, (err: unknown) => err instanceof ConnectionError && /was lost/.test(err.message));
  assert.deepEqual(asked, [['CACHE_GET_NAMES', 1]], 'one retry allowed: the policy is asked once, the second loss ends it');
});

test('every node gone: the call fails with ReconnectError at once, not a hang; requestTimeoutMs bounds a wait', async () => {
  const a = await peer(answerNames(['a']));
  const c = await connect({ nodes: [a.address], reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
  assert.deepEqual(await c.cacheNames(), ['a']);
  await a.stop();
  peers.length = 0;
  const started = Date.now();
  await assert.rejects(c.cacheNames(), (err: unknown) => err instanceof ReconnectError && /no node could be reached/.test(err.message));
  assertPromptly(Date.now() - started, 0, 'ReconnectError at once');
  await c.close();

  // A node that accepts TCP and never finishes the handshake: the wait ends at requestTimeoutMs.
  const mute = await peer((socket, index) => {
    if (index > 0) socket.onHandshake = () => {};
    else answerNames(['m'])(socket);
  });
  const d = await connect({ nodes: [mute.address], requestTimeoutMs: 300, connectTimeoutMs: 5000 });
  mute.sockets[0]!.socket.destroy();
  await waitFor(() => d.connectedNodes.length === 0);
  const t0 = Date.now();
  await assert.rejects(d.cacheNames(), RequestTimeoutError);
  const waited = Date.now() - t0;
  assert.ok(waited >= 250, `waited ${waited} ms, not less than requestTimeoutMs`);
  assertPromptly(waited, 300, 'the wait ended at requestTimeoutMs');
  // close() ends the handshake still waiting (connectTimeoutMs 5 s) at once, leaving no socket.
  const closing = Date.now();
  await d.close();
  assertPromptly(Date.now() - closing, 0, 'close() ended the handshake at once');
});

test('a throwing listener never breaks an operation', async () => {
  const a = await peer(answerNames(['ok']));
  const boom = () => {
    throw new Error('listener bug');
  };
  const c = await connect({
    nodes: [a.address],
    listeners: [{ onQueryStart: boom, onQuerySuccess: boom, onHandshakeStart: boom, onHandshakeSuccess: boom }],
  });
  assert.deepEqual(await c.cacheNames(), ['ok']);
});

test("a connect() whose follow-up request fails closes its sockets, and the next connect() starts afresh", async () => {
  // Features with bit 8 (BinaryConfiguration): connect() then asks for the binary configuration (3004).
  const handshakeWithBinaryConfiguration = Buffer.concat([Buffer.from([1, 12, 2, 0, 0, 0, 0x00, 0x01]), Buffer.from('0a' + '11'.repeat(16), 'hex')]);
  const a = await peer((socket, index) => {
    socket.onHandshake = () => socket.sendFrame(handshakeWithBinaryConfiguration);
    socket.onRequest = (req) => {
      if (req.opCode !== OpCode.GetBinaryConfiguration) return;
      if (index === 0) {
        // A server error (status 1): not retried, so connect() fails with it.
        const message = Buffer.from('configuration unavailable');
        const body = Buffer.alloc(8 + 2 + 4 + 5 + message.length);
        body.writeBigInt64LE(req.requestId, 0);
        body.writeInt16LE(1, 8);
        body.writeInt32LE(1, 10);
        body.writeInt8(9, 14);
        body.writeInt32LE(message.length, 15);
        message.copy(body, 19);
        socket.sendFrame(body);
      } else {
        // compactFooter true, name mapper 0
        const body = Buffer.alloc(8 + 2 + 2);
        body.writeBigInt64LE(req.requestId, 0);
        body.writeInt16LE(0, 8);
        body.writeInt8(1, 10);
        body.writeInt8(0, 11);
        socket.sendFrame(body);
      }
    };
  });
  const c = new IgniteClient({ nodes: [a.address], heartbeatIntervalMs: 0 });
  client = c;
  await assert.rejects(c.connect(), /configuration unavailable/);
  await waitFor(() => a.sockets[0]!.socket.destroyed || a.sockets[0]!.socket.readableEnded);
  assert.deepEqual(c.connectedNodes, []);
  await c.connect();
  assert.equal(c.connectedNodes.length, 1);
  assert.equal(a.sockets.length, 2);
});

test('an unreachable node is tried again with backoff, never in a tight loop, and never after close()', async () => {
  const gone = await peer(() => {});
  const deadAddress = gone.address;
  await gone.stop();
  const alive = await peer(answerNames(['x']));
  const attempts: number[] = [];
  const deadPort = Number(deadAddress.split(':')[1]);
  const c = await connect({
    nodes: [deadAddress, alive.address],
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    listeners: [{ onHandshakeStart: (e) => e.port === deadPort && attempts.push(Date.now()) }],
  });
  assert.deepEqual(await c.cacheNames(), ['x']);
  await new Promise((r) => setTimeout(r, 1500));
  // 20, 40, 80, 160, then 200 ms steps (each at least half its step): about 10 in 1.5 s.
  assert.ok(attempts.length >= 4 && attempts.length <= 20, `${attempts.length} attempts in 1.5 s`);
  const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
  assert.ok(gaps.slice(3).every((g) => g >= 80), `gaps ${gaps.join(', ')}`);
  await c.close();
  const atClose = attempts.length;
  await new Promise((r) => setTimeout(r, 600));
  assert.equal(attempts.length, atClose, 'no attempt after close()');
});
