import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthenticationError, ConnectionError, HandshakeError, ReconnectError, RequestTimeoutError, CacheError } from '../../../src/errors.js';
import { OpCode, igniteOpName } from '../../../src/protocol/op-codes.js';
import { isReadOnly, isRetryable, retryDecision } from '../../../src/routing/retry.js';

const lost = new ConnectionError('the connection to h:1 was lost');
const context = (opCode: number, attempt = 1) => ({ opCode, opName: igniteOpName(opCode), attempt, error: lost });

test('only a lost connection is worth another node', () => {
  assert.equal(isRetryable(lost), true);
  assert.equal(isRetryable(new HandshakeError('x')), true);
  assert.equal(isRetryable(new ReconnectError('x')), true);
  assert.equal(isRetryable(new AuthenticationError('x')), false, 'every node would refuse the credentials');
  assert.equal(isRetryable(new RequestTimeoutError('x')), false, 'the time is spent');
  assert.equal(isRetryable(new CacheError('x', { status: 1000 })), false, 'the server answered');
  assert.equal(isRetryable(new Error('x')), false);
});

test("'all', 'none' and 'readOnly'", () => {
  assert.equal(retryDecision('all')(context(OpCode.CachePut)), true);
  assert.equal(retryDecision('none')(context(OpCode.CacheGet)), false);
  const readOnly = retryDecision('readOnly');
  assert.equal(readOnly(context(OpCode.CacheGet)), true);
  assert.equal(readOnly(context(OpCode.CacheGetAll)), true);
  assert.equal(readOnly(context(OpCode.QueryScan)), true);
  assert.equal(readOnly(context(OpCode.CachePut)), false);
  assert.equal(readOnly(context(OpCode.CacheGetAndPut)), false);
  assert.equal(readOnly(context(OpCode.QuerySqlFields)), false, 'SQL may be DML');
  assert.equal(isReadOnly(OpCode.CacheRemoveKey), false);
});

test('a function sees the operation and the try', () => {
  const seen: unknown[] = [];
  const decide = retryDecision((ctx) => {
    seen.push([ctx.opName, ctx.attempt, ctx.error.message]);
    return ctx.attempt < 2;
  });
  assert.equal(decide(context(OpCode.CachePut, 1)), true);
  assert.equal(decide(context(OpCode.CachePut, 2)), false);
  assert.deepEqual(seen, [
    ['CACHE_PUT', 1, lost.message],
    ['CACHE_PUT', 2, lost.message],
  ]);
});

test("Ignite's operation names", () => {
  assert.equal(igniteOpName(OpCode.CachePut), 'CACHE_PUT');
  assert.equal(igniteOpName(OpCode.QuerySqlFieldsCursorGetPage), 'QUERY_SQL_FIELDS_CURSOR_GET_PAGE');
  assert.equal(igniteOpName(OpCode.ClusterGroupGetNodeEndpoints), 'CLUSTER_GROUP_GET_NODE_ENDPOINTS');
  assert.equal(igniteOpName(OpCode.GetBinaryType), 'GET_BINARY_TYPE');
  assert.equal(igniteOpName(9999), 'OP_9999');
});
