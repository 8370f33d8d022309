// The codec for data objects: every Ignite type code to and from JavaScript (reference §4).
// Writing follows the default mapping of the README's type table unless a hint says otherwise;
// reading always follows the type code on the wire.
import { endianness } from 'node:os';
import { BinaryTypeError, NotSupportedError, ParameterError, ParseError } from '../errors.js';
import {
  BinaryObject,
  type BinaryContext,
  ComplexObject,
  descriptorOf,
  isComplexClass,
  needType,
  readComplexObject,
  writeComplexObject,
} from './complex.js';
import { CollectionKind, MapKind, READ_AS, rememberType, T, Typed, TypeHint } from './hints.js';
import { BinaryReader } from './reader.js';
import { codecHooks } from './codec-hooks.js';
import { BinaryEnum, Decimal, Timestamp, Uuid } from './ignite-values.js';
import { TypeCode, typeCodeName } from './type-codes.js';
import type { BinaryWriter } from './writer.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
/** Type code -2 as an unsigned byte: an object in Java serialization (OptimizedMarshaller). */
const JAVA_SERIALIZED = 0xfe;
const LITTLE_ENDIAN_HOST = endianness() === 'LE';
const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Java's String.getBytes(UTF_8), which Ignite uses by default, turns a lone surrogate into '?'.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** How values are turned into JavaScript when they are read. */
export interface ReadOptions {
  /** Return every Long as a `bigint`, not only those beyond 2^53. */
  longAsBigInt: boolean;
  /** The client's binary types, to read complex objects and enum names. */
  binary?: BinaryContext | undefined;
  /** Return complex objects as BinaryObject instead of objects of their classes. */
  keepBinary?: boolean;
}

export const DEFAULT_READ_OPTIONS: ReadOptions = Object.freeze({ longAsBigInt: false });

/** A short, safe description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `string "${value.slice(0, 37)}..."` : `string ${JSON.stringify(value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value} ${String(value)}${typeof value === 'bigint' ? 'n' : ''}`;
    case 'object': {
      const ctor = (value as object).constructor;
      return ctor && ctor !== Object ? `${ctor.name} object` : 'plain object';
    }
    default:
      return typeof value;
  }
}

function fail(path: string, value: unknown, what: string): never {
  throw new ParameterError(`${path}: ${describeValue(value)} ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Writes a value with its type code. `hint`, if given, names the Ignite type; otherwise the
 * JavaScript type decides (README "Values"). `path` names the value in error messages
 * ("key", "entries[3][1]").
 */
export function writeValue(w: BinaryWriter, value: unknown, path: string, hint?: TypeHint, context?: BinaryContext): void {
  // The context of the value being written rides on the writer for its nested calls.
  const outer = w.binaryContext;
  if (context !== undefined) w.binaryContext = context;
  try {
    writeAny(w, value, path, hint);
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw new ParameterError(`${path}: the value is nested too deeply to encode (does it contain itself?)`);
    }
    throw err;
  } finally {
    w.binaryContext = outer;
  }
}

/**
 * Writes a string or a number as the default mapping would, and returns true; anything else is
 * left to writeValue (false). It cannot fail, so batches of plain keys and values skip building
 * each element's path for error messages.
 */
export function writePlain(w: BinaryWriter, value: unknown): boolean {
  if (typeof value === 'string') {
    w.writeI8(TypeCode.String);
    writeUtf8(w, value);
    return true;
  }
  if (typeof value === 'number') {
    // -0 is a safe integer to JavaScript but only a double can carry its sign.
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      w.writeI8(TypeCode.Long);
      w.writeI64(value);
    } else {
      w.writeI8(TypeCode.Double);
      w.writeF64(value);
    }
    return true;
  }
  return false;
}

function writeAny(w: BinaryWriter, value: unknown, path: string, hint: TypeHint | undefined): void {
  if (hint !== undefined) {
    writeHinted(w, value, hint, path);
    return;
  }
  switch (typeof value) {
    case 'string':
    case 'number':
      writePlain(w, value);
      return;
    case 'boolean':
      w.writeI8(TypeCode.Bool);
      w.writeBool(value);
      return;
    case 'bigint':
      w.writeI8(TypeCode.Long);
      w.writeI64(checkLong(value, path));
      return;
    case 'undefined':
      w.writeI8(TypeCode.Null);
      return;
    case 'object':
      writeObject(w, value, path);
      return;
    default:
      fail(path, value, 'cannot be written as an Ignite value');
  }
}

