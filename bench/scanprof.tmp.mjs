import { IgniteClient } from 'ignite-client';
const client = await IgniteClient.connect({ nodes: ['127.0.0.1:10820'] });
const cache = client.cache('bench');
for (let i = 0; i < 30; i++) {
  const t0 = performance.now(); let n = 0;
  for await (const e of cache.scan({ pageSize: 1024 })) if (e) n++;
  if (i % 5 == 4) console.log(n, (performance.now() - t0).toFixed(1));
}
await client.close();
