// Type hints: how to write a value as a particular Ignite type (pyignite's parser/constructor
// classes used as hints). Hints only steer writing; reading always follows the type code.
import type { BinaryObject, ComplexObject } from './complex.js';
import type { ComplexDescriptor } from './binary-type.js';
import type { BinaryEnum, Decimal, Timestamp, Uuid } from './ignite-values.js';
import { TypeCode } from './type-codes.js';

/** Java collection kinds carried in a Collection (24) value (reference §4.1). */
export const CollectionKind = {
  UserSet: -1,
  UserCollection: 0,
  ArrayList: 1,
  LinkedList: 2,
  HashSet: 3,
  LinkedHashSet: 4,
  SingletonList: 5,
} as const;
export type CollectionKind = (typeof CollectionKind)[keyof typeof CollectionKind];

/** Java map kinds carried in a Map (25) value. */
export const MapKind = {
  HashMap: 1,
  LinkedHashMap: 2,
} as const;
export type MapKind = (typeof MapKind)[keyof typeof MapKind];

/**
 * Names the Ignite type a value is written as. Build them from `T`, never by hand. `V` is the
 * JavaScript type such a value reads back as (used to type complex-object fields).
 */
export class TypeHint<V = unknown> {
  /** Type-level only: the JavaScript type of values of this Ignite type. */
  declare readonly valueType?: V;

  /** @internal */
  constructor(
    readonly typeCode: number,
    readonly name: string,
    /** Element hint of arrays and collections, value hint of maps. */
    readonly element?: TypeHint,
    /** Key hint of maps. */
    readonly key?: TypeHint,
    /** Collection or map kind. */
    readonly kind?: number,
    /** Component type id of an object array (-1 = java.lang.Object), or enum type id of an enum array. */
    readonly componentTypeId?: number,
    /** @internal The complex type (103) this hint writes. */
    readonly descriptor?: ComplexDescriptor,
  ) {}

  toString(): string {
    return `T.${this.name}`;
  }
}

/** A value paired with the hint to write it with (pyignite's `(value, hint)` tuple). */
export class Typed<V = unknown> {
  constructor(
    readonly value: V,
    readonly hint: TypeHint,
  ) {}
}

/**
 * Attaches a type hint to a value anywhere, including inside arrays, collections and maps. A
 * complex type's class stands for its own hint: `typed({ ... }, Person)`.
 */
export function typed<V>(value: V, hint: TypeHint | { readonly hint: TypeHint }): Typed<V> {
  if (hint instanceof TypeHint) return new Typed(value, hint);
  if (typeof hint === 'function' && (hint as { hint?: unknown }).hint instanceof TypeHint) return new Typed(value, (hint as { hint: TypeHint }).hint);
  throw new TypeError('typed(value, hint): hint must be a type hint from T or a complex type');
}

const simple = <V>(code: number, name: string): TypeHint<V> => new TypeHint<V>(code, name);

export interface CollectionHint extends TypeHint<unknown[] | Set<unknown>> {
  /** A collection of this Java kind, elements written with `element` (or inferred). */
  (kind?: CollectionKind, element?: TypeHint): TypeHint<unknown[] | Set<unknown>>;
}
export interface MapHint extends TypeHint<Map<unknown, unknown>> {
  (kind?: MapKind, key?: TypeHint, value?: TypeHint): TypeHint<Map<unknown, unknown>>;
}
export interface ObjectArrayHint extends TypeHint<unknown[]> {
  /** An Object[] whose elements are written with `element` (or inferred); `componentTypeId` -1 = java.lang.Object. */
  (element?: TypeHint, componentTypeId?: number): TypeHint<unknown[]>;
}
export interface EnumArrayHint extends TypeHint<Array<BinaryEnum | null>> {
  /** An enum array of the enum type `typeId`. */
  (typeId: number): TypeHint<Array<BinaryEnum | null>>;
}

/** A hint that can also be called to get a parametrised hint (T.collection(kind, element)). */
function callableHint<F extends (...args: never[]) => TypeHint>(base: TypeHint, make: F): F & TypeHint {
  Object.setPrototypeOf(make, TypeHint.prototype);
  for (const key of ['typeCode', 'name', 'element', 'key', 'kind', 'componentTypeId', 'descriptor'] as const) {
    Object.defineProperty(make, key, { value: base[key], enumerable: true, writable: false, configurable: false });
  }
  return make as F & TypeHint;
}