function writeObject(w: BinaryWriter, value: object | null, path: string): void {
  if (value === null) {
    w.writeI8(TypeCode.Null);
    return;
  }
  if (value instanceof Typed) {
    writeAny(w, value.value, path, value.hint);
    return;
  }
  const remembered = (value as { [READ_AS]?: TypeHint })[READ_AS];
  if (remembered !== undefined) {
    writeHinted(w, value, remembered, path);
    return;
  }
  if (value instanceof Uint8Array || value instanceof Int8Array || value instanceof Uint8ClampedArray) {
    w.writeI8(TypeCode.ByteArray);
    w.writeI32(value.length);
    w.writeBytes(value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  if (ArrayBuffer.isView(value)) {
    const hint = TYPED_ARRAY_HINTS.get(value.constructor);
    if (hint === undefined) fail(path, value, 'has no Ignite array type (use Int8/16/32Array, BigInt64Array, Float32/64Array, Uint8/16Array)');
    writeHinted(w, value, hint, path);
    return;
  }
  if (Array.isArray(value)) {
    writeCollection(w, value, CollectionKind.ArrayList, undefined, path);
    return;
  }
  if (value instanceof Date) {
    writeHinted(w, value, T.timestamp, path);
    return;
  }
  if (value instanceof Uuid) {
    w.writeI8(TypeCode.Uuid);
    writeRawUuid(w, value.value);
    return;
  }
  if (value instanceof Decimal) {
    w.writeI8(TypeCode.Decimal);
    writeDecimalPayload(w, value);
    return;
  }
  if (value instanceof BinaryEnum) {
    // The Java thin client writes enums as binary enums (38).
    w.writeI8(TypeCode.BinaryEnum);
    w.writeI32(value.typeId);
    w.writeI32(value.ordinal);
    return;
  }
  if (value instanceof Map) {
    writeMap(w, value, MapKind.LinkedHashMap, undefined, undefined, path);
    return;
  }
  if (value instanceof Set) {
    writeCollection(w, value, CollectionKind.LinkedHashSet, undefined, path);
    return;
  }
  if (value instanceof ComplexObject) {
    writeComplexObject(w, value, (value.constructor as typeof ComplexObject).descriptor, path, w.binaryContext, writeAny);
    return;
  }
  if (value instanceof BinaryObject) {
    w.writeBytes(value.bytes);
    return;
  }
  if (value instanceof TypeHint || isComplexClass(value)) fail(path, value, 'is a type hint, not a value (pass it as keyHint/valueHint or use typed(value, hint))');
  fail(path, value, 'cannot be written as an Ignite value (a plain object needs a declared complex-object type)');
}

const TYPED_ARRAY_HINTS = new Map<unknown, TypeHint>([
  [Int16Array, T.shortArray],
  [Int32Array, T.intArray],
  [BigInt64Array, T.longArray],
  [Float32Array, T.floatArray],
  [Float64Array, T.doubleArray],
  [Uint16Array, T.charArray],
]);

function checkLong(value: bigint, path: string): bigint {
  if (value < INT64_MIN || value > INT64_MAX) fail(path, value, 'is outside the range of an Ignite Long (int64)');
  return value;
}

function toLong(value: unknown, path: string): number | bigint {
  if (typeof value === 'bigint') return checkLong(value, path);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'number' && Number.isInteger(value)) fail(path, value, 'is beyond 2^53 and may have lost precision already; pass a bigint for a Long this large');
  return fail(path, value, 'is not an integer, so it cannot be a Long');
}

function toInteger(value: unknown, min: number, max: number, typeName: string, path: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  if (typeof value === 'bigint' && value >= BigInt(min) && value <= BigInt(max)) return Number(value);
  if (typeof value === 'number' || typeof value === 'bigint') return fail(path, value, `is outside the range of an Ignite ${typeName} (${min}..${max}) or not whole`);
  return fail(path, value, `is not a number, so it cannot be an Ignite ${typeName}`);
}

function toNumber(value: unknown, typeName: string, path: string): number {
  if (typeof value === 'number') return value;
  return fail(path, value, `is not a number, so it cannot be an Ignite ${typeName}`);
}

function toCharCode(value: unknown, path: string): number {
  if (typeof value === 'string' && value.length === 1) return value.charCodeAt(0);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff) return value;
  return fail(path, value, 'is not one UTF-16 code unit, so it cannot be an Ignite Char');
}

