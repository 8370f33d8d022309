import { cacheId } from './binary/hash.js';
import type { Typed, TypeHint } from './binary/hints.js';
import type { BinaryReader } from './binary/reader.js';
import { type ReadOptions, readValue } from './binary/values.js';
import { BinaryWriter } from './binary/writer.js';
import type { CacheSettings } from './config/cache-configuration.js';
import type { Decoder, Encoder } from './protocol/request.js';
import type { KeyGroup, Pinned } from './routing/router.js';
import type { Route } from './routing/affinity.js';
import { ScanCursor, SqlCursor } from './cursor.js';
import { type QueryContext, scanSource, type ScanOptions, selectRowSource, type SelectRowOptions } from './query.js';
import type { BinaryTypes } from './binary-types.js';
import type { ComplexClass } from './binary/complex.js';
import { resolveTypes } from './binary/resolve.js';
import { NotSupportedByClusterError, ParameterError, SqlError } from './errors.js';
import type { Transaction } from './transaction.js';
import { type ExpiryPolicy, toExpiryPolicy } from './config/cache-configuration.js';
import type { ConnectionContext } from './protocol/request.js';
import { V1_6_0 } from './protocol/versions.js';
import { readCacheConfiguration, writeExpiryDurations } from './protocol/cache-config.js';
import { checkOptionNames } from './option-names.js';
import {
  CacheFlag,
  checkHint,
  entryList,
  type EntriesInput,
  KeyBatch,
  readBool,
  readEntries,
  writeCacheHeader,
  writeEntries,
  writeKey,
  writeKeys,
  writeStoredValue,
} from './protocol/cache-ops.js';
import { OpCode, opCodeName } from './protocol/op-codes.js';

/** A key, or a key with its own type hint (`typed(key, T.int)`). */
export type KeyArg<K> = K | Typed<K>;
/** A value, or a value with its own type hint (`typed(value, T.short)`). */
export type ValueArg<V> = V | Typed<V>;

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

/** Hint for the key of a single-key operation (pyignite `key_hint`). */
export interface KeyOptions {
  keyHint?: HintOption;
}

/** Hints for the key and the value (pyignite `key_hint`, `value_hint`). */
export interface KeyValueOptions extends KeyOptions {
  valueHint?: HintOption;
}

/** Hints for `replaceIfEquals`: key, the expected current value (`sample`), and the new value. */
export interface ReplaceIfEqualsOptions extends KeyValueOptions {
  sampleHint?: HintOption;
}

/** Hints for `removeIfEquals`: key and the expected current value (`sample`). */
export interface RemoveIfEqualsOptions extends KeyOptions {
  sampleHint?: HintOption;
}

/** What a cache needs from its client: a way to send requests, and how to read values. */
export interface CacheContext {
  /** Sends a request; with a route, to the primary node of its key or partition when known. */
  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<T>;
  /** Sends a request that opens a server-side resource (a cursor) and says which node holds it. */
  requestPinned<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<Pinned<T>>;
  /** Groups a batch's keys by primary node (partition awareness); undefined: send it whole. */
  groupByNode?(cacheId: number, keys: readonly unknown[], hint: TypeHint | undefined): Promise<KeyGroup[] | undefined>;
  /** Whether a cache is ATOMIC, by its configuration, fetched once per cache and client. */
  isAtomic(cacheId: number, fetch: () => Promise<CacheSettings>): Promise<boolean>;
  /** The cache was created or destroyed: what was known of it is stale. */
  forgetCache(cacheId: number): void;
  /** The transaction the current async context's operations belong to, if any. */
  currentTransaction(): Transaction | undefined;
  readonly readOptions: ReadOptions;
  /** The client's binary types: complex objects are registered before they are written. */
  readonly binary: BinaryTypes;
}

/** A hint option: a TypeHint, or a complex class standing for its own hint. */
export type HintOption = TypeHint | ComplexClass<object>;

const NO_HINTS: ReadonlyArray<TypeHint | undefined> = Object.freeze([undefined, undefined, undefined]);

