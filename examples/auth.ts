// Authentication: the TypeScript port of pyignite's authentication example (its documentation,
// "Authentication"). Start a node with TLS and authentication (default user ignite/ignite):
//   node scripts/cluster.mjs start --tls --auth
//   IGNITE_NODES=127.0.0.1:10800 node build/examples/auth.js
import { readFileSync } from 'node:fs';
import { AuthenticationError, IgniteClient } from 'ignite-client';

const nodes = (process.env.IGNITE_NODES ?? '127.0.0.1:10800').split(',');
const certs = process.env.IGNITE_CERTS ?? '.cluster/certs';

// pyignite: Client(username='ignite', password='ignite'). Credentials turn TLS on by themselves
// (tls: false would send them in the clear); `ca` verifies the node's certificate.
const tls = { ca: readFileSync(`${certs}/ca.pem`) };

{
  await using client = await IgniteClient.connect({ nodes, username: 'ignite', password: 'ignite', tls });
  const cache = await client.getOrCreateCache<number, string>('auth-example');
  await cache.put(1, 'logged in');
  console.log(await cache.get(1)); // logged in
  await cache.destroy();
}

// A login the cluster refuses fails at once with AuthenticationError (pyignite: HandshakeError).
try {
  await IgniteClient.connect({ nodes, username: 'ignite', password: 'not the password', tls });
} catch (err) {
  if (!(err instanceof AuthenticationError)) throw err;
  console.log(`${err.name} (status ${err.status}): ${err.message.slice(err.message.lastIndexOf(': ') + 2)}`);
}
