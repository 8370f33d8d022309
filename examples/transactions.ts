// Transactions: the TypeScript port of pyignite's examples/transactions.py.
// Run it with `npm run build && node build/examples/transactions.js` against a local node
// (`node scripts/cluster.mjs start`).
import { AtomicityMode, IgniteClient, TransactionConcurrency, TransactionError, TransactionIsolation } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await using client = await IgniteClient.connect({ nodes });

// Transactions need a TRANSACTIONAL cache.
const cache = await client.getOrCreateCache<number, string>({ name: 'tx_cache', atomicityMode: AtomicityMode.Transactional });

// Start a transaction and commit it. Operations started in the callback belong to it; it commits
// when the callback returns.
const key = 1;
await client.transaction(
  { isolation: TransactionIsolation.RepeatableRead, concurrency: TransactionConcurrency.Pessimistic },
  async () => {
    await cache.put(key, 'success');
  },
);
console.log(`key=${key} value=${await cache.get(key)}`); // key=1 value=success

// An exception inside the callback rolls the transaction back (and is rethrown).
try {
  await client.transaction({ isolation: TransactionIsolation.RepeatableRead, concurrency: TransactionConcurrency.Pessimistic }, async () => {
    await cache.put(key, 'fail');
    throw new Error('test');
  });
} catch {
  // expected
}
console.log(`key=${key} value=${await cache.get(key)}`); // key=1 value=success

// A transaction that outlives its timeout is rolled back by the server; its commit fails.
try {
  await using tx = await client.txStart({ timeoutMs: 1000, label: 'long-tx' });
  await cache.put(key, 'fail');
  await sleep(2000);
  await tx.commit();
} catch (err) {
  if (!(err instanceof TransactionError)) throw err;
  // Cache transaction timed out: GridNearTxLocal[...timeout=1000, ... label=long-tx]
  console.log(`${err.name}: ${/timed out/.test(err.message) ? 'timed out' : err.message}, label ${/label=long-tx/.test(err.message) ? 'long-tx' : '?'}`);
}
console.log(`key=${key} value=${await cache.get(key)}`); // key=1 value=success

await cache.destroy();