/**
 * The hints of `options`, checked; an option that is not one of `names` (a misspelt `valuehint`) is
 * refused rather than ignored, since an ignored hint silently stores another Ignite type.
 */
function hints<O extends object>(options: O | undefined, names: ReadonlyArray<keyof O & string>, opCode: number): ReadonlyArray<TypeHint | undefined> {
  if (options === undefined) return NO_HINTS;
  checkOptionNames(options, names, methodName(opCode));
  return names.map((name) => checkHint(options[name], name));
}

/** The Cache method of a cache op code, for messages: CacheGetAndPut is getAndPut. */
function methodName(opCode: number): string {
  const name = opCodeName(opCode).replace(/^Cache/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const SIZE_OPTIONS = new Set(['peekModes']);

/**
 * How a batch's answer is read: one decoder for every request, or one made for each request's own
 * keys (getAll keys its Map by them).
 */
type BatchDecoder<T> = Decoder<T> | { readonly forBatch: (batch: KeyBatch) => Decoder<T> } | undefined;

/** The batch to note a request's keys in, and the decoder of its answer. */
function forKeys<T>(decode: BatchDecoder<T>, keys: readonly unknown[]): [KeyBatch | undefined, Decoder<T> | undefined] {
  if (decode === undefined || typeof decode === 'function') return [undefined, decode];
  const batch = new KeyBatch(keys);
  return [batch, decode.forBatch(batch)];
}

/** Keys as an array, so that they can be walked twice (registration, then encoding). */
function keyList<K>(keys: Iterable<K>): readonly K[] {
  if (Array.isArray(keys)) return keys;
  if (keys === null || typeof keys !== 'object' || typeof (keys as Iterable<K>)[Symbol.iterator] !== 'function') {
    throw new ParameterError('keys must be an iterable of keys');
  }
  return [...keys];
}

const isObject = (value: unknown): boolean => value !== null && typeof value === 'object';
/**
 * Keys none of which is an object, the condition of keyOp's fast path for a whole batch: without
 * hints no element can be a complex object, so there is nothing to register.
 */
function keysWithoutObjects(keys: unknown): keys is readonly unknown[] {
  if (!Array.isArray(keys)) return false;
  for (let i = 0; i < keys.length; i++) if (isObject(keys[i])) return false;
  return true;
}

/** [key, value] pairs with no object as key or value, as keysWithoutObjects. */
function entriesWithoutObjects(entries: unknown): entries is ReadonlyArray<readonly [unknown, unknown]> {
  if (!Array.isArray(entries)) return false;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!Array.isArray(entry) || entry.length !== 2 || isObject(entry[0]) || isObject(entry[1])) return false;
  }
  return true;
}

/** Whether any value may hold a complex object (numbers and strings without a complex hint cannot). */
function needsTypes(values: ReadonlyArray<readonly [unknown, TypeHint | undefined]>): boolean {
  for (let i = 0; i < values.length; i++) {
    const [value, hint] = values[i]!;
    if ((value !== null && typeof value === 'object') || hint?.descriptor !== undefined) return true;
  }
  return false;
}

function mergeMaps<K, V>(parts: Array<Map<K, V>>): Map<K, V> {
  const merged = parts[0]!;
  for (let i = 1; i < parts.length; i++) for (const [key, value] of parts[i]!) merged.set(key, value);
  return merged;
}

const ignoreAll = (): void => undefined;

/** Entries whose keys and values are strings or numbers: they cannot fail to encode. */
function onlyStringsAndNumbers(entries: ReadonlyArray<readonly [unknown, unknown]>): boolean {
  for (const [key, value] of entries) {
    if ((typeof key !== 'string' && typeof key !== 'number') || (typeof value !== 'string' && typeof value !== 'number')) return false;
  }
  return true;
}

/** A request about to be sent: the values it writes (with their hints) and how to write it. */
interface Outgoing {
  values: ReadonlyArray<readonly [unknown, TypeHint | undefined]>;
  encode: Encoder;
}

