// Raw access to what the server stores, to prove which Ignite type a value was written as.
import { fieldIdOf, typeIdOf } from '../../src/binary/binary-type.js';
import { genericDescriptor } from '../../src/binary/complex.js';
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

/** Puts a value as written by the default mapping, without registering any type metadata. */
export function rawPut(connection: Connection, cacheName: string, key: unknown, value: unknown): Promise<void> {
  return connection.request(OpCode.CachePut, (w) => {
    w.writeI32(cacheId(cacheName));
    w.writeI8(0);
    writeValue(w, key, 'key');
    writeValue(w, value, 'value');
  });
}

/**
 * An object of a type neither the cluster nor this process knows (not declared with complexType):
 * written with rawPut, it is stored with a full footer and no metadata anywhere.
 */
export function unknownTypeObject(typeName: string, fields: Record<string, { typeCode: number; value: unknown }>): { typeId: number; value: object } {
  const descriptor = genericDescriptor({
    typeId: typeIdOf(typeName),
    typeName,
    affinityKeyFieldName: null,
    fields: Object.entries(fields).map(([name, f]) => ({ name, typeCode: f.typeCode, fieldId: fieldIdOf(name) })),
    schemas: new Map(),
    isEnum: false,
    enumValues: new Map(),
  });
  const value = descriptor.create() as Record<string, unknown>;
  for (const [name, f] of Object.entries(fields)) value[name] = f.value;
  return { typeId: descriptor.typeId, value };
}
