import { type BinaryContext, toHint } from '../binary/complex.js';
import { Typed, TypeHint } from '../binary/hints.js';
import type { BinaryReader } from '../binary/reader.js';
import { type ReadOptions, readValue, writePlain, writeValue } from '../binary/values.js';
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

/** Checks that a hint argument really is a hint, so a mistake fails before anything is sent. */
export function checkHint(hint: unknown, path: string): TypeHint | undefined {
  const checked = toHint(hint);
  if (checked !== undefined || hint === undefined) return checked;
  throw new ParameterError(`${path} must be a type hint from T (for example T.int), got ${typeof hint}`);
}

function isNull(value: unknown): boolean {
  return value === null || value === undefined || (value instanceof Typed && (value.value === null || value.value === undefined));
}

/** Writes a key, refusing null: Ignite has no null keys. */
export function writeKey(w: BinaryWriter, key: unknown, path: string, hint?: TypeHint, context?: BinaryContext): void {
  if (isNull(key)) throw new ParameterError(`${path} must not be null or undefined`);
  writeValue(w, key, path, hint, context);
}

/** Writes a value to store, refusing null: Ignite caches hold no null values. */
export function writeStoredValue(w: BinaryWriter, value: unknown, path: string, hint?: TypeHint, context?: BinaryContext): void {
  if (isNull(value)) throw new ParameterError(`${path} must not be null or undefined (Ignite caches hold no null values; use removeKey)`);
  writeValue(w, value, path, hint, context);
}

function checkIterable(value: unknown, path: string, what: string): asserts value is Iterable<unknown> {
  if (value === null || typeof value !== 'object' || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new ParameterError(`${path} must be ${what}`);
  }
}

/** `i32 count` + keys; the count is patched in after the iterable has been walked once. */
export function writeKeys(w: BinaryWriter, keys: Iterable<unknown>, path: string, hint?: TypeHint, context?: BinaryContext): void {
  checkIterable(keys, path, 'an iterable of keys');
  const countAt = w.reserveI32();
  let count = 0;
  for (const key of keys) {
    if (hint !== undefined || !writePlain(w, key)) writeKey(w, key, `${path}[${count}]`, hint, context);
    count++;
  }
  w.patchI32(countAt, count);
}

/** What putAll accepts: a Map, an iterable of [key, value] pairs, or a plain object. */
export type EntriesInput<K, V> = ReadonlyMap<K, V> | Iterable<readonly [K, V]> | (K extends string ? Record<K, V> : never);

/** putAll's argument as a list of [key, value] pairs (walked twice: registration, then encoding). */
export function entryList(entries: unknown, path: string): ReadonlyArray<readonly [unknown, unknown]> {
  if (entries === null || typeof entries !== 'object') throw new ParameterError(`${path} must be a Map, an iterable of [key, value] pairs or a plain object`);
  const iterable: Iterable<unknown> =
    typeof (entries as Iterable<unknown>)[Symbol.iterator] === 'function' ? (entries as Iterable<unknown>) : Object.entries(entries);
  const list: Array<readonly [unknown, unknown]> = [];
  for (const entry of iterable) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new ParameterError(`${path}[${list.length}] must be a [key, value] pair`);
    list.push(entry as unknown as readonly [unknown, unknown]);
  }
  return list;
}

/** `i32 count` + (key, value) pairs. */
export function writeEntries(
  w: BinaryWriter,
  entries: ReadonlyArray<readonly [unknown, unknown]>,
  path: string,
  keyHint?: TypeHint,
  valueHint?: TypeHint,
  context?: BinaryContext,
  /** Each entry's index in the caller's whole batch, when this is a part of it (for error paths). */
  indices?: readonly number[],
): void {
  w.writeI32(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    if (keyHint !== undefined || !writePlain(w, key)) writeKey(w, key, `${path}[${indices?.[i] ?? i}][0]`, keyHint, context);
    if (valueHint !== undefined || !writePlain(w, value)) writeStoredValue(w, value, `${path}[${indices?.[i] ?? i}][1]`, valueHint, context);
  }
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