/** One hint per Ignite type. */
export const T = Object.freeze({
  byte: simple<number>(TypeCode.Byte, 'byte'),
  short: simple<number>(TypeCode.Short, 'short'),
  int: simple<number>(TypeCode.Int, 'int'),
  long: simple<number | bigint>(TypeCode.Long, 'long'),
  float: simple<number>(TypeCode.Float, 'float'),
  double: simple<number>(TypeCode.Double, 'double'),
  char: simple<string>(TypeCode.Char, 'char'),
  bool: simple<boolean>(TypeCode.Bool, 'bool'),
  string: simple<string>(TypeCode.String, 'string'),
  uuid: simple<Uuid>(TypeCode.Uuid, 'uuid'),
  date: simple<Date>(TypeCode.Date, 'date'),
  timestamp: simple<Timestamp>(TypeCode.Timestamp, 'timestamp'),
  time: simple<Date>(TypeCode.Time, 'time'),
  decimal: simple<Decimal>(TypeCode.Decimal, 'decimal'),
  /** Enum (28), as pyignite's EnumObject. */
  enum: simple<BinaryEnum>(TypeCode.Enum, 'enum'),
  /** Binary enum (38), as the Java client writes enums. */
  binaryEnum: simple<BinaryEnum>(TypeCode.BinaryEnum, 'binaryEnum'),
  /**
   * A complex object (103), pyignite's BinaryObject hint: an object of a `complexType()` class, or
   * a `BinaryObject` read with `withKeepBinary()`, written back byte for byte. A plain object needs
   * its own class as the hint instead, which names its type.
   */
  binaryObject: simple<ComplexObject | BinaryObject>(TypeCode.ComplexObject, 'binaryObject'),
  byteArray: simple<Buffer>(TypeCode.ByteArray, 'byteArray'),
  shortArray: simple<Int16Array>(TypeCode.ShortArray, 'shortArray'),
  intArray: simple<Int32Array>(TypeCode.IntArray, 'intArray'),
  longArray: simple<Array<number | bigint>>(TypeCode.LongArray, 'longArray'),
  floatArray: simple<Float32Array>(TypeCode.FloatArray, 'floatArray'),
  doubleArray: simple<Float64Array>(TypeCode.DoubleArray, 'doubleArray'),
  charArray: simple<string[]>(TypeCode.CharArray, 'charArray'),
  boolArray: simple<boolean[]>(TypeCode.BoolArray, 'boolArray'),
  stringArray: simple<Array<string | null>>(TypeCode.StringArray, 'stringArray'),
  uuidArray: simple<Array<Uuid | null>>(TypeCode.UuidArray, 'uuidArray'),
  dateArray: simple<Array<Date | null>>(TypeCode.DateArray, 'dateArray'),
  timestampArray: simple<Array<Timestamp | null>>(TypeCode.TimestampArray, 'timestampArray'),
  timeArray: simple<Array<Date | null>>(TypeCode.TimeArray, 'timeArray'),
  decimalArray: simple<Array<Decimal | null>>(TypeCode.DecimalArray, 'decimalArray'),
  enumArray: callableHint(
    new TypeHint(TypeCode.EnumArray, 'enumArray'),
    ((typeId: number) => new TypeHint(TypeCode.EnumArray, 'enumArray', undefined, undefined, undefined, typeId)) as EnumArrayHint,
  ),
  objectArray: callableHint(
    new TypeHint(TypeCode.ObjectArray, 'objectArray', undefined, undefined, undefined, -1),
    ((element?: TypeHint, componentTypeId = -1) =>
      new TypeHint(TypeCode.ObjectArray, 'objectArray', element, undefined, undefined, componentTypeId)) as ObjectArrayHint,
  ),
  collection: callableHint(
    new TypeHint(TypeCode.Collection, 'collection', undefined, undefined, CollectionKind.ArrayList),
    ((kind: CollectionKind = CollectionKind.ArrayList, element?: TypeHint) =>
      new TypeHint(TypeCode.Collection, 'collection', element, undefined, kind)) as CollectionHint,
  ),
  map: callableHint(
    new TypeHint(TypeCode.Map, 'map', undefined, undefined, MapKind.LinkedHashMap),
    ((kind: MapKind = MapKind.LinkedHashMap, key?: TypeHint, value?: TypeHint) =>
      new TypeHint(TypeCode.Map, 'map', value, key, kind)) as MapHint,
  ),
  null: simple<null>(TypeCode.Null, 'null'),
});

/**
 * Values read from Ignite remember their type in this hidden (non-enumerable) property, so that
 * writing them back, as they are, produces the same Ignite type: a Date read from a Date field
 * stays a Date and does not become a Timestamp, an Object[] stays an Object[], a HashMap keeps its
 * kind. Only objects carry it (arrays, sets, maps, dates, enums); numbers and strings cannot.
 */
export const READ_AS: unique symbol = Symbol('ignite-client.readAs');

export function rememberType<V extends object>(value: V, hint: TypeHint): V {
  Object.defineProperty(value, READ_AS, { value: hint, enumerable: false, configurable: true, writable: true });
  return value;
}
