// A scripted stand-in for a server, for what a real node will not do on demand: stay silent,
// drop the socket mid-request, send a half frame, answer an unknown request id. It speaks just
// enough of the protocol (framing, handshake, response header) to reach those states.
import net from 'node:net';
import { Connection, type ConnectionOptions } from '../../src/connection/connection.js';
import { FrameDecoder } from '../../src/connection/frame-decoder.js';
import { FeatureSet } from '../../src/protocol/features.js';

export interface PeerRequest {
  opCode: number;
  requestId: bigint;
  payload: Buffer;
  /** Date.now() when the peer read it. */
  receivedAt: number;
}

/** One accepted client socket, seen from the peer's side. */
export class PeerSocket {
  private readonly decoder = new FrameDecoder(1 << 20);
  private handshakeSeen = false;
  readonly requests: PeerRequest[] = [];
  onHandshake: (body: Buffer) => void = () => this.acceptHandshake();
  onRequest: (request: PeerRequest) => void = () => {};

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) =>
      this.decoder.push(chunk, (frame) => {
        if (!this.handshakeSeen) {
          this.handshakeSeen = true;
          this.onHandshake(Buffer.from(frame));
          return;
        }
        const request = { opCode: frame.readInt16LE(0), requestId: frame.readBigInt64LE(2), payload: Buffer.from(frame.subarray(10)), receivedAt: Date.now() };
        this.requests.push(request);
        this.onRequest(request);
      }),
    );
    socket.on('error', () => {});
  }

  /** Requests seen so far with this op code. */
  requestsOf(opCode: number): PeerRequest[] {
    return this.requests.filter((r) => r.opCode === opCode);
  }

  /** Lets the next frame be a handshake again (after a refused one). */
  expectHandshake(): void {
    this.handshakeSeen = false;
  }

  sendFrame(body: Buffer): void {
    const header = Buffer.alloc(4);
    header.writeInt32LE(body.length);
    this.socket.write(Buffer.concat([header, body]));
  }

  /**
   * A successful answer with a node id: `true` = 1.7.0-style with no features, an array = 1.7.0
   * with those feature bits, `false` = no feature field (before 1.7.0).
   */
  acceptHandshake(features: boolean | readonly number[] = true): void {
    const parts = [Buffer.from([1])];
    if (features !== false) {
      const bits = Buffer.alloc(features === true || features.length === 0 ? 0 : (Math.max(...features) >> 3) + 1);
      if (features !== true) for (const f of features) bits[f >> 3]! |= 1 << (f & 7);
      const head = Buffer.alloc(5);
      head.writeInt8(12, 0);
      head.writeInt32LE(bits.length, 1);
      parts.push(head, bits);
    }
    parts.push(Buffer.from('0a' + '11'.repeat(16), 'hex'));
    this.sendFrame(Buffer.concat(parts));
  }

  refuseHandshake(major: number, minor: number, patch: number, message: string, status = 1): void {
    const text = Buffer.from(message);
    const body = Buffer.alloc(1 + 6 + 5 + text.length + 4);
    let at = body.writeInt8(0, 0);
    at = body.writeInt16LE(major, at);
    at = body.writeInt16LE(minor, at);
    at = body.writeInt16LE(patch, at);
    at = body.writeInt8(9, at);
    at = body.writeInt32LE(text.length, at);
    at += text.copy(body, at);
    body.writeInt32LE(status, at);
    this.sendFrame(body);
  }

  /** A response in the ≥ 1.4.0 layout (id, flags 0, payload). */
  respond(requestId: bigint, payload: Buffer = Buffer.alloc(0)): void {
    const head = Buffer.alloc(10);
    head.writeBigInt64LE(requestId, 0);
    head.writeInt16LE(0, 8);
    this.sendFrame(Buffer.concat([head, payload]));
  }

  /** An error response in the ≥ 1.4.0 layout (id, flags ERROR, status, typed string). */
  respondError(requestId: bigint, status: number, message: string): void {
    const text = Buffer.from(message);
    const body = Buffer.alloc(8 + 2 + 4 + 5 + text.length);
    body.writeBigInt64LE(requestId, 0);
    body.writeInt16LE(1, 8);
    body.writeInt32LE(status, 10);
    body.writeInt8(9, 14);
    body.writeInt32LE(text.length, 15);
    text.copy(body, 19);
    this.sendFrame(body);
  }

  /** A response in the < 1.4.0 layout (id, status 0, payload). */
  respondLegacy(requestId: bigint, payload: Buffer = Buffer.alloc(0)): void {
    const head = Buffer.alloc(12);
    head.writeBigInt64LE(requestId, 0);
    head.writeInt32LE(0, 8);
    this.sendFrame(Buffer.concat([head, payload]));
  }
}

/** A listening fake peer on 127.0.0.1 and an ephemeral port. */
export class FakePeer {
  readonly sockets: PeerSocket[] = [];
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(onConnection: (peer: PeerSocket, index: number) => void): Promise<FakePeer> {
    let self: FakePeer | undefined;
    const server = net.createServer((socket) => {
      const peer = new PeerSocket(socket);
      self!.sockets.push(peer);
      onConnection(peer, self!.sockets.length - 1);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new FakePeer(server, (server.address() as net.AddressInfo).port);
    return self;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const peer of this.sockets) peer.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The GET_NAMES answer payload: `i32 n` + typed strings. */
export function cacheNamesPayload(names: string[]): Buffer {
  const parts = [Buffer.from(Int32Array.of(names.length).buffer)];
  for (const name of names) {
    const bytes = Buffer.from(name);
    parts.push(Buffer.from([9]), Buffer.from(Int32Array.of(bytes.length).buffer), bytes);
  }
  return Buffer.concat(parts);
}

/** A Connection (no router above it) to `peer`, with test defaults: no request timeout, no features asked. */
export function openConnection(peer: FakePeer, options: Partial<ConnectionOptions> = {}): Promise<Connection> {
  return Connection.open({
    host: '127.0.0.1',
    port: peer.port,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 0,
    maxFrameBytes: 1 << 20,
    features: FeatureSet.EMPTY,
    ...options,
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection if it has not settled within `ms`. */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}
