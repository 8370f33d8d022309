import type { BinaryReader } from './binary/reader.js';
import { cacheId } from './binary/hash.js';
import { type ReadOptions, readValue } from './binary/values.js';
import type { BinaryWriter } from './binary/writer.js';
import type { Decoder, Encoder } from './connection/connection.js';
import { ParameterError } from './errors.js';
import { type EntriesInput, readBool, readEntries, writeCacheHeader, writeEntries, writeKey, writeKeys, writeStoredValue } from './protocol/cache-ops.js';
import { OpCode } from './protocol/op-codes.js';
import { readCacheConfiguration } from './protocol/cache-config.js';
import type { CacheSettings } from './config/cache-configuration.js';

/** Which copies of entries `size()` counts (CachePeekMode ordinals). */
export const PeekMode = {
  All: 0,
  Near: 1,
  Primary: 2,
  Backup: 3,
  Onheap: 4,
  Offheap: 5,
} as const;

export type PeekMode = (typeof PeekMode)[keyof typeof PeekMode];

const PEEK_MODES = new Set<number>(Object.values(PeekMode));

export interface SizeOptions {
  /** Default: the server's default (all primary entries). */
  peekModes?: PeekMode | readonly PeekMode[];
}

/** What a cache needs from its client: a way to send requests, and how to read values. */
export interface CacheContext {
  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>): Promise<T>;
  readonly readOptions: ReadOptions;
}

/**
 * A named cache. Getting one costs no round trip (pyignite `get_cache`); every operation is one
 * request. `K` and `V` describe what the application stores; values read back follow the type
 * mapping in the README.
 */
export class Cache<K = unknown, V = unknown> {
  /** The id the server knows the cache by: the Java hash of its name. */
  readonly cacheId: number;
  private readonly context: CacheContext;
  private readonly readOne: Decoder<V | null>;

  constructor(context: CacheContext, readonly name: string) {
    this.context = context;
    this.cacheId = cacheId(name);
    const options = context.readOptions;
    this.readOne = (r: BinaryReader) => readValue(r, options) as V | null;
  }

  private keyOp<T>(opCode: number, key: K, decode?: Decoder<T>): Promise<T> {
    return this.context.request(
      opCode,
      (w: BinaryWriter) => {
        writeCacheHeader(w, this.cacheId, 0);
        writeKey(w, key, 'key');
      },
      decode,
    );
  }

  private keyValueOp<T>(opCode: number, key: K, value: V, decode?: Decoder<T>): Promise<T> {
    return this.context.request(
      opCode,
      (w: BinaryWriter) => {
        writeCacheHeader(w, this.cacheId, 0);
        writeKey(w, key, 'key');
        writeStoredValue(w, value, 'value');
      },
      decode,
    );
  }

  /** The value stored under `key`, or `null` if there is none. */
  get(key: K): Promise<V | null> {
    return this.keyOp(OpCode.CacheGet, key, this.readOne);
  }

  /** Stores `value` under `key`. */
  put(key: K, value: V): Promise<void> {
    return this.keyValueOp(OpCode.CachePut, key, value);
  }

  /** The entries of the keys that exist (absent keys are left out). */
  getAll(keys: Iterable<K>): Promise<Map<K, V>> {
    const options = this.context.readOptions;
    return this.context.request(
      OpCode.CacheGetAll,
      (w) => {
        writeCacheHeader(w, this.cacheId, 0);
        writeKeys(w, keys, 'keys');
      },
      (r) => readEntries<K, V>(r, options),
    );
  }

  /** Stores every entry: a Map, an iterable of [key, value] pairs, or a plain object. */
  putAll(entries: EntriesInput<K, V>): Promise<void> {
    return this.context.request(OpCode.CachePutAll, (w) => {
      writeCacheHeader(w, this.cacheId, 0);
      writeEntries(w, entries, 'entries');
    });
  }

  containsKey(key: K): Promise<boolean> {
    return this.keyOp(OpCode.CacheContainsKey, key, readBool);
  }

  /** Removes the entry; resolves to whether there was one. */
  removeKey(key: K): Promise<boolean> {
    return this.keyOp(OpCode.CacheRemoveKey, key, readBool);
  }

  /** The number of entries, counted as `peekModes` says. */
  size(options: SizeOptions = {}): Promise<number> {
    const modes: readonly PeekMode[] =
      options.peekModes === undefined ? [] : typeof options.peekModes === 'number' ? [options.peekModes] : options.peekModes;
    return this.context.request(
      OpCode.CacheGetSize,
      (w) => {
        writeCacheHeader(w, this.cacheId, 0);
        w.writeI32(modes.length);
        modes.forEach((mode, i) => {
          if (!PEEK_MODES.has(mode)) throw new ParameterError(`peekModes[${i}]: ${String(mode)} is not a PeekMode`);
          w.writeI8(mode);
        });
      },
      (r) => r.readI64Number(),
    );
  }

  /** The cache's configuration, as the server reports it. */
  configuration(): Promise<CacheSettings> {
    const options = this.context.readOptions;
    return this.context.request(
      OpCode.CacheGetConfiguration,
      (w) => writeCacheHeader(w, this.cacheId, 0),
      (r, c) => readCacheConfiguration(r, c.protocolVersion, options),
    );
  }

  /** Removes every entry without notifying listeners or writers (Ignite `clear`). */
  clear(): Promise<void> {
    return this.context.request(OpCode.CacheClear, (w) => writeCacheHeader(w, this.cacheId, 0));
  }
}
