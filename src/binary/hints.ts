// Type hints: how to write a value as a particular Ignite type (pyignite's parser/constructor
// classes used as hints). Hints only steer writing; reading always follows the type code.
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

/** Names the Ignite type a value is written as. Build them from `T`, never by hand. */
export class TypeHint {
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

/** Attaches a type hint to a value anywhere, including inside arrays, collections and maps. */
export function typed<V>(value: V, hint: TypeHint): Typed<V> {
  return new Typed(value, hint);
}

const simple = (code: number, name: string) => new TypeHint(code, name);

export interface CollectionHint extends TypeHint {
  /** A collection of this Java kind, elements written with `element` (or inferred). */
  (kind?: CollectionKind, element?: TypeHint): TypeHint;
}
export interface MapHint extends TypeHint {
  (kind?: MapKind, key?: TypeHint, value?: TypeHint): TypeHint;
}
export interface ObjectArrayHint extends TypeHint {
  /** An Object[] whose elements are written with `element` (or inferred); `componentTypeId` -1 = java.lang.Object. */
  (element?: TypeHint, componentTypeId?: number): TypeHint;
}
export interface EnumArrayHint extends TypeHint {
  /** An enum array of the enum type `typeId`. */
  (typeId: number): TypeHint;
}

/** A hint that can also be called to get a parametrised hint (T.collection(kind, element)). */
function callableHint<F extends (...args: never[]) => TypeHint>(base: TypeHint, make: F): F & TypeHint {
  Object.setPrototypeOf(make, TypeHint.prototype);
  for (const key of ['typeCode', 'name', 'element', 'key', 'kind', 'componentTypeId'] as const) {
    Object.defineProperty(make, key, { value: base[key], enumerable: true, writable: false, configurable: false });
  }
  return make as F & TypeHint;
}

/** One hint per Ignite type. */
export const T = Object.freeze({
  byte: simple(TypeCode.Byte, 'byte'),
  short: simple(TypeCode.Short, 'short'),
  int: simple(TypeCode.Int, 'int'),
  long: simple(TypeCode.Long, 'long'),
  float: simple(TypeCode.Float, 'float'),
  double: simple(TypeCode.Double, 'double'),
  char: simple(TypeCode.Char, 'char'),
  bool: simple(TypeCode.Bool, 'bool'),
  string: simple(TypeCode.String, 'string'),
  uuid: simple(TypeCode.Uuid, 'uuid'),
  date: simple(TypeCode.Date, 'date'),
  timestamp: simple(TypeCode.Timestamp, 'timestamp'),
  time: simple(TypeCode.Time, 'time'),
  decimal: simple(TypeCode.Decimal, 'decimal'),
  /** Enum (28), as pyignite's EnumObject. */
  enum: simple(TypeCode.Enum, 'enum'),
  /** Binary enum (38), as the Java client writes enums. */
  binaryEnum: simple(TypeCode.BinaryEnum, 'binaryEnum'),
  byteArray: simple(TypeCode.ByteArray, 'byteArray'),
  shortArray: simple(TypeCode.ShortArray, 'shortArray'),
  intArray: simple(TypeCode.IntArray, 'intArray'),
  longArray: simple(TypeCode.LongArray, 'longArray'),
  floatArray: simple(TypeCode.FloatArray, 'floatArray'),
  doubleArray: simple(TypeCode.DoubleArray, 'doubleArray'),
  charArray: simple(TypeCode.CharArray, 'charArray'),
  boolArray: simple(TypeCode.BoolArray, 'boolArray'),
  stringArray: simple(TypeCode.StringArray, 'stringArray'),
  uuidArray: simple(TypeCode.UuidArray, 'uuidArray'),
  dateArray: simple(TypeCode.DateArray, 'dateArray'),
  timestampArray: simple(TypeCode.TimestampArray, 'timestampArray'),
  timeArray: simple(TypeCode.TimeArray, 'timeArray'),
  decimalArray: simple(TypeCode.DecimalArray, 'decimalArray'),
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
  null: simple(TypeCode.Null, 'null'),
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
