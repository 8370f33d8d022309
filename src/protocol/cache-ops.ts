import type { BinaryReader } from '../binary/reader.js';
import { type ReadOptions, readValue, writeValue } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import { ParameterError } from '../errors.js';

/** Cache operation header flags (ClientCacheRequest; reference §3.2). */
export const CacheFlag = {
  KeepBinary: 0x01,
  Transactional: 0x02,
  WithExpiryPolicy: 0x04,
} as const;

/** `i32 cacheId, i8 flags`: the start of every cache operation. */
export function writeCacheHeader(w: BinaryWriter, cacheId: number, flags: number): void {
  w.writeI32(cacheId);
  w.writeI8(flags);
}

/** Writes a key, refusing null: Ignite has no null keys. */
export function writeKey(w: BinaryWriter, key: unknown, path: string): void {
  if (key === null || key === undefined) throw new ParameterError(`${path} must not be null or undefined`);
  writeValue(w, key, path);
}

/** Writes a value to store, refusing null: Ignite caches hold no null values. */
export function writeStoredValue(w: BinaryWriter, value: unknown, path: string): void {
  if (value === null || value === undefined) throw new ParameterError(`${path} must not be null or undefined (Ignite caches hold no null values; use removeKey)`);
  writeValue(w, value, path);
}

/** `i32 count` + keys; the count is patched in after the iterable has been walked once. */
export function writeKeys(w: BinaryWriter, keys: Iterable<unknown>, path: string): void {
  if (keys === null || typeof keys !== 'object' || typeof (keys as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new ParameterError(`${path} must be an iterable of keys`);
  }
  const countAt = w.reserveI32();
  let count = 0;
  for (const key of keys) {
    writeKey(w, key, `${path}[${count}]`);
    count++;
  }
  w.patchI32(countAt, count);
}

/** What putAll accepts: a Map, an iterable of [key, value] pairs, or a plain object. */
export type EntriesInput<K, V> = ReadonlyMap<K, V> | Iterable<readonly [K, V]> | (K extends string ? Record<K, V> : never);

/** `i32 count` + (key, value) pairs. */
export function writeEntries(w: BinaryWriter, entries: unknown, path: string): void {
  if (entries === null || typeof entries !== 'object') throw new ParameterError(`${path} must be a Map, an iterable of [key, value] pairs or a plain object`);
  const iterable: Iterable<unknown> =
    typeof (entries as Iterable<unknown>)[Symbol.iterator] === 'function' ? (entries as Iterable<unknown>) : Object.entries(entries);
  const countAt = w.reserveI32();
  let count = 0;
  for (const entry of iterable) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new ParameterError(`${path}[${count}] must be a [key, value] pair`);
    writeKey(w, entry[0], `${path}[${count}][0]`);
    writeStoredValue(w, entry[1], `${path}[${count}][1]`);
    count++;
  }
  w.patchI32(countAt, count);
}

/** `i32 count` + (key, value) pairs, as GET_ALL answers. */
export function readEntries<K, V>(r: BinaryReader, options: ReadOptions): Map<K, V> {
  const count = r.readI32();
  const result = new Map<K, V>();
  for (let i = 0; i < count; i++) {
    const key = readValue(r, options) as K;
    result.set(key, readValue(r, options) as V);
  }
  return result;
}

export const readBool = (r: BinaryReader): boolean => r.readBool();
