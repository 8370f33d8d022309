import type { TypeHint } from '../binary/hints.js';
import type { Connection } from '../connection/connection.js';
import { ConnectionError, RequestTimeoutError } from '../errors.js';
import type { Monitor } from '../events.js';
import { igniteOpName } from '../protocol/op-codes.js';
import type { Decoder, Encoder, RequestSink } from '../protocol/request.js';
import { AffinityMaps, type KeyHasher, type Route } from './affinity.js';
import type { BackoffOptions } from './backoff.js';
import type { Endpoint } from './endpoint.js';
import { type NodeConnectionOptions, NodePool } from './pool.js';
import { isRetryable, type RetryDecision } from './retry.js';

export interface RouterOptions {
  endpoints: readonly Endpoint[];
  connection: NodeConnectionOptions;
  connectToEveryNode: boolean;
  discoverNodes: boolean;
  /**
   * Partition awareness: key requests go to the key's primary node. Given, the hash of a key as
   * the server's affinity function sees it; absent, every request goes to the default node.
   */
  hashKey?: KeyHasher;
  reconnect: BackoffOptions;
  /** Bounds a whole operation, retries included; 0 = none. */
  requestTimeoutMs: number;
  retry: RetryDecision;
  /** Retries after the first try; 0 = as many as there are known nodes. */
  retryLimit: number;
  monitor: Monitor;
}

/**
 * A node a server-side resource lives on (a query cursor): its requests go to that connection only
 * and are never retried elsewhere, since the resource died with the connection.
 */
export interface Channel {
  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>): Promise<T>;
  /** Sends what is queued on the connection now rather than at the end of this event-loop turn. */
  flush(): void;
  readonly isOpen: boolean;
}

/** Keys of a batch that go to one node: their indices, and a partition of that node to route by. */
export interface KeyGroup {
  partition: number | undefined;
  indices: number[];
}

/** The answer to a request, and the node that gave it. */
export interface Pinned<T> {
  value: T;
  channel: Channel;
}

/**
 * Routing: picks the connection each request goes to, sends it again elsewhere when its connection
 * fails first (as the retry policy allows), and reports every try to the monitor.
 */
export class Router {
  readonly pool: NodePool;
  /** Partition maps, when partition awareness is on. */
  readonly affinity: AffinityMaps | undefined;
  /** @internal */
  readonly options: RouterOptions;

  constructor(options: RouterOptions) {
    this.options = options;
    this.pool = new NodePool({
      endpoints: options.endpoints,
      connection: options.connection,
      connectToEveryNode: options.connectToEveryNode,
      discoverNodes: options.discoverNodes,
      reconnect: options.reconnect,
      monitor: options.monitor,
      request: (opCode, encode, decode) => this.request(opCode, encode, decode),
      onTopologyVersion: (major, minor) => this.affinity?.onTopology({ major, minor }),
    });
    this.affinity =
      options.hashKey === undefined ? undefined : new AffinityMaps((opCode, encode, decode) => this.request(opCode, encode, decode), options.hashKey, options.monitor.logger);
  }

  start(): Promise<void> {
    return this.pool.start();
  }

  get connections(): Connection[] {
    return this.pool.connections;
  }

  /**
   * Sends a request, with retries: to the primary node of the route's partition when partition
   * awareness knows it and that node is connected, else to the default node.
   */
  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<T> {
    const operation = new Operation(this, opCode, encode, decode as Decoder<unknown> | undefined, undefined, true, route);
    operation.run();
    return operation.promise as Promise<T>;
  }

  /**
   * Sends a request that creates a server-side resource (a query cursor) and returns, with the
   * answer, the channel of the node that holds it. The request itself is retried like any other:
   * until it is answered there is nothing to lose.
   */
  requestPinned<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<Pinned<T>> {
    const operation = new Operation(this, opCode, encode, decode as Decoder<unknown> | undefined, undefined, true, route);
    operation.run();
    return (operation.promise as Promise<T>).then((value) => ({ value, channel: new PinnedChannel(this, operation.connection!) }));
  }

  /**
   * The keys of a batch grouped by the node each belongs to, for one request per node; each group
   * with a partition of its node to route by (undefined: keys whose primary is not connected, for
   * the default node). Undefined when partition awareness cannot place every key.
   */
  async groupByNode(cacheId: number, keys: readonly unknown[], hint: TypeHint | undefined): Promise<KeyGroup[] | undefined> {
    const affinity = this.affinity;
    if (affinity === undefined) return undefined;
    const waiting = affinity.ready(cacheId);
    if (waiting !== undefined) await waiting;
    if (!affinity.placesKeys(cacheId)) return undefined;
    const byTarget = new Map<Connection | undefined, KeyGroup>();
    for (let i = 0; i < keys.length; i++) {
      const partition = affinity.partition(cacheId, keys[i], hint);
      // A key routing cannot place (or cannot encode: its error must name its place in the whole
      // batch): the batch goes whole, as without partition awareness.
      if (partition === undefined) return undefined;
      const nodeId = partition === undefined ? undefined : affinity.primaryOf(cacheId, partition);
      const target = nodeId === undefined ? undefined : this.pool.connectionOf(nodeId);
      let group = byTarget.get(target);
      if (group === undefined) {
        group = { partition: target === undefined ? undefined : partition, indices: [] };
        byTarget.set(target, group);
      }
      group.indices.push(i);
    }
    return [...byTarget.values()];
  }

