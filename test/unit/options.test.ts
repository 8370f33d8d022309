import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotSupportedError, ParameterError } from '../../src/errors.js';
import { resolveOptions } from '../../src/options.js';
import { parseEndpoint } from '../../src/routing/endpoint.js';

test('node addresses in every accepted form', () => {
  assert.deepEqual(parseEndpoint('10.0.0.2:10801', 'n'), { host: '10.0.0.2', port: 10801 });
  assert.deepEqual(parseEndpoint('example.org', 'n'), { host: 'example.org', port: 10800 });
  assert.deepEqual(parseEndpoint('[::1]:10805', 'n'), { host: '::1', port: 10805 });
  assert.deepEqual(parseEndpoint('::1', 'n'), { host: '::1', port: 10800 });
  assert.deepEqual(parseEndpoint({ host: 'h' }, 'n'), { host: 'h', port: 10800 });
  assert.deepEqual(parseEndpoint({ host: 'h', port: 1 }, 'n'), { host: 'h', port: 1 });
});

test('bad node addresses name the offending entry', () => {
  assert.throws(() => resolveOptions({ nodes: ['127.0.0.1:10800', 'h:70000'] }), /nodes\[1\]: port 70000/);
  assert.throws(() => resolveOptions({ nodes: ['h:x'] }), ParameterError);
  assert.throws(() => resolveOptions({ nodes: [] }), ParameterError);
  assert.throws(() => resolveOptions({ nodes: [{ host: '' }] }), ParameterError);
});

test('defaults', () => {
  const resolved = resolveOptions({});
  assert.deepEqual(resolved.endpoints, [{ host: '127.0.0.1', port: 10800 }]);
  assert.equal(resolved.connectTimeoutMs, 10_000);
  assert.equal(resolved.requestTimeoutMs, 0);
  assert.equal(resolved.longAsBigInt, false);
});

test('durations must be whole, non-negative milliseconds', () => {
  assert.throws(() => resolveOptions({ requestTimeoutMs: -1 }), /requestTimeoutMs/);
  assert.throws(() => resolveOptions({ connectTimeoutMs: 1.5 }), /connectTimeoutMs/);
});

test('a misspelt option is refused; one from a later release says so', () => {
  assert.throws(() => resolveOptions({ requestTimeout: 5 } as never), (e: unknown) => e instanceof ParameterError && /unknown option "requestTimeout"/.test(e.message));
  assert.throws(() => resolveOptions({ tls: true } as never), NotSupportedError);
});

test('cluster options: defaults, accepted values, and refusals', () => {
  const resolved = resolveOptions({});
  assert.equal(resolved.partitionAware, true);
  assert.equal(resolved.discoverNodes, true);
  assert.equal(resolved.retryPolicy, 'all');
  assert.equal(resolved.retryLimit, 0);
  assert.deepEqual(resolved.reconnect, { initialDelayMs: 100, maxDelayMs: 30_000 });
  assert.equal(resolved.heartbeatIntervalMs, 30_000);
  // Options that describe what the client does are accepted, not refused.
  assert.doesNotThrow(() => resolveOptions({ partitionAware: false, tls: false, heartbeatIntervalMs: 0 }));
  assert.deepEqual(resolveOptions({ reconnect: { initialDelayMs: 10 } }).reconnect, { initialDelayMs: 10, maxDelayMs: 30_000 });
  assert.throws(() => resolveOptions({ retryPolicy: 'sometimes' as never }), ParameterError);
  assert.throws(() => resolveOptions({ retryLimit: -1 }), ParameterError);
  assert.throws(() => resolveOptions({ reconnect: { initialDelayMs: 500, maxDelayMs: 100 } }), /must not be below/);
  assert.throws(() => resolveOptions({ reconnect: { initalDelayMs: 5 } as never }), /unknown option "reconnect.initalDelayMs"/);
  assert.throws(() => resolveOptions({ partitionAware: 'yes' as never }), ParameterError);
  assert.throws(() => resolveOptions({ listeners: [{ onQueryStart: 'x' }] as never }), /listeners\[0\]\.onQueryStart must be a function/);
  assert.throws(() => resolveOptions({ logger: console.log as never }), ParameterError);
  assert.throws(() => resolveOptions({ username: 'ignite' } as never), NotSupportedError);
});