/**
 * A named cache. Getting one costs no round trip (pyignite `get_cache`); every operation is one
 * request. `K` and `V` describe what the application stores; values read back follow the type
 * mapping in the README. Every single-key method takes type hints as its last argument.
 */
export class Cache<K = unknown, V = unknown> {
  /** The id the server knows the cache by: the Java hash of its name. */
  readonly cacheId: number;
  private readonly context: CacheContext;
  private readonly readOptions: ReadOptions;
  private readonly readOne: Decoder<V | null>;
  private readonly readMany: BatchDecoder<Map<K, V>>;

  /** @internal */
  constructor(
    context: CacheContext,
    readonly name: string,
    /** Complex objects come back as BinaryObject (withKeepBinary). */
    readonly keepBinary = false,
    /** Carried by every operation of this view (withExpiryPolicy). */
    readonly expiryPolicy: Readonly<Required<ExpiryPolicy>> | undefined = undefined,
  ) {
    this.context = context;
    this.cacheId = cacheId(name);
    this.readOptions = keepBinary ? { ...context.readOptions, keepBinary: true } : context.readOptions;
    this.readOne = this.resolving((r) => readValue(r, this.readOptions) as V | null);
    this.readMany = { forBatch: (batch) => this.resolving((r) => readEntries<K, V>(r, this.readOptions, batch)) };
  }

  /** A view of this cache whose reads return complex objects as BinaryObject, fields decoded on demand. */
  withKeepBinary(): Cache<K, V> {
    return this.keepBinary ? this : new Cache<K, V>(this.context, this.name, true, this.expiryPolicy);
  }

  /**
   * A view of this cache whose operations carry an expiry policy (pyignite `with_expire_policy`):
   * entries they create, update or read expire that long after (ms; `ExpiryDuration.Eternal`
   * never, `ExpiryDuration.Unchanged` or an omitted one: as the cache's own policy says).
   * Needs protocol 1.6.0.
   */
  withExpiryPolicy(policy: ExpiryPolicy): Cache<K, V> {
    return new Cache<K, V>(this.context, this.name, this.keepBinary, Object.freeze(toExpiryPolicy(policy, 'policy')));
  }

  /** A decoder that fetches the metadata of complex types it meets for the first time. */
  private resolving<T>(decode: (r: BinaryReader) => T): Decoder<T> {
    return resolveTypes(this.context.binary.registry, decode);
  }

  /**
   * `i32 cacheId, i8 flags`, the expiry policy of this view, and the transaction's id (reference
   * §3.2). `tx` was taken when the operation was called, in its caller's async context.
   */
  private header(w: BinaryWriter, c: ConnectionContext, tx: Transaction | undefined, withExpiry = true): void {
    const expiry = withExpiry ? this.expiryPolicy : undefined;
    let flags = this.keepBinary ? CacheFlag.KeepBinary : 0;
    if (expiry !== undefined) {
      if (!c.protocolVersion.atLeast(V1_6_0)) throw new NotSupportedByClusterError(`an expiry policy per operation needs protocol 1.6.0; the server speaks ${c.protocolVersion}`);
      flags |= CacheFlag.WithExpiryPolicy;
    }
    if (tx !== undefined) flags |= CacheFlag.Transactional;
    writeCacheHeader(w, this.cacheId, flags);
    if (expiry !== undefined) writeExpiryDurations(w, expiry);
    if (tx !== undefined) w.writeI32(tx.id);
  }

  /** To the transaction's connection inside one; otherwise routed (and retried) as usual. */
  private dispatch<T>(tx: Transaction | undefined, opCode: number, encode: Encoder, decode?: Decoder<T>, route?: Route): Promise<T> {
    return tx === undefined ? this.context.request(opCode, encode, decode, route) : tx.request(opCode, encode, decode);
  }

