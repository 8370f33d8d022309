import { javaStringHash } from './hash.js';
import { TypeCode } from './type-codes.js';

/**
 * What hashing a complex-object key needs to know of its type: the order of a compact footer's
 * fields, and the affinity key field the type's metadata names.
 */
export interface AffinityTypes {
  /** Field ids of a schema, in footer order; undefined when the schema is unknown. */
  schema(typeId: number, schemaId: number): readonly number[] | undefined;
  /** The field id of the type's affinity key field (binary metadata), if it has one. */
  affinityFieldId(typeId: number): number | undefined;
}

/**
 * The hash the server's affinity function sees for a key, computed from the key's encoded bytes
 * (type code first) exactly as the node computes it once it has deserialized the key (protocol
 * reference §5.5): Java `hashCode()` of the value, `Arrays.hashCode` for arrays, the header hash of
 * a complex object, and the affinity key field's value where the cache's key configuration
 * (`keyFields`: type id → field id) or the type's metadata names one. Working on the bytes rather
 * than on the JavaScript value means type hints and inference cannot disagree with the server:
 * the bytes are what it receives.
 *
 * `undefined` when the key's shape is one routing does not handle (a handle, an unknown schema):
 * the request then goes to any node, which is correct, only not the shortest way.
 */
export function affinityHash(
  bytes: Buffer,
  keyFields: ReadonlyMap<number, number> | undefined,
  types: AffinityTypes,
  at = 0,
): number | undefined {
  const code = bytes[at];
  if (code === TypeCode.ComplexObject) {
    const fieldAt = affinityFieldOffset(bytes, at, keyFields, types);
    if (fieldAt === null) return undefined;
    if (fieldAt !== undefined) return valueHash(bytes, fieldAt);
    return bytes.readInt32LE(at + 8);
  }
  if (code === TypeCode.BinaryObject) {
    const length = bytes.readInt32LE(at + 1);
    const offset = bytes.readInt32LE(at + 5 + length);
    return affinityHash(bytes, keyFields, types, at + 5 + offset);
  }
  return valueHash(bytes, at);
}

/** Java's `(int)(v ^ (v >>> 32))` of a little-endian long at `at`. */
function longHash(bytes: Buffer, at: number): number {
  return (bytes.readInt32LE(at) ^ bytes.readInt32LE(at + 4)) | 0;
}

const FLOAT_NAN_BITS = 0x7fc00000;

function floatHash(bytes: Buffer, at: number): number {
  // Float.hashCode is floatToIntBits: every NaN is the canonical one.
  return Number.isNaN(bytes.readFloatLE(at)) ? FLOAT_NAN_BITS : bytes.readInt32LE(at);
}

function doubleHash(bytes: Buffer, at: number): number {
  // Double.hashCode is doubleToLongBits (canonical NaN 0x7ff8000000000000); -0.0 keeps its sign bit.
  if (Number.isNaN(bytes.readDoubleLE(at))) return 0x7ff80000;
  return longHash(bytes, at);
}

/** Java String.hashCode of a UTF-8 payload: over the UTF-16 units Java would decode it into. */
function utf8Hash(bytes: Buffer, start: number, length: number): number {
  let hash = 0;
  let ascii = true;
  for (let i = start; i < start + length; i++) {
    const b = bytes[i]!;
    if (b > 0x7f) {
      ascii = false;
      break;
    }
    hash = (Math.imul(hash, 31) + b) | 0;
  }
  return ascii ? hash : javaStringHash(bytes.toString('utf8', start, start + length));
}

function uuidHash(bytes: Buffer, at: number): number {
  // (msb ^ lsb) folded: (int)(x >>> 32) ^ (int)x, with each long little-endian on the wire.
  const lo = bytes.readInt32LE(at) ^ bytes.readInt32LE(at + 8);
  const hi = bytes.readInt32LE(at + 4) ^ bytes.readInt32LE(at + 12);
  return (hi ^ lo) | 0;
}

/**
 * BigDecimal.hashCode: `31 * unscaled.hashCode() + scale`, where BigInteger.hashCode runs over the
 * big-endian 32-bit words of the magnitude (no leading zero words) and takes the sign.
 */
function decimalHash(bytes: Buffer, at: number): number {
  const scale = bytes.readInt32LE(at);
  const length = bytes.readInt32LE(at + 4);
  const start = at + 8;
  const negative = length > 0 && (bytes[start]! & 0x80) !== 0;
  // The magnitude, the sign bit cleared, as big-endian bytes padded to whole words.
  const magnitude: number[] = [];
  for (let i = 0; i < length; i++) magnitude.push(i === 0 ? bytes[start]! & 0x7f : bytes[start + i]!);
  let first = 0;
  while (first < magnitude.length && magnitude[first] === 0) first++;
  const significant = magnitude.slice(first);
  while (significant.length % 4 !== 0) significant.unshift(0);
  let hash = 0;
  for (let i = 0; i < significant.length; i += 4) {
    const word = ((significant[i]! << 24) | (significant[i + 1]! << 16) | (significant[i + 2]! << 8) | significant[i + 3]!) >>> 0;
    hash = (Math.imul(hash, 31) + word) | 0;
  }
  if (significant.length === 0) hash = 0;
  else if (negative) hash = -hash | 0;
  return (Math.imul(31, hash) + scale) | 0;
}