  /** Closes every connection; start() may be called again. */
  stop(): Promise<void> {
    this.affinity?.clear();
    return this.pool.stop();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

class PinnedChannel implements Channel {
  constructor(
    private readonly router: Router,
    private readonly connection: Connection,
  ) {}

  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>): Promise<T> {
    const operation = new Operation(this.router, opCode, encode, decode as Decoder<unknown> | undefined, this.connection, false);
    operation.run();
    return operation.promise as Promise<T>;
  }

  flush(): void {
    this.connection.flush();
  }

  get isOpen(): boolean {
    return this.connection.isOpen;
  }
}

/**
 * One operation: the request, its tries, and the one promise the caller holds. The operation is the
 * sink each connection reports to, so a retry costs neither a new promise nor a new closure.
 */
class Operation implements RequestSink {
  readonly promise: Promise<unknown>;
  private settle!: (value: unknown) => void;
  private fail!: (error: unknown) => void;
  /** The connection of the current try. */
  connection: Connection | undefined;
  private tries = 0;
  private readonly deadline: number;
  private readonly observed: boolean;
  /** Request id of the current try while its start event is out; 0 = no event pending. */
  private queryId = 0;
  private startedAt = 0;

  constructor(
    private readonly router: Router,
    readonly opCode: number,
    readonly encode: Encoder | undefined,
    readonly decode: Decoder<unknown> | undefined,
    private readonly pinned: Connection | undefined,
    private readonly retryable: boolean,
    private readonly route?: Route,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    const timeoutMs = router.options.requestTimeoutMs;
    this.deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    this.observed = router.options.monitor.observesQueries;
  }

  run(): void {
    const { route } = this;
    const affinity = this.router.affinity;
    if (route !== undefined && affinity !== undefined && this.pinned === undefined) {
      const waiting = affinity.ready(route.cacheId);
      if (waiting !== undefined) {
        void waiting.then(() => this.run());
        return;
      }
    }
    const connection = this.pinned ?? this.routed() ?? this.router.pool.pick();
    if (connection !== undefined) {
      this.sendTo(connection);
      return;
    }
    this.router.pool.acquire(this.deadline).then(
      (c) => this.sendTo(c),
      (err: unknown) => this.fail(err),
    );
  }

  /** The connection of the route's primary node, if partition awareness knows it and it is open. */
  private routed(): Connection | undefined {
    const { route } = this;
    const affinity = this.router.affinity;
    if (route === undefined || affinity === undefined) return undefined;
    const nodeId = affinity.nodeOf(route);
    return nodeId === undefined ? undefined : this.router.pool.connectionOf(nodeId);
  }

  private sendTo(connection: Connection): void {
    this.connection = connection;
    this.tries++;
    let timeoutMs = 0;
    if (this.deadline !== 0) {
      timeoutMs = this.deadline - Date.now();
      if (timeoutMs <= 0) {
        this.fail(new RequestTimeoutError(`${igniteOpName(this.opCode)} got no answer within ${this.router.options.requestTimeoutMs} ms (requestTimeoutMs), retries included`));
        return;
      }
    }
    if (this.observed) this.startedAt = performance.now();
    const queryId = connection.send(this, timeoutMs);
    // 0: rejected at once (nothing was sent); reject() has dealt with it, perhaps with another try.
    if (queryId !== 0 && this.observed && this.connection === connection) {
      this.queryId = queryId;
      const { host, port, nodeId } = connection;
      this.router.options.monitor.emit('onQueryStart', { host, port, nodeId, queryId, opCode: this.opCode, opName: igniteOpName(this.opCode) });
    }
  }

  resolve(value: unknown): void {
    if (this.queryId !== 0) {
      const { host, port, nodeId } = this.connection!;
      const queryId = this.queryId;
      this.queryId = 0;
      this.router.options.monitor.emit('onQuerySuccess', {
        host,
        port,
        nodeId,
        queryId,
        opCode: this.opCode,
        opName: igniteOpName(this.opCode),
        durationMs: performance.now() - this.startedAt,
      });
    }
    this.settle(value);
  }

  reject(error: unknown): void {
    const connection = this.connection!;
    if (this.queryId !== 0) {
      const queryId = this.queryId;
      this.queryId = 0;
      const err = error instanceof Error ? error : new Error(String(error));
      this.router.options.monitor.emit('onQueryFail', {
        host: connection.host,
        port: connection.port,
        nodeId: connection.nodeId,
        queryId,
        opCode: this.opCode,
        opName: igniteOpName(this.opCode),
        durationMs: performance.now() - this.startedAt,
        errorMessage: err.message,
        error: err,
      });
    }
    if (this.pinned === undefined && this.retryable && isRetryable(error) && this.mayRetry(error)) {
      this.router.options.monitor.logger.info(
        `ignite-client: ${igniteOpName(this.opCode)} lost its connection to ${connection.endpoint} before the answer; sending it again (try ${this.tries + 1}): ${error.message}`,
      );
      this.connection = undefined;
      this.run();
      return;
    }
    this.fail(error);
  }

  private mayRetry(error: ConnectionError): boolean {
    const { retryLimit, retry, monitor } = this.router.options;
    const limit = retryLimit > 0 ? retryLimit : this.router.pool.size;
    if (this.tries > limit) return false;
    try {
      return retry({ opCode: this.opCode, opName: igniteOpName(this.opCode), attempt: this.tries, error }) === true;
    } catch (err) {
      monitor.logger.warn(`ignite-client: the retry policy threw, so the operation is not retried: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }
}