  /**
   * Sends a request; complex-object schemas it carries that the cluster does not know yet are
   * registered first. Bad arguments reject before anything is sent.
   */
  private send<T>(tx: Transaction | undefined, opCode: number, prepare: () => Outgoing, decode?: Decoder<T>, route?: Route): Promise<T> {
    let outgoing: Outgoing;
    let pending;
    try {
      outgoing = prepare();
      pending = needsTypes(outgoing.values) ? this.context.binary.pendingSchemas(outgoing.values) : undefined;
    } catch (err) {
      return Promise.reject(err);
    }
    if (pending === undefined) return this.dispatch(tx, opCode, outgoing.encode, decode, route);
    const { encode } = outgoing;
    return this.context.binary.registry.ensureSchemas(pending).then(() => this.dispatch(tx, opCode, encode, decode, route));
  }

  private keyOp<T>(opCode: number, key: KeyArg<K>, options: KeyOptions | undefined, decode?: Decoder<T>): Promise<T> {
    const tx = this.context.currentTransaction();
    if (options === undefined && !isObject(key)) {
      // The hot path: a number or string key, no hints, nothing to register.
      return this.dispatch(
        tx,
        opCode,
        (w, c) => {
          this.header(w, c, tx);
          writeKey(w, key, 'key', undefined, this.context.binary);
        },
        decode,
        { cacheId: this.cacheId, key },
      );
    }
    let keyHint: TypeHint | undefined;
    return this.send(
      tx,
      opCode,
      () => {
        [keyHint] = hints(options, ['keyHint'], opCode);
        return {
          values: [[key, keyHint]],
          encode: (w, c) => {
            this.header(w, c, tx);
            writeKey(w, key, 'key', keyHint, this.context.binary);
          },
        };
      },
      decode,
      this.keyRoute(key, () => keyHint),
    );
  }

  /** The route of a single-key request; the hint is read when routing happens, after checking. */
  private keyRoute(key: unknown, hint: () => TypeHint | undefined): Route {
    const cacheId = this.cacheId;
    return {
      cacheId,
      key,
      get hint() {
        return hint();
      },
    };
  }

  private keyValueOp<T>(opCode: number, key: KeyArg<K>, value: ValueArg<V>, options: KeyValueOptions | undefined, decode?: Decoder<T>): Promise<T> {
    const tx = this.context.currentTransaction();
    if (options === undefined && !isObject(key) && !isObject(value)) {
      return this.dispatch(
        tx,
        opCode,
        (w, c) => {
          this.header(w, c, tx);
          writeKey(w, key, 'key', undefined, this.context.binary);
          writeStoredValue(w, value, 'value', undefined, this.context.binary);
        },
        decode,
        { cacheId: this.cacheId, key },
      );
    }
    let keyHint: TypeHint | undefined;
    return this.send(
      tx,
      opCode,
      () => {
        let valueHint: TypeHint | undefined;
        [keyHint, valueHint] = hints(options, ['keyHint', 'valueHint'], opCode);
        return {
          values: [
            [key, keyHint],
            [value, valueHint],
          ],
          encode: (w, c) => {
            this.header(w, c, tx);
            writeKey(w, key, 'key', keyHint, this.context.binary);
            writeStoredValue(w, value, 'value', valueHint, this.context.binary);
          },
        };
      },
      decode,
      this.keyRoute(key, () => keyHint),
    );
  }

  /**
   * A request over many keys. With partition awareness it is split by primary node, one request
   * per node in parallel, the answers merged (`merge`); `writes` splits only on ATOMIC caches,
   * where a batch is not atomic anyway, so that a TRANSACTIONAL cache's batch stays one request.
   */
  private keysOp<T>(
    opCode: number,
    keys: Iterable<KeyArg<K>>,
    options: KeyOptions | undefined,
    decode: BatchDecoder<T>,
    merge: (parts: T[]) => T,
    writes: boolean,
  ): Promise<T> {
    const tx = this.context.currentTransaction();
    // Inside a transaction a batch stays one request, on the transaction's connection.
    if (this.context.groupByNode === undefined || tx !== undefined) return this.keysOpWhole(tx, opCode, keys, options, decode);
    let list: readonly unknown[];
    let keyHint: TypeHint | undefined;
    try {
      [keyHint] = hints(options, ['keyHint'], opCode);
      list = keyList(keys);
    } catch (err) {
      return Promise.reject(err);
    }
    if (list.length < 2) return this.keysOpWhole(undefined, opCode, list as Iterable<KeyArg<K>>, options, decode, list.length === 1 ? this.keyRoute(list[0], () => keyHint) : undefined);
    return this.groups(list, keyHint, writes).then((groups) => {
      if (groups === undefined) return this.keysOpWhole(undefined, opCode, list as Iterable<KeyArg<K>>, options, decode);
      if (groups.length === 1) return this.keysOpWhole(undefined, opCode, list as Iterable<KeyArg<K>>, options, decode, this.groupRoute(groups[0]!));
      return Promise.all(
        groups.map((group) => this.keysOpWhole(undefined, opCode, group.indices.map((i) => list[i]) as Iterable<KeyArg<K>>, options, decode, this.groupRoute(group))),
      ).then(merge);
    });
  }

