import assert from 'node:assert/strict';
import diagnostics from 'node:diagnostics_channel';
import { test } from 'node:test';
import { checkListeners, checkLogger, DiagnosticsChannel, Monitor } from '../../src/events.js';

const start = { host: 'h', port: 1, nodeId: undefined, queryId: 7, opCode: 1000, opName: 'CACHE_GET' };

test('events reach every listener in order; a throwing one is logged and the rest still run', () => {
  const seen: string[] = [];
  const warnings: string[] = [];
  const monitor = new Monitor(
    [
      { onQueryStart: (e) => seen.push(`a:${e.queryId}`) },
      {
        onQueryStart: () => {
          throw new Error('listener bug');
        },
      },
      { onQueryStart: (e) => seen.push(`c:${e.opName}`) },
    ],
    { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} },
  );
  monitor.emit('onQueryStart', start);
  assert.deepEqual(seen, ['a:7', 'c:CACHE_GET']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /onQueryStart threw, ignored: listener bug/);
});

test('observesQueries is false for a client nobody watches, true with a query listener or a channel subscriber', () => {
  assert.equal(new Monitor([{ onHandshakeStart() {} }], undefined).observesQueries, false);
  assert.equal(new Monitor([{ onQueryFail() {} }], undefined).observesQueries, true);
  const monitor = new Monitor([], undefined);
  const received: unknown[] = [];
  const subscriber = (message: unknown) => received.push(message);
  diagnostics.subscribe(DiagnosticsChannel.QuerySuccess, subscriber);
  try {
    assert.equal(monitor.observesQueries, true);
    monitor.emit('onQuerySuccess', { ...start, durationMs: 1 });
    assert.deepEqual(received, [{ ...start, durationMs: 1 }]);
  } finally {
    diagnostics.unsubscribe(DiagnosticsChannel.QuerySuccess, subscriber);
  }
  assert.equal(monitor.observesQueries, false);
});

test('a throwing logger cannot break delivery either', () => {
  const monitor = new Monitor(
    [
      {
        onConnectionLost: () => {
          throw new Error('x');
        },
      },
    ],
    {
      debug() {},
      info() {},
      warn: () => {
        throw new Error('logger bug');
      },
      error() {},
    },
  );
  assert.doesNotThrow(() => monitor.emit('onConnectionLost', { host: 'h', port: 1, nodeId: undefined, errorMessage: 'm', error: new Error('m') }));
});

test('listener and logger options are checked', () => {
  assert.equal(typeof checkListeners([{ onQueryStart: 1 }]), 'string');
  assert.equal(typeof checkListeners({}), 'string');
  assert.deepEqual(checkListeners(undefined), []);
  assert.equal(typeof checkLogger({ info() {} }), 'string');
  const lines: string[] = [];
  const pinoLike = {
    prefix: '>',
    debug(this: { prefix: string }, m: string) { lines.push(`${this.prefix}${m}`); },
    info() {}, warn() {}, error() {},
  };
  const logger = checkLogger(pinoLike);
  assert.ok(typeof logger === 'object');
  logger!.debug('x');
  assert.deepEqual(lines, ['>x'], 'methods keep their this');
});
