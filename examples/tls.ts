// TLS: the TypeScript port of pyignite's SSL/TLS examples (its documentation, "SSL/TLS").
// Start a node with TLS on its thin-client port and the project's test certificates, then run it:
//   node scripts/cluster.mjs start --mtls        (--tls: no client certificate required)
//   IGNITE_NODES=127.0.0.1:10800 node build/examples/tls.js
import { readFileSync } from 'node:fs';
import { IgniteClient } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');
const certs = process.env.IGNITE_CERTS ?? '.cluster/certs';

// pyignite: Client(use_ssl=True, ssl_ca_certfile=..., ssl_cert_reqs=ssl.CERT_REQUIRED,
//                  ssl_keyfile=..., ssl_certfile=...)
// Node verifies the server's certificate by default: `ca` is the CA that signed it. `cert` and
// `key` are the client's own certificate, for nodes that require one (sslClientAuth).
const tls = {
  ca: readFileSync(`${certs}/ca.pem`),
  cert: readFileSync(`${certs}/client.pem`),
  key: readFileSync(`${certs}/client.key`),
};

{
  await using client = await IgniteClient.connect({ nodes, tls });
  const cache = await client.getOrCreateCache<string, string>('tls-example');
  await cache.put('greeting', 'hello over TLS');
  console.log(await cache.get('greeting')); // hello over TLS
  await cache.destroy();
}

// pyignite: Client(use_ssl=True) encrypts without checking who answers. Here that has to be
// said: rejectUnauthorized: false (fine for a test node, not for production).
{
  await using client = await IgniteClient.connect({ nodes, tls: { ...tls, ca: undefined, rejectUnauthorized: false } });
  console.log(`encrypted, server not verified: protocol ${client.protocolVersion}`); // ... protocol 1.7.0
}
