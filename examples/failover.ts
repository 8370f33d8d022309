// Failover: the TypeScript port of pyignite's examples/failover.py.
// Start three nodes (`node scripts/cluster.mjs start --nodes 3`), run this, and stop and restart
// nodes while it runs: the loop goes on. Where pyignite surfaces every broken connection to the
// loop, this client sends the interrupted operation again to another node (retryPolicy 'all'),
// so the loop mostly sees nothing; what it would see is printed as pyignite prints it.
import { CacheMode, ConnectionError, IgniteClient } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800,127.0.0.1:10801,127.0.0.1:10802').split(',');
// How long the loop runs; pyignite's runs until it is interrupted.
const runMs = Number(process.env.FAILOVER_RUN_MS ?? 10_000);

await using client = await IgniteClient.connect({
  nodes,
  requestTimeoutMs: 4_000, // pyignite: timeout=4.0
  listeners: [
    {
      onConnectionLost: (e) => console.log(`Connection to ${e.host}:${e.port} lost: ${e.errorMessage}`),
      onHandshakeSuccess: (e) => console.log(`Connected to ${e.host}:${e.port}`),
    },
  ],
});
console.log('Connected');

const myCache = await client.getOrCreateCache<string, number>({
  name: 'my_cache',
  cacheMode: CacheMode.Partitioned,
  backups: 2,
});
await myCache.put('test_key', 0);
let testValue = 0;
let increments = 0;

// The abstract main loop.
const end = Date.now() + runMs;
while (Date.now() < end) {
  try {
    // Do the work.
    testValue = (await myCache.get('test_key')) ?? 0;
    await myCache.put('test_key', testValue + 1);
    increments++;
  } catch (e) {
    if (!(e instanceof ConnectionError)) throw e;
    // Recover from the error (repeat the last command, check data consistency or just go on:
    // it depends on the task).
    console.log(`Error: ${e.message}`);
    console.log(`Last value: ${testValue}`);
    console.log('Reconnecting');
  }
}

const finalValue = await myCache.get('test_key');
console.log(`Increments: ${increments}, final value: ${finalValue}`);
await myCache.destroy();
