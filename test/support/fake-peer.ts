// A scripted stand-in for a server, for what a real node will not do on demand: stay silent,
// drop the socket mid-request, send a half frame, answer an unknown request id. It speaks just
// enough of the protocol (framing, handshake, response header) to reach those states.
import net from 'node:net';
import { FrameDecoder } from '../../src/connection/frame-decoder.js';

export interface PeerRequest {
  opCode: number;
  requestId: bigint;
  payload: Buffer;
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
        const request = { opCode: frame.readInt16LE(0), requestId: frame.readBigInt64LE(2), payload: Buffer.from(frame.subarray(10)) };
        this.requests.push(request);
        this.onRequest(request);
      }),
    );
    socket.on('error', () => {});
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

  /** A successful 1.7.0-style answer: no features, a node id. */
  acceptHandshake(withFeatures = true): void {
    const parts = [Buffer.from([1])];
    if (withFeatures) parts.push(Buffer.from([12, 0, 0, 0, 0]));
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