  private groupRoute(group: KeyGroup): Route | undefined {
    return group.partition === undefined ? undefined : { cacheId: this.cacheId, partition: group.partition };
  }

  /**
   * The keys grouped by node, once complex keys' schemas are registered (their bytes, and so their
   * hashes, need them); undefined when the batch goes whole.
   */
  private async groups(keys: readonly unknown[], keyHint: TypeHint | undefined, writes: boolean): Promise<KeyGroup[] | undefined> {
    if (writes && !(await this.isAtomic())) return undefined;
    const values = keys.map((key) => [key, keyHint] as const);
    if (needsTypes(values)) {
      let pending;
      try {
        pending = this.context.binary.pendingSchemas(values);
      } catch {
        // The request itself reports what is wrong with its keys.
        return undefined;
      }
      if (pending !== undefined) await this.context.binary.registry.ensureSchemas(pending);
    }
    return this.context.groupByNode!(this.cacheId, keys, keyHint);
  }

  private isAtomic(): Promise<boolean> {
    return this.context.isAtomic(this.cacheId, () => this.configuration());
  }

  private keysOpWhole<T>(
    tx: Transaction | undefined,
    opCode: number,
    keys: Iterable<KeyArg<K>>,
    options: KeyOptions | undefined,
    decode: BatchDecoder<T>,
    route?: Route,
  ): Promise<T> {
    if (options === undefined && keysWithoutObjects(keys)) {
      // The hot path of batches: no hints, nothing to register.
      const [batch, decodeBatch] = forKeys(decode, keys);
      return this.dispatch(
        tx,
        opCode,
        (w, c) => {
          this.header(w, c, tx);
          writeKeys(w, keys, 'keys', undefined, this.context.binary, batch);
        },
        decodeBatch,
        route,
      );
    }
    let keyHint: TypeHint | undefined;
    let list: readonly unknown[];
    try {
      [keyHint] = hints(options, ['keyHint'], opCode);
      list = keyList(keys);
    } catch (err) {
      return Promise.reject(err);
    }
    const [batch, decodeBatch] = forKeys(decode, list);
    return this.send(
      tx,
      opCode,
      () => ({
        values: list.map((key) => [key, keyHint] as const),
        encode: (w, c) => {
          this.header(w, c, tx);
          writeKeys(w, list, 'keys', keyHint, this.context.binary, batch);
        },
      }),
      decodeBatch,
      route,
    );
  }

  /** The value stored under `key`, or `null` if there is none. */
  get(key: KeyArg<K>, options?: KeyOptions): Promise<V | null> {
    return this.keyOp(OpCode.CacheGet, key, options, this.readOne);
  }

  /** Stores `value` under `key`. */
  put(key: KeyArg<K>, value: ValueArg<V>, options?: KeyValueOptions): Promise<void> {
    return this.keyValueOp(OpCode.CachePut, key, value, options);
  }

  /**
   * The entries of the keys that exist (absent keys are left out), keyed by the very key objects
   * passed, so `m.get(myUuid)` finds the entry of `myUuid` (a key passed as `typed(k, hint)` is
   * that `Typed` object). Keys that are one Ignite key (two equal Uuids) give one entry, keyed by
   * the first of them. `keyHint` applies to every key.
   */
  getAll(keys: Iterable<KeyArg<K>>, options?: KeyOptions): Promise<Map<K, V>> {
    return this.keysOp(OpCode.CacheGetAll, keys, options, this.readMany, mergeMaps, false);
  }

