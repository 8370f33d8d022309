import type * as net from 'node:net';
import { BinaryReader } from '../binary/reader.js';
import { readString } from '../binary/values.js';
import { BinaryWriter } from '../binary/writer.js';
import {
  AuthenticationError,
  ConnectionError,
  HandshakeError,
  IgniteError,
  ParseError,
  RequestTimeoutError,
} from '../errors.js';
import { Feature, FeatureSet } from '../protocol/features.js';
import type { ConnectionContext, Decoder, Encoder, RequestSink } from '../protocol/request.js';
import { readHandshakeResponse, writeHandshake } from '../protocol/handshake.js';
import { OpCode, opCodeName } from '../protocol/op-codes.js';
import { ClientStatus, serverError } from '../protocol/status.js';
import { isSupportedVersion, type ProtocolVersion, SUPPORTED_VERSIONS, V1_1_0, V1_4_0 } from '../protocol/versions.js';
import { FrameDecoder } from './frame-decoder.js';
import { decodeIdleTimeout, effectiveHeartbeatInterval, Heartbeat, type HeartbeatHost } from './heartbeat.js';
import { openSocket, type TlsOptions } from './socket.js';
import { looksLikeTls, PLAIN_CLOSED_HINT, presentsCertificate, tlsClosedAfterHandshake, tlsExpected, tlsHandshakeFailure, tlsHandshakeTimeout } from './tls-failure.js';
import { DEFAULT_MAX_PENDING_WRITE_BYTES, type QueuedRequest, WriteQueue, type WriteQueueOwner } from './write-queue.js';

export type { ConnectionContext, Decoder, Encoder, RequestSink } from '../protocol/request.js';

export interface ConnectionOptions {
  host: string;
  port: number;
  /** Limit for TCP connect plus handshake; 0 = none. */
  connectTimeoutMs: number;
  /** Limit for each request's answer; 0 = none. */
  requestTimeoutMs: number;
  /** Largest frame accepted from the server; a larger one is a protocol error. */
  maxFrameBytes: number;
  /** Features to ask for in a 1.7.0 handshake. */
  features: FeatureSet;
  /** Login, sent in the handshake (protocol 1.1+). */
  credentials?: { readonly username: string; readonly password: string } | undefined;
  /** TLS settings; undefined: plain TCP. */
  tls?: TlsOptions | undefined;
  /** Versions to offer, newest first (tests narrow it). */
  versions?: readonly ProtocolVersion[];
  /** Called when a response reports a newer affinity topology version (partition awareness). */
  onTopologyVersion?: (connection: Connection, major: number | bigint, minor: number) => void;
  /** Called once when the connection is lost or closed, with the reason. */
  onClose?: (connection: Connection, error: ConnectionError) => void;
  /** Aborting it ends a connection that is still connecting or in its handshake (the client closed). */
  signal?: AbortSignal | undefined;
  /**
   * Heartbeats (protocol §2.4): when nothing has been written for this long, a heartbeat is sent,
   * and one not answered within the interval (while nothing else arrives either) fails the
   * connection. Capped at a third of the server's idle timeout (not below 500 ms). Needs the
   * HEARTBEAT feature (Ignite 2.13+, protocol 1.7.0); without it there are none. 0 = off (default).
   */
  heartbeatIntervalMs?: number;
  /**
   * Encoded bytes this connection may hold for a node that does not read them before new requests
   * wait, unencoded, for the socket to drain (see WriteQueue). Default 4 MiB; never below the
   * socket's high-water mark.
   */
  maxPendingWriteBytes?: number;
}

const TWO_POW_32 = 0x1_0000_0000;
const FLAG_ERROR = 0x0001;
const FLAG_TOPOLOGY_CHANGED = 0x0002;
const FLAG_NOTIFICATION = 0x0004;
/** Timed-out request ids remembered so that their late answers are recognised and dropped. */
const MAX_LATE_IDS = 65_536;
const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';

