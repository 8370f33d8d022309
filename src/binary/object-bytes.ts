// Complex objects walked as bytes, without decoding them: where a value ends, which complex
// objects are nested in an object's fields, and a copy of an object that no longer depends on the
// bytes around it. Ignite does the same in RawBinaryObjectExtractor (skipping values),
// ObjectDetachHelper (finding handles that point outside an object) and
// CrossObjectReferenceResolver (copying an object with those handles resolved).
import { ParseError } from '../errors.js';
import { TypeCode, typeCodeName } from './type-codes.js';
import { BinaryWriter } from './writer.js';

const HEADER_LENGTH = 24;
/** Type code -2 as an unsigned byte: a Java-serialized object, `i32 length` + bytes. */
const JAVA_SERIALIZED = 0xfe;
const FLAG_HAS_SCHEMA = 0x0002;
const FLAG_HAS_RAW = 0x0004;
const FLAG_OFFSET_ONE_BYTE = 0x0008;
const FLAG_OFFSET_TWO_BYTES = 0x0010;
const FLAG_COMPACT_FOOTER = 0x0020;

/** Where the parts of a complex object are (BinaryUtils.dataStartRelative, rawOffsetAbsolute, footerStartAbsolute). */
interface Parts {
  flags: number;
  end: number;
  /** The first field: after the header, and after the class name of an unregistered type (id 0). */
  dataStart: number;
  /** Where the fields end: the raw data, or the footer when there is none. */
  rawStart: number;
  footerStart: number;
  offsetWidth: number;
}

function int32(b: Buffer, at: number, limit: number): number {
  if (at + 4 > limit) throw new ParseError(`value at ${at} runs past the ${limit} bytes it is in`);
  return b.readInt32LE(at);
}

function parts(b: Buffer, start: number, limit: number): Parts {
  if (start + HEADER_LENGTH > limit) throw new ParseError(`complex object header at ${start} is cut short`);
  const flags = b.readUInt16LE(start + 2);
  const length = b.readInt32LE(start + 12);
  const offset = b.readInt32LE(start + 20);
  const end = start + length;
  if (length < HEADER_LENGTH || end > limit) throw new ParseError(`complex object length ${length} at ${start} runs past its frame`);
  const dataStart = b.readInt32LE(start + 4) === 0 ? start + HEADER_LENGTH + 5 + int32(b, start + HEADER_LENGTH + 1, end) : start + HEADER_LENGTH;
  const hasSchema = (flags & FLAG_HAS_SCHEMA) !== 0;
  const footerStart = hasSchema ? start + offset : end;
  let rawStart = footerStart;
  if ((flags & FLAG_HAS_RAW) !== 0) rawStart = start + (hasSchema ? int32(b, end - 4, end) : offset);
  if (dataStart > rawStart || rawStart > footerStart || footerStart > end) throw new ParseError(`complex object at ${start} has offsets outside itself`);
  const offsetWidth = flags & FLAG_OFFSET_ONE_BYTE ? 1 : flags & FLAG_OFFSET_TWO_BYTES ? 2 : 4;
  return { flags, end, dataStart, rawStart, footerStart, offsetWidth };
}

/** After an enum's, object array's or class's type id: a class name follows an id of 0. */
function typeIdEnd(b: Buffer, at: number, limit: number): number {
  const typeId = int32(b, at, limit);
  return typeId === 0 ? valueEnd(b, at + 4, limit) : at + 4;
}

function itemsEnd(b: Buffer, at: number, count: number, limit: number): number {
  if (count < 0 || count > limit - at) throw new ParseError(`${count} elements at ${at} do not fit in their value`);
  let position = at;
  for (let i = 0; i < count; i++) position = valueEnd(b, position, limit);
  return position;
}

function fixedEnd(b: Buffer, at: number, width: number, limit: number): number {
  const count = int32(b, at, limit);
  const end = at + 4 + count * width;
  if (count < 0 || end > limit) throw new ParseError(`array of ${count} elements at ${at} runs past its value`);
  return end;
}

