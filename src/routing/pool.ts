import { Connection, type ConnectionOptions } from '../connection/connection.js';
import { AuthenticationError, ConnectionError, ReconnectError, RequestTimeoutError } from '../errors.js';
import type { Monitor } from '../events.js';
import { type NodeEndpoints, type NodeEndpointsAnswer, readNodeEndpointsAnswer, writeNodeEndpointsRequest } from '../protocol/cluster.js';
import { Feature } from '../protocol/features.js';
import { OpCode } from '../protocol/op-codes.js';
import type { Decoder, Encoder } from '../protocol/request.js';
import { SUPPORTED_VERSIONS } from '../protocol/versions.js';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import type { Endpoint } from './endpoint.js';

/** Connection settings shared by every node. */
export type NodeConnectionOptions = Omit<ConnectionOptions, 'host' | 'port' | 'onClose' | 'onTopologyVersion'>;

export interface PoolOptions {
  endpoints: readonly Endpoint[];
  connection: NodeConnectionOptions;
  /** One connection per node (true) or one connection at a time, moving on when it is lost (false). */
  connectToEveryNode: boolean;
  /** Learn the other server nodes' endpoints from the cluster (5102). */
  discoverNodes: boolean;
  reconnect: BackoffOptions;
  monitor: Monitor;
  /** Sends a request of the pool's own (node discovery) the way every request goes. */
  request<T>(opCode: number, encode: Encoder | undefined, decode: Decoder<T>): Promise<T>;
  /** A response reported a newer affinity topology version on this connection. */
  onTopologyVersion?(major: number, minor: number): void;
}

/** One node of the set: its address, its connection if open, and its reconnection state. */
class NodeSlot {
  connection: Connection | undefined;
  opening: Promise<Connection> | undefined;
  /** Failed attempts in a row: the backoff step. */
  failures = 0;
  lastAttemptAt = 0;
  lastError: Error | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  /** The server node's id, once a handshake or discovery told it. */
  nodeId: string | undefined;
  /** Dropped from the set (a discovered node that left): never reconnected. */
  dropped = false;

  constructor(
    readonly endpoint: Endpoint,
    /** Learned from the cluster rather than named by the user. */
    readonly discovered: boolean,
  ) {}

  get key(): string {
    return endpointKey(this.endpoint);
  }

  get isOpen(): boolean {
    return this.connection !== undefined && this.connection.isOpen;
  }
}

