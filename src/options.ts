import { NotSupportedError, ParameterError } from './errors.js';
import { checkListeners, checkLogger, type ClientListener, type Logger } from './events.js';
import type { BackoffOptions } from './routing/backoff.js';
import { type Endpoint, type NodeAddress, parseEndpoint } from './routing/endpoint.js';
import type { RetryPolicy } from './routing/retry.js';

/** Options of `IgniteClient`. Every duration is in milliseconds. */
export interface IgniteClientOptions {
  /** Nodes to connect to: "host:port" strings or `{ host, port }`. Default: 127.0.0.1:10800. */
  nodes?: NodeAddress | readonly NodeAddress[];
  /** Limit for opening a connection, TCP and handshake together (pyignite: handshake_timeout). Default 10 000; 0 = none. */
  connectTimeoutMs?: number;
  /** Limit for each request's answer (pyignite: timeout). Default 0 = none. */
  requestTimeoutMs?: number;
  /** Read every Ignite Long as a `bigint` (by default a Long is a `number` when it is a safe integer). */
  longAsBigInt?: boolean;
  /** Largest response frame accepted; anything larger is treated as a protocol error. Default 1 GiB. */
  maxFrameBytes?: number;
  /** Write complex objects with compact footers. Default: as the server's binary configuration says. */
  compactFooter?: boolean;
  /**
   * Keep a connection to every node of the cluster (default true, pyignite `partition_aware`);
   * false: one connection at a time, moving to the next node when it is lost.
   */
  partitionAware?: boolean;
  /** Also connect to the server nodes the cluster reports (default true). */
  discoverNodes?: boolean;
  /** Which operations are sent again after their connection failed first. Default 'all'. */
  retryPolicy?: RetryPolicy;
  /** Retries per operation; 0 (default) = as many as there are known nodes. */
  retryLimit?: number;
  /** Backoff of reconnection attempts per node. Default { initialDelayMs: 100, maxDelayMs: 30_000 }. */
  reconnect?: Partial<BackoffOptions>;
  /** Heartbeats on idle connections; 0 = off. Default 30 000, capped at a third of the server's idle timeout. */
  heartbeatIntervalMs?: number;
  /** Monitoring listeners (see ClientListener). */
  listeners?: readonly ClientListener[];
  /** Where connects, losses, retries and reconnects are logged. Default: nowhere. */
  logger?: Logger;
  /** TLS: only `false` (the default) in this release. */
  tls?: false;
}

export interface ResolvedOptions {
  endpoints: Endpoint[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  longAsBigInt: boolean;
  maxFrameBytes: number;
  compactFooter: boolean | undefined;
  partitionAware: boolean;
  discoverNodes: boolean;
  retryPolicy: RetryPolicy;
  retryLimit: number;
  reconnect: BackoffOptions;
  heartbeatIntervalMs: number;
  listeners: ClientListener[];
  logger: Logger | undefined;
}

const KNOWN = new Set([
  'nodes', 'connectTimeoutMs', 'requestTimeoutMs', 'longAsBigInt', 'maxFrameBytes', 'compactFooter', 'partitionAware',
  'discoverNodes', 'retryPolicy', 'retryLimit', 'reconnect', 'heartbeatIntervalMs', 'listeners', 'logger', 'tls',
]);
/** Options of the public API (see API.md) that later releases bring. */
const NOT_YET = new Set(['username', 'password']);
const RETRY_POLICIES = new Set(['all', 'readOnly', 'none']);

function flag(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ParameterError(`${name} must be a boolean, got ${String(value)}`);
  return value;
}

function checked<T>(result: T | string): T {
  if (typeof result === 'string') throw new ParameterError(result);
  return result;
}

function duration(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2_147_483_647) {
    throw new ParameterError(`${name} must be a whole number of milliseconds between 0 and 2147483647, got ${String(value)}`);
  }
  return value;
}