/** Where the value whose type code is at `start` ends (RawBinaryObjectExtractor.skipObject). */
export function valueEnd(b: Buffer, start: number, limit: number): number {
  if (start >= limit) throw new ParseError(`value at ${start} runs past the ${limit} bytes it is in`);
  const at = start + 1;
  let end: number;
  switch (b[start]) {
    case TypeCode.Null:
      return at;
    case TypeCode.Byte:
    case TypeCode.Bool:
      end = at + 1;
      break;
    case TypeCode.Short:
    case TypeCode.Char:
      end = at + 2;
      break;
    case TypeCode.Int:
    case TypeCode.Float:
    case TypeCode.Handle:
      end = at + 4;
      break;
    case TypeCode.Long:
    case TypeCode.Double:
    case TypeCode.Date:
    case TypeCode.Time:
      end = at + 8;
      break;
    case TypeCode.Timestamp:
      end = at + 12;
      break;
    case TypeCode.Uuid:
      end = at + 16;
      break;
    case TypeCode.String:
    case JAVA_SERIALIZED:
      end = fixedEnd(b, at, 1, limit);
      break;
    case TypeCode.Decimal:
      end = fixedEnd(b, at + 4, 1, limit);
      break;
    case TypeCode.Enum:
    case TypeCode.BinaryEnum:
      end = typeIdEnd(b, at, limit) + 4;
      break;
    case TypeCode.Class:
      end = typeIdEnd(b, at, limit);
      break;
    case TypeCode.ByteArray:
    case TypeCode.BoolArray:
      end = fixedEnd(b, at, 1, limit);
      break;
    case TypeCode.ShortArray:
    case TypeCode.CharArray:
      end = fixedEnd(b, at, 2, limit);
      break;
    case TypeCode.IntArray:
    case TypeCode.FloatArray:
      end = fixedEnd(b, at, 4, limit);
      break;
    case TypeCode.LongArray:
    case TypeCode.DoubleArray:
      end = fixedEnd(b, at, 8, limit);
      break;
    case TypeCode.StringArray:
    case TypeCode.UuidArray:
    case TypeCode.DateArray:
    case TypeCode.TimestampArray:
    case TypeCode.TimeArray:
    case TypeCode.DecimalArray:
      end = itemsEnd(b, at + 4, int32(b, at, limit), limit);
      break;
    case TypeCode.ObjectArray:
    case TypeCode.EnumArray: {
      const countAt = typeIdEnd(b, at, limit);
      end = itemsEnd(b, countAt + 4, int32(b, countAt, limit), limit);
      break;
    }
    case TypeCode.Collection:
      end = itemsEnd(b, at + 5, int32(b, at, limit), limit);
      break;
    case TypeCode.Map:
      end = itemsEnd(b, at + 5, 2 * int32(b, at, limit), limit);
      break;
    case TypeCode.BinaryObject:
      end = fixedEnd(b, at, 1, limit) + 4;
      break;
    case TypeCode.ComplexObject:
      return parts(b, start, limit).end;
    case TypeCode.Proxy: {
      let position = at + 4;
      for (let i = int32(b, at, limit); i > 0; i--) position = typeIdEnd(b, position, limit);
      end = valueEnd(b, position, limit);
      break;
    }
    default:
      throw new ParseError(`cannot walk over a value of ${typeCodeName(b[start]!)} at ${start}`);
  }
  if (end > limit) throw new ParseError(`value at ${start} runs past the ${limit} bytes it is in`);
  return end;
}

/**
 * Walks the values an object's fields hold, down through nested objects, object arrays,
 * collections and maps (not raw data: only its Java class knows what it holds). Calls `onObject`
 * with the start of every nested complex object; returns true if a handle points before `root`.
 */
function walk(b: Buffer, start: number, root: number, limit: number, onObject: ((start: number) => void) | undefined): boolean {
  let outside = false;
  const visit = (at: number, end: number): number => {
    switch (b[at]) {
      case TypeCode.ComplexObject: {
        const p = parts(b, at, end);
        if (at !== start) onObject?.(at);
        for (let position = p.dataStart; position < p.rawStart; ) position = visit(position, p.rawStart);
        return p.end;
      }
      case TypeCode.Handle:
        if (at - int32(b, at + 1, end) < root) outside = true;
        return at + 5;
      case TypeCode.ObjectArray: {
        const countAt = typeIdEnd(b, at + 1, end);
        let position = countAt + 4;
        for (let i = int32(b, countAt, end); i > 0; i--) position = visit(position, end);
        return position;
      }
      case TypeCode.Collection:
      case TypeCode.Map: {
        let position = at + 6;
        for (let i = int32(b, at + 1, end) * (b[at] === TypeCode.Map ? 2 : 1); i > 0; i--) position = visit(position, end);
        return position;
      }
      default:
        return valueEnd(b, at, end);
    }
  };
  visit(start, limit);
  return outside;
}

/** Calls `onObject` with the start of every complex object nested in the fields of the object at `start`. */
export function forEachNestedObject(b: Buffer, start: number, end: number, onObject: (start: number) => void): void {
  walk(b, start, start, end, onObject);
}

/**
 * The bytes of the object at `start..end` as an object of its own. Usually a plain copy; but a
 * nested object read from its parent may hold handles (102) to values before it, a sibling the
 * Java writer had written already: those values are copied in, and the headers, footers and hash
 * codes of the objects that grew are written anew (BinaryObjectImpl.detach with
 * CrossObjectReferenceResolver).
 */
export function detachObject(b: Buffer, start: number, end: number): Buffer {
  // No 102 byte at all, no handle: the common case costs one native scan.
  const handleByte = b.indexOf(TypeCode.Handle, start);
  if (handleByte < 0 || handleByte >= end || !walk(b, start, start, end, undefined)) return Buffer.from(b.subarray(start, end));
  return new Detacher(b, start).copy();
}