/** The Java hashCode of the value encoded at `at`; undefined for a shape routing leaves alone. */
function valueHash(bytes: Buffer, at: number): number | undefined {
  return hashAt(bytes, at)?.hash;
}

interface Hashed {
  hash: number;
  /** Offset just past the value, so that array elements can be walked. */
  end: number;
}

const ARRAY_ELEMENT_WIDTH: Partial<Record<number, number>> = {
  [TypeCode.ByteArray]: 1,
  [TypeCode.ShortArray]: 2,
  [TypeCode.IntArray]: 4,
  [TypeCode.LongArray]: 8,
  [TypeCode.FloatArray]: 4,
  [TypeCode.DoubleArray]: 8,
  [TypeCode.CharArray]: 2,
  [TypeCode.BoolArray]: 1,
};

function primitiveElementHash(code: number, bytes: Buffer, at: number): number {
  switch (code) {
    case TypeCode.ByteArray:
      return bytes.readInt8(at);
    case TypeCode.ShortArray:
      return bytes.readInt16LE(at);
    case TypeCode.IntArray:
      return bytes.readInt32LE(at);
    case TypeCode.LongArray:
      return longHash(bytes, at);
    case TypeCode.FloatArray:
      return floatHash(bytes, at);
    case TypeCode.DoubleArray:
      return doubleHash(bytes, at);
    case TypeCode.CharArray:
      return bytes.readUInt16LE(at);
    default:
      return bytes[at] !== 0 ? 1231 : 1237;
  }
}

// Collection kinds whose Java class is a Set (hashCode: the sum of the elements' hashes).
const SET_KINDS = new Set([-1, 3, 4]);

function hashAt(bytes: Buffer, at: number): Hashed | undefined {
  const code = bytes[at]!;
  const p = at + 1;
  switch (code) {
    case TypeCode.Null:
      return { hash: 0, end: p };
    case TypeCode.Byte:
      return { hash: bytes.readInt8(p), end: p + 1 };
    case TypeCode.Short:
      return { hash: bytes.readInt16LE(p), end: p + 2 };
    case TypeCode.Int:
      return { hash: bytes.readInt32LE(p), end: p + 4 };
    case TypeCode.Long:
    case TypeCode.Date:
    case TypeCode.Time:
      return { hash: longHash(bytes, p), end: p + 8 };
    case TypeCode.Timestamp:
      // Timestamp.hashCode is Date's: the milliseconds only, not the extra nanoseconds.
      return { hash: longHash(bytes, p), end: p + 12 };
    case TypeCode.Float:
      return { hash: floatHash(bytes, p), end: p + 4 };
    case TypeCode.Double:
      return { hash: doubleHash(bytes, p), end: p + 8 };
    case TypeCode.Char:
      return { hash: bytes.readUInt16LE(p), end: p + 2 };
    case TypeCode.Bool:
      return { hash: bytes[p] !== 0 ? 1231 : 1237, end: p + 1 };
    case TypeCode.String: {
      const length = bytes.readInt32LE(p);
      return { hash: utf8Hash(bytes, p + 4, length), end: p + 4 + length };
    }
    case TypeCode.Uuid:
      return { hash: uuidHash(bytes, p), end: p + 16 };
    case TypeCode.Decimal: {
      const length = bytes.readInt32LE(p + 4);
      return { hash: decimalHash(bytes, p), end: p + 8 + length };
    }
    case TypeCode.Enum:
    case TypeCode.BinaryEnum: {
      // BinaryEnumObjectImpl.hashCode: 31 * typeId + ordinal.
      const typeId = bytes.readInt32LE(p);
      if (typeId === 0) return undefined;
      return { hash: (Math.imul(31, typeId) + bytes.readInt32LE(p + 4)) | 0, end: p + 8 };
    }
    case TypeCode.ComplexObject:
      return { hash: bytes.readInt32LE(at + 8), end: at + bytes.readInt32LE(at + 12) };
    case TypeCode.BinaryObject: {
      const length = bytes.readInt32LE(p);
      const inner = hashAt(bytes, p + 4 + bytes.readInt32LE(p + 4 + length));
      return inner === undefined ? undefined : { hash: inner.hash, end: p + 8 + length };
    }
    case TypeCode.ByteArray:
    case TypeCode.ShortArray:
    case TypeCode.IntArray:
    case TypeCode.LongArray:
    case TypeCode.FloatArray:
    case TypeCode.DoubleArray:
    case TypeCode.CharArray:
    case TypeCode.BoolArray: {
      // Arrays hash by content (IgniteUtils.hashCode = Arrays.hashCode), unlike a Java array's identity.
      const count = bytes.readInt32LE(p);
      const width = ARRAY_ELEMENT_WIDTH[code]!;
      let hash = 1;
      let q = p + 4;
      for (let i = 0; i < count; i++, q += width) hash = (Math.imul(31, hash) + primitiveElementHash(code, bytes, q)) | 0;
      return { hash, end: q };
    }
    case TypeCode.StringArray:
    case TypeCode.UuidArray:
    case TypeCode.DateArray:
    case TypeCode.DecimalArray:
    case TypeCode.TimestampArray:
    case TypeCode.TimeArray:
      return elementsHash(bytes, p + 4, bytes.readInt32LE(p), false);
    case TypeCode.ObjectArray:
    case TypeCode.EnumArray:
      // i32 element type id, then the count.
      return elementsHash(bytes, p + 8, bytes.readInt32LE(p + 4), false);
    case TypeCode.Collection: {
      const count = bytes.readInt32LE(p);
      return elementsHash(bytes, p + 5, count, SET_KINDS.has(bytes.readInt8(p + 4)));
    }
    case TypeCode.Map: {
      // HashMap.hashCode: the sum over entries of key.hashCode() ^ value.hashCode().
      const count = bytes.readInt32LE(p);
      let q = p + 5;
      let hash = 0;
      for (let i = 0; i < count; i++) {
        const key = hashAt(bytes, q);
        if (key === undefined) return undefined;
        const value = hashAt(bytes, key.end);
        if (value === undefined) return undefined;
        hash = (hash + (key.hash ^ value.hash)) | 0;
        q = value.end;
      }
      return { hash, end: q };
    }
    default:
      return undefined;
  }
}

