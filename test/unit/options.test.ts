import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { ParameterError } from '../../src/errors.js';
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
});

test('security options: TLS, credentials, and credentials implying TLS', () => {
  assert.equal(resolveOptions({}).tls, undefined);
  assert.equal(resolveOptions({ tls: false }).tls, undefined);
  assert.ok(resolveOptions({ tls: true }).tls?.secureContext, 'tls: true parses a secure context once');
  assert.equal(resolveOptions({ tls: { rejectUnauthorized: false } }).tls?.rejectUnauthorized, false);
  const login = resolveOptions({ username: 'ignite', password: 'hunter2-secret' });
  assert.ok(login.tls !== undefined, 'credentials imply TLS');
  assert.equal(login.credentials?.username, 'ignite');
  assert.equal(login.credentials?.password, 'hunter2-secret');
  assert.equal(resolveOptions({ username: 'ignite', password: 'x', tls: false }).tls, undefined);
  // The password stays out of inspection and JSON, and so out of anything that logs the options.
  assert.doesNotMatch(inspect(login, { depth: 10 }), /hunter2/);
  assert.doesNotMatch(JSON.stringify(login.credentials), /hunter2/);
  for (const bad of [{ username: 'ignite' }, { password: 'hunter2-secret' }, { username: '', password: 'p' }, { username: 'u', password: 42 }]) {
    assert.throws(() => resolveOptions(bad as never), (e: unknown) => e instanceof ParameterError && !/hunter2/.test(e.message));
  }
  assert.throws(() => resolveOptions({ tls: 'yes' as never }), ParameterError);
  assert.throws(() => resolveOptions({ tls: { host: 'example.org' } as never }), /tls\.host is set by the client/);
  assert.throws(() => resolveOptions({ tls: { ca: '/etc/ssl/ca.pem' } }), (e: unknown) => e instanceof ParameterError && /tls\.ca must be PEM text.*not its path/.test(e.message));
  const junk = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
  assert.throws(() => resolveOptions({ tls: { cert: junk, key: junk } }), (e: unknown) => e instanceof ParameterError && /tls options cannot be used/.test(e.message));
});
