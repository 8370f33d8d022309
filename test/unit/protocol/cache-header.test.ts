// The cache operation header with an expiry policy and a transaction, byte for byte as the Java
// client's TcpClientCache.writeCacheInfo writes it: i32 cacheId, i8 flags, [3 x i64 expiry],
// [i32 txId] (reference §3.2); and TX_START's body (TcpClientTransactions.txStart).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { Cache, type CacheContext } from '../../../src/cache.js';
import { NotSupportedByClusterError } from '../../../src/errors.js';
import { FeatureSet } from '../../../src/protocol/features.js';
import type { ConnectionContext, Encoder } from '../../../src/protocol/request.js';
import { V1_5_0, V1_7_0 } from '../../../src/protocol/versions.js';
import { type Transaction, TransactionConcurrency, TransactionIsolation, TransactionManager } from '../../../src/transaction.js';

interface Captured {
  opCode: number;
  encode: Encoder;
  via: 'router' | 'transaction';
}

function capturingCache(tx: { id: number } | undefined): { cache: Cache<string, number>; captured: Captured[] } {
  const captured: Captured[] = [];
  const fakeTx = tx && {
    id: tx.id,
    request: (opCode: number, encode: Encoder) => {
      captured.push({ opCode, encode, via: 'transaction' });
      return Promise.resolve(undefined);
    },
  };
  const context = {
    request: (opCode: number, encode: Encoder) => {
      captured.push({ opCode, encode, via: 'router' });
      return Promise.resolve(undefined);
    },
    currentTransaction: () => fakeTx as unknown as Transaction | undefined,
    readOptions: { longAsBigInt: false },
    binary: { registry: {} },
  } as unknown as CacheContext;
  return { cache: new Cache<string, number>(context, 'c'), captured };
}

const at = (protocolVersion = V1_7_0): ConnectionContext => ({ protocolVersion, features: FeatureSet.EMPTY });

function bytes(encode: Encoder, connection = at()): string {
  const w = new BinaryWriter(64);
  encode(w, connection);
  return Buffer.from(w.view()).toString('hex');
}

// 'c'.hashCode() = 99; key 'k' as a String: type 9, length 1, 0x6b.
const CACHE_ID = '63000000';
const KEY = '09010000006b';
const i64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(n);
  return b.toString('hex');
};

test('no policy, no transaction: cacheId, flags 0', async () => {
  const { cache, captured } = capturingCache(undefined);
  await cache.get('k');
  assert.equal(captured[0]!.via, 'router');
  assert.equal(bytes(captured[0]!.encode), CACHE_ID + '00' + KEY);
});

test('an expiry policy: flag 0x04 and create, update, access as i64 (-2 unchanged, -1 eternal)', async () => {
  const { cache, captured } = capturingCache(undefined);
  await cache.withExpiryPolicy({ createMs: 1000, accessMs: -1 }).get('k');
  assert.equal(bytes(captured[0]!.encode), CACHE_ID + '04' + i64(1000n) + i64(-2n) + i64(-1n) + KEY);
  // Keep-binary as well: flags 0x05.
  await cache.withExpiryPolicy({ updateMs: 5n }).withKeepBinary().get('k');
  assert.equal(bytes(captured[1]!.encode), CACHE_ID + '05' + i64(-2n) + i64(5n) + i64(-2n) + KEY);
});

test('in a transaction: flag 0x02 and the txId after the expiry block, sent through the transaction', async () => {
  const { cache, captured } = capturingCache({ id: 7 });
  await cache.get('k');
  assert.equal(captured[0]!.via, 'transaction');
  assert.equal(bytes(captured[0]!.encode), CACHE_ID + '02' + '07000000' + KEY);
  await cache.withExpiryPolicy({ createMs: 10 }).get('k');
  assert.equal(bytes(captured[1]!.encode), CACHE_ID + '06' + i64(10n) + i64(-2n) + i64(-2n) + '07000000' + KEY);
  await cache.getAll(['k']);
  assert.equal(captured[2]!.via, 'transaction');
  assert.equal(bytes(captured[2]!.encode), CACHE_ID + '02' + '07000000' + '01000000' + KEY);
});

test('clear, removeAll and size never carry the transaction (Ignite runs them outside it, as the Java client sends them)', async () => {
  const { cache, captured } = capturingCache({ id: 7 });
  await cache.clear();
  await cache.removeAll();
  await cache.size();
  assert.deepEqual(captured.map((c) => c.via), ['router', 'router', 'router']);
  assert.equal(bytes(captured[0]!.encode), CACHE_ID + '00');
});

test('an expiry policy below protocol 1.6.0 fails the encoding with NotSupportedByClusterError', async () => {
  const { cache, captured } = capturingCache(undefined);
  await cache.withExpiryPolicy({ createMs: 1 }).get('k');
  assert.throws(() => bytes(captured[0]!.encode, at(V1_5_0)), NotSupportedByClusterError);
});

test('TX_START: i8 concurrency, i8 isolation, i64 timeout, label as a string (null when absent)', async () => {
  const sent: Encoder[] = [];
  const host = {
    requestPinned: (_opCode: number, encode?: Encoder) => {
      sent.push(encode!);
      return new Promise(() => undefined); // never answered: only the request matters here
    },
  } as never;
  void new TransactionManager(host).run({ concurrency: TransactionConcurrency.Optimistic, isolation: TransactionIsolation.Serializable, timeoutMs: 5000, label: 'L' }, () => undefined);
  void new TransactionManager(host).run({}, () => undefined);
  assert.equal(bytes(sent[0]!), '00' + '02' + i64(5000n) + '09010000004c');
  // pyignite's and Java's defaults: PESSIMISTIC, REPEATABLE_READ, no timeout, no label (type 101, null).
  assert.equal(bytes(sent[1]!), '01' + '01' + i64(0n) + '65');
});
