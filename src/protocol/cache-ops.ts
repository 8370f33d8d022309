import { type BinaryContext, ObjectFlag, toHint } from '../binary/complex.js';
import { Typed, TypeHint } from '../binary/hints.js';
import type { BinaryReader } from '../binary/reader.js';
import { TypeCode } from '../binary/type-codes.js';
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

/**
 * `i32 count` + keys; the count is patched in after the iterable has been walked once. With a
 * `batch` (whose `keys` must be `keys`), the bytes of every key not written by writePlain are noted
 * in it, so that the answer can be keyed by the caller's objects (readEntries).
 */
export function writeKeys(w: BinaryWriter, keys: Iterable<unknown>, path: string, hint?: TypeHint, context?: BinaryContext, batch?: KeyBatch): void {
  checkIterable(keys, path, 'an iterable of keys');
  batch?.begin(hint !== undefined);
  const countAt = w.reserveI32();
  let count = 0;
  for (const key of keys) {
    const start = w.position;
    if (hint !== undefined || !writePlain(w, key)) {
      writeKey(w, key, `${path}[${count}]`, hint, context);
      // Read after the write: growing the writer replaces its buffer, bytes from `start` included.
      batch?.noteEncoded(count, w.buffer, start, w.position);
    }
    count++;
  }
  w.patchI32(countAt, count);
}

/** Where a complex object's fields start: after its 24-byte header (GridBinaryMarshaller.DFLT_HDR_LEN). */
const OBJECT_HEADER_BYTES = 24;

/** The codes writePlain writes: a key of one of them may have come back from a string or number of the caller's. */
function isPlainCode(code: number | undefined): boolean {
  return code === TypeCode.String || code === TypeCode.Long || code === TypeCode.Double;
}

/**
 * What makes an encoded key the Ignite key it is, as a string to look up: its bytes, except that
 * a complex object is its type id and field bytes, header flags, hash and footer left out
 * (BinaryArrayIdentityResolver compares only those), unwrapped from a 27 (the server wraps keys it
 * returns in BinaryObjectImpl's wrapper); and an Enum (28) counts as the binary enum (38), same
 * payload, that the server turns it into.
 */
function keyIdentity(buffer: Buffer, start: number, end: number): string {
  const code = buffer[start];
  if (code === TypeCode.BinaryObject) {
    // i32 length, the bytes, i32 offset of the value within them.
    const bytesStart = start + 5;
    const bytesEnd = bytesStart + buffer.readInt32LE(start + 1);
    return keyIdentity(buffer, bytesStart + buffer.readInt32LE(bytesEnd), bytesEnd);
  }
  if (code === TypeCode.ComplexObject) {
    const flags = buffer.readUInt16LE(start + 2);
    // Without a schema there is no footer: the fields run to the object's end (header offset 12).
    const footer = start + buffer.readInt32LE(start + ((flags & ObjectFlag.HasSchema) !== 0 ? 20 : 12));
    return `g${buffer.toString('latin1', start + 4, start + 8)}${buffer.toString('latin1', start + OBJECT_HEADER_BYTES, footer)}`;
  }
  if (code === TypeCode.Enum) return `&${buffer.toString('latin1', start + 1, end)}`;
  return buffer.toString('latin1', start, end);
}

/**
 * The caller's string or number behind a key writePlain wrote, decoded: itself, except a Long read
 * as a bigint (longAsBigInt), which came from a safe integer.
 */
function plainKey(code: number | undefined, decoded: unknown): unknown {
  if (code === TypeCode.Long && typeof decoded === 'bigint' && decoded >= MIN_SAFE && decoded <= MAX_SAFE) return Number(decoded);
  return decoded;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The keys of one GET_ALL request, and what writing them noted, so that the entries of the answer
 * are keyed by the caller's own key objects. Decoded keys are new objects (a Uuid, Date, Buffer or
 * complex object the caller cannot look up), and keys that only their Ignite type tells apart
 * (`'a'` and `typed('a', T.char)`) decode to one JavaScript value. So an answer's key is matched to
 * the requested key of the same bytes, as the server matched it. Strings and numbers written by
 * writePlain need no bytes: decoded, they are the caller's own key (the hot path notes nothing).
 * Keys that are one Ignite key give one entry, keyed by the first of them.
 */