function toEpochMs(value: unknown, typeName: string, path: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : NaN;
  if (!(value instanceof Date) && typeof value !== 'number') return fail(path, value, `is not a Date or epoch milliseconds, so it cannot be an Ignite ${typeName}`);
  if (!Number.isSafeInteger(ms)) return fail(path, value, `is not a valid point in time for an Ignite ${typeName}`);
  return ms;
}

function toUuid(value: unknown, path: string): string {
  if (value instanceof Uuid) return value.value;
  if (typeof value === 'string') {
    try {
      return new Uuid(value).value;
    } catch {
      return fail(path, value, 'is not a UUID');
    }
  }
  return fail(path, value, 'is not a Uuid or a UUID string');
}

function toDecimal(value: unknown, path: string): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'string' || typeof value === 'bigint' || typeof value === 'number') {
    try {
      return Decimal.from(value);
    } catch {
      return fail(path, value, 'is not a decimal number');
    }
  }
  return fail(path, value, 'is not a Decimal, decimal string, bigint or number');
}

function toEnum(value: unknown, path: string): BinaryEnum {
  if (value instanceof BinaryEnum) return value;
  return fail(path, value, 'is not a BinaryEnum');
}

function iterableOf(value: unknown, typeName: string, path: string): Iterable<unknown> {
  if (value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return value as Iterable<unknown>;
  }
  if (typeof value === 'string' && typeName === 'Char array') return value;
  return fail(path, value, `is not iterable, so it cannot be an Ignite ${typeName}`);
}

function writeUtf8(w: BinaryWriter, value: string): void {
  w.writeUtf8((value as unknown as { isWellFormed(): boolean }).isWellFormed() ? value : value.replace(LONE_SURROGATE, '?'));
}