/** Operations whose answer starts with the id of a server-side cursor they opened (§3.5). */
const CURSOR_OPENING_OPS = new Set<number>([OpCode.QueryScan, OpCode.QuerySql, OpCode.QuerySqlFields]);

class PendingRequest implements QueuedRequest {
  parked = false;
  constructor(
    readonly sink: RequestSink,
    readonly requestId: number,
    /** Date.now() after which the request times out; 0 = never. */
    readonly deadline: number,
    readonly timeoutMs: number,
    /** The connection's receivedChunks when the request was issued. */
    readonly receivedMark: number,
  ) {}
}

/** A RequestSink backed by a promise, for requests that nothing retries. */
class PromiseSink implements RequestSink {
  resolve!: (value: unknown) => void;
  reject!: (error: unknown) => void;
  readonly promise: Promise<unknown>;
  constructor(
    readonly opCode: number,
    readonly encode: Encoder | undefined,
    readonly decode: Decoder<unknown> | undefined,
  ) {
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

type State = 'connecting' | 'open' | 'closed';

const ALL_FEATURES = Object.values(Feature);

/**
 * The features to ask for: the caller's plus HEARTBEAT, which the connection speaks itself (ops 1
 * and 2; no layout changes, §1.6). The Java client sends op 1 only when it was negotiated.
 */
function withHeartbeat(features: FeatureSet): FeatureSet {
  if (features.has(Feature.Heartbeat)) return features;
  return FeatureSet.of([...ALL_FEATURES.filter((f) => features.has(f)), Feature.Heartbeat]);
}

/**
 * One socket to one node: framing, the handshake, and many requests in flight matched by
 * request id. It knows frames and op codes, nothing of caches; a router above holds one per node.
 *
 * Requests issued in the same turn of the event loop are encoded into one buffer and sent with one
 * socket write; a node that stops reading makes new requests wait (write-queue.ts). Each response
 * frame is decoded synchronously as soon as it is complete. Heartbeats (heartbeat.ts) keep an idle
 * connection open and detect a node that stopped answering.
 */
export class Connection implements ConnectionContext {
  readonly host: string;
  readonly port: number;
  /** The version agreed in the handshake. */
  protocolVersion!: ProtocolVersion;
  /** The features the server echoed back: the ones both sides speak. */
  features!: FeatureSet;
  /** The server node's id, from protocol 1.4.0 on. */
  nodeId: string | undefined;

  private readonly options: ConnectionOptions;
  private readonly socket: net.Socket;
  private readonly decoder: FrameDecoder;
  private readonly writes: WriteQueue;
  private readonly pending = new Map<number, PendingRequest>();
  /** Request ids of requests that timed out, with their op codes, for recognising late answers. */
  private readonly lateIds = new Map<number, number>();
  private state: State = 'connecting';
  private closeReason: ConnectionError | undefined;
  private socketError: Error | undefined;
  private nextRequestId = 1;
  /** Grows with every chunk received (liveness: has anything come since?). */
  private receivedChunks = 0;
  private heartbeat: Heartbeat | undefined;
  private serverIdleTimeoutMs: number | undefined;
  /** A topology version reported by the answer to OP_GET_IDLE_TIMEOUT, before open() resolved. */
  private openingTopology: [major: number | bigint, minor: number] | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  /** When the request timer fires; 0 = not armed for requests. */
  private timerDeadline = 0;
  private hasResponseFlags = false;
  private readonly reader = new BinaryReader(Buffer.alloc(0));
  /** The stream can carry the handshake: TCP connected, and for TLS the TLS handshake done. */
  private socketConnected = false;
  private tcpConnected = false;

  private handshakeVersion: ProtocolVersion;
  private handshakeResolve: ((c: Connection) => void) | undefined;
  private handshakeReject: ((e: Error) => void) | undefined;

  private constructor(options: ConnectionOptions) {
    this.options = options;
    this.host = options.host;
    this.port = options.port;
    this.decoder = new FrameDecoder(options.maxFrameBytes);
    this.handshakeVersion = (options.versions ?? SUPPORTED_VERSIONS)[0]!;
    this.socket = openSocket(options, () => {
      this.socketConnected = true;
      this.sendHandshake();
    });
    const owner: WriteQueueOwner = {
      stillWanted: (request) => this.pending.get(request.requestId) === request,
      encodeFailed: (request, error) => {
        this.pending.delete(request.requestId);
        request.sink.reject(error);
      },
    };
    this.writes = new WriteQueue(this.socket, this, owner, options.maxPendingWriteBytes ?? DEFAULT_MAX_PENDING_WRITE_BYTES);
  }

  /** Opens the socket and completes the handshake; rejects with a ConnectionError subclass. */
  static open(options: ConnectionOptions): Promise<Connection> {
    const connection = new Connection(options);
    const opened = new Promise<Connection>((resolve, reject) => {
      connection.handshakeResolve = resolve;
      connection.handshakeReject = reject;
      connection.start();
    });
    const signal = options.signal;
    if (signal === undefined) return opened;
    const abort = (): void => {
      if (connection.state === 'connecting') connection.fail(new ConnectionError(`the client was closed while connecting to ${connection.endpoint}`));
    };
    if (signal.aborted) abort();
    else {
      signal.addEventListener('abort', abort, { once: true });
      const forget = (): void => signal.removeEventListener('abort', abort);
      opened.then(forget, forget);
    }
    return opened;
  }

  get endpoint(): string {
    return `${this.host}:${this.port}`;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Requests sent, or waiting to be (see maxPendingWriteBytes), and not yet answered. */
  get inFlight(): number {
    return this.pending.size - (this.heartbeat?.outstanding === true ? 1 : 0);
  }

  /**
   * The interval heartbeats are sent at, once open: the `heartbeatIntervalMs` option as capped by
   * the server's idle timeout; 0 = none (off, or the server lacks the HEARTBEAT feature).
   */
  get heartbeatIntervalMs(): number {
    return this.heartbeat?.intervalMs ?? 0;
  }

  /**
   * The server's idle timeout in ms (OP_GET_IDLE_TIMEOUT; ≤ 0 = it never closes idle connections),
   * asked for only when heartbeats are on; undefined otherwise.
   */
  get idleTimeoutMs(): number | undefined {
    return this.serverIdleTimeoutMs;
  }

  /**
   * Encoded bytes not yet taken by the kernel: the socket's buffer plus this turn's requests.
   * Stays about `maxPendingWriteBytes` at most; requests beyond it wait unencoded.
   */
  get bufferedBytes(): number {
    return this.writes.bufferedBytes;
  }

  private start(): void {
    const { connectTimeoutMs } = this.options;
    if (connectTimeoutMs > 0) {
      this.timeoutTimer = setTimeout(() => {
        if (this.options.tls !== undefined && this.tcpConnected && !this.socketConnected) {
          this.fail(tlsHandshakeTimeout(this.endpoint, connectTimeoutMs));
          return;
        }
        const stage = this.socket.connecting
          ? 'connecting to'
          : this.state === 'open'
            ? 'waiting for the idle timeout (OP_GET_IDLE_TIMEOUT) of'
            : 'waiting for the handshake answer of';
        this.fail(new HandshakeError(`timed out after ${connectTimeoutMs} ms ${stage} ${this.endpoint}`));
      }, connectTimeoutMs);
    }
    this.socket.once('connect', () => {
      this.tcpConnected = true;
    });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err: Error) => {
      this.socketError = err;
    });
    this.socket.on('close', () => this.onSocketClose());
  }

  private sendHandshake(): void {
    const w = new BinaryWriter(64);
    const lengthAt = w.reserveI32();
    writeHandshake(w, {
      version: this.handshakeVersion,
      features: withHeartbeat(this.options.features),
      username: this.options.credentials?.username,
      password: this.options.credentials?.password,
    });
    w.patchI32(lengthAt, w.position - 4);
    this.socket.write(w.view());
  }

  private onData(chunk: Buffer): void {
    this.receivedChunks++;
    if (this.receivedChunks === 1 && this.state === 'connecting' && this.options.tls === undefined && looksLikeTls(chunk)) {
      this.fail(tlsExpected(this.endpoint));
      return;
    }
    try {
      this.decoder.push(chunk, this.onFrame);
    } catch (err) {
      const cause = err instanceof IgniteError ? err : new ParseError(`cannot decode a frame from ${this.endpoint}`, { cause: err });
      this.fail(new ConnectionError(`protocol error on the connection to ${this.endpoint}: ${cause.message}`, { cause }));
    }
  }

  private readonly onFrame = (frame: Buffer): void => {
    if (this.state === 'open') this.onResponse(frame);
    else if (this.state === 'connecting') this.onHandshakeResponse(frame);
  };

  private onHandshakeResponse(frame: Buffer): void {
    const version = this.handshakeVersion;
    const response = readHandshakeResponse(new BinaryReader(frame), version);
    if (response.ok) {
      this.protocolVersion = version;
      this.features = response.features;
      this.nodeId = response.nodeId;
      this.hasResponseFlags = version.atLeast(V1_4_0);
      this.state = 'open';
      const configuredMs = this.options.heartbeatIntervalMs ?? 0;
      if (configuredMs > 0 && this.features.has(Feature.Heartbeat)) {
        // One more round trip before open() resolves, so that heartbeatIntervalMs is final by
        // then and no timer needs re-arming later; connectTimeoutMs still covers it.
        this.request(OpCode.GetIdleTimeout, undefined, decodeIdleTimeout, 0).then(
          (idleTimeoutMs) => this.opened(idleTimeoutMs),
          // A server error (it does not know op 2): heartbeats at the configured interval. The
          // loss of the connection has rejected open() already.
          (err: unknown) => {
            if (!(err instanceof ConnectionError)) this.opened(undefined);
          },
        );
      } else {
        this.opened(undefined);
      }
      return;
    }
    const { serverVersion, message, status } = response;
    const detail = `${this.endpoint} refused the handshake (protocol ${version}): ${message}`;
    if (status === ClientStatus.AuthFailed) {
      this.fail(new AuthenticationError(detail, { status }));
    } else if (status === ClientStatus.NodeInRecoveryMode) {
      this.fail(new HandshakeError(`${detail} (the node has not joined the cluster yet)`, { status }));
    } else if (serverVersion.equals(version) || !isSupportedVersion(serverVersion) || !this.offers(serverVersion)) {
      this.fail(new HandshakeError(`${detail}; the server speaks protocol ${serverVersion}, which this client cannot use`, { status }));
    } else if (this.options.credentials !== undefined && !serverVersion.atLeast(V1_1_0)) {
      this.fail(new HandshakeError(`${detail}; protocol ${serverVersion} has no authentication, but a username is configured`, { status }));
    } else {
      // Negotiate down on the same socket, as the Java client does.
      this.handshakeVersion = serverVersion;
      this.sendHandshake();
    }
  }

  /** The handshake (and the idle-timeout question) is done: starts heartbeats, resolves open(). */
  private opened(idleTimeoutMs: number | undefined): void {
    if (this.state !== 'open' || this.handshakeResolve === undefined) return;
    this.clearTimer();
    if (this.features.has(Feature.Heartbeat)) {
      this.serverIdleTimeoutMs = idleTimeoutMs;
      const connection = this;
      const host: HeartbeatHost = {
        get lastWriteAt() {
          return connection.writes.lastWriteAt;
        },
        get receivedChunks() {
          return connection.receivedChunks;
        },
        sendHeartbeat: (sink) => {
          const request = new PendingRequest(sink, this.nextRequestId++, 0, 0, this.receivedChunks);
          this.pending.set(request.requestId, request);
          this.writes.addUrgent(request);
        },
        heartbeatLost: (timeoutMs) => {
          this.fail(new ConnectionError(`the connection to ${this.endpoint} is dead: no answer to a heartbeat within ${timeoutMs} ms`));
        },
      };
      this.heartbeat = new Heartbeat(host, effectiveHeartbeatInterval(this.options.heartbeatIntervalMs ?? 0, idleTimeoutMs));
      this.heartbeat.start();
    }
    const resolve = this.handshakeResolve;
    this.handshakeResolve = this.handshakeReject = undefined;
    resolve(this);
    const topology = this.openingTopology;
    if (topology !== undefined) {
      // onTopologyVersion is only ever called on an open connection, after open()'s own callbacks
      // (queued by resolve() just above), as when the first answer was to the caller's request.
      this.openingTopology = undefined;
      queueMicrotask(() => {
        if (this.state === 'open') this.options.onTopologyVersion?.(this, topology[0], topology[1]);
      });
    }
  }

  private offers(version: ProtocolVersion): boolean {
    return (this.options.versions ?? SUPPORTED_VERSIONS).some((v) => v.equals(version));
  }

  private onResponse(frame: Buffer): void {
    // One reader for every response: decoders run synchronously and must not keep it.
    const r = this.reader.reset(frame);
    const low = r.readI32() >>> 0;
    const high = r.readI32();
    const requestId = high * TWO_POW_32 + low;
    let status = 0;
    if (this.hasResponseFlags) {
      const flags = r.readI16();
      if (flags & FLAG_TOPOLOGY_CHANGED) {
        const major = r.readI64();
        const minor = r.readI32();
        if (this.handshakeResolve === undefined) this.options.onTopologyVersion?.(this, major, minor);
        else this.openingTopology = [major, minor];
      }
      if (flags & FLAG_NOTIFICATION) {
        // Server-pushed events (continuous queries, compute) carry a resource id, not a request
        // id; nothing this client starts produces them yet, so they are dropped.
        return;
      }
      if (flags & FLAG_ERROR) status = r.readI32();
    } else {
      status = r.readI32();
    }

    const pending = this.pending.get(requestId);
    if (pending === undefined) {
      const lateOpCode = this.lateIds.get(requestId);
      if (lateOpCode === undefined) throw new ParseError(`response for unknown request id ${requestId}`);
      this.lateIds.delete(requestId);
      // A query that timed out on this side may still have opened a cursor on the server, which
      // nobody will read: close it, or it counts against the server's 128 per connection.
      if (status === 0 && CURSOR_OPENING_OPS.has(lateOpCode) && r.remaining >= 8) this.closeOrphanCursor(r.readI64());
      return;
    }
    this.pending.delete(requestId);
    const sink = pending.sink;
    if (status !== 0) {
      let message: string;
      try {
        message = readString(r) ?? '';
      } catch {
        message = '(unreadable error message)';
      }
      sink.reject(serverError(sink.opCode, status, message));
      return;
    }
    const decode = sink.decode;
    if (decode === undefined) {
      sink.resolve(undefined);
      return;
    }
    // A query's answer opens a server cursor before this client reads it: one it cannot decode
    // must still be closed, or the cursor is orphaned (nobody holds its id).
    let cursorId: number | bigint | undefined;
    if (CURSOR_OPENING_OPS.has(sink.opCode) && r.remaining >= 8) {
      const at = r.position;
      cursorId = r.readI64();
      r.position = at;
    }
    let value: unknown;
    try {
      value = decode(r, this);
      if (cursorId !== undefined && isThenable(value)) {
        const id = cursorId;
        value = Promise.resolve(value).catch((err: unknown) => {
          this.closeOrphanCursor(id);
          throw err;
        });
      }
    } catch (err) {
      if (cursorId !== undefined) this.closeOrphanCursor(cursorId);
      // The frame boundary is intact, so only this request fails; the connection goes on.
      sink.reject(
        err instanceof IgniteError
          ? err
          : new ParseError(`cannot decode the answer to ${opCodeName(sink.opCode)} from ${this.endpoint}`, { cause: err }),
      );
      return;
    }
    sink.resolve(value);
  }

  /**
   * Sends one request and returns its answer. Uses the connection's `requestTimeoutMs` unless
   * `timeoutMs` is given (0 = none).
   */
  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, timeoutMs = this.options.requestTimeoutMs): Promise<T> {
    const sink = new PromiseSink(opCode, encode, decode);
    this.send(sink, timeoutMs);
    return sink.promise as Promise<T>;
  }