export class KeyBatch {
  /** First index of each encoded key identity; undefined while every key is plain. */
  private encodedAt: Map<string, number> | undefined = undefined;
  /** Whether some key not written by writePlain has a code it writes (`typed('a', T.string)`, `5n`). */
  private overlaps = false;
  /** With a hint no key is written by writePlain. */
  private hinted = false;
  /** First index of each plain key, made only when an encoded key may be the same Ignite key. */
  private plainAt: Map<unknown, number> | undefined = undefined;

  constructor(readonly keys: readonly unknown[]) {}

  /**
   * Called by writeKeys before its first key. A retried request is encoded again: the same bytes,
   * noted again, change nothing.
   */
  begin(hinted: boolean): void {
    this.hinted = hinted;
  }

  /** Notes the key at `index`, written to `buffer` from `start` to `end`. */
  noteEncoded(index: number, buffer: Buffer, start: number, end: number): void {
    const identity = keyIdentity(buffer, start, end);
    const encodedAt = (this.encodedAt ??= new Map());
    if (!encodedAt.has(identity)) encodedAt.set(identity, index);
    if (isPlainCode(buffer[start])) this.overlaps = true;
  }

  /** The caller's key for a key of the answer, decoded as `decoded` from `buffer` `start`..`end`. */
  callerKey(decoded: unknown, buffer: Buffer, start: number, end: number): unknown {
    const code = buffer[start];
    const encodedAt = this.encodedAt;
    if (encodedAt === undefined) return plainKey(code, decoded);
    const plainCode = isPlainCode(code);
    if (plainCode && !this.overlaps) return plainKey(code, decoded);
    const at = encodedAt.get(keyIdentity(buffer, start, end));
    // Not an encoded key's bytes: a plain key's (or a key the server re-encoded, left as read).
    if (at === undefined) return plainCode ? plainKey(code, decoded) : decoded;
    if (plainCode) {
      const plain = this.firstPlain(code!, plainKey(code, decoded));
      if (plain !== undefined && plain < at) return this.keys[plain];
    }
    return this.keys[at];
  }

  /** Index of the first plain key that writePlain wrote as `code` with the value `value`. */
  private firstPlain(code: number, value: unknown): number | undefined {
    if (this.hinted) return undefined;
    if (this.plainAt === undefined) {
      const plainAt = new Map<unknown, number>();
      this.keys.forEach((key, i) => {
        if ((typeof key === 'string' || typeof key === 'number') && !plainAt.has(key)) plainAt.set(key, i);
      });
      this.plainAt = plainAt;
    }
    const at = this.plainAt.get(value);
    // The same JavaScript number written as another type is another key: a Double 5 from
    // typed(5, T.double) is not the Long 5, nor a Double -0 the Long 0 (one Map key to JavaScript).
    return at !== undefined && plainCodeOf(this.keys[at]) === code ? at : undefined;
  }
}

/** The type code writePlain writes for a string or a number. */
function plainCodeOf(key: unknown): number {
  if (typeof key === 'string') return TypeCode.String;
  return Number.isSafeInteger(key) && !Object.is(key, -0) ? TypeCode.Long : TypeCode.Double;
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

/** `i32 count` + (key, value) pairs, as GET_ALL answers; keyed by the caller's keys of `batch`. */
export function readEntries<K, V>(r: BinaryReader, options: ReadOptions, batch: KeyBatch): Map<K, V> {
  const count = r.readI32();
  const result = new Map<K, V>();
  for (let i = 0; i < count; i++) {
    const start = r.position;
    const key = batch.callerKey(readValue(r, options), r.buffer, start, r.position) as K;
    result.set(key, readValue(r, options) as V);
  }
  return result;
}

export const readBool = (r: BinaryReader): boolean => r.readBool();
