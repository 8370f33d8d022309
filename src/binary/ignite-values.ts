// JavaScript classes for Ignite values that have no exact JavaScript counterpart.
import { randomUUID } from 'node:crypto';
import { ParameterError } from '../errors.js';

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An Ignite UUID (java.util.UUID). Reads back as a Uuid, so it writes back as a UUID, not a String. */
export class Uuid {
  /** Canonical lower-case form, e.g. "123e4567-e89b-12d3-a456-426614174000". */
  readonly value: string;

  constructor(text: string) {
    if (typeof text !== 'string' || !UUID_PATTERN.test(text)) {
      throw new ParameterError(`"${String(text)}" is not a UUID (expected 8-4-4-4-12 hex digits)`);
    }
    this.value = text.toLowerCase();
  }

  static random(): Uuid {
    return new Uuid(randomUUID());
  }

  equals(other: unknown): boolean {
    return other instanceof Uuid && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}

/**
 * An Ignite Timestamp (java.sql.Timestamp): a Date with nanoseconds below the millisecond.
 * `getTime()` is the whole milliseconds; `nanos` is 0..999 999 more nanoseconds.
 */
export class Timestamp extends Date {
  readonly nanos: number;

  constructor(epochMs: number, nanos = 0) {
    super(epochMs);
    if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999) {
      throw new ParameterError(`Timestamp nanos must be a whole number in 0..999999 (the part below a millisecond), got ${nanos}`);
    }
    this.nanos = nanos;
  }

  /** Nanoseconds of the second (java.sql.Timestamp.getNanos()). */
  get nanosOfSecond(): number {
    const ms = ((this.getTime() % 1000) + 1000) % 1000;
    return ms * 1_000_000 + this.nanos;
  }
}

/** An Ignite enum value (java enum or binary enum): the enum's type id and the value's ordinal. */
export class BinaryEnum {
  /** The enum's type name, when the cluster's metadata is known. */
  declare readonly typeName?: string;
  /** The value's name, when the enum is registered with its values. */
  declare readonly name?: string;

  constructor(
    readonly typeId: number,
    readonly ordinal: number,
  ) {
    if (!Number.isInteger(typeId) || typeId < -2147483648 || typeId > 2147483647) throw new ParameterError(`enum typeId must be an int, got ${typeId}`);
    if (!Number.isInteger(ordinal) || ordinal < -2147483648 || ordinal > 2147483647) throw new ParameterError(`enum ordinal must be an int, got ${ordinal}`);
  }

  equals(other: unknown): boolean {
    return other instanceof BinaryEnum && other.typeId === this.typeId && other.ordinal === this.ordinal;
  }

  /**
   * Attaches the names the cluster's metadata gives. Not enumerable: an enum value equals another
   * of the same type and ordinal, named or not.
   */
  static named(value: BinaryEnum, typeName: string, name: string | undefined): BinaryEnum {
    Object.defineProperty(value, 'typeName', { value: typeName, enumerable: false });
    if (name !== undefined) Object.defineProperty(value, 'name', { value: name, enumerable: false });
    return value;
  }
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * An arbitrary-precision decimal (java.math.BigDecimal): `unscaled × 10^-scale`, lossless.
 * As in Java, the scale is part of the value: 1.0 and 1.00 are different decimals.
 */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    if (typeof unscaled !== 'bigint') throw new ParameterError('Decimal unscaled value must be a bigint');
    if (!Number.isInteger(scale) || scale < -2147483648 || scale > 2147483647) throw new ParameterError(`Decimal scale must be an int, got ${scale}`);
  }

  /** From a decimal string ("-12.50", "1e-3"), a bigint, a finite number (its shortest decimal form) or a Decimal. */
  static from(value: string | number | bigint | Decimal): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value, 0);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ParameterError(`${value} has no decimal form`);
      return Decimal.parse(String(value));
    }
    if (typeof value === 'string') return Decimal.parse(value);
    throw new ParameterError(`cannot make a Decimal of ${typeof value}`);
  }

  static parse(text: string): Decimal {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (match === null || (match[2] === '' && (match[3] ?? '') === '')) throw new ParameterError(`"${text}" is not a decimal number`);
    const [, sign, whole = '', fraction = '', exponent = '0'] = match;
    const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
    const unscaled = BigInt(digits === '' ? '0' : digits);
    return new Decimal(sign === '-' ? -unscaled : unscaled, fraction.length - Number(exponent));
  }

  /** Plain notation, never scientific: unscaled 15 with scale -2 is "1500". */
  toString(): string {
    const negative = this.unscaled < 0n;
    let digits = (negative ? -this.unscaled : this.unscaled).toString();
    if (this.scale <= 0) {
      digits = this.unscaled === 0n ? '0' : digits + '0'.repeat(-this.scale);
    } else {
      digits = digits.padStart(this.scale + 1, '0');
      digits = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    }
    return negative ? `-${digits}` : digits;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }

  equals(other: unknown): boolean {
    return other instanceof Decimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }
}
