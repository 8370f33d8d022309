/**
 * Java String.hashCode over UTF-16 code units, as Ignite computes cache ids and type/field ids
 * (protocol reference §5.1). Code units, not code points: non-BMP characters hash as two units.
 */
export function javaStringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) {
    hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0;
  }
  return hash;
}

/** The cache id the server derives from a cache name: the exact name's Java hash. */
export function cacheId(name: string): number {
  return javaStringHash(name);
}