/** Writes `value` as the Ignite type `hint` names; null is Null whatever the hint. */
function writeHinted(w: BinaryWriter, value: unknown, hint: TypeHint, path: string): void {
  if (value === null || value === undefined) {
    w.writeI8(TypeCode.Null);
    return;
  }
  if (value instanceof Typed) {
    writeAny(w, value.value, path, value.hint);
    return;
  }
  const code = hint.typeCode;
  switch (code) {
    case TypeCode.Byte:
      w.writeI8(code);
      w.writeI8(toInteger(value, -128, 127, 'Byte', path));
      return;
    case TypeCode.Short:
      w.writeI8(code);
      w.writeI16(toInteger(value, -32768, 32767, 'Short', path));
      return;
    case TypeCode.Int:
      w.writeI8(code);
      w.writeI32(toInteger(value, -2147483648, 2147483647, 'Int', path));
      return;
    case TypeCode.Long:
      w.writeI8(code);
      w.writeI64(toLong(value, path));
      return;
    case TypeCode.Float:
      w.writeI8(code);
      w.writeF32(toNumber(value, 'Float', path));
      return;
    case TypeCode.Double:
      w.writeI8(code);
      w.writeF64(toNumber(value, 'Double', path));
      return;
    case TypeCode.Char:
      w.writeI8(code);
      w.writeU16(toCharCode(value, path));
      return;
    case TypeCode.Bool:
      if (typeof value !== 'boolean') fail(path, value, 'is not a boolean, so it cannot be an Ignite Bool');
      w.writeI8(code);
      w.writeBool(value);
      return;
    case TypeCode.String:
      if (typeof value !== 'string') fail(path, value, 'is not a string, so it cannot be an Ignite String');
      w.writeI8(code);
      writeUtf8(w, value);
      return;
    case TypeCode.Uuid: {
      const uuid = toUuid(value, path);
      w.writeI8(code);
      writeRawUuid(w, uuid);
      return;
    }
    case TypeCode.Date:
    case TypeCode.Time: {
      const ms = toEpochMs(value, code === TypeCode.Date ? 'Date' : 'Time', path);
      w.writeI8(code);
      w.writeI64(ms);
      return;
    }
    case TypeCode.Timestamp: {
      const ms = toEpochMs(value, 'Timestamp', path);
      w.writeI8(code);
      w.writeI64(ms);
      w.writeI32(value instanceof Timestamp ? value.nanos : 0);
      return;
    }
    case TypeCode.Decimal: {
      const decimal = toDecimal(value, path);
      w.writeI8(code);
      writeDecimalPayload(w, decimal);
      return;
    }
    case TypeCode.Enum:
    case TypeCode.BinaryEnum: {
      const item = toEnum(value, path);
      w.writeI8(code);
      w.writeI32(item.typeId);
      w.writeI32(item.ordinal);
      return;
    }
    case TypeCode.ByteArray:
      writeByteArray(w, value, path);
      return;
    case TypeCode.ShortArray:
      writePrimitiveArray(w, code, value, Int16Array, 2, 'Short array', path, (item, p) => w.writeI16(toInteger(item, -32768, 32767, 'Short', p)));
      return;
    case TypeCode.IntArray:
      writePrimitiveArray(w, code, value, Int32Array, 4, 'Int array', path, (item, p) => w.writeI32(toInteger(item, -2147483648, 2147483647, 'Int', p)));
      return;
    case TypeCode.LongArray:
      writePrimitiveArray(w, code, value, BigInt64Array, 8, 'Long array', path, (item, p) => w.writeI64(toLong(item, p)));
      return;
    case TypeCode.FloatArray:
      writePrimitiveArray(w, code, value, Float32Array, 4, 'Float array', path, (item, p) => w.writeF32(toNumber(item, 'Float', p)));
      return;
    case TypeCode.DoubleArray:
      writePrimitiveArray(w, code, value, Float64Array, 8, 'Double array', path, (item, p) => w.writeF64(toNumber(item, 'Double', p)));
      return;
    case TypeCode.CharArray:
      writePrimitiveArray(w, code, value, Uint16Array, 2, 'Char array', path, (item, p) => w.writeU16(toCharCode(item, p)));
      return;
    case TypeCode.BoolArray:
      writePrimitiveArray(w, code, value, undefined, 1, 'Bool array', path, (item, p) => {
        if (typeof item !== 'boolean') fail(p, item, 'is not a boolean');
        w.writeBool(item);
      });
      return;
    case TypeCode.StringArray:
    case TypeCode.UuidArray:
    case TypeCode.DateArray:
    case TypeCode.TimestampArray:
    case TypeCode.TimeArray:
    case TypeCode.DecimalArray:
      writeObjectItems(w, code, value, ITEM_HINTS.get(code)!, path);
      return;
    case TypeCode.EnumArray: {
      const items = [...iterableOf(value, 'Enum array', path)];
      const first = items.find((item) => item instanceof BinaryEnum) as BinaryEnum | undefined;
      w.writeI8(code);
      w.writeI32(hint.componentTypeId ?? first?.typeId ?? -1);
      w.writeI32(items.length);
      items.forEach((item, i) => writeHinted(w, item, T.enum, `${path}[${i}]`));
      return;
    }
    case TypeCode.ObjectArray: {
      const items = [...iterableOf(value, 'Object array', path)];
      w.writeI8(code);
      w.writeI32(hint.componentTypeId ?? -1);
      w.writeI32(items.length);
      items.forEach((item, i) => writeAny(w, item, `${path}[${i}]`, hint.element));
      return;
    }
    case TypeCode.Collection:
      writeCollection(w, iterableOf(value, 'Collection', path), hint.kind ?? CollectionKind.ArrayList, hint.element, path);
      return;
    case TypeCode.Map:
      writeMap(w, value, hint.kind ?? MapKind.LinkedHashMap, hint.key, hint.element, path);
      return;
    case TypeCode.Null:
      fail(path, value, 'is not null, but the hint is T.null');
      return;
    case TypeCode.ComplexObject: {
      if (value instanceof BinaryObject) {
        w.writeBytes(value.bytes);
        return;
      }
      const descriptor = descriptorOf(value, hint);
      if (descriptor === undefined || typeof value !== 'object') fail(path, value, `cannot be written as the complex type ${hint.name}`);
      writeComplexObject(w, value as object, descriptor, path, w.binaryContext, writeAny);
      return;
    }
    default:
      throw new NotSupportedError(`${path}: writing ${typeCodeName(code)} values is not supported yet`);
  }
}