class Detacher {
  private readonly w = new BinaryWriter(256);
  /** Where each value copied so far starts, in the input → in the copy, to point handles at. */
  private readonly moved = new Map<number, number>();

  constructor(
    private readonly b: Buffer,
    private readonly root: number,
  ) {}

  copy(): Buffer {
    this.value(this.root, this.b.length);
    return Buffer.from(this.w.view());
  }

  private bytes(from: number, to: number): void {
    this.w.writeBytes(this.b.subarray(from, to));
  }

  /** Copies the value at `at`; returns where it ends in the input. */
  private value(at: number, limit: number): number {
    const b = this.b;
    this.moved.set(at, this.w.position);
    switch (b[at]) {
      case TypeCode.ComplexObject:
        return this.object(at, limit);
      case TypeCode.Handle:
        this.handle(at, limit);
        return at + 5;
      case TypeCode.ObjectArray: {
        const countAt = typeIdEnd(b, at + 1, limit);
        this.bytes(at, countAt + 4);
        let position = countAt + 4;
        for (let i = int32(b, countAt, limit); i > 0; i--) position = this.value(position, limit);
        return position;
      }
      case TypeCode.Collection:
      case TypeCode.Map: {
        this.bytes(at, at + 6);
        let position = at + 6;
        for (let i = int32(b, at + 1, limit) * (b[at] === TypeCode.Map ? 2 : 1); i > 0; i--) position = this.value(position, limit);
        return position;
      }
      default: {
        const end = valueEnd(b, at, limit);
        this.bytes(at, end);
        return end;
      }
    }
  }

  /** A handle to a value already copied points at the copy; any other is replaced by a copy of its target. */
  private handle(at: number, limit: number): void {
    const target = at - int32(this.b, at + 1, limit);
    const copied = this.moved.get(target);
    if (copied !== undefined) {
      this.w.writeI8(TypeCode.Handle);
      this.w.writeI32(this.w.position - 1 - copied);
      return;
    }
    if (target < 0 || target >= at) throw new ParseError(`handle at ${at} points to ${target}, outside the value`);
    this.value(target, this.b.length);
  }

  private object(at: number, limit: number): number {
    const b = this.b;
    const w = this.w;
    const p = parts(b, at, limit);
    const outStart = w.position;
    const compact = (p.flags & FLAG_COMPACT_FOOTER) !== 0;
    const hasSchema = (p.flags & FLAG_HAS_SCHEMA) !== 0;
    this.bytes(at, p.dataStart);
    const fieldIds: number[] = [];
    const offsets: number[] = [];
    for (let position = p.dataStart; position < p.rawStart; ) {
      fieldIds.push(compact ? 0 : int32(b, p.footerStart + (4 + p.offsetWidth) * fieldIds.length, p.end));
      offsets.push(w.position - outStart);
      position = this.value(position, p.rawStart);
    }
    const outRaw = w.position;
    // Raw data goes as it is: only its Java class knows what it holds.
    this.bytes(p.rawStart, p.footerStart);
    const outFooter = w.position;
    let flags = p.flags;
    let offset = HEADER_LENGTH;
    if (hasSchema && offsets.length > 0) {
      const last = offsets[offsets.length - 1]!;
      const width = last < 0x100 ? 1 : last < 0x10000 ? 2 : 4;
      flags = (flags & ~(FLAG_OFFSET_ONE_BYTE | FLAG_OFFSET_TWO_BYTES)) | (width === 1 ? FLAG_OFFSET_ONE_BYTE : width === 2 ? FLAG_OFFSET_TWO_BYTES : 0);
      for (let i = 0; i < offsets.length; i++) {
        if (!compact) w.writeI32(fieldIds[i]!);
        if (width === 1) w.writeI8(offsets[i]!);
        else if (width === 2) w.writeU16(offsets[i]!);
        else w.writeI32(offsets[i]!);
      }
      if ((flags & FLAG_HAS_RAW) !== 0) w.writeI32(outRaw - outStart);
      offset = outFooter - outStart;
    } else if ((flags & FLAG_HAS_RAW) !== 0) {
      offset = outRaw - outStart;
    }
    const out = w.buffer;
    // BinaryArrayIdentityResolver over the new bytes between header and footer.
    let hash = 1;
    for (let i = outStart + HEADER_LENGTH; i < outFooter; i++) hash = (Math.imul(hash, 31) + ((out[i]! << 24) >> 24)) | 0;
    out.writeUInt16LE(flags, outStart + 2);
    out.writeInt32LE(hash, outStart + 8);
    out.writeInt32LE(w.position - outStart, outStart + 12);
    out.writeInt32LE(offset, outStart + 20);
    return p.end;
  }
}
