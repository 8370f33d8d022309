import { BinaryTypeError } from '../errors.js';
import { BinaryReader } from './reader.js';
import type { BinaryTypeRegistry } from './registry.js';

/** Rounds of fetching before giving up: each round can only uncover types nested one level deeper. */
const MAX_ROUNDS = 16;

/**
 * Wraps a decoder so that complex objects of types this client has no metadata for yet can still
 * be read: the first pass, synchronous, notes the missing types; if there are any, their metadata
 * is fetched and the same bytes are decoded again. Once the metadata is known (the usual case)
 * this costs one check.
 */
export function resolveTypes<T>(registry: BinaryTypeRegistry | undefined, decode: (r: BinaryReader) => T): (r: BinaryReader) => T | Promise<T> {
  if (registry === undefined) return decode;
  return (r: BinaryReader) => {
    const start = r.position;
    r.missingTypes = undefined;
    const value = decode(r);
    const missing = r.missingTypes;
    if (missing === undefined) return value;
    return decodeAgain(registry, missing, r.buffer.subarray(start, r.end), decode);
  };
}

async function decodeAgain<T>(registry: BinaryTypeRegistry, missing: Set<number>, bytes: Buffer, decode: (r: BinaryReader) => T): Promise<T> {
  // Asked again on every read that needs them: another client may have registered the type or a
  // new schema of it since, so neither a known type nor an earlier "no such type" is final.
  const fetched = new Set<number>();
  let needed = missing;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await registry.refresh(needed);
    for (const typeId of needed) fetched.add(typeId);
    const r = new BinaryReader(bytes);
    r.fetchedTypes = fetched;
    const value = decode(r);
    if (r.missingTypes === undefined) return value;
    needed = r.missingTypes;
  }
  throw new BinaryTypeError(`could not get the metadata of binary type(s) ${[...needed].join(', ')} from the cluster`);
}