function writeByteArray(w: BinaryWriter, value: unknown, path: string): void {
  if (value instanceof Uint8Array || value instanceof Int8Array || value instanceof Uint8ClampedArray) {
    w.writeI8(TypeCode.ByteArray);
    w.writeI32(value.length);
    w.writeBytes(value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  writePrimitiveArray(w, TypeCode.ByteArray, value, undefined, 1, 'Byte array', path, (item, p) => w.writeI8(toInteger(item, -128, 127, 'Byte', p)));
}

type TypedArrayClass = Int16ArrayConstructor | Int32ArrayConstructor | BigInt64ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor | Uint16ArrayConstructor;

/** `i32 n` + n raw elements; a typed array of the matching kind is copied as its bytes. */
function writePrimitiveArray(
  w: BinaryWriter,
  code: number,
  value: unknown,
  arrayClass: TypedArrayClass | undefined,
  width: number,
  typeName: string,
  path: string,
  writeItem: (item: unknown, path: string) => void,
): void {
  if (arrayClass !== undefined && value instanceof arrayClass && LITTLE_ENDIAN_HOST) {
    w.writeI8(code);
    w.writeI32(value.length);
    w.writeBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  const items = Array.isArray(value) ? value : [...iterableOf(value, typeName, path)];
  w.writeI8(code);
  w.writeI32(items.length);
  w.ensure(items.length * width);
  for (let i = 0; i < items.length; i++) writeItem(items[i], `${path}[${i}]`);
}

/** The element type of each array whose elements are full values (type code or NULL each). */
const ITEM_HINTS = new Map<number, TypeHint>([
  [TypeCode.StringArray, T.string],
  [TypeCode.UuidArray, T.uuid],
  [TypeCode.DateArray, T.date],
  [TypeCode.TimestampArray, T.timestamp],
  [TypeCode.TimeArray, T.time],
  [TypeCode.DecimalArray, T.decimal],
]);

/** `i32 n` + n values with their type codes (or NULL), for String[] ... Decimal[]. */
function writeObjectItems(w: BinaryWriter, code: number, value: unknown, itemHint: TypeHint, path: string): void {
  const items = Array.isArray(value) ? value : [...iterableOf(value, `${typeCodeName(code)} value`, path)];
  w.writeI8(code);
  w.writeI32(items.length);
  for (let i = 0; i < items.length; i++) writeHinted(w, items[i], itemHint, `${path}[${i}]`);
}

function writeCollection(w: BinaryWriter, items: Iterable<unknown>, kind: number, element: TypeHint | undefined, path: string): void {
  w.writeI8(TypeCode.Collection);
  const countAt = w.reserveI32();
  w.writeI8(kind);
  let count = 0;
  for (const item of items) {
    writeAny(w, item, `${path}[${count}]`, element);
    count++;
  }
  w.patchI32(countAt, count);
}

function writeMap(w: BinaryWriter, value: unknown, kind: number, keyHint: TypeHint | undefined, valueHint: TypeHint | undefined, path: string): void {
  let entries: Iterable<unknown>;
  if (value instanceof Map) entries = value.entries();
  else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) entries = Object.entries(value);
  else entries = iterableOf(value, 'Map', path);
  w.writeI8(TypeCode.Map);
  const countAt = w.reserveI32();
  w.writeI8(kind);
  let count = 0;
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) fail(`${path}[${count}]`, entry, 'is not a [key, value] pair');
    writeAny(w, entry[0], `${path}[${count}][0]`, keyHint);
    writeAny(w, entry[1], `${path}[${count}][1]`, valueHint);
    count++;
  }
  w.patchI32(countAt, count);
}

