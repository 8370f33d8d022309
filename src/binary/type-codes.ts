/**
 * Type codes of Ignite's binary format, the byte before every value
 * (GridBinaryMarshaller constants; protocol reference §4.1).
 */
export const TypeCode = {
  Byte: 1,
  Short: 2,
  Int: 3,
  Long: 4,
  Float: 5,
  Double: 6,
  Char: 7,
  Bool: 8,
  String: 9,
  Uuid: 10,
  Date: 11,
  ByteArray: 12,
  ShortArray: 13,
  IntArray: 14,
  LongArray: 15,
  FloatArray: 16,
  DoubleArray: 17,
  CharArray: 18,
  BoolArray: 19,
  StringArray: 20,
  UuidArray: 21,
  DateArray: 22,
  ObjectArray: 23,
  Collection: 24,
  Map: 25,
  BinaryObject: 27,
  Enum: 28,
  EnumArray: 29,
  Decimal: 30,
  DecimalArray: 31,
  Class: 32,
  Timestamp: 33,
  TimestampArray: 34,
  Proxy: 35,
  Time: 36,
  TimeArray: 37,
  BinaryEnum: 38,
  Null: 101,
  Handle: 102,
  ComplexObject: 103,
} as const;

export type TypeCode = (typeof TypeCode)[keyof typeof TypeCode];

const names = new Map<number, string>(Object.entries(TypeCode).map(([name, code]) => [code, name]));

/** The type code's name for error messages, e.g. "Int (3)". */
export function typeCodeName(code: number): string {
  const name = names.get(code);
  return name === undefined ? `unknown type code ${code}` : `${name} (${code})`;
}
