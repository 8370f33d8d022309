import { ParseError } from '../errors.js';

const TWO_POW_32 = 0x1_0000_0000;
const SHORT_STRING = 12;
// |high word| below 2^21 means the whole int64 is within Number.MAX_SAFE_INTEGER (2^53 - 1).
const SAFE_HIGH = 0x20_0000;

type Utf8Slice = (this: Buffer, start: number, end: number) => string;
/**
 * Buffer's UTF-8 decoder itself, without `toString`'s argument handling (20 ns of 115 for a
 * 100-byte string). Node has always had it; its typings leave it out.
 */
const nativeUtf8Slice = (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice;
const utf8Slice: Utf8Slice = nativeUtf8Slice ?? function (this: Buffer, start: number, end: number): string {
  return this.toString('utf8', start, end);
};

/** Reads little-endian values from one received frame, by offset, without copying. */
export class BinaryReader {
  position: number;
  /** Values already read in the current top-level value, by start offset, for handles (102). */
  handles: Map<number, unknown> | undefined = undefined;
  /** Complex types met whose metadata this client lacks: the value must be read again once fetched. */
  missingTypes: Set<number> | undefined = undefined;
  /**
   * Types whose metadata was fetched for this read already: still lacking one of those, the
   * cluster has nothing more to give, and the read fails instead of asking again.
   */
  fetchedTypes: ReadonlySet<number> | undefined = undefined;
  /** A synchronous read that cannot fetch metadata: what would only name values is not asked for. */
  offline = false;

  constructor(
    public buffer: Buffer,
    position = 0,
    public end: number = buffer.length,
  ) {
    this.position = position;
  }

  /** Points the reader at a new frame: a connection reuses one reader for all its responses. */
  reset(buffer: Buffer): this {
    this.buffer = buffer;
    this.position = 0;
    this.end = buffer.length;
    this.handles = undefined;
    this.missingTypes = undefined;
    this.fetchedTypes = undefined;
    return this;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  private need(bytes: number): number {
    const at = this.position;
    if (at + bytes > this.end) {
      throw new ParseError(`truncated data: needed ${bytes} byte(s) at offset ${at}, ${this.end - at} left`);
    }
    this.position = at + bytes;
    return at;
  }

  readI8(): number {
    return this.buffer.readInt8(this.need(1));
  }

  readU8(): number {
    return this.buffer[this.need(1)]!;
  }

  readBool(): boolean {
    return this.buffer[this.need(1)] === 1;
  }

  readI16(): number {
    return this.buffer.readInt16LE(this.need(2));
  }

  readU16(): number {
    return this.buffer.readUInt16LE(this.need(2));
  }

  readI32(): number {
    return this.buffer.readInt32LE(this.need(4));
  }

  readF32(): number {
    return this.buffer.readFloatLE(this.need(4));
  }

  readF64(): number {
    return this.buffer.readDoubleLE(this.need(8));
  }

  /** An int64 as `number` when it is a safe integer, as `bigint` otherwise: never rounded. */
  readI64(): number | bigint {
    const at = this.need(8);
    const low = this.buffer.readUInt32LE(at);
    const high = this.buffer.readInt32LE(at + 4);
    if (high < SAFE_HIGH && high >= -SAFE_HIGH) return high * TWO_POW_32 + low;
    return this.buffer.readBigInt64LE(at);
  }

  readBigI64(): bigint {
    return this.buffer.readBigInt64LE(this.need(8));
  }

  /** An int64 the protocol guarantees to be small (ids, counts); throws if it is not. */
  readI64Number(): number {
    const value = this.readI64();
    if (typeof value === 'bigint') throw new ParseError(`64-bit value ${value} is too large for this field`);
    return value;
  }

  /** A view of the next `length` bytes (no copy); valid as long as the frame is. */
  readView(length: number): Buffer {
    const at = this.need(length);
    return this.buffer.subarray(at, at + length);
  }

  /** `i32 byteLength` + UTF-8 bytes (no type code). */
  readUtf8(): string {
    const length = this.readI32();
    if (length < 0) throw new ParseError(`negative string length ${length}`);
    const at = this.need(length);
    const buffer = this.buffer;
    // For a few ASCII bytes a JavaScript loop beats the native decoder's call overhead
    // (measured: 2x at 8 bytes, break-even near 12).
    if (length <= SHORT_STRING) {
      let text = '';
      for (let i = at; i < at + length; i++) {
        const byte = buffer[i]!;
        if (byte > 0x7f) return utf8Slice.call(buffer, at, at + length);
        text += String.fromCharCode(byte);
      }
      return text;
    }
    return utf8Slice.call(buffer, at, at + length);
  }
}