  /**
   * Sends one try of a request; its outcome goes to `sink`, always asynchronously to this call
   * except for an encoder that throws or a connection that is not open, which reject at once.
   * `encode` writes the payload straight into this tick's outgoing buffer; if it throws (a value
   * that cannot be encoded), the partial request is rolled back and nothing of it is sent.
   * `timeoutMs` limits the wait for the answer (0 = none). Returns the request id (monitoring
   * events report it), or 0 when the sink was rejected at once.
   *
   * While the node is not reading (more than `maxPendingWriteBytes` written and not yet taken),
   * the request waits unencoded, in order, and is encoded when the socket drains: then its encoder
   * runs later (it must not depend on values the caller changes meanwhile) and its errors reject
   * the sink asynchronously. Its timeout runs while it waits.
   */
  send(sink: RequestSink, timeoutMs: number): number {
    if (this.state !== 'open') {
      sink.reject(this.closeReason ?? new ConnectionError(`the connection to ${this.endpoint} is not open`));
      return 0;
    }
    const requestId = this.nextRequestId++;
    const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : 0;
    const request = new PendingRequest(sink, requestId, deadline, timeoutMs, this.receivedChunks);
    try {
      this.writes.add(request);
    } catch (err) {
      sink.reject(err);
      return 0;
    }
    this.pending.set(requestId, request);
    if (deadline !== 0 && (this.timerDeadline === 0 || deadline < this.timerDeadline)) this.armRequestTimer(deadline);
    return requestId;
  }