  /**
   * Stores every entry: a Map, an iterable of [key, value] pairs, or a plain object. On an ATOMIC
   * cache with partition awareness, one request per primary node, in parallel.
   */
  putAll(entries: EntriesInput<K, V>, options?: KeyValueOptions): Promise<void> {
    const tx = this.context.currentTransaction();
    if (this.context.groupByNode === undefined || tx !== undefined) return this.putAllWhole(tx, entries, options);
    let list: ReadonlyArray<readonly [unknown, unknown]>;
    let keyHint: TypeHint | undefined;
    try {
      [keyHint] = hints(options, ['keyHint', 'valueHint'], OpCode.CachePutAll);
      list = entryList(entries, 'entries');
    } catch (err) {
      return Promise.reject(err);
    }
    if (list.length < 2) return this.putAllWhole(undefined, list as EntriesInput<K, V>, options, list.length === 1 ? this.keyRoute(list[0]![0], () => keyHint) : undefined);
    return this.groups(
      list.map((entry) => entry[0]),
      keyHint,
      true,
    ).then((groups) => {
      if (groups === undefined) return this.putAllWhole(undefined, list as EntriesInput<K, V>, options);
      if (groups.length === 1) return this.putAllWhole(undefined, list as EntriesInput<K, V>, options, this.groupRoute(groups[0]!));
      // Bad input must fail before any part is sent, as it does for one request: check it whole.
      if (options !== undefined || !onlyStringsAndNumbers(list)) {
        try {
          const [, valueHint] = hints(options, ['keyHint', 'valueHint'], OpCode.CachePutAll);
          writeEntries(new BinaryWriter(1024), list, 'entries', keyHint, valueHint, this.context.binary);
        } catch (err) {
          return Promise.reject(err);
        }
      }
      return Promise.all(
        groups.map((group) => this.putAllWhole(undefined, group.indices.map((i) => list[i]!) as EntriesInput<K, V>, options, this.groupRoute(group), group.indices)),
      ).then(ignoreAll);
    });
  }

  private putAllWhole(
    tx: Transaction | undefined,
    entries: EntriesInput<K, V>,
    options: KeyValueOptions | undefined,
    route?: Route,
    indices?: readonly number[],
  ): Promise<void> {
    if (options === undefined && entriesWithoutObjects(entries)) {
      return this.dispatch(
        tx,
        OpCode.CachePutAll,
        (w, c) => {
          this.header(w, c, tx);
          writeEntries(w, entries, 'entries', undefined, undefined, this.context.binary, indices);
        },
        undefined,
        route,
      );
    }
    return this.send(
      tx,
      OpCode.CachePutAll,
      () => {
        const [keyHint, valueHint] = hints(options, ['keyHint', 'valueHint'], OpCode.CachePutAll);
        const list = entryList(entries, 'entries');
        const values: Array<readonly [unknown, TypeHint | undefined]> = [];
        for (const [key, value] of list) values.push([key, keyHint], [value, valueHint]);
        return {
          values,
          encode: (w, c) => {
            this.header(w, c, tx);
            writeEntries(w, list, 'entries', keyHint, valueHint, this.context.binary, indices);
          },
        };
      },
      undefined,
      route,
    );
  }

  containsKey(key: KeyArg<K>, options?: KeyOptions): Promise<boolean> {
    return this.keyOp(OpCode.CacheContainsKey, key, options, readBool);
  }

  /** Whether every one of `keys` has an entry. */
  containsKeys(keys: Iterable<KeyArg<K>>, options?: KeyOptions): Promise<boolean> {
    return this.keysOp(OpCode.CacheContainsKeys, keys, options, readBool, (parts) => parts.every(Boolean), false);
  }

