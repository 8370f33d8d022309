import { NotSupportedError, ParameterError, ParseError } from '../errors.js';
import type { BinaryReader } from './reader.js';
import { TypeCode, typeCodeName } from './type-codes.js';
import type { BinaryWriter } from './writer.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** How values are turned into JavaScript when they are read. */
export interface ReadOptions {
  /** Return every Long as a `bigint`, not only those beyond 2^53. */
  longAsBigInt: boolean;
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

/**
 * Writes a value with its type code, choosing the Ignite type from the JavaScript type
 * (the default mapping of the public API: see the README's type table).
 * `path` names the value in error messages ("key", "entries[3].value").
 */
export function writeValue(w: BinaryWriter, value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
      w.writeI8(TypeCode.String);
      w.writeUtf8(value);
      return;
    case 'number':
      // -0 is a safe integer to JavaScript but only a double can carry its sign.
      if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
        w.writeI8(TypeCode.Long);
        w.writeI64(value);
      } else {
        w.writeI8(TypeCode.Double);
        w.writeF64(value);
      }
      return;
    case 'boolean':
      w.writeI8(TypeCode.Bool);
      w.writeBool(value);
      return;
    case 'bigint':
      if (value < INT64_MIN || value > INT64_MAX) {
        throw new ParameterError(`${path}: ${describeValue(value)} is outside the range of an Ignite Long (int64)`);
      }
      w.writeI8(TypeCode.Long);
      w.writeI64(value);
      return;
    case 'undefined':
      w.writeI8(TypeCode.Null);
      return;
    case 'object':
      if (value === null) {
        w.writeI8(TypeCode.Null);
        return;
      }
      if (value instanceof Uint8Array) {
        w.writeI8(TypeCode.ByteArray);
        w.writeI32(value.length);
        w.writeBytes(value);
        return;
      }
      break;
    default:
      break;
  }
  throw new ParameterError(`${path}: cannot encode ${describeValue(value)} as an Ignite value`);
}

/** Reads one value (type code first) into its JavaScript form. */
export function readValue(r: BinaryReader, options: ReadOptions = DEFAULT_READ_OPTIONS): unknown {
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
    case TypeCode.ByteArray: {
      const length = r.readI32();
      if (length < 0) throw new ParseError(`negative byte array length ${length}`);
      // A copy: a view would pin the whole received chunk for as long as the caller keeps it.
      return Buffer.from(r.readView(length));
    }
    default:
      throw new NotSupportedError(`reading values of ${typeCodeName(code)} is not supported yet`);
  }
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
    w.writeUtf8(value);
  }
}