  /**
   * Writes the requests queued so far now instead of at the end of this event-loop turn: for a
   * request that should reach the server before this turn's remaining work (the next page of a
   * cursor, asked for before the current one is decoded).
   */
  flush(): void {
    // A flush already scheduled stays scheduled: it finds nothing, or what was queued since.
    this.writes.pump();
  }

  /**
   * One timer for every request, at the earliest deadline. Requests answered in time cost nothing:
   * when it fires, one pass rejects what is due and re-arms for the earliest deadline left, so
   * with steady traffic it fires about once per timeout.
   */
  private armRequestTimer(deadline: number): void {
    if (this.timeoutTimer !== undefined) clearTimeout(this.timeoutTimer);
    this.timerDeadline = deadline;
    this.timeoutTimer = setTimeout(this.expireRequests, Math.max(0, deadline - Date.now()));
  }

  private readonly expireRequests = (): void => {
    this.timeoutTimer = undefined;
    this.timerDeadline = 0;
    const now = Date.now();
    let next = 0;
    let silent = false;
    for (const [requestId, request] of this.pending) {
      if (request.deadline === 0) continue;
      if (request.deadline > now) {
        if (next === 0 || request.deadline < next) next = request.deadline;
        continue;
      }
      this.pending.delete(requestId);
      if (request.receivedMark === this.receivedChunks) silent = true;
      const op = opCodeName(request.sink.opCode);
      let error: RequestTimeoutError;
      if (request.parked) {
        // Never written, so no late answer can come. The write queue skips it.
        error = new RequestTimeoutError(
          `${op} was not even sent to ${this.endpoint} within ${request.timeoutMs} ms (requestTimeoutMs): the node is not reading ` +
            `what was written to it before (more than maxPendingWriteBytes waits in the socket)`,
        );
      } else {
        this.lateIds.set(requestId, request.sink.opCode);
        if (this.lateIds.size > MAX_LATE_IDS) this.lateIds.delete(this.lateIds.keys().next().value!);
        error = new RequestTimeoutError(`${op} got no answer from ${this.endpoint} within ${request.timeoutMs} ms (requestTimeoutMs)`);
      }
      request.sink.reject(error);
    }
    if (this.state !== 'open') return;
    if (next !== 0) this.armRequestTimer(next);
    // Liveness probe: nothing at all has come from the node since a request that timed out was
    // issued. A heartbeat tells a frozen node (SIGSTOP, a cut link) from a slow request.
    if (silent) this.heartbeat?.probe();
  };