  /** Stores `value` and returns the value it replaced, or `null`. */
  getAndPut(key: KeyArg<K>, value: ValueArg<V>, options?: KeyValueOptions): Promise<V | null> {
    return this.keyValueOp(OpCode.CacheGetAndPut, key, value, options, this.readOne);
  }

  /** Stores `value` only if there is no entry; returns the existing value, or `null` if it stored. */
  getAndPutIfAbsent(key: KeyArg<K>, value: ValueArg<V>, options?: KeyValueOptions): Promise<V | null> {
    return this.keyValueOp(OpCode.CacheGetAndPutIfAbsent, key, value, options, this.readOne);
  }

  /** Removes the entry and returns its value, or `null` if there was none. */
  getAndRemove(key: KeyArg<K>, options?: KeyOptions): Promise<V | null> {
    return this.keyOp(OpCode.CacheGetAndRemove, key, options, this.readOne);
  }

  /** Replaces the value only if there is an entry; returns the old value, or `null` if none. */
  getAndReplace(key: KeyArg<K>, value: ValueArg<V>, options?: KeyValueOptions): Promise<V | null> {
    return this.keyValueOp(OpCode.CacheGetAndReplace, key, value, options, this.readOne);
  }

  /** Stores `value` only if there is no entry; resolves to whether it stored. */
  putIfAbsent(key: KeyArg<K>, value: ValueArg<V>, options?: KeyValueOptions): Promise<boolean> {
    return this.keyValueOp(OpCode.CachePutIfAbsent, key, value, options, readBool);
  }

  /** Replaces the value only if there is an entry; resolves to whether it replaced. */
  replace(key: KeyArg<K>, value: ValueArg<V>, options?: KeyValueOptions): Promise<boolean> {
    return this.keyValueOp(OpCode.CacheReplace, key, value, options, readBool);
  }

  /** Replaces the value only if the current one equals `sample`; resolves to whether it replaced. */
  replaceIfEquals(key: KeyArg<K>, sample: ValueArg<V>, value: ValueArg<V>, options?: ReplaceIfEqualsOptions): Promise<boolean> {
    const tx = this.context.currentTransaction();
    let keyHint: TypeHint | undefined;
    return this.send(
      tx,
      OpCode.CacheReplaceIfEquals,
      () => {
        let sampleHint: TypeHint | undefined;
        let valueHint: TypeHint | undefined;
        [keyHint, sampleHint, valueHint] = hints(options, ['keyHint', 'sampleHint', 'valueHint'], OpCode.CacheReplaceIfEquals);
        return {
          values: [
            [key, keyHint],
            [sample, sampleHint],
            [value, valueHint],
          ],
          encode: (w, c) => {
            this.header(w, c, tx);
            writeKey(w, key, 'key', keyHint, this.context.binary);
            writeStoredValue(w, sample, 'sample', sampleHint, this.context.binary);
            writeStoredValue(w, value, 'value', valueHint, this.context.binary);
          },
        };
      },
      readBool,
      this.keyRoute(key, () => keyHint),
    );
  }

  /** Removes the entry; resolves to whether there was one. */
  removeKey(key: KeyArg<K>, options?: KeyOptions): Promise<boolean> {
    return this.keyOp(OpCode.CacheRemoveKey, key, options, readBool);
  }

  /** Removes the entry only if its value equals `sample`; resolves to whether it removed. */
  removeIfEquals(key: KeyArg<K>, sample: ValueArg<V>, options?: RemoveIfEqualsOptions): Promise<boolean> {
    const tx = this.context.currentTransaction();
    let keyHint: TypeHint | undefined;
    return this.send(
      tx,
      OpCode.CacheRemoveIfEquals,
      () => {
        let sampleHint: TypeHint | undefined;
        [keyHint, sampleHint] = hints(options, ['keyHint', 'sampleHint'], OpCode.CacheRemoveIfEquals);
        return {
          values: [
            [key, keyHint],
            [sample, sampleHint],
          ],
          encode: (w, c) => {
            this.header(w, c, tx);
            writeKey(w, key, 'key', keyHint, this.context.binary);
            writeStoredValue(w, sample, 'sample', sampleHint, this.context.binary);
          },
        };
      },
      readBool,
      this.keyRoute(key, () => keyHint),
    );
  }