/** Validates the options once, so that everything below works with a complete configuration. */
export function resolveOptions(options: IgniteClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new ParameterError('options must be an object');
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    if (NOT_YET.has(key)) throw new NotSupportedError(`option "${key}" is not implemented by this version of ignite-client`);
    if (!KNOWN.has(key)) throw new ParameterError(`unknown option "${key}"`);
  }
  const nodes = options.nodes ?? '127.0.0.1:10800';
  const list: readonly NodeAddress[] = Array.isArray(nodes) ? nodes : [nodes as NodeAddress];
  if (list.length === 0) throw new ParameterError('nodes must name at least one node');
  const endpoints = list.map((n, i) => parseEndpoint(n, `nodes[${i}]`));
  if (options.longAsBigInt !== undefined && typeof options.longAsBigInt !== 'boolean') {
    throw new ParameterError('longAsBigInt must be a boolean');
  }
  if (options.compactFooter !== undefined && typeof options.compactFooter !== 'boolean') {
    throw new ParameterError('compactFooter must be a boolean');
  }
  const maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024 * 1024;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 64 || maxFrameBytes > 2_147_483_647) {
    throw new ParameterError(`maxFrameBytes must be a whole number between 64 and 2147483647, got ${String(maxFrameBytes)}`);
  }
  if (options.tls !== undefined && options.tls !== false) {
    throw new NotSupportedError('TLS (option "tls") is not implemented by this version of ignite-client; only tls: false is accepted');
  }
  const retryPolicy = options.retryPolicy ?? 'all';
  if (typeof retryPolicy !== 'function' && !RETRY_POLICIES.has(retryPolicy as string)) {
    throw new ParameterError(`retryPolicy must be 'all', 'readOnly', 'none' or a function, got ${String(retryPolicy)}`);
  }
  const retryLimit = options.retryLimit ?? 0;
  if (!Number.isInteger(retryLimit) || retryLimit < 0 || retryLimit > 1000) {
    throw new ParameterError(`retryLimit must be a whole number between 0 and 1000, got ${String(retryLimit)}`);
  }
  const reconnectOption: unknown = options.reconnect ?? {};
  if (reconnectOption === null || typeof reconnectOption !== 'object') throw new ParameterError('reconnect must be an object { initialDelayMs, maxDelayMs }');
  for (const key of Object.keys(reconnectOption)) {
    if (key !== 'initialDelayMs' && key !== 'maxDelayMs') throw new ParameterError(`unknown option "reconnect.${key}"`);
  }
  const { initialDelayMs: initial, maxDelayMs: max } = reconnectOption as Partial<BackoffOptions>;
  const initialDelayMs = duration(initial, 'reconnect.initialDelayMs', 100);
  const maxDelayMs = duration(max, 'reconnect.maxDelayMs', Math.max(30_000, initialDelayMs));
  if (initialDelayMs < 1) throw new ParameterError('reconnect.initialDelayMs must be at least 1');
  if (maxDelayMs < initialDelayMs) throw new ParameterError(`reconnect.maxDelayMs (${maxDelayMs}) must not be below reconnect.initialDelayMs (${initialDelayMs})`);
  return {
    endpoints,
    partitionAware: flag(options.partitionAware, 'partitionAware', true),
    discoverNodes: flag(options.discoverNodes, 'discoverNodes', true),
    retryPolicy: retryPolicy as RetryPolicy,
    retryLimit,
    reconnect: { initialDelayMs, maxDelayMs },
    heartbeatIntervalMs: duration(options.heartbeatIntervalMs, 'heartbeatIntervalMs', 30_000),
    listeners: checked(checkListeners(options.listeners)),
    logger: checked(checkLogger(options.logger)),
    connectTimeoutMs: duration(options.connectTimeoutMs, 'connectTimeoutMs', 10_000),
    requestTimeoutMs: duration(options.requestTimeoutMs, 'requestTimeoutMs', 0),
    longAsBigInt: options.longAsBigInt ?? false,
    maxFrameBytes,
    compactFooter: options.compactFooter,
  };
}
