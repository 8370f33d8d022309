import type * as net from 'node:net';
import { BinaryWriter } from '../binary/writer.js';
import type { ConnectionContext, RequestSink } from '../protocol/request.js';

/** `i32 length`, `i16 opCode`, `i64 requestId` (protocol §2.1). */
const REQUEST_HEADER_BYTES = 4 + 2 + 8;
/** A buffer larger than this is not kept for reuse once written. */
const MAX_RETAINED_WRITE_CAPACITY = 64 * 1024;

/**
 * Default for `maxPendingWriteBytes`. A healthy node never lets it engage: the kernel's send buffer
 * (Linux autotunes it up to tcp_wmem's maximum, 4 MiB by default) takes every write at once, and
 * bytes stay in the socket's own buffer only once that is full too, i.e. when the node stops
 * keeping up. 4 MiB is still a few milliseconds of transfer on a fast link, so refilling it on
 * 'drain' does not starve the link, and a multi-megabyte putAll goes out without waiting; while it
 * is small enough that one stuck connection per node costs little.
 */
export const DEFAULT_MAX_PENDING_WRITE_BYTES = 4 * 1024 * 1024;

/** A request as the write queue sees it. */
export interface QueuedRequest {
  readonly requestId: number;
  readonly sink: RequestSink;
  /** True while the request waits to be encoded (set by the queue). */
  parked: boolean;
}

/** What the queue asks of its connection about parked requests. */
export interface WriteQueueOwner {
  /** False for a parked request that no longer wants sending (it timed out). */
  stillWanted(request: QueuedRequest): boolean;
  /** A parked request's encoder threw when its turn came: nothing of it was sent. */
  encodeFailed(request: QueuedRequest, error: unknown): void;
}

/**
 * The outgoing side of one socket: coalescing and backpressure.
 *
 * Requests added in the same event-loop turn are encoded straight into one buffer, written with one
 * socket write at the end of the turn (`setImmediate`) or on `flush()`.
 *
 * Backpressure: while the bytes held for this socket (the socket's own buffer, `writableLength`,
 * plus this turn's encoded requests) exceed `maxPendingWriteBytes`, new requests are not encoded
 * but parked in a FIFO and encoded in order when the socket drains. So the encoded bytes held per
 * connection stay at most about `maxPendingWriteBytes` plus one request (the one that crossed the
 * bound), whatever a slow node does; a parked request costs only its sink and a small record (its
 * values are not encoded yet, and the caller holds them anyway). Hot path cost: one comparison per
 * request, against `room`, a figure computed once per socket write.
 */
export class WriteQueue {
  private out = new BinaryWriter(4096);
  private flushScheduled = false;
  /**
   * How far `out` may fill before new requests park: the bound minus the socket's buffered bytes at
   * the last write (they only shrink between writes, so this errs on the safe side). -1 while
   * requests are parked, so that every later request parks behind them, in order.
   */
  private room: number;
  private parked: QueuedRequest[] = [];
  private parkedHead = 0;
  private closed = false;
  /** Bytes held before new requests park; at least the socket's high-water mark, see pump(). */
  private readonly bound: number;
  /** Date.now() of the last socket write (heartbeats are sent when it is old). */
  lastWriteAt = Date.now();

  constructor(
    private readonly socket: net.Socket,
    /** Handed to encoders. */
    private readonly context: ConnectionContext,
    private readonly owner: WriteQueueOwner,
    maxPendingWriteBytes: number,
  ) {
    this.bound = Math.max(maxPendingWriteBytes, socket.writableHighWaterMark);
    this.room = this.bound;
    socket.on('drain', this.pump);
  }

  /** Encoded bytes not yet taken by the kernel: the socket's buffer and this turn's requests. */
  get bufferedBytes(): number {
    return this.socket.writableLength + this.out.position;
  }

  /** Requests waiting to be encoded until the socket drains. */
  get parkedCount(): number {
    return this.parked.length - this.parkedHead;
  }

  /**
   * Encodes `request` into this turn's buffer, or parks it when the bound is reached. If its
   * encoder throws, nothing of it is kept and the error is thrown on to the caller.
   */
  add(request: QueuedRequest): void {
    if (this.out.position > this.room) {
      request.parked = true;
      this.parked.push(request);
      return;
    }
    this.encode(request);
  }

  /** Encodes `request` now, past any bound and ahead of parked requests (heartbeats), and writes. */
  addUrgent(request: QueuedRequest): void {
    this.encode(request);
    this.pump();
  }

  private encode(request: QueuedRequest): void {
    const w = this.out;
    const start = w.position;
    const sink = request.sink;
    w.ensure(REQUEST_HEADER_BYTES);
    w.position += 4;
    w.writeI16(sink.opCode);
    w.writeI64(request.requestId);
    const encode = sink.encode;
    if (encode !== undefined) {
      try {
        encode(w, this.context);
      } catch (err) {
        w.position = start;
        throw err;
      }
    }
    w.patchI32(start, w.position - start - 4);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushQueued);
    }
  }

  private readonly flushQueued = (): void => {
    this.flushScheduled = false;
    this.pump();
  };

  /**
   * Writes what is encoded, then encodes parked requests while there is room, until none is left
   * or the socket holds more than the bound. In the latter case write() has returned false (the
   * bound is at least the high-water mark), so 'drain' will come and call this again.
   */
  readonly pump = (): void => {
    if (this.closed) return;
    // Requests added while this runs (by a sink rejected below) park behind the others.
    this.room = -1;
    let room: number;
    for (;;) {
      if (this.out.position > 0) this.write();
      room = this.bound - this.socket.writableLength;
      if (room < 0 || this.parkedHead === this.parked.length) break;
      while (this.parkedHead < this.parked.length && this.out.position <= room) {
        const request = this.parked[this.parkedHead++]!;
        request.parked = false;
        if (!this.owner.stillWanted(request)) continue;
        try {
          this.encode(request);
        } catch (err) {
          this.owner.encodeFailed(request, err);
        }
        if (this.closed) return;
      }
      if (this.parkedHead === this.parked.length) {
        this.parked = [];
        this.parkedHead = 0;
      } else if (this.parkedHead > 1024 && this.parkedHead * 2 > this.parked.length) {
        // Drop the records already sent, so that a long queue does not keep them all.
        this.parked = this.parked.slice(this.parkedHead);
        this.parkedHead = 0;
      }
    }
    this.room = this.parkedHead === this.parked.length ? room : -1;
  };

  private write(): void {
    const out = this.out;
    this.socket.write(out.view());
    this.lastWriteAt = Date.now();
    if (this.socket.writableLength === 0 && out.buffer.length <= MAX_RETAINED_WRITE_CAPACITY) {
      // The kernel took every byte during write() (libuv tries a synchronous write first), so
      // nothing refers to the buffer any more: the next requests reuse it.
      out.position = 0;
    } else {
      // The socket holds on to the bytes until the kernel takes them: the next requests go to a
      // fresh buffer rather than overwriting these.
      this.out = new BinaryWriter(Math.min(out.buffer.length, MAX_RETAINED_WRITE_CAPACITY));
    }
  }

  /** Stops writing (the socket is gone); parked requests are dropped (their owner rejects them). */
  close(): void {
    this.closed = true;
    this.parked = [];
    this.parkedHead = 0;
    this.out = new BinaryWriter(64);
  }
}
