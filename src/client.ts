import { Cache, type CacheContext } from './cache.js';
import { cacheId } from './binary/hash.js';
import type { ReadOptions } from './binary/values.js';
import { readString, writeString } from './binary/values.js';
import { AtomicityMode, type CacheConfiguration, type CacheSettings, checkCacheName, toCacheConfiguration } from './config/cache-configuration.js';
import { writeCacheConfiguration } from './protocol/cache-config.js';
import type { Decoder, Encoder } from './protocol/request.js';
import { Monitor } from './events.js';
import { type IgniteClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { CLIENT_FEATURES, FeatureSet } from './protocol/features.js';
import { OpCode } from './protocol/op-codes.js';
import { retryDecision } from './routing/retry.js';
import { type Pinned, Router } from './routing/router.js';
import type { Route } from './routing/affinity.js';
import { keyHasher } from './key-hash.js';
import { BinaryTypes, registerClassNamesOf, registerSchemasOf, typeStore } from './binary-types.js';
import { type CursorSource, SqlFieldsCursor } from './cursor.js';
import { sqlFieldsSource, type SqlOptions } from './query.js';
import { Cluster } from './cluster.js';
import { type Transaction, TransactionManager, type TransactionOptions } from './transaction.js';

/** A node this client holds a connection to. */
export interface ConnectedNode {
  host: string;
  port: number;
  /** The server node's id (protocol 1.4.0 and newer). */
  nodeId: string | undefined;
  /** The protocol version agreed with this node. */
  protocolVersion: string;
}

/**
 * A thin client for an Apache Ignite cluster.
 *
 * ```ts
 * await using client = await IgniteClient.connect({ nodes: ['127.0.0.1:10800'] });
 * const cache = await client.getOrCreateCache<number, string>('my-cache');
 * await cache.put(1, 'one');
 * ```
 */
export class IgniteClient implements AsyncDisposable {
  private readonly options: ResolvedOptions;
  private readonly router: Router;
  private readonly cacheContext: CacheContext;
  private readonly transactions: TransactionManager;
  private clusterApi: Cluster | undefined;

  constructor(options: IgniteClientOptions = {}) {
    this.options = resolveOptions(options);
    const resolved = this.options;
    const connection = {
      connectTimeoutMs: resolved.connectTimeoutMs,
      requestTimeoutMs: resolved.requestTimeoutMs,
      maxFrameBytes: resolved.maxFrameBytes,
      features: FeatureSet.of(CLIENT_FEATURES),
      heartbeatIntervalMs: resolved.heartbeatIntervalMs,
      tls: resolved.tls,
      credentials: resolved.credentials,
      versions: resolved.versions,
    };
    this.router = new Router({
      endpoints: resolved.endpoints,
      connection,
      connectToEveryNode: resolved.partitionAware,
      discoverNodes: resolved.discoverNodes,
      reconnect: resolved.reconnect,
      requestTimeoutMs: resolved.requestTimeoutMs,
      retry: retryDecision(resolved.retryPolicy),
      retryLimit: resolved.retryLimit,
      monitor: new Monitor(resolved.listeners, resolved.logger),
      hashKey: resolved.partitionAware ? (key, hint, keyFields) => hashKey(key, hint, keyFields) : undefined,
    });
    const router = this.router;
    const request = <T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<T> => router.request(opCode, encode, decode, route);
    const requestPinned = <T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<Pinned<T>> =>
      router.requestPinned(opCode, encode, decode, route);
    this.binary = new BinaryTypes(typeStore(request, () => router.connections[0]?.features), resolved.compactFooter);
    const hashKey = keyHasher(this.binary);
    const readOptions: ReadOptions = Object.freeze({ longAsBigInt: resolved.longAsBigInt, binary: this.binary });
    // Kept per client: a cache's atomicity mode never changes while it exists.
    const atomicModes = new Map<number, Promise<boolean>>();
    const isAtomic = (cacheId: number, fetch: () => Promise<CacheSettings>): Promise<boolean> => {
      let known = atomicModes.get(cacheId);
      if (known === undefined) {
        known = fetch().then(
          (settings) => settings.atomicityMode === AtomicityMode.Atomic,
          () => {
            // Unknown (the cache is gone, the node is down): the batch goes whole, and it is asked again next time.
            atomicModes.delete(cacheId);
            return false;
          },
        );
        atomicModes.set(cacheId, known);
      }
      return known;
    };
    this.transactions = new TransactionManager({ requestPinned: (opCode, encode, decode) => router.requestPinned(opCode, encode, decode) });
    const transactions = this.transactions;
    this.cacheContext = {
      readOptions,
      currentTransaction: () => transactions.current(),
      request,
      requestPinned,
      binary: this.binary,
      isAtomic,
      forgetCache: (cacheId: number) => atomicModes.delete(cacheId),
      groupByNode: resolved.partitionAware ? (cacheId, keys, hint) => router.groupByNode(cacheId, keys, hint) : undefined,
    };
  }

  /**
   * The binary type registry (pyignite register/get/put/query binary type): complex types and
   * enums shared with the cluster.
   */
  readonly binary: BinaryTypes;

  /** Creates a client and connects it. */
  static async connect(options: IgniteClientOptions = {}): Promise<IgniteClient> {
    const client = new IgniteClient(options);
    await client.connect();
    return client;
  }

  /**
   * Connects to every node of `nodes` in parallel (one at a time with `partitionAware: false`) and
   * resolves as soon as one has completed its handshake; the others, and the nodes discovery finds,
   * keep connecting in the background. Rejects with ReconnectError when no node can be reached
   * (every node's reason in the message), at once with AuthenticationError. A failed connect()
   * leaves nothing behind: it can be called again.
   */
  async connect(): Promise<this> {
    await this.router.start();
    try {
      // Complex objects follow the server's compact-footer setting unless the option fixes it.
      await this.binary.registry.learnConfiguration();
    } catch (err) {
      await this.router.stop();
      throw err;
    }
    return this;
  }

  /** Closes every connection; requests still in flight are rejected. Safe to call twice. */
  async close(): Promise<void> {
    await this.router.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** The protocol version of the current connection, e.g. "1.7.0"; undefined while disconnected. */
  get protocolVersion(): string | undefined {
    return this.router.connections[0]?.protocolVersion.toString();
  }

  /** The nodes this client is connected to right now. */
  get connectedNodes(): ConnectedNode[] {
    return this.router.connections.map((c) => ({
      host: c.host,
      port: c.port,
      nodeId: c.nodeId,
      protocolVersion: c.protocolVersion.toString(),
    }));
  }

  /**
   * Runs an SQL fields query: DDL, DML or SELECT. The query is sent when the cursor is first read,
   * and its rows are read page by page as it is consumed (`for await (const row of client.sql(...))`,
   * `toArray()`): a statement whose cursor is never read does not run. DML answers one row with the
   * update count (`await client.sql('INSERT ...').toArray()`). Bad options throw a ParameterError
   * here; errors of the query itself (an SqlError) reject that first read.
   */
  sql<Row extends unknown[] = unknown[]>(query: string, options: SqlOptions = {}): SqlFieldsCursor<Row> {
    const { source, maxRows } = sqlFieldsSource({ ...this.cacheContext, registry: this.binary.registry }, query, options);
    return new SqlFieldsCursor<Row>(source as CursorSource<Row>, maxRows);
  }

  /**
   * Starts a transaction (OP_TX_START; pyignite `tx_start`) that the caller's async context joins:
   * cache operations it starts from here on, up to `commit()`, `rollback()` or `close()`, are part
   * of it. `await using tx = await client.txStart()` rolls back whatever is not committed. Options
   * default to Pessimistic, RepeatableRead, no timeout. For several transactions side by side, use
   * `transaction(options, fn)`, which gives each exactly its callback's async context.
   */
  txStart(options?: TransactionOptions): Promise<Transaction> {
    return this.transactions.start(options);
  }

  /**
   * Runs `fn` in a transaction: cache operations started inside it (however much other work runs
   * beside) are part of it; commits when `fn` returns (resolving to its value), rolls back when it
   * throws (rethrowing its error).
   */
  transaction<T>(fn: (tx: Transaction) => T | Promise<T>): Promise<T>;
  transaction<T>(options: TransactionOptions | undefined, fn: (tx: Transaction) => T | Promise<T>): Promise<T>;
  transaction<T>(
    optionsOrFn: TransactionOptions | undefined | ((tx: Transaction) => T | Promise<T>),
    fn?: (tx: Transaction) => T | Promise<T>,
  ): Promise<T> {
    if (typeof optionsOrFn === 'function') return this.transactions.run(undefined, optionsOrFn);
    return this.transactions.run(optionsOrFn, fn as (tx: Transaction) => T | Promise<T>);
  }

  /** The cluster API: state (activation, read-only) and the write-ahead log of caches. */
  cluster(): Cluster {
    const router = this.router;
    this.clusterApi ??= new Cluster((opCode, encode, decode) => router.request(opCode, encode, decode));
    return this.clusterApi;
  }

  /** Names of every cache in the cluster. */
  cacheNames(): Promise<string[]> {
    return this.router.request(OpCode.CacheGetNames, undefined, (r) => {
      const count = r.readI32();
      const names: string[] = [];
      for (let i = 0; i < count; i++) names.push(readString(r) ?? '');
      return names;
    });
  }

  /** A cache by name, without a round trip; operations fail with CacheError if it does not exist. */
  cache<K = unknown, V = unknown>(name: string): Cache<K, V> {
    checkCacheName(name);
    return new Cache<K, V>(this.cacheContext, name);
  }

  /** Creates a cache; fails with CacheCreationError if one of that name exists. */
  async createCache<K = unknown, V = unknown>(nameOrConfig: string | CacheConfiguration): Promise<Cache<K, V>> {
    return this.makeCache<K, V>(nameOrConfig, OpCode.CacheCreateWithName, OpCode.CacheCreateWithConfiguration);
  }

  /** Returns the cache of that name, creating it if it does not exist. */
  async getOrCreateCache<K = unknown, V = unknown>(nameOrConfig: string | CacheConfiguration): Promise<Cache<K, V>> {
    return this.makeCache<K, V>(nameOrConfig, OpCode.CacheGetOrCreateWithName, OpCode.CacheGetOrCreateWithConfiguration);
  }

  private async makeCache<K, V>(nameOrConfig: string | CacheConfiguration, byName: number, byConfig: number): Promise<Cache<K, V>> {
    const config = toCacheConfiguration(nameOrConfig, typeof nameOrConfig === 'string' ? 'name' : 'config');
    if (typeof nameOrConfig === 'string') {
      await this.router.request(byName, (w) => writeString(w, config.name));
    } else {
      const defaults = (config.queryEntities ?? []).flatMap((e) => (e.fields ?? []).map((f) => f.defaultValue)).filter((v) => v !== undefined && v !== null);
      if (defaults.length > 0) {
        // Complex default values are written like any complex object, their schemas registered
        // first; the server deserializes them into Java classes, which it finds by class name.
        await registerSchemasOf(this.binary, defaults);
        await registerClassNamesOf(this.binary, defaults);
      }
      const binary = this.binary;
      await this.router.request(byConfig, (w, c) => writeCacheConfiguration(w, config, c.protocolVersion, binary));
    }
    this.cacheContext.forgetCache(cacheId(config.name));
    return new Cache<K, V>(this.cacheContext, config.name);
  }

  /** Destroys the cache and its data. */
  async destroyCache(name: string): Promise<void> {
    checkCacheName(name);
    this.cacheContext.forgetCache(cacheId(name));
    await this.router.request(OpCode.CacheDestroy, (w) => w.writeI32(cacheId(name)));
  }
}