  private clearTimer(): void {
    if (this.timeoutTimer !== undefined) {
      clearTimeout(this.timeoutTimer);
      this.timeoutTimer = undefined;
    }
    this.timerDeadline = 0;
  }

  private onSocketClose(): void {
    if (this.state === 'closed') return;
    const partial = this.decoder.partialBytes;
    const expected = this.decoder.partialFrameLength;
    if (!this.socketConnected && this.tcpConnected && this.options.tls !== undefined) {
      this.fail(tlsHandshakeFailure(this.endpoint, this.socketError, presentsCertificate(this.options.tls)));
      return;
    }
    if (!this.socketConnected) {
      const cause = this.socketError;
      this.fail(new ConnectionError(`cannot connect to ${this.endpoint}${cause === undefined ? '' : `: ${cause.message}`}`, cause === undefined ? {} : { cause }));
      return;
    }
    const { tls } = this.options;
    if (this.state === 'connecting' && this.receivedChunks === 0 && tls !== undefined) {
      this.fail(tlsClosedAfterHandshake(this.endpoint, this.socketError, presentsCertificate(tls)));
      return;
    }
    let reason = this.state === 'connecting' ? `${this.endpoint} closed the connection during the handshake` : `the connection to ${this.endpoint} was lost`;
    if (this.state === 'connecting' && this.receivedChunks === 0 && this.socketError === undefined) reason += ` without answering it: ${PLAIN_CLOSED_HINT}`;
    if (partial > 0) {
      reason += expected === undefined ? ` in the middle of a frame header (${partial} of 4 bytes)` : ` in the middle of a frame (${partial - 4} of ${expected} bytes)`;
    }
    if (this.socketError !== undefined) reason += `: ${this.socketError.message}`;
    const options = this.socketError === undefined ? {} : { cause: this.socketError };
    this.fail(this.state === 'connecting' ? new HandshakeError(reason, options) : new ConnectionError(reason, options));
  }

