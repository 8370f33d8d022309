import { NotSupportedError, ParameterError } from './errors.js';
import { type Endpoint, type NodeAddress, parseEndpoint } from './routing/endpoint.js';

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
}

export interface ResolvedOptions {
  endpoints: Endpoint[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  longAsBigInt: boolean;
  maxFrameBytes: number;
  compactFooter: boolean | undefined;
}

const KNOWN = new Set(['nodes', 'connectTimeoutMs', 'requestTimeoutMs', 'longAsBigInt', 'maxFrameBytes', 'compactFooter']);
/** Options of the public API (see API.md) that later releases bring. */
const NOT_YET = new Set([
  'partitionAware', 'tls', 'username', 'password', 'reconnect', 'heartbeatIntervalMs', 'listeners', 'logger',
]);

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
  return {
    endpoints,
    connectTimeoutMs: duration(options.connectTimeoutMs, 'connectTimeoutMs', 10_000),
    requestTimeoutMs: duration(options.requestTimeoutMs, 'requestTimeoutMs', 0),
    longAsBigInt: options.longAsBigInt ?? false,
    maxFrameBytes,
    compactFooter: options.compactFooter,
  };
}
