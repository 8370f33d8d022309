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
