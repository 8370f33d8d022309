// Raw access to what the server stores, to prove which Ignite type a value was written as.
import { writeValue } from '../../src/binary/values.js';
import { cacheId } from '../../src/binary/hash.js';
import { Connection } from '../../src/connection/connection.js';
import { FeatureSet } from '../../src/protocol/features.js';
import { OpCode } from '../../src/protocol/op-codes.js';

export async function openRawConnection(address: string): Promise<Connection> {
  const [host, port] = address.split(':');
  return Connection.open({
    host: host!,
    port: Number(port),
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 10_000,
    maxFrameBytes: 1 << 30,
    features: FeatureSet.EMPTY,
  });
}

/** The stored value's bytes (type code first) as hex, for a key written with the default mapping or a hint. */
export function rawGet(connection: Connection, cacheName: string, key: unknown): Promise<string> {
  return connection.request(
    OpCode.CacheGet,
    (w) => {
      w.writeI32(cacheId(cacheName));
      w.writeI8(0);
      writeValue(w, key, 'key');
    },
    (r) => r.readView(r.remaining).toString('hex'),
  );
}