/** msb then lsb, each a little-endian int64: the canonical text's bytes 0-7 and 8-15 reversed. */
function writeRawUuid(w: BinaryWriter, canonical: string): void {
  const hex = canonical.replace(/-/g, '');
  w.ensure(16);
  const buffer = w.buffer;
  const at = w.position;
  for (let i = 0; i < 8; i++) {
    buffer[at + 7 - i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    buffer[at + 15 - i] = parseInt(hex.slice(16 + i * 2, 18 + i * 2), 16);
  }
  w.position = at + 16;
}

/**
 * `i32 scale, i32 length, magnitude`: the big-endian bytes of |unscaled| with room for a sign
 * bit, which is set for negative values (BinaryWriterExImpl.doWriteDecimal).
 */
function writeDecimalPayload(w: BinaryWriter, value: Decimal): void {
  const negative = value.unscaled < 0n;
  let hex = (negative ? -value.unscaled : value.unscaled).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const magnitude = Buffer.from(hex, 'hex');
  const needsPad = (magnitude[0]! & 0x80) !== 0;
  w.writeI32(value.scale);
  w.writeI32(magnitude.length + (needsPad ? 1 : 0));
  if (needsPad) w.writeI8(negative ? 0x80 : 0);
  else if (negative) magnitude[0]! |= 0x80;
  w.writeBytes(magnitude);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Reads one top-level value (type code first) into its JavaScript form. */
export function readValue(r: BinaryReader, options: ReadOptions = DEFAULT_READ_OPTIONS): unknown {
  // Handles (102) refer back into the same top-level value only.
  r.handles = undefined;
  return readAny(r, options);
}

function register<V>(r: BinaryReader, start: number, value: V): V {
  (r.handles ??= new Map()).set(start, value);
  return value;
}

function readLength(r: BinaryReader, what: string): number {
  const length = r.readI32();
  if (length < 0) throw new ParseError(`negative ${what} length ${length}`);
  // Every element takes at least one byte: a larger count is a corrupt frame, not a huge array.
  if (length > r.remaining) throw new ParseError(`${what} of ${length} elements does not fit in the ${r.remaining} bytes left`);
  return length;
}

function readAny(r: BinaryReader, options: ReadOptions): unknown {
  const start = r.position;
  const code = r.readU8();
  switch (code) {
    case TypeCode.Null:
      return null;
    case TypeCode.Byte:
      return r.readI8();
    case TypeCode.Short:
      return r.readI16();
    case TypeCode.Int:
      return r.readI32();
    case TypeCode.Long:
      return options.longAsBigInt ? r.readBigI64() : r.readI64();
    case TypeCode.Float:
      return r.readF32();
    case TypeCode.Double:
      return r.readF64();
    case TypeCode.Char:
      return String.fromCharCode(r.readU16());
    case TypeCode.Bool:
      return r.readBool();
    case TypeCode.String:
      return r.readUtf8();
    case TypeCode.Uuid:
      return readUuid(r);
    case TypeCode.Date:
      return rememberType(new Date(Number(r.readI64())), T.date);
    case TypeCode.Time:
      return rememberType(new Date(Number(r.readI64())), T.time);
    case TypeCode.Timestamp:
      return readTimestamp(r);
    case TypeCode.Decimal:
      return readDecimalPayload(r);
    case TypeCode.Enum:
      return rememberType(readEnumPayload(r, options), T.enum);
    case TypeCode.BinaryEnum:
      return readEnumPayload(r, options);
    case TypeCode.ByteArray:
      // A copy: a view would pin the whole received chunk for as long as the caller keeps it.
      return register(r, start, Buffer.from(r.readView(readLength(r, 'byte array'))));
    case TypeCode.ShortArray:
      return register(r, start, readTypedArray(r, Int16Array, 2, 'short array'));
    case TypeCode.IntArray:
      return register(r, start, readTypedArray(r, Int32Array, 4, 'int array'));
    case TypeCode.FloatArray:
      return register(r, start, readTypedArray(r, Float32Array, 4, 'float array'));
    case TypeCode.DoubleArray:
      return register(r, start, readTypedArray(r, Float64Array, 8, 'double array'));
    case TypeCode.LongArray:
      return readItems(r, start, T.longArray, options.longAsBigInt ? () => r.readBigI64() : () => r.readI64());
    case TypeCode.CharArray:
      return readItems(r, start, T.charArray, () => String.fromCharCode(r.readU16()));
    case TypeCode.BoolArray:
      return readItems(r, start, T.boolArray, () => r.readBool());
    case TypeCode.StringArray:
    case TypeCode.UuidArray:
    case TypeCode.DateArray:
    case TypeCode.TimestampArray:
    case TypeCode.TimeArray:
    case TypeCode.DecimalArray:
      return readItems(r, start, ARRAY_HINTS.get(code)!, () => readAny(r, options));
    case TypeCode.EnumArray: {
      const typeId = readTypeId(r);
      return readItems(r, start, T.enumArray(typeId), () => readAny(r, options));
    }
    case TypeCode.ObjectArray: {
      const componentTypeId = readTypeId(r);
      return readItems(r, start, T.objectArray(undefined, componentTypeId), () => readAny(r, options));
    }
    case TypeCode.Collection: {
      const count = readLength(r, 'collection');
      const kind = r.readI8();
      const hint = T.collection(kind as CollectionKind);
      if (kind === CollectionKind.HashSet || kind === CollectionKind.LinkedHashSet || kind === CollectionKind.UserSet) {
        const set = register(r, start, rememberType(new Set<unknown>(), hint));
        for (let i = 0; i < count; i++) set.add(readAny(r, options));
        return set;
      }
      const items = register(r, start, rememberType(new Array<unknown>(count), hint));
      for (let i = 0; i < count; i++) items[i] = readAny(r, options);
      return items;
    }
    case TypeCode.Map: {
      const count = readLength(r, 'map');
      const kind = r.readI8();
      const map = register(r, start, rememberType(new Map<unknown, unknown>(), T.map(kind as MapKind)));
      for (let i = 0; i < count; i++) {
        const key = readAny(r, options);
        map.set(key, readAny(r, options));
      }
      return map;
    }
    case TypeCode.BinaryObject:
      return readWrapped(r, options);
    case TypeCode.Handle:
      return readHandle(r, start, options);
    case TypeCode.ComplexObject:
      return (
        readComplexObject(r, start, options.binary, options.keepBinary === true, (v) => register(r, start, v), (rr) => readAny(rr, options)) ?? null
      );
    case JAVA_SERIALIZED:
      throw new NotSupportedError(
        'the value is a Java-serialized object (type code -2), which only Java can read; the server stores some Java classes this way (for example a SingletonList collection)',
      );
    default:
      throw new NotSupportedError(`reading values of ${typeCodeName(code)} is not supported`);
  }
}

function readUuid(r: BinaryReader): Uuid {
  const bytes = r.readView(16);
  let hex = '';
  for (let i = 7; i >= 0; i--) hex += HEX[bytes[i]!];
  for (let i = 15; i >= 8; i--) hex += HEX[bytes[i]!];
  return new Uuid(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
}

function readTimestamp(r: BinaryReader): Timestamp {
  const ms = Number(r.readI64());
  const nanos = r.readI32();
  if (nanos < 0 || nanos > 999_999) throw new ParseError(`Timestamp sub-millisecond nanos ${nanos} out of range`);
  return new Timestamp(ms, nanos);
}

function readDecimalPayload(r: BinaryReader): Decimal {
  const scale = r.readI32();
  const length = r.readI32();
  if (length <= 0) throw new ParseError(`Decimal magnitude length ${length}`);
  const bytes = r.readView(length);
  const negative = (bytes[0]! & 0x80) !== 0;
  let hex = HEX[bytes[0]! & 0x7f]!;
  for (let i = 1; i < length; i++) hex += HEX[bytes[i]!];
  const magnitude = BigInt(`0x${hex}`);
  return new Decimal(negative ? -magnitude : magnitude, scale);
}

/** A type id; 0 means an unregistered type whose class name follows (skipped: only ids matter here). */
function readTypeId(r: BinaryReader): number {
  const typeId = r.readI32();
  if (typeId === 0) {
    const code = r.readU8();
    if (code !== TypeCode.String) throw new ParseError(`expected a class name after type id 0, got ${typeCodeName(code)}`);
    r.readUtf8();
  }
  return typeId;
}

function readEnumPayload(r: BinaryReader, options: ReadOptions): BinaryEnum {
  const typeId = readTypeId(r);
  const value = new BinaryEnum(typeId, r.readI32());
  const registry = options.binary?.registry;
  if (registry !== undefined) {
    const info = registry.info(typeId);
    if (info !== undefined) nameEnum(value, info.typeName, info.enumValues);
    // Without metadata the value is still whole, only unnamed: ask once per read, never fail.
    else if (!r.offline && r.fetchedTypes?.has(typeId) !== true) needType(r, typeId);
  }
  return value;
}

function nameEnum(value: BinaryEnum, typeName: string, values: ReadonlyMap<string, number>): void {
  let name: string | undefined;
  for (const [candidate, ordinal] of values) if (ordinal === value.ordinal) name = candidate;
  BinaryEnum.named(value, typeName, name);
}

function readTypedArray<A extends Int16Array | Int32Array | Float32Array | Float64Array>(
  r: BinaryReader,
  arrayClass: { new (length: number): A },
  width: number,
  what: string,
): A {
  const length = readLength(r, what);
  const bytes = r.readView(length * width);
  const items = new arrayClass(length);
  // Copying the bytes keeps the result independent of the frame (and aligned).
  if (LITTLE_ENDIAN_HOST) new Uint8Array(items.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < length; i++) {
      items[i] = width === 2 ? view.getInt16(i * 2, true) : width === 4 ? (items instanceof Float32Array ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true)) : view.getFloat64(i * 8, true);
    }
  }
  return items;
}

/** The hint each of those arrays remembers when read. */
const ARRAY_HINTS = new Map<number, TypeHint>([
  [TypeCode.StringArray, T.stringArray],
  [TypeCode.UuidArray, T.uuidArray],
  [TypeCode.DateArray, T.dateArray],
  [TypeCode.TimestampArray, T.timestampArray],
  [TypeCode.TimeArray, T.timeArray],
  [TypeCode.DecimalArray, T.decimalArray],
]);

/** `i32 n` + n elements into an Array that remembers its Ignite array type. */
function readItems(r: BinaryReader, start: number, hint: TypeHint, readItem: () => unknown): unknown[] {
  const items = register(r, start, rememberType(new Array<unknown>(readLength(r, hint.name)), hint));
  for (let i = 0; i < items.length; i++) items[i] = readItem();
  return items;
}

/** 27: `i32 length, bytes, i32 offset`; the value starts at `offset` inside the bytes. */
function readWrapped(r: BinaryReader, options: ReadOptions): unknown {
  const length = r.readI32();
  if (length < 0) throw new ParseError(`negative wrapped-object length ${length}`);
  const bytesStart = r.position;
  r.readView(length);
  const offset = r.readI32();
  const after = r.position;
  if (offset < 0 || offset >= length) throw new ParseError(`wrapped-object offset ${offset} outside its ${length} bytes`);
  r.position = bytesStart + offset;
  const value = readAny(r, options);
  r.position = after;
  return value;
}

/** 102: the value that starts `offset` bytes before this handle, in the same top-level value. */
function readHandle(r: BinaryReader, start: number, options: ReadOptions): unknown {
  const offset = r.readI32();
  const target = start - offset;
  if (offset <= 0 || target < 0) throw new ParseError(`handle offset ${offset} points outside the value`);
  const known = r.handles?.get(target);
  if (known !== undefined) return known;
  const after = r.position;
  r.position = target;
  const value = readAny(r, options);
  r.position = after;
  return value;
}

/** Reads a typed string (`09 len bytes`) or NULL, as the protocol uses for names and messages. */
export function readString(r: BinaryReader): string | null {
  const code = r.readU8();
  if (code === TypeCode.Null) return null;
  if (code !== TypeCode.String) throw new ParseError(`expected a string, got ${typeCodeName(code)}`);
  return r.readUtf8();
}

/** Writes a typed string or NULL. */
export function writeString(w: BinaryWriter, value: string | null | undefined): void {
  if (value === null || value === undefined) {
    w.writeI8(TypeCode.Null);
  } else {
    w.writeI8(TypeCode.String);
    writeUtf8(w, value);
  }
}

// A BinaryObject decodes its fields with this codec: nested objects stay binary, and
// deserialize() builds the object of its class, which needs the types' metadata at hand.
codecHooks.readField = (object, position) => {
  const r = new BinaryReader(object.bytes, position);
  r.offline = true;
  return readAny(r, { longAsBigInt: false, binary: object.context, keepBinary: true });
};
codecHooks.deserialize = (object) => {
  const r = new BinaryReader(object.bytes);
  r.offline = true;
  const value = readAny(r, { longAsBigInt: false, binary: object.context, keepBinary: false });
  if (r.missingTypes !== undefined) {
    throw new BinaryTypeError(`deserializing needs the metadata of type(s) ${[...r.missingTypes].join(', ')}: fetch it first with client.binary.getType()`);
  }
  return value as object;
};