/** Arrays.hashCode over `count` encoded elements (List.hashCode is the same), or a Set's sum. */
function elementsHash(bytes: Buffer, start: number, count: number, asSet: boolean): Hashed | undefined {
  let hash = asSet ? 0 : 1;
  let q = start;
  for (let i = 0; i < count; i++) {
    const element = hashAt(bytes, q);
    if (element === undefined) return undefined;
    hash = asSet ? (hash + element.hash) | 0 : (Math.imul(31, hash) + element.hash) | 0;
    q = element.end;
  }
  return { hash, end: q };
}

// Complex object header flags (BinaryUtils / GridBinaryMarshaller; reference §4.4).
const HAS_SCHEMA = 0x0002;
const HAS_RAW = 0x0004;
const OFFSET_ONE_BYTE = 0x0008;
const OFFSET_TWO_BYTES = 0x0010;
const COMPACT_FOOTER = 0x0020;

/**
 * Where the affinity key field's value starts inside the complex object at `at`: undefined when
 * its type has no affinity key field (hash the whole object), null when it has one that cannot be
 * found (an unknown compact schema: routing gives up rather than guess).
 */
function affinityFieldOffset(
  bytes: Buffer,
  at: number,
  keyFields: ReadonlyMap<number, number> | undefined,
  types: AffinityTypes,
): number | undefined | null {
  const typeId = bytes.readInt32LE(at + 4);
  const fieldId = keyFields?.get(typeId) ?? types.affinityFieldId(typeId);
  if (fieldId === undefined) return undefined;
  const flags = bytes.readUInt16LE(at + 2);
  if ((flags & HAS_SCHEMA) === 0) return null;
  const length = bytes.readInt32LE(at + 12);
  const schemaId = bytes.readInt32LE(at + 16);
  const footerStart = at + bytes.readInt32LE(at + 20);
  const footerEnd = at + length - ((flags & HAS_RAW) !== 0 ? 4 : 0);
  const offsetWidth = (flags & OFFSET_ONE_BYTE) !== 0 ? 1 : (flags & OFFSET_TWO_BYTES) !== 0 ? 2 : 4;
  const readOffset = (q: number): number => (offsetWidth === 1 ? bytes[q]! : offsetWidth === 2 ? bytes.readUInt16LE(q) : bytes.readInt32LE(q));
  if ((flags & COMPACT_FOOTER) !== 0) {
    const order = types.schema(typeId, schemaId);
    if (order === undefined) return null;
    const index = order.indexOf(fieldId);
    if (index < 0 || footerStart + (index + 1) * offsetWidth > footerEnd) return null;
    return at + readOffset(footerStart + index * offsetWidth);
  }
  for (let q = footerStart; q + 4 + offsetWidth <= footerEnd; q += 4 + offsetWidth) {
    if (bytes.readInt32LE(q) === fieldId) return at + readOffset(q + 4);
  }
  return null;
}
