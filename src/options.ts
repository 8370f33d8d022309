import { createSecureContext } from 'node:tls';
import { inspect } from 'node:util';
import type { TlsOptions } from './connection/socket.js';
import { ParameterError } from './errors.js';
import { type ProtocolVersion, SUPPORTED_VERSIONS } from './protocol/versions.js';
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
  /**
   * TLS on every connection: `true` (Node's defaults: the server certificate is verified against
   * the system CAs) or the options of Node's `tls.connect` (`ca`, `cert`, `key`, `passphrase`,
   * `pfx`, `rejectUnauthorized`, `servername`, `ciphers`, `minVersion`, ...), used for every node.
   * Default: false, or true when `username` is set.
   */
  tls?: boolean | TlsOptions;
  /**
   * The newest protocol version to offer, e.g. "1.4.0"; the handshake negotiates down from it as
   * usual. Default: the newest this client speaks (1.7.0). For a server that mishandles a newer one.
   */
  protocolVersion?: string;
  /** Login (Ignite authentication, protocol 1.1+); needs `password`. Implies TLS unless `tls: false`. */
  username?: string;
  password?: string;
}


/** A login; the password is kept out of inspection and JSON, so it does not end up in a log. */
export class Credentials {
  readonly #password: string;
  constructor(
    readonly username: string,
    password: string,
  ) {
    this.#password = password;
  }
  get password(): string {
    return this.#password;
  }
  toJSON(): { username: string; password: string } {
    return { username: this.username, password: '<hidden>' };
  }
  [inspect.custom](): string {
    return `Credentials { username: ${inspect(this.username)}, password: <hidden> }`;
  }
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
  /** undefined: plain TCP. */
  tls: TlsOptions | undefined;
  credentials: Credentials | undefined;
  /** Newest first; only those up to the protocolVersion option. */
  versions: readonly ProtocolVersion[];
}

const KNOWN = new Set([
  'nodes', 'connectTimeoutMs', 'requestTimeoutMs', 'longAsBigInt', 'maxFrameBytes', 'compactFooter', 'partitionAware',
  'discoverNodes', 'retryPolicy', 'retryLimit', 'reconnect', 'heartbeatIntervalMs', 'listeners', 'logger', 'tls',
  'username', 'password', 'protocolVersion',
]);
/** tls.connect options the client sets itself, per node. */
const TLS_RESERVED = ['host', 'port', 'socket', 'path', 'lookup', 'timeout', 'onread'];
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

export type { TlsOptions };

/** Validates the options once, so that everything below works with a complete configuration. */
export function resolveOptions(options: IgniteClientOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw new ParameterError('options must be an object');
  for (const key of Object.keys(options)) {
    if ((options as Record<string, unknown>)[key] === undefined) continue;
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
  const credentials = resolveCredentials(options.username, options.password);
  const tls = resolveTls(options.tls, credentials !== undefined);
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
    tls,
    credentials,
    versions: resolveVersions(options.protocolVersion),
  };
}

function resolveVersions(value: unknown): readonly ProtocolVersion[] {
  if (value === undefined) return SUPPORTED_VERSIONS;
  const at = SUPPORTED_VERSIONS.findIndex((v) => v.toString() === value);
  if (at < 0) {
    throw new ParameterError(`protocolVersion must be one of ${SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(', ')}, got ${typeof value === 'string' ? `"${value}"` : describe(value)}`);
  }
  return SUPPORTED_VERSIONS.slice(at);
}

function resolveCredentials(username: unknown, password: unknown): Credentials | undefined {
  if (username === undefined && password === undefined) return undefined;
  // Never the password's value in a message: it may be a real one, misplaced.
  if (typeof username !== 'string' || username.length === 0) {
    throw new ParameterError(username === undefined ? 'password is set but username is not: set both or neither' : `username must be a non-empty string, got ${describe(username)}`);
  }
  if (password === undefined) throw new ParameterError('username is set but password is not: set both or neither');
  if (typeof password !== 'string') throw new ParameterError(`password must be a string, got ${describe(password)}`);
  return new Credentials(username, password);
}

function resolveTls(value: unknown, hasCredentials: boolean): TlsOptions | undefined {
  // pyignite documents the same: credentials travel encrypted unless the user says otherwise.
  if (value === undefined ? !hasCredentials : value === false) return undefined;
  if (value === undefined || value === true) return withSecureContext({});
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ParameterError(`tls must be true, false or an object of tls.connect options, got ${describe(value)}`);
  }
  for (const key of TLS_RESERVED) {
    if ((value as Record<string, unknown>)[key] !== undefined) {
      throw new ParameterError(`tls.${key} is set by the client for each node (from "nodes"); leave it out of the tls options`);
    }
  }
  return withSecureContext({ ...(value as TlsOptions) });
}

/** The PEM options Node takes as text: a file path given instead of its contents is the usual slip. */
const PEM_OPTIONS = ['ca', 'cert', 'key'] as const;

function withSecureContext(options: TlsOptions): TlsOptions {
  for (const name of PEM_OPTIONS) {
    const value: unknown = options[name];
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      // An object entry is a { pem, passphrase } key; Node checks those itself.
      if ((typeof item === 'string' || Buffer.isBuffer(item)) && !item.toString('latin1').includes('-----BEGIN')) {
        throw new ParameterError(`tls.${name} must be PEM text (-----BEGIN ...), the contents of the file and not its path: read it with fs.readFileSync(path)`);
      }
    }
  }
  // Keys, certificates and CAs are parsed once here, not per connection; a wrong passphrase or a
  // file that is not PEM fails now, before anything is sent.
  if (options.secureContext === undefined) {
    try {
      options.secureContext = createSecureContext(options);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const hint = /bad decrypt|bad password|mac verify failure/i.test(reason)
        ? ': cannot decrypt the key (wrong or missing tls.passphrase)'
        : ': check tls.key, tls.cert, tls.ca, tls.pfx and tls.passphrase';
      throw new ParameterError(`tls options cannot be used (${reason})${hint}`, { cause: err });
    }
  }
  return options;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}
