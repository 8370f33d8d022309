import { OpCode } from '../protocol/op-codes.js';
import type { Decoder, RequestSink } from '../protocol/request.js';

/** The shortest interval derived from an idle timeout (TcpClientChannel.MIN_RECOMMENDED_HEARTBEAT_INTERVAL). */
export const MIN_HEARTBEAT_INTERVAL_MS = 500;

/**
 * Longest wait for the answer to a liveness probe. A node that has answered nothing for a whole
 * request timeout and then ignores a heartbeat for 5 s more is frozen or cut off, not slow: a busy
 * node still answers op 1 at once (it does no work), and a GC pause that long is itself an outage.
 */
export const MAX_PROBE_MS = 5_000;

/**
 * The interval heartbeats are sent at: the configured one, capped when the server closes idle
 * connections so that three heartbeats fit in its idle timeout, but not below 500 ms (protocol
 * §2.4; TcpClientChannel.getHeartbeatInterval). 0 = off.
 */
export function effectiveHeartbeatInterval(configuredMs: number, idleTimeoutMs: number | undefined): number {
  if (configuredMs <= 0) return 0;
  if (idleTimeoutMs === undefined || idleTimeoutMs <= 0) return configuredMs;
  return Math.min(configuredMs, Math.max(MIN_HEARTBEAT_INTERVAL_MS, Math.floor(idleTimeoutMs / 3)));
}

/** How long a liveness probe waits for its answer: the heartbeat interval, at most MAX_PROBE_MS. */
export function probeTimeout(intervalMs: number): number {
  return intervalMs > 0 ? Math.min(intervalMs, MAX_PROBE_MS) : MAX_PROBE_MS;
}

/** OP_GET_IDLE_TIMEOUT's answer: `i64` ms, ≤ 0 = the server never closes idle connections. */
export const decodeIdleTimeout: Decoder<number> = (r) => Number(r.readI64());

/** What a heartbeat needs of its connection. */
export interface HeartbeatHost {
  /** Date.now() of the last write to the socket. */
  readonly lastWriteAt: number;
  /** Grows with every chunk received: any byte from the node shows it is alive. */
  readonly receivedChunks: number;
  /** Sends a heartbeat request at once, ahead of any request parked by backpressure. */
  sendHeartbeat(sink: RequestSink): void;
  /** A heartbeat got no answer, and nothing else came, within `timeoutMs`: the node is gone. */
  heartbeatLost(timeoutMs: number): void;
}

/**
 * Heartbeats (op 1, empty request and answer) of one connection, one at a time, on one unref'd
 * timer.
 *
 * - Keep-alive: with an interval, a heartbeat is sent whenever nothing has been written for the
 *   interval, so the server's idle timeout never closes the connection.
 * - Liveness: a heartbeat is expected back within the interval. If it is not, and nothing else
 *   arrived in that time either, the node is declared gone (`heartbeatLost`). Anything received
 *   meanwhile shows the node is alive but behind (our heartbeat queued after the bytes it has not
 *   read yet), so the wait starts over instead.
 * - Probe: `probe()` sends a heartbeat at once and waits `probeTimeout(interval)` for it, for
 *   when a request timed out and nothing at all arrived since it was sent.
 *
 * An error answer (an old node that does not know op 1) is an answer: the node is alive.
 */
export class Heartbeat implements RequestSink {
  readonly opCode = OpCode.Heartbeat;
  readonly encode = undefined;
  readonly decode = undefined;
  /** True from sending a heartbeat until its answer. */
  outstanding = false;
  private waitMs = 0;
  private receivedMark = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** `intervalMs`: the effective interval, 0 = no keep-alive heartbeats (probes only). */
  constructor(
    private readonly host: HeartbeatHost,
    readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs > 0 && !this.stopped) this.armIdle();
  }

  /** Sends a heartbeat now unless one is already out; its answer is due within probeTimeout(). */
  probe(): void {
    if (this.stopped || this.outstanding) return;
    this.clearTimer();
    this.send(probeTimeout(this.intervalMs));
  }

  /** Clears the timer for good (the connection is closed). */
  stop(): void {
    this.stopped = true;
    this.outstanding = false;
    this.clearTimer();
  }

  resolve(): void {
    this.answered();
  }

  reject(): void {
    // A server error is an answer. The loss of the connection rejects it too, after stop().
    this.answered();
  }

  private answered(): void {
    this.outstanding = false;
    if (this.stopped) return;
    this.clearTimer();
    this.start();
  }

  private send(waitMs: number): void {
    this.outstanding = true;
    this.waitMs = waitMs;
    this.receivedMark = this.host.receivedChunks;
    this.host.sendHeartbeat(this);
    if (!this.stopped) this.arm(waitMs);
  }

  private armIdle(): void {
    this.arm(Math.max(0, this.host.lastWriteAt + this.intervalMs - Date.now()));
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(this.onTimer, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.outstanding) {
      if (this.host.receivedChunks !== this.receivedMark) {
        this.receivedMark = this.host.receivedChunks;
        this.arm(this.waitMs);
      } else {
        this.host.heartbeatLost(this.waitMs);
      }
      return;
    }
    if (Date.now() - this.host.lastWriteAt >= this.intervalMs) this.send(this.intervalMs);
    else this.armIdle();
  };
}
