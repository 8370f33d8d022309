import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectiveHeartbeatInterval, Heartbeat, type HeartbeatHost, MAX_PROBE_MS, probeTimeout } from '../../../src/connection/heartbeat.js';
import type { RequestSink } from '../../../src/protocol/request.js';

test('the interval: the configured one, capped at a third of a positive idle timeout, not below 500 ms', () => {
  // TcpClientChannel.getHeartbeatInterval: min(configured, max(MIN_RECOMMENDED_HEARTBEAT_INTERVAL, idleTimeout / 3)).
  assert.equal(effectiveHeartbeatInterval(0, 30_000), 0, 'off stays off');
  assert.equal(effectiveHeartbeatInterval(30_000, undefined), 30_000, 'idle timeout unknown');
  assert.equal(effectiveHeartbeatInterval(30_000, 0), 30_000, '0 = the server never closes idle connections');
  assert.equal(effectiveHeartbeatInterval(30_000, -1), 30_000);
  assert.equal(effectiveHeartbeatInterval(30_000, 9_000), 3_000);
  assert.equal(effectiveHeartbeatInterval(2_000, 9_000), 2_000, 'a shorter configured interval wins');
  assert.equal(effectiveHeartbeatInterval(30_000, 600), 500, 'not below 500 ms');
  assert.equal(effectiveHeartbeatInterval(200, 600), 200, 'unless configured lower');
  assert.equal(effectiveHeartbeatInterval(30_000, 1000), 500);
  assert.equal(effectiveHeartbeatInterval(30_000, 1001), 500);
  assert.equal(effectiveHeartbeatInterval(30_000, 1502), 500);
  assert.equal(effectiveHeartbeatInterval(30_000, 1503), 501);
});

test('a liveness probe waits the heartbeat interval, at most 5 s', () => {
  assert.equal(MAX_PROBE_MS, 5000);
  assert.equal(probeTimeout(0), 5000);
  assert.equal(probeTimeout(300), 300);
  assert.equal(probeTimeout(30_000), 5000);
});

/** A host whose clock and traffic the test drives; heartbeats are answered by hand. */
class TestHost implements HeartbeatHost {
  lastWriteAt = Date.now();
  receivedChunks = 0;
  sent: RequestSink[] = [];
  lost: number[] = [];
  sendHeartbeat(sink: RequestSink): void {
    this.sent.push(sink);
    this.lastWriteAt = Date.now();
  }
  heartbeatLost(timeoutMs: number): void {
    this.lost.push(timeoutMs);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a heartbeat goes out only after the interval without writes, and one answered keeps it going', async () => {
  const host = new TestHost();
  const heartbeat = new Heartbeat(host, 100);
  heartbeat.start();
  // Writes every 40 ms: never idle for 100 ms, so no heartbeat.
  for (let i = 0; i < 5; i++) {
    await sleep(40);
    host.lastWriteAt = Date.now();
  }
  assert.equal(host.sent.length, 0);
  await sleep(150);
  assert.equal(host.sent.length, 1);
  assert.equal(heartbeat.outstanding, true);
  host.sent[0]!.resolve(undefined);
  assert.equal(heartbeat.outstanding, false);
  await sleep(130);
  assert.equal(host.sent.length, 2);
  host.sent[1]!.reject(new Error('status 2: unsupported operation'));
  assert.equal(heartbeat.outstanding, false, 'an error answer is an answer');
  heartbeat.stop();
  await sleep(150);
  assert.equal(host.sent.length, 2, 'nothing after stop()');
  assert.deepEqual(host.lost, []);
});

test('an unanswered heartbeat is lost after the interval, unless something else arrived meanwhile', async () => {
  const host = new TestHost();
  const heartbeat = new Heartbeat(host, 80);
  heartbeat.start();
  await sleep(100);
  assert.equal(host.sent.length, 1);
  // Something arrives (the node answers older requests): alive, the wait starts over.
  host.receivedChunks++;
  await sleep(80);
  assert.deepEqual(host.lost, []);
  await sleep(100);
  assert.deepEqual(host.lost, [80]);
  heartbeat.stop();
});

test('a probe sends at once and waits probeTimeout(interval); a second probe while one is out sends nothing', async () => {
  const host = new TestHost();
  const heartbeat = new Heartbeat(host, 0);
  heartbeat.start();
  await sleep(20);
  assert.equal(host.sent.length, 0, 'no keep-alive heartbeats with interval 0');
  heartbeat.probe();
  heartbeat.probe();
  assert.equal(host.sent.length, 1);
  host.sent[0]!.resolve(undefined);
  assert.equal(heartbeat.outstanding, false);
  await sleep(20);
  assert.equal(host.sent.length, 1, 'interval 0: no heartbeat after the answer either');
  heartbeat.stop();
  heartbeat.probe();
  assert.equal(host.sent.length, 1, 'no probe after stop()');
});
