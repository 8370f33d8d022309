// Monitoring: listeners (pyignite's `monitoring` module), the same events on diagnostics_channel,
// and the optional logger. Everything here is synchronous and never throws into the caller.
import diagnostics from 'node:diagnostics_channel';

/** Where a connection goes: the address the client dialled. */
export interface EndpointEvent {
  readonly host: string;
  readonly port: number;
}

export interface HandshakeStartEvent extends EndpointEvent {
  /** The protocol version offered first, e.g. "1.7.0". */
  readonly protocolVersion: string;
}

export interface HandshakeSuccessEvent extends EndpointEvent {
  /** The protocol version agreed. */
  readonly protocolVersion: string;
  /** The server node's id (lower-case UUID, protocol 1.4.0 and newer). */
  readonly nodeId: string | undefined;
}

export interface HandshakeFailEvent extends EndpointEvent {
  /** The protocol version offered first. */
  readonly protocolVersion: string;
  readonly errorMessage: string;
  readonly error: Error;
}

export type AuthenticationFailEvent = HandshakeFailEvent;

export interface ConnectionClosedEvent extends EndpointEvent {
  readonly nodeId: string | undefined;
}

export interface ConnectionLostEvent extends ConnectionClosedEvent {
  readonly errorMessage: string;
  readonly error: Error;
}

export interface QueryStartEvent extends EndpointEvent {
  readonly nodeId: string | undefined;
  /** The request id on its connection. */
  readonly queryId: number;
  readonly opCode: number;
  /** Ignite's operation name, e.g. "CACHE_PUT". */
  readonly opName: string;
}

export interface QuerySuccessEvent extends QueryStartEvent {
  readonly durationMs: number;
}

export interface QueryFailEvent extends QuerySuccessEvent {
  readonly errorMessage: string;
  readonly error: Error;
}

/**
 * A monitoring listener: any subset of these methods. Events are delivered synchronously, in the
 * order they happen; a listener that throws is reported to the logger and otherwise ignored.
 */
export interface ClientListener {
  onHandshakeStart?(event: HandshakeStartEvent): void;
  onHandshakeSuccess?(event: HandshakeSuccessEvent): void;
  onHandshakeFail?(event: HandshakeFailEvent): void;
  onAuthenticationFail?(event: AuthenticationFailEvent): void;
  onConnectionClosed?(event: ConnectionClosedEvent): void;
  onConnectionLost?(event: ConnectionLostEvent): void;
  onQueryStart?(event: QueryStartEvent): void;
  onQuerySuccess?(event: QuerySuccessEvent): void;
  onQueryFail?(event: QueryFailEvent): void;
}

/** A logger: `console` and pino both fit. Each method gets one string. Default: silent. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The diagnostics_channel names the events are published on (the message is the event object). */
export const DiagnosticsChannel = {
  HandshakeStart: 'ignite-client:handshake-start',
  HandshakeSuccess: 'ignite-client:handshake-success',
  HandshakeFail: 'ignite-client:handshake-fail',
  AuthenticationFail: 'ignite-client:authentication-fail',
  ConnectionClosed: 'ignite-client:connection-closed',
  ConnectionLost: 'ignite-client:connection-lost',
  QueryStart: 'ignite-client:query-start',
  QuerySuccess: 'ignite-client:query-success',
  QueryFail: 'ignite-client:query-fail',
} as const;

type EventMethod = keyof ClientListener;

const channels = {
  onHandshakeStart: diagnostics.channel(DiagnosticsChannel.HandshakeStart),
  onHandshakeSuccess: diagnostics.channel(DiagnosticsChannel.HandshakeSuccess),
  onHandshakeFail: diagnostics.channel(DiagnosticsChannel.HandshakeFail),
  onAuthenticationFail: diagnostics.channel(DiagnosticsChannel.AuthenticationFail),
  onConnectionClosed: diagnostics.channel(DiagnosticsChannel.ConnectionClosed),
  onConnectionLost: diagnostics.channel(DiagnosticsChannel.ConnectionLost),
  onQueryStart: diagnostics.channel(DiagnosticsChannel.QueryStart),
  onQuerySuccess: diagnostics.channel(DiagnosticsChannel.QuerySuccess),
  onQueryFail: diagnostics.channel(DiagnosticsChannel.QueryFail),
} satisfies Record<EventMethod, diagnostics.Channel>;

const EVENT_METHODS = Object.keys(channels) as EventMethod[];

const silent = (): void => {};
const SILENT_LOGGER: Logger = { debug: silent, info: silent, warn: silent, error: silent };

/** Delivers events to the client's listeners and channels, and carries its logger. */
export class Monitor {
  readonly logger: Logger;
  private readonly listeners: readonly ClientListener[];
  private readonly queryListeners: boolean;

  constructor(listeners: readonly ClientListener[], logger: Logger | undefined) {
    this.listeners = listeners;
    this.logger = logger ?? SILENT_LOGGER;
    this.queryListeners = listeners.some((l) => l.onQueryStart !== undefined || l.onQuerySuccess !== undefined || l.onQueryFail !== undefined);
  }

  /**
   * Whether request events are wanted now: the hot path asks this once per operation, so an
   * unobserved client builds no event objects and reads no clock.
   */
  get observesQueries(): boolean {
    return this.queryListeners || channels.onQueryStart.hasSubscribers || channels.onQuerySuccess.hasSubscribers || channels.onQueryFail.hasSubscribers;
  }

  emit<M extends EventMethod>(method: M, event: Parameters<NonNullable<ClientListener[M]>>[0]): void {
    const channel = channels[method];
    if (channel.hasSubscribers) {
      try {
        channel.publish(event);
      } catch (err) {
        this.listenerFailed(`a ${String(channel.name)} subscriber`, err);
      }
    }
    for (const listener of this.listeners) {
      const handler = listener[method] as ((e: typeof event) => void) | undefined;
      if (handler === undefined) continue;
      try {
        handler.call(listener, event);
      } catch (err) {
        this.listenerFailed(`listener ${method}`, err);
      }
    }
  }

  private listenerFailed(who: string, err: unknown): void {
    try {
      this.logger.warn(`ignite-client: ${who} threw, ignored: ${err instanceof Error ? err.message : String(err)}`);
    } catch {
      // A logger that throws is not allowed to break the client either.
    }
  }
}

/** Checks the `listeners` option: an array of objects whose known members are functions. */
export function checkListeners(value: unknown): ClientListener[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return 'listeners must be an array of listener objects';
  for (let i = 0; i < value.length; i++) {
    const listener: unknown = value[i];
    if (listener === null || typeof listener !== 'object') return `listeners[${i}] must be an object`;
    for (const method of EVENT_METHODS) {
      const handler = (listener as Record<string, unknown>)[method];
      if (handler !== undefined && typeof handler !== 'function') return `listeners[${i}].${method} must be a function`;
    }
  }
  return value as ClientListener[];
}

/** Checks the `logger` option. */
export function checkLogger(value: unknown): Logger | undefined | string {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return 'logger must be an object with debug, info, warn and error methods';
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    if (typeof (value as Record<string, unknown>)[level] !== 'function') return `logger.${level} must be a function`;
  }
  const logger = value as Logger;
  // Bound once, so that a logger whose methods use `this` (pino) works when called through ours.
  return {
    debug: (m) => logger.debug(m),
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    error: (m) => logger.error(m),
  };
}