  /** Ends the connection for `reason`: every pending request and the handshake are rejected. */
  private fail(reason: ConnectionError): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closeReason = reason;
    this.clearTimer();
    this.heartbeat?.stop();
    this.writes.close();
    this.socket.destroy();
    if (this.handshakeReject !== undefined) {
      const reject = this.handshakeReject;
      this.handshakeResolve = this.handshakeReject = undefined;
      reject(reason);
    }
    // The owner learns first, so that requests retried from their rejection see the node as lost.
    this.options.onClose?.(this, reason);
    const requests = [...this.pending.values()];
    this.pending.clear();
    for (const request of requests) request.sink.reject(reason);
  }

  /**
   * Releases a cursor opened by a query whose answer came after its timeout. The cursor may have
   * ended with its first page (then the server answers that it has no such resource): either way
   * nothing waits for the answer.
   */
  private closeOrphanCursor(cursorId: number | bigint): void {
    if (this.state !== 'open') return;
    this.request(OpCode.ResourceClose, (w) => w.writeI64(cursorId)).catch(() => undefined);
  }

  /** Closes the socket; requests still in flight are rejected with a ConnectionError. */
  close(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    const closed = new Promise<void>((resolve) => {
      if (this.socket.destroyed) resolve();
      else this.socket.once('close', () => resolve());
    });
    this.fail(new ConnectionError(`the connection to ${this.endpoint} was closed by the client`));
    return closed;
  }
}