const endpointKey = (e: Endpoint): string => (e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`);
const ignore = (): void => {};
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

interface Waiter {
  resolve(connection: Connection): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

type PoolState = 'idle' | 'started' | 'closed';

/**
 * The node set: a connection to every node (or one at a time), opened in parallel, reopened in the
 * background with backoff when lost, and grown by discovery. It hands out open connections; the
 * router decides which one a request takes.
 */
export class NodePool {
  private readonly options: PoolOptions;
  /** In preference order: the nodes the user named first, then discovered ones. */
  private readonly slots = new Map<string, NodeSlot>();
  private readonly waiters = new Set<Waiter>();
  private state: PoolState = 'idle';
  /** The connection requests without a node of their own go to, while it is open. */
  private current: Connection | undefined;
  /** One connection at a time: where the next attempt starts, so that a lost node is tried last. */
  private rotation = 0;
  private discovering: Promise<void> | undefined;
  private discoveredTopology = -1;
  private rediscover = false;
  /** Aborted when the pool stops: connections still in their handshake end at once. */
  private aborter = new AbortController();

  constructor(options: PoolOptions) {
    this.options = options;
    for (const endpoint of options.endpoints) {
      const slot = new NodeSlot(endpoint, false);
      if (!this.slots.has(slot.key)) this.slots.set(slot.key, slot);
    }
  }

  /** How many nodes the set knows (the default retry limit). */
  get size(): number {
    return this.slots.size;
  }

  get isStarted(): boolean {
    return this.state === 'started';
  }

  /** The open connections, in preference order. */
  get connections(): Connection[] {
    const open: Connection[] = [];
    for (const slot of this.slots.values()) if (slot.isOpen) open.push(slot.connection!);
    return open;
  }

  /** The connection of a node, by the node's id, if it is open. */
  connectionOf(nodeId: string): Connection | undefined {
    for (const slot of this.slots.values()) if (slot.nodeId === nodeId && slot.isOpen) return slot.connection;
    return undefined;
  }

  /**
   * Opens the first connection(s). Resolves as soon as one node has completed its handshake; the
   * others keep connecting in the background. Rejects with ReconnectError (every node's reason)
   * when none can, or at once with AuthenticationError.
   */
  start(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new ConnectionError('the client is closed'));
    if (this.state === 'started') return this.pick() !== undefined ? Promise.resolve() : this.acquire(0).then(ignore);
    this.state = 'started';
    return this.acquire(0).then(ignore, (err: unknown) => {
      // Nothing is kept from a failed start: the next connect() begins afresh.
      this.reset();
      throw err;
    });
  }

  /** An open connection, without waiting: the request hot path. */
  pick(): Connection | undefined {
    const current = this.current;
    if (current !== undefined && current.isOpen) return current;
    this.current = undefined;
    for (const slot of this.slots.values()) {
      if (slot.isOpen) {
        this.current = slot.connection;
        return slot.connection;
      }
    }
    return undefined;
  }

  /**
   * An open connection; if there is none, connects (each node at most once per
   * `reconnect.initialDelayMs`, so a caller in a loop cannot make a tight loop of connects) and
   * waits for the first that opens. Rejects with ReconnectError when no node can be reached, with
   * RequestTimeoutError at `deadline` (a Date.now() value; 0 = none).
   */
  acquire(deadline: number): Promise<Connection> {
    const open = this.pick();
    if (open !== undefined) return Promise.resolve(open);
    if (this.state === 'closed') return Promise.reject(new ConnectionError('the client is closed'));
    if (this.state === 'idle') return Promise.reject(new ConnectionError('the client is not connected: call connect() first'));
    return new Promise<Connection>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, timer: undefined };
      if (deadline > 0) {
        const wait = deadline - Date.now();
        waiter.timer = setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new RequestTimeoutError(`no connection to any node could be opened within the request's time (requestTimeoutMs, ${wait} ms)`));
        }, Math.max(0, wait));
      }
      this.waiters.add(waiter);
      this.connectOnDemand();
    });
  }

  private connectOnDemand(): void {
    if (this.waiters.size === 0 || this.state !== 'started') return;
    const now = Date.now();
    const spacing = this.options.reconnect.initialDelayMs;
    const slots = [...this.slots.values()].filter((s) => !s.dropped);
    const eligible = (s: NodeSlot): boolean => s.opening === undefined && !s.isOpen && (s.lastAttemptAt === 0 || now - s.lastAttemptAt >= spacing);
    if (this.options.connectToEveryNode) {
      for (const slot of slots) if (eligible(slot)) this.connect(slot).catch(ignore);
    } else if (!slots.some((s) => s.opening !== undefined)) {
      // One at a time, in turn from the node after the one lost last.
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[(this.rotation + i) % slots.length]!;
        if (eligible(slot)) {
          this.connect(slot).catch(ignore);
          break;
        }
      }
    }
    if (!slots.some((s) => s.opening !== undefined)) this.rejectWaiters(this.unreachable());
  }

  private unreachable(): ReconnectError {
    const slots = [...this.slots.values()].filter((s) => !s.dropped);
    const reasons = slots.map((s) => `${s.key}: ${s.lastError === undefined ? 'not tried yet' : describe(s.lastError)}`);
    const last = slots.map((s) => s.lastError).filter((e) => e !== undefined).pop();
    return new ReconnectError(`no node could be reached (${reasons.join('; ')})`, last === undefined ? {} : { cause: last });
  }

  private rejectWaiters(error: Error): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  private resolveWaiters(connection: Connection): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) {
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.resolve(connection);
    }
  }

  private connect(slot: NodeSlot): Promise<Connection> {
    if (slot.opening !== undefined) return slot.opening;
    if (slot.retryTimer !== undefined) {
      clearTimeout(slot.retryTimer);
      slot.retryTimer = undefined;
    }
    const { host, port } = slot.endpoint;
    const { monitor } = this.options;
    const offered = (this.options.connection.versions ?? SUPPORTED_VERSIONS)[0]!.toString();
    slot.lastAttemptAt = Date.now();
    monitor.emit('onHandshakeStart', { host, port, protocolVersion: offered });
    const opening = Connection.open({
      ...this.options.connection,
      host,
      port,
      onClose: (connection, reason) => this.onClose(slot, connection, reason),
      signal: this.aborter.signal,
      onTopologyVersion: (connection, major, minor) => this.onTopologyVersion(connection, major, minor),
    });
    slot.opening = opening.then(
      (connection) => this.onOpen(slot, connection),
      (err: unknown) => this.onConnectFailed(slot, err as Error, offered),
    );
    return slot.opening;
  }

  private onOpen(slot: NodeSlot, connection: Connection): Connection {
    slot.opening = undefined;
    const { host, port } = slot.endpoint;
    if (this.state !== 'started' || slot.dropped) {
      connection.close().catch(ignore);
      throw new ConnectionError('the client is closed');
    }
    const duplicate = connection.nodeId === undefined ? undefined : [...this.slots.values()].find((s) => s !== slot && s.isOpen && s.nodeId === connection.nodeId);
    if (duplicate !== undefined && slot.discovered) {
      // A discovered address of a node already connected under the name the user gave it.
      this.drop(slot);
      connection.close().catch(ignore);
      throw new ConnectionError(`${slot.key} is node ${connection.nodeId}, already connected as ${duplicate.key}`);
    }
    slot.connection = connection;
    slot.nodeId = connection.nodeId;
    const reconnected = slot.failures > 0 || slot.lastError !== undefined;
    slot.failures = 0;
    slot.lastError = undefined;
    this.options.monitor.emit('onHandshakeSuccess', { host, port, protocolVersion: connection.protocolVersion.toString(), nodeId: connection.nodeId });
    this.options.monitor.logger.info(
      `ignite-client: ${reconnected ? 'reconnected' : 'connected'} to ${slot.key} (node ${connection.nodeId ?? 'unknown'}, protocol ${connection.protocolVersion})`,
    );
    this.resolveWaiters(connection);
    if (this.discoveredTopology < 0) this.discover(connection);
    return connection;
  }

  private onConnectFailed(slot: NodeSlot, err: Error, offered: string): never {
    slot.opening = undefined;
    slot.failures++;
    slot.lastError = err;
    // Spacing counts from the end of an attempt: a connect that times out is not followed at once by the next.
    slot.lastAttemptAt = Date.now();
    const { host, port } = slot.endpoint;
    const event = { host, port, protocolVersion: offered, errorMessage: err.message, error: err };
    const { monitor } = this.options;
    if (err instanceof AuthenticationError) {
      monitor.emit('onAuthenticationFail', event);
      // Credentials are the cluster's: every other node would refuse them too.
      this.rejectWaiters(err);
    } else {
      monitor.emit('onHandshakeFail', event);
    }
    if (this.state === 'started' && !slot.dropped) {
      monitor.logger[slot.failures === 1 ? 'warn' : 'debug'](`ignite-client: cannot connect to ${slot.key} (attempt ${slot.failures}): ${err.message}`);
      this.scheduleReconnect(slot);
      if (!this.options.connectToEveryNode) this.rotation = (this.indexOf(slot) + 1) % Math.max(1, this.slots.size);
      this.connectOnDemand();
    }
    throw err;
  }

  private indexOf(slot: NodeSlot): number {
    let i = 0;
    for (const s of this.slots.values()) {
      if (s === slot) return i;
      i++;
    }
    return 0;
  }

  private onClose(slot: NodeSlot, connection: Connection, reason: ConnectionError): void {
    if (slot.connection !== connection) return; // a handshake that failed: reported by onConnectFailed
    slot.connection = undefined;
    if (this.current === connection) this.current = undefined;
    const { host, port } = slot.endpoint;
    const { monitor } = this.options;
    if (this.state !== 'started' || slot.dropped) {
      monitor.emit('onConnectionClosed', { host, port, nodeId: connection.nodeId });
      return;
    }
    slot.lastError = reason;
    slot.failures = 1;
    // A node that was working is worth one immediate attempt on demand; the backoff applies after it.
    slot.lastAttemptAt = 0;
    monitor.emit('onConnectionLost', { host, port, nodeId: connection.nodeId, errorMessage: reason.message, error: reason });
    monitor.logger.warn(`ignite-client: lost the connection to ${slot.key} (node ${connection.nodeId ?? 'unknown'}): ${reason.message}`);
    if (this.options.connectToEveryNode) this.scheduleReconnect(slot);
    else this.rotation = (this.indexOf(slot) + 1) % Math.max(1, this.slots.size);
  }

  /** A background attempt after the slot's backoff delay (one connection per node only). */
  private scheduleReconnect(slot: NodeSlot): void {
    if (!this.options.connectToEveryNode || this.state !== 'started' || slot.dropped) return;
    if (slot.retryTimer !== undefined || slot.opening !== undefined || slot.isOpen) return;
    const delay = slot.failures === 0 ? 0 : backoffDelay(slot.failures, this.options.reconnect);
    slot.retryTimer = setTimeout(() => {
      slot.retryTimer = undefined;
      if (this.state === 'started' && !slot.dropped && !slot.isOpen) this.connect(slot).catch(ignore);
    }, delay);
    slot.retryTimer.unref();
  }

  private onTopologyVersion(connection: Connection, major: number | bigint, minor: number): void {
    this.options.onTopologyVersion?.(Number(major), minor);
    if (Number(major) > this.discoveredTopology && this.discoveredTopology >= 0) this.discover(connection);
  }

  /** Asks the cluster for its server nodes' endpoints (5102) and adds or drops nodes to match. */
  private discover(connection: Connection): void {
    if (!this.options.discoverNodes || !connection.features.has(Feature.ClusterGroupGetNodesEndpoints)) return;
    if (this.discovering !== undefined) {
      this.rediscover = true;
      return;
    }
    this.discovering = this.options
      .request(OpCode.ClusterGroupGetNodeEndpoints, (w) => writeNodeEndpointsRequest(w), readNodeEndpointsAnswer)
      .then(
        (answer) => this.applyDiscovery(answer),
        (err: unknown) => this.options.monitor.logger.debug(`ignite-client: node discovery failed: ${describe(err)}`),
      )
      .finally(() => {
        this.discovering = undefined;
        if (this.rediscover && this.state === 'started') {
          this.rediscover = false;
          const open = this.pick();
          if (open !== undefined) this.discover(open);
        }
      });
  }

  private applyDiscovery(answer: NodeEndpointsAnswer): void {
    if (this.state !== 'started') return;
    const version = Number(answer.topologyVersion);
    if (version < this.discoveredTopology) return;
    this.discoveredTopology = version;
    const present = new Set(answer.added.map((n) => n.nodeId));
    for (const node of answer.added) {
      if ([...this.slots.values()].some((s) => s.nodeId === node.nodeId && !s.dropped)) continue;
      const known = node.addresses.map((host) => this.slots.get(endpointKey({ host, port: node.port }))).find((s) => s !== undefined && !s.dropped);
      if (known !== undefined) {
        // The same address under a new id: the node was restarted.
        known.nodeId = node.nodeId;
        continue;
      }
      const endpoint = this.chooseEndpoint(node);
      if (endpoint === undefined) continue;
      const slot = new NodeSlot(endpoint, true);
      const previous = this.slots.get(slot.key);
      if (previous !== undefined) this.slots.delete(slot.key); // a dropped one coming back
      slot.nodeId = node.nodeId;
      this.slots.set(slot.key, slot);
      this.options.monitor.logger.info(`ignite-client: discovered node ${node.nodeId} at ${slot.key}`);
      if (this.options.connectToEveryNode) this.connect(slot).catch(ignore);
    }
    for (const slot of this.slots.values()) {
      if (!slot.discovered || slot.dropped || slot.nodeId === undefined || present.has(slot.nodeId)) continue;
      this.options.monitor.logger.info(`ignite-client: node ${slot.nodeId} at ${slot.key} left the cluster; dropped from the node set`);
      this.drop(slot);
    }
  }

  /**
   * The address to dial for a discovered node: one the user's own node names share a host with,
   * else an IPv4 address that is not loopback (unless the user's nodes are on loopback), else the
   * first listed.
   */
  private chooseEndpoint(node: NodeEndpoints): Endpoint | undefined {
    if (node.addresses.length === 0 || node.port <= 0) return undefined;
    const userHosts = new Set(this.options.endpoints.map((e) => e.host));
    const loopback = (h: string): boolean => h === 'localhost' || h.startsWith('127.') || h === '::1' || h === '0:0:0:0:0:0:0:1';
    const userOnLoopback = this.options.endpoints.every((e) => loopback(e.host));
    const host =
      node.addresses.find((a) => userHosts.has(a)) ??
      node.addresses.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && loopback(a) === userOnLoopback) ??
      node.addresses.find((a) => loopback(a) === userOnLoopback) ??
      node.addresses[0]!;
    return { host, port: node.port };
  }

  private drop(slot: NodeSlot): void {
    slot.dropped = true;
    if (slot.retryTimer !== undefined) clearTimeout(slot.retryTimer);
    slot.retryTimer = undefined;
    this.slots.delete(slot.key);
    slot.connection?.close().catch(ignore);
  }

  /** Back to before start(): every connection closed, nothing remembered; start() may follow. */
  async stop(): Promise<void> {
    if (this.state !== 'started') return;
    await Promise.all(this.reset());
  }

  private reset(): Promise<void>[] {
    this.state = 'idle';
    const closing = this.stopEverything(new ConnectionError('the client could not connect'));
    this.discoveredTopology = -1;
    for (const [key, slot] of this.slots) {
      if (slot.discovered) this.slots.delete(key);
      slot.failures = 0;
      slot.lastAttemptAt = 0;
      slot.lastError = undefined;
      slot.nodeId = undefined;
    }
    return closing;
  }

  private stopEverything(reason: Error): Promise<void>[] {
    this.rejectWaiters(reason);
    this.aborter.abort();
    this.aborter = new AbortController();
    const closing: Promise<void>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.retryTimer !== undefined) clearTimeout(slot.retryTimer);
      slot.retryTimer = undefined;
      if (slot.opening !== undefined) closing.push(slot.opening.then(ignore, ignore));
      const connection = slot.connection;
      if (connection !== undefined) closing.push(connection.close());
    }
    this.current = undefined;
    return closing;
  }

  /** Closes every connection and stops every attempt; for good. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await Promise.all(this.stopEverything(new ConnectionError('the client is closed')));
    if (this.discovering !== undefined) await this.discovering;
  }
}
