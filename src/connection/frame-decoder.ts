import { ParseError } from '../errors.js';

/**
 * Splits a byte stream into the protocol's length-prefixed frames (`i32 length` + body, protocol
 * §1.1).
 *
 * A frame that lies inside one received chunk is handed out as a view of that chunk (no copy).
 * A frame that spans chunks is kept as views of the chunks it arrived in until its last byte is
 * there, then assembled once into a buffer of exactly its size. Nothing is allocated from the
 * length prefix alone, so a corrupt or hostile prefix (anything up to `maxFrameBytes`) costs only
 * the bytes that actually arrive, and the bytes held so far are never re-copied as more come.
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(4);
  private headerFilled = 0;
  /** Length of the frame being assembled; 0 = none. */
  private frameLength = 0;
  /** Views of the chunks holding the frame's bytes so far. */
  private pieces: Buffer[] = [];
  private frameFilled = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes of an incomplete frame (header included) held back for the next chunk. */
  get partialBytes(): number {
    return this.frameLength === 0 ? this.headerFilled : 4 + this.frameFilled;
  }

  /** Expected size of the incomplete frame, if its header has arrived. */
  get partialFrameLength(): number | undefined {
    return this.frameLength === 0 ? undefined : this.frameLength;
  }

  /**
   * Feeds one chunk; calls `onFrame` synchronously for every frame it completes. The decoder keeps
   * views of `chunk` when a frame continues past it, so the caller must not reuse the chunk's
   * memory (socket 'data' chunks are never reused).
   * Throws ParseError on a frame length that is not positive or exceeds the limit.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    let offset = 0;
    const length = chunk.length;
    while (offset < length) {
      if (this.frameLength !== 0) {
        const frameLength = this.frameLength;
        const take = Math.min(frameLength - this.frameFilled, length - offset);
        this.pieces.push(chunk.subarray(offset, offset + take));
        this.frameFilled += take;
        offset += take;
        if (this.frameFilled === frameLength) {
          const frame = Buffer.concat(this.pieces, frameLength);
          this.pieces = [];
          this.frameLength = 0;
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
        // The rest of the chunk (possibly nothing) is the frame's start; the loop takes it.
        this.frameLength = frameLength;
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
