import { type AffinityTypes, affinityHash } from './binary/affinity-hash.js';
import { fieldIdOf } from './binary/binary-type.js';
import type { TypeHint } from './binary/hints.js';
import { BinaryWriter } from './binary/writer.js';
import type { BinaryTypes } from './binary-types.js';
import { writeKey } from './protocol/cache-ops.js';
import type { KeyHasher } from './routing/affinity.js';

/**
 * The key hasher partition awareness routes by: the key is encoded as its request will carry it
 * (same hints, same inference), and the hash computed from those bytes as the server would.
 * Numbers and strings cost a few bytes of scratch encoding; a complex key is encoded twice.
 */
export function keyHasher(binary: BinaryTypes): KeyHasher {
  const scratch = new BinaryWriter(256);
  const { registry } = binary;
  const affinityFields = new Map<number, number | undefined>();
  const types: AffinityTypes = {
    schema: (typeId, schemaId) => registry.schema(typeId, schemaId),
    affinityFieldId(typeId) {
      if (affinityFields.has(typeId)) return affinityFields.get(typeId);
      const name = registry.info(typeId)?.affinityKeyFieldName ?? registry.descriptor(typeId)?.affinityKeyFieldName ?? null;
      const fieldId = name === null ? undefined : fieldIdOf(name);
      // Only an answer from metadata is final: a type not known yet may be learnt later.
      if (name !== null || registry.info(typeId) !== undefined) affinityFields.set(typeId, fieldId);
      return fieldId;
    },
  };
  return (key: unknown, hint: TypeHint | undefined, keyFields: ReadonlyMap<number, number> | undefined) => {
    scratch.position = 0;
    try {
      writeKey(scratch, key, 'key', hint, binary);
    } catch {
      // The request's own encoding will fail with the proper error; routing has no opinion.
      return undefined;
    }
    return affinityHash(scratch.buffer, keyFields, types);
  };
}