  /** Removes the entries of `keys`, notifying listeners and writers. */
  removeKeys(keys: Iterable<KeyArg<K>>, options?: KeyOptions): Promise<void> {
    return this.keysOp<void>(OpCode.CacheRemoveKeys, keys, options, undefined, ignoreAll, true);
  }

  /** Removes every entry, notifying listeners and writers (slower than `clear`). */
  removeAll(): Promise<void> {
    // Ignite runs removeAll and clear outside any transaction (the Java client sends no txId).
    return this.context.request(OpCode.CacheRemoveAll, (w, c) => this.header(w, c, undefined));
  }

  /** Removes every entry without notifying listeners or writers (Ignite `clear`). */
  clear(): Promise<void> {
    return this.context.request(OpCode.CacheClear, (w, c) => this.header(w, c, undefined));
  }

  /** Removes the entry without notifying listeners or writers. */
  clearKey(key: KeyArg<K>, options?: KeyOptions): Promise<void> {
    return this.keyOp(OpCode.CacheClearKey, key, options);
  }

  /** Removes the entries of `keys` without notifying listeners or writers. */
  clearKeys(keys: Iterable<KeyArg<K>>, options?: KeyOptions): Promise<void> {
    return this.keysOp<void>(OpCode.CacheClearKeys, keys, options, undefined, ignoreAll, false);
  }

  /** The number of entries, counted as `peekModes` says. */
  size(options: SizeOptions = {}): Promise<number> {
    try {
      checkOptionNames(options, SIZE_OPTIONS, 'size');
    } catch (err) {
      return Promise.reject(err);
    }
    return this.context.request(
      OpCode.CacheGetSize,
      (w, c) => {
        const modes: readonly PeekMode[] =
          options.peekModes === undefined ? [] : typeof options.peekModes === 'number' ? [options.peekModes] : options.peekModes;
        this.header(w, c, undefined);
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
    const options = this.readOptions;
    return this.context.request(
      OpCode.CacheGetConfiguration,
      (w, c) => this.header(w, c, undefined, false),
      (r, c) => readCacheConfiguration(r, c.protocolVersion, options),
    );
  }

  /**
   * Reads the cache's entries as `[key, value]` pairs, page by page as they are consumed:
   * `for await (const [key, value] of cache.scan()) ...`, or `await cache.scan().toArray()`. The
   * scan is sent when the cursor is first read.
   */
  scan(options: ScanOptions = {}): ScanCursor<K, V> {
    return new ScanCursor<K, V>(scanSource<K, V>(this.queryContext(), this.cacheId, options));
  }

  /**
   * An SQL query over the cache's value type that returns whole entries as `[key, value]` pairs
   * (pyignite `select_row`). `query` is a WHERE clause or a full SELECT over the type's table.
   */
  selectRow(query: string, options: SelectRowOptions = {}): SqlCursor<K, V> {
    const valueTypeOf = async (): Promise<string> => {
      const settings = await this.configuration();
      const typeName = settings.queryEntities[0]?.valueTypeName;
      if (!typeName) throw new SqlError(`cache "${this.name}" has no query entity, so selectRow needs the typeName option`);
      return typeName;
    };
    return new SqlCursor<K, V>(selectRowSource<K, V>(this.queryContext(), this.cacheId, query, options, valueTypeOf));
  }

  private queryContext(): QueryContext {
    return {
      requestPinned: this.context.requestPinned,
      readOptions: this.readOptions,
      registry: this.context.binary.registry,
      binary: this.context.binary,
      flags: this.keepBinary ? CacheFlag.KeepBinary : 0,
    };
  }

  /** Destroys the cache and all its data (the same as `client.destroyCache(name)`). */
  destroy(): Promise<void> {
    this.context.forgetCache(this.cacheId);
    return this.context.request(OpCode.CacheDestroy, (w) => w.writeI32(this.cacheId));
  }
}
