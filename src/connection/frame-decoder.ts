import { ParseError } from '../errors.js';

/**
 * Splits a byte stream into the protocol's length-prefixed frames (`i32 length` + body).
 *
 * A frame that lies inside one received chunk is handed out as a view of that chunk (no copy).
 * Only a frame that spans chunks is assembled, once, into a buffer of exactly its size, so the
 * bytes buffered so far are never re-copied when more data arrives.
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(4);
  private headerFilled = 0;
  private frame: Buffer | undefined;
  private frameFilled = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes of an incomplete frame (header included) held back for the next chunk. */
  get partialBytes(): number {
    return this.frame === undefined ? this.headerFilled : 4 + this.frameFilled;
  }

  /** Expected size of the incomplete frame, if its header has arrived. */
  get partialFrameLength(): number | undefined {
    return this.frame?.length;
  }

  /**
   * Feeds one chunk; calls `onFrame` synchronously for every frame it completes.
   * Throws ParseError on a frame length that is not positive or exceeds the limit.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    let offset = 0;
    const length = chunk.length;
    while (offset < length) {
      if (this.frame !== undefined) {
        const frame = this.frame;
        const take = Math.min(frame.length - this.frameFilled, length - offset);
        chunk.copy(frame, this.frameFilled, offset, offset + take);
        this.frameFilled += take;
        offset += take;
        if (this.frameFilled === frame.length) {
          this.frame = undefined;
          this.frameFilled = 0;
          onFrame(frame);
        }
        continue;
      }
      let frameLength: number;
      if (this.headerFilled === 0 && length - offset >= 4) {
        frameLength = chunk.readInt32LE(offset);
        offset += 4;
      } else {
        const take = Math.min(4 - this.headerFilled, length - offset);
        chunk.copy(this.header, this.headerFilled, offset, offset + take);
        this.headerFilled += take;
        offset += take;
        if (this.headerFilled < 4) return;
        this.headerFilled = 0;
        frameLength = this.header.readInt32LE(0);
      }
      this.checkLength(frameLength);
      if (length - offset >= frameLength) {
        const frame = chunk.subarray(offset, offset + frameLength);
        offset += frameLength;
        onFrame(frame);
      } else {
        this.frame = Buffer.allocUnsafe(frameLength);
        this.frameFilled = 0;
      }
    }
  }

  private checkLength(frameLength: number): void {
    if (frameLength <= 0) {
      throw new ParseError(`invalid frame length ${frameLength}`);
    }
    if (frameLength > this.maxFrameBytes) {
      throw new ParseError(`frame of ${frameLength} bytes exceeds the limit of ${this.maxFrameBytes} bytes (maxFrameBytes)`);
    }
  }
}
