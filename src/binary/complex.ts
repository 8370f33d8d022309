// Complex objects (type code 103, reference §4.4): the classes users declare, the classes built
// for types read from the server, the keep-binary view, and their encoding, byte-compatible with
// Ignite's BinaryWriterExImpl (header, field ids, schema id, hash code, full or compact footer).
import { BinaryTypeError, NotSupportedError, ParameterError, ParseError } from '../errors.js';
import {
  type ComplexDescriptor,
  type DescriptorField,
  fieldIdOf,
  SCHEMA_INITIAL_ID,
  schemaIdOf,
  typeIdOf,
  type BinaryTypeInfo,
} from './binary-type.js';
import { T, Typed, TypeHint } from './hints.js';
import { BinaryEnum, Decimal, Uuid } from './ignite-values.js';
import type { BinaryReader } from './reader.js';
import { codecHooks } from './codec-hooks.js';
import type { BinaryTypeRegistry, PendingSchema } from './registry.js';
import { metadataTypeCode } from './registry.js';
import { detachObject, forEachNestedObject } from './object-bytes.js';
import { TypeCode } from './type-codes.js';
import type { BinaryWriter } from './writer.js';

/** Header flags (BinaryUtils.FLAG_*). */
export const ObjectFlag = {
  UserType: 0x0001,
  HasSchema: 0x0002,
  HasRaw: 0x0004,
  OffsetOneByte: 0x0008,
  OffsetTwoBytes: 0x0010,
  CompactFooter: 0x0020,
} as const;

const HEADER_LENGTH = 24;
const PROTOCOL_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Classes

/** Base class of every complex object: of a type declared with `complexType()`, or read from the server. */
export class ComplexObject {
  /** @internal The object's complex type. */
  static readonly descriptor: ComplexDescriptor;
}

/** What a field of a declared type may be: a hint, or another complex type. */
export type FieldHint = TypeHint<unknown> | ComplexClass<object>;
export type FieldHints = Readonly<Record<string, FieldHint>>;

/** The JavaScript type a field of that hint reads back as. */
export type FieldValue<H> = H extends ComplexClass<infer O> ? ComplexObject & O : H extends TypeHint<infer V> ? V : unknown;
export type FieldValues<F extends FieldHints> = { -readonly [K in keyof F]: FieldValue<F[K]> | null };

/** A complex type's class: `new Person({ ... })` makes an object; the class is also a type hint. */
export interface ComplexClass<V extends object> {
  new (values?: Partial<V>): ComplexObject & V;
  readonly prototype: ComplexObject & V;
  /** The type name (for Java interop, the full Java class name). */
  readonly typeName: string;
  readonly typeId: number;
  /** The declared fields, in write order. */
  readonly fieldNames: readonly string[];
  /** The hint that writes plain objects as this type: `cache.put(k, { ... }, { valueHint: Person.hint })`. */
  readonly hint: TypeHint<ComplexObject & V>;
  /** @internal */
  readonly descriptor: ComplexDescriptor;
}

export interface ComplexTypeOptions {
  /** The field whose value decides the partition of keys of this type. */
  affinityKeyField?: string;
}

export function isComplexClass(value: unknown): value is ComplexClass<object> {
  return typeof value === 'function' && (value as { prototype?: unknown }).prototype instanceof ComplexObject;
}

/** A hint argument: a TypeHint, or a complex class standing for its own hint. */
export function toHint(hint: unknown): TypeHint | undefined {
  if (hint === undefined || hint instanceof TypeHint) return hint;
  if (isComplexClass(hint)) return hint.hint;
  return undefined;
}

function simpleName(typeName: string): string {
  const simple = typeName.slice(typeName.lastIndexOf('.') + 1);
  return simple.slice(simple.lastIndexOf('$') + 1).replace(/[^A-Za-z0-9_$]/g, '_') || 'ComplexObject';
}

/**
 * Types declared in this process, by type id, then by their shape (field names and hints): the
 * latest class of each shape. A client reads objects into the class it has itself written or
 * registered (its registry's own declarations); this is the fallback for types it has not.
 */
const DECLARED = new Map<number, Map<string, ComplexDescriptor>>();

function shapeOf(descriptor: ComplexDescriptor): string {
  return JSON.stringify([descriptor.affinityKeyFieldName, descriptor.fields.map((f) => [f.name, f.hint?.name ?? null])]);
}

/**
 * The class a client that has not bound the type itself reads its objects into: the one declared
 * in this process, if all its declarations have one shape. Two different declarations of a type
 * name (two clients of two clusters, say) are ambiguous: such a client reads generic objects rather
 * than the latest declaration, which may be another client's.
 */
export function declaredDescriptor(typeId: number): ComplexDescriptor | undefined {
  const shapes = DECLARED.get(typeId);
  if (shapes === undefined || shapes.size !== 1) return undefined;
  return shapes.values().next().value;
}

function makeClass(typeName: string, typeId: number, fields: DescriptorField[], affinityKeyFieldName: string | null, declared: boolean): ComplexClass<object> {
  const names = fields.map((f) => f.name);
  class Complex extends ComplexObject {
    constructor(values: Record<string, unknown> = {}) {
      super();
      if (values === null || typeof values !== 'object') throw new ParameterError(`new ${typeName}(values): values must be an object`);
      for (const name of names) (this as Record<string, unknown>)[name] = values[name] ?? null;
      for (const [name, value] of Object.entries(values)) {
        if (!(name in this)) (this as Record<string, unknown>)[name] = value;
      }
    }
  }
  Object.defineProperty(Complex, 'name', { value: simpleName(typeName) });
  const descriptor: ComplexDescriptor = {
    typeName,
    typeId,
    fields,
    byName: new Map(fields.map((f) => [f.name, f])),
    byId: new Map(fields.map((f) => [f.fieldId, f])),
    affinityKeyFieldName,
    declared,
    create: () => Object.create(Complex.prototype) as object,
  };
  for (const [key, value] of Object.entries({
    typeName,
    typeId,
    fieldNames: Object.freeze(names),
    descriptor,
    hint: new TypeHint(TypeCode.ComplexObject, typeName, undefined, undefined, undefined, undefined, descriptor),
  })) {
    Object.defineProperty(Complex, key, { value, enumerable: true });
  }
  return Complex as unknown as ComplexClass<object>;
}

/**
 * Declares a complex type: a name (for Java interop, the full Java class name) and its fields, in
 * order, each with the hint its values are written with (pyignite's GenericObjectMeta).
 *
 * ```ts
 * const Person = complexType('org.acme.Person', { id: T.int, name: T.string });
 * await cache.put(1, new Person({ id: 1, name: 'Ann' }));
 * ```
 */
export function complexType<F extends FieldHints>(typeName: string, fields: F, options: ComplexTypeOptions = {}): ComplexClass<FieldValues<F>> {
  if (typeof typeName !== 'string' || typeName.length === 0) throw new ParameterError('complexType: typeName must be a non-empty string');
  if (fields === null || typeof fields !== 'object') throw new ParameterError(`complexType(${typeName}): fields must be an object of type hints`);
  const ids = new Map<number, string>();
  const descriptorFields = Object.entries(fields).map(([name, fieldHint]): DescriptorField => {
    const hint = toHint(fieldHint);
    if (hint === undefined) throw new ParameterError(`complexType(${typeName}): field "${name}" needs a type hint (T.int, ...) or a complex type`);
    const fieldId = fieldIdOf(name);
    const clash = ids.get(fieldId);
    if (clash !== undefined) throw new ParameterError(`complexType(${typeName}): fields "${clash}" and "${name}" have the same field id`);
    ids.set(fieldId, name);
    return { name, fieldId, hint };
  });
  const affinityKeyField = options.affinityKeyField ?? null;
  if (affinityKeyField !== null && !ids.has(fieldIdOf(affinityKeyField))) {
    throw new ParameterError(`complexType(${typeName}): affinityKeyField "${affinityKeyField}" is not one of its fields`);
  }
  const cls = makeClass(typeName, typeIdOf(typeName), descriptorFields, affinityKeyField, true);
  let shapes = DECLARED.get(cls.typeId);
  if (shapes === undefined) DECLARED.set(cls.typeId, (shapes = new Map()));
  const shape = shapeOf(cls.descriptor);
  // Re-declaring a shape (a module loaded again) replaces it; the latest class of the shape wins.
  shapes.delete(shape);
  shapes.set(shape, cls.descriptor);
  return cls as unknown as ComplexClass<FieldValues<F>>;
}

const HINT_BY_CODE = new Map<number, TypeHint>(
  Object.values(T)
    .filter((hint) => hint.typeCode !== TypeCode.Null)
    .map((hint) => [hint.typeCode, hint]),
);
// Containers and nested objects keep the type they were read with (READ_AS) or follow the value.
for (const code of [TypeCode.Collection, TypeCode.Map, TypeCode.ObjectArray, TypeCode.EnumArray, TypeCode.Enum, TypeCode.BinaryEnum]) {
  HINT_BY_CODE.delete(code);
}

/** The class of a type known only from the cluster's metadata. */
export function genericDescriptor(info: BinaryTypeInfo): ComplexDescriptor {
  const fields = info.fields.map((f): DescriptorField => ({ name: f.name, fieldId: f.fieldId, hint: HINT_BY_CODE.get(f.typeCode) }));
  return makeClass(info.typeName, info.typeId, fields, info.affinityKeyFieldName, false).descriptor;
}

// ---------------------------------------------------------------------------------------------
// Writing

/** What the codec needs of the client to write and read complex objects. */
export interface BinaryContext {
  readonly registry: BinaryTypeRegistry;
}

type WriteAny = (w: BinaryWriter, value: unknown, path: string, hint: TypeHint | undefined) => void;

interface FieldPlan {
  name: string;
  fieldId: number;
  hint: TypeHint | undefined;
}

function isFieldValue(value: unknown): boolean {
  return typeof value !== 'function' && typeof value !== 'symbol';
}

/** The fields an object is written with: a declared type's fields, then any others it has. */
function planFields(value: Record<string, unknown>, descriptor: ComplexDescriptor, registry: BinaryTypeRegistry | undefined): FieldPlan[] {
  const plan: FieldPlan[] = [];
  const info = registry?.info(descriptor.typeId);
  const hintFor = (name: string): TypeHint | undefined => {
    const known = descriptor.byName.get(name)?.hint;
    if (known !== undefined) return known;
    const field = info?.fields.find((f) => f.name === name);
    return field === undefined ? undefined : HINT_BY_CODE.get(field.typeCode);
  };
  if (descriptor.declared) {
    for (const field of descriptor.fields) plan.push({ name: field.name, fieldId: field.fieldId, hint: field.hint });
  }
  for (const name of Object.keys(value)) {
    if (descriptor.declared && descriptor.byName.has(name)) continue;
    if (!isFieldValue(value[name])) continue;
    plan.push({ name, fieldId: descriptor.byName.get(name)?.fieldId ?? fieldIdOf(name), hint: hintFor(name) });
  }
  return plan;
}

/** The descriptor of a value written as a complex object, or undefined if it is none. */
export function descriptorOf(value: unknown, hint: TypeHint | undefined): ComplexDescriptor | undefined {
  if (hint?.descriptor !== undefined) return hint.descriptor;
  if (value instanceof ComplexObject) return (value.constructor as typeof ComplexObject).descriptor;
  return undefined;
}

/**
 * Writes an object as type 103. The footer is compact when compact footers are on and the cluster
 * knows the schema (registered before the write), else full, which any reader can read without
 * the schema.
 */
export function writeComplexObject(
  w: BinaryWriter,
  value: object,
  descriptor: ComplexDescriptor,
  path: string,
  context: BinaryContext | undefined,
  writeAny: WriteAny,
): void {
  const registry = context?.registry;
  const fields = value as Record<string, unknown>;
  const plan = planFields(fields, descriptor, registry);
  const fieldIds = plan.map((f) => f.fieldId);
  const schemaId = plan.length === 0 ? SCHEMA_INITIAL_ID : schemaIdOf(fieldIds);
  const compactOn = registry?.compactFooter ?? false;
  const start = w.position;
  w.ensure(HEADER_LENGTH);
  w.position += HEADER_LENGTH;
  const offsets = new Array<number>(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const field = plan[i]!;
    offsets[i] = w.position - start;
    const fieldValue = fields[field.name];
    writeAny(w, fieldValue === undefined ? null : fieldValue, `${path}.${field.name}`, field.hint);
  }
  // Raw data read with the object goes back after its fields, as BinaryWriterExImpl puts a
  // Binarylizable's rawWriter() output: byte for byte, since only its Java class knows its layout.
  const raw = rawDataOf(value);
  const rawOffset = w.position - start;
  if (raw !== undefined) w.writeBytes(raw);
  const footerStart = w.position;
  const buffer = w.buffer;
  // BinaryArrayIdentityResolver: Java's Arrays.hashCode over the signed bytes between header and footer.
  let hash = 1;
  for (let i = start + HEADER_LENGTH; i < footerStart; i++) hash = (Math.imul(hash, 31) + ((buffer[i]! << 24) >> 24)) | 0;
  let flags: number = ObjectFlag.UserType;
  let schemaOffset = HEADER_LENGTH;
  if (raw !== undefined) {
    flags |= ObjectFlag.HasRaw;
    // Without a schema the header's offset is the raw offset (BinaryWriterExImpl.postWrite).
    schemaOffset = rawOffset;
  }
  if (plan.length > 0) {
    flags |= ObjectFlag.HasSchema;
    const last = offsets[plan.length - 1]!;
    const width = last < 0x100 ? 1 : last < 0x10000 ? 2 : 4;
    if (width === 1) flags |= ObjectFlag.OffsetOneByte;
    else if (width === 2) flags |= ObjectFlag.OffsetTwoBytes;
    const compact = compactOn && registry!.schema(descriptor.typeId, schemaId) !== undefined;
    if (compact) flags |= ObjectFlag.CompactFooter;
    w.ensure(plan.length * (compact ? width : 4 + width));
    for (let i = 0; i < plan.length; i++) {
      if (!compact) w.writeI32(fieldIds[i]!);
      if (width === 1) w.writeI8(offsets[i]!);
      else if (width === 2) w.writeU16(offsets[i]!);
      else w.writeI32(offsets[i]!);
    }
    // With a schema, the raw offset follows the footer.
    if (raw !== undefined) w.writeI32(rawOffset);
    schemaOffset = footerStart - start;
  } else if (compactOn) {
    // Java marks every user object written with compact footers on, even one without fields.
    flags |= ObjectFlag.CompactFooter;
  }
  const out = w.buffer;
  out[start] = TypeCode.ComplexObject;
  out[start + 1] = PROTOCOL_VERSION;
  out.writeUInt16LE(flags, start + 2);
  out.writeInt32LE(descriptor.typeId, start + 4);
  out.writeInt32LE(hash, start + 8);
  out.writeInt32LE(w.position - start, start + 12);
  out.writeInt32LE(schemaId, start + 16);
  out.writeInt32LE(schemaOffset, start + 20);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A parsed object header, with where its fields are. */
interface ObjectLayout {
  start: number;
  end: number;
  flags: number;
  typeId: number;
  hashCode: number;
  schemaId: number;
  /** Field ids and absolute positions, in write order; undefined when the schema is unknown. */
  fieldIds: number[] | undefined;
  positions: number[];
  /** Where the raw data is (HAS_RAW): from the raw offset up to the footer; undefined without. */
  rawStart: number | undefined;
  rawEnd: number;
}

function parseLayout(buffer: Buffer, start: number, limit: number, registry: BinaryTypeRegistry | undefined): ObjectLayout {
  if (start + HEADER_LENGTH > limit) throw new ParseError(`complex object header at ${start} is cut short`);
  if (buffer[start + 1] !== PROTOCOL_VERSION) throw new ParseError(`complex object version ${buffer[start + 1]} is not 1`);
  const flags = buffer.readUInt16LE(start + 2);
  const typeId = buffer.readInt32LE(start + 4);
  const hashCode = buffer.readInt32LE(start + 8);
  const length = buffer.readInt32LE(start + 12);
  const schemaId = buffer.readInt32LE(start + 16);
  const schemaOffset = buffer.readInt32LE(start + 20);
  const end = start + length;
  if (length < HEADER_LENGTH || end > limit) throw new ParseError(`complex object length ${length} at ${start} runs past its frame`);
  if (typeId === 0) throw new NotSupportedError('complex objects of an unregistered type (type id 0, class name inline) are not supported');
  const layout: ObjectLayout = { start, end, flags, typeId, hashCode, schemaId, fieldIds: [], positions: [], rawStart: undefined, rawEnd: end };
  const hasRaw = (flags & ObjectFlag.HasRaw) !== 0;
  if ((flags & ObjectFlag.HasSchema) === 0) {
    // No schema: the header's offset is the raw offset, and the raw data runs to the end.
    if (hasRaw) layout.rawStart = rawStartAt(start, schemaOffset, end);
    return layout;
  }
  const width = flags & ObjectFlag.OffsetOneByte ? 1 : flags & ObjectFlag.OffsetTwoBytes ? 2 : 4;
  const compact = (flags & ObjectFlag.CompactFooter) !== 0;
  const footerEnd = hasRaw ? end - 4 : end;
  const entry = compact ? width : 4 + width;
  const footerStart = start + schemaOffset;
  if (schemaOffset < HEADER_LENGTH || footerStart > footerEnd || (footerEnd - footerStart) % entry !== 0) {
    throw new ParseError(`complex object footer at ${footerStart} does not fit the object`);
  }
  if (hasRaw) {
    layout.rawStart = rawStartAt(start, buffer.readInt32LE(footerEnd), footerStart);
    layout.rawEnd = footerStart;
  }
  const count = (footerEnd - footerStart) / entry;
  let ids: readonly number[] | undefined;
  if (compact) {
    ids = registry?.schema(typeId, schemaId);
    if (ids === undefined || ids.length !== count) {
      layout.fieldIds = undefined;
      return layout;
    }
  }
  const fieldIds = new Array<number>(count);
  const positions = new Array<number>(count);
  for (let i = 0, at = footerStart; i < count; i++) {
    if (compact) fieldIds[i] = ids![i]!;
    else {
      fieldIds[i] = buffer.readInt32LE(at);
      at += 4;
    }
    const offset = width === 1 ? buffer[at]! : width === 2 ? buffer.readUInt16LE(at) : buffer.readInt32LE(at);
    at += width;
    positions[i] = start + offset;
  }
  layout.fieldIds = fieldIds;
  layout.positions = positions;
  return layout;
}

function rawStartAt(start: number, rawOffset: number, rawEnd: number): number {
  if (rawOffset < HEADER_LENGTH || start + rawOffset > rawEnd) throw new ParseError(`complex object raw offset ${rawOffset} at ${start} is outside the object`);
  return start + rawOffset;
}

/** Hidden on objects read with raw data (HAS_RAW): the bytes, written back as they are. */
const RAW_DATA: unique symbol = Symbol('ignite-client.rawData');

function rawDataOf(value: object): Buffer | undefined {
  return (value as { [RAW_DATA]?: Buffer })[RAW_DATA];
}

type ReadAny = (r: BinaryReader) => unknown;

/** Remembers a type whose metadata must be fetched before the value can be read; the caller retries. */
export function needType(r: BinaryReader, typeId: number): void {
  (r.missingTypes ??= new Set()).add(typeId);
}

/**
 * The metadata of `typeId` is not enough to read a value: asks for it, unless this read fetched it
 * already, in which case the cluster has nothing more and `problem` says what is missing.
 */
function needTypeOrFail(r: BinaryReader, typeId: number, problem: () => string): void {
  if (r.fetchedTypes?.has(typeId) === true) throw new BinaryTypeError(problem());
  needType(r, typeId);
}

function fieldName(descriptor: ComplexDescriptor, info: BinaryTypeInfo | undefined, fieldId: number): string | undefined {
  return descriptor.byId.get(fieldId)?.name ?? info?.fields.find((f) => f.fieldId === fieldId)?.name;
}

/**
 * Reads the object starting at `start` (its 103 byte) into an instance of its class. Returns
 * undefined, having recorded the type in `r.missingTypes`, if this client lacks its metadata.
 */
export function readComplexObject(
  r: BinaryReader,
  start: number,
  context: BinaryContext | undefined,
  keepBinary: boolean,
  register: (value: object) => void,
  readAny: ReadAny,
): object | undefined {
  if (context === undefined) throw new NotSupportedError('reading a complex object here needs a client (its binary type registry)');
  const registry = context.registry;
  const layout = parseLayout(r.buffer, start, r.end, registry);
  r.position = layout.end;
  if (keepBinary) {
    if (layout.fieldIds === undefined) needTypeOrFail(r, layout.typeId, () => noSchema(registry, layout));
    // The schemas of nested objects too, so that their fields can be read later without a fetch;
    // a nested schema the cluster lacks fails only when that object's fields are read.
    if (!r.offline) {
      forEachNestedObject(r.buffer, start, layout.end, (at) => {
        const flags = r.buffer.readUInt16LE(at + 2);
        if ((flags & ObjectFlag.HasSchema) === 0 || (flags & ObjectFlag.CompactFooter) === 0) return;
        const typeId = r.buffer.readInt32LE(at + 4);
        if (registry.schema(typeId, r.buffer.readInt32LE(at + 16)) === undefined && r.fetchedTypes?.has(typeId) !== true) needType(r, typeId);
      });
    }
    return new BinaryObject(detachObject(r.buffer, start, layout.end), context);
  }
  const descriptor = registry.descriptor(layout.typeId);
  if (descriptor === undefined || layout.fieldIds === undefined) {
    needTypeOrFail(r, layout.typeId, () => (registry.info(layout.typeId) === undefined ? noType(layout.typeId) : noSchema(registry, layout)));
    return undefined;
  }
  const info = registry.info(layout.typeId);
  const instance = descriptor.create() as Record<string, unknown>;
  register(instance);
  if (layout.rawStart !== undefined) {
    // Not enumerable: the raw data is no field, and two objects with equal fields stay equal.
    Object.defineProperty(instance, RAW_DATA, { value: Buffer.from(r.buffer.subarray(layout.rawStart, layout.rawEnd)), enumerable: false, writable: true, configurable: true });
  }
  for (let i = 0; i < layout.fieldIds.length; i++) {
    const fieldId = layout.fieldIds[i]!;
    const name = fieldName(descriptor, info, fieldId);
    if (name === undefined) {
      needTypeOrFail(
        r,
        layout.typeId,
        () => `${typeLabel(registry, layout.typeId)} has no field of id ${fieldId} in the cluster's metadata, so an object written with it cannot be read`,
      );
      r.position = layout.end;
      return undefined;
    }
    r.position = layout.positions[i]!;
    instance[name] = readAny(r);
  }
  r.position = layout.end;
  return instance;
}

function typeLabel(registry: BinaryTypeRegistry, typeId: number): string {
  const name = registry.info(typeId)?.typeName;
  return name === undefined ? `type id ${typeId}` : `type "${name}" (type id ${typeId})`;
}

function noType(typeId: number): string {
  return `the cluster has no metadata for type id ${typeId}, so an object of it cannot be read (is the type registered under another name, or on another cluster?)`;
}

function noSchema(registry: BinaryTypeRegistry, layout: ObjectLayout): string {
  if (registry.info(layout.typeId) === undefined) return noType(layout.typeId);
  return `the cluster has no schema ${layout.schemaId} of ${typeLabel(registry, layout.typeId)}, so its compact-footer object cannot be read`;
}

// ---------------------------------------------------------------------------------------------
// Keep-binary view

/**
 * A complex object kept in its binary form (`cache.withKeepBinary()`): fields are decoded one at
 * a time on demand, and writing it back sends its bytes unchanged.
 */
export class BinaryObject {
  private layoutCache: ObjectLayout | undefined;

  /** @internal */
  constructor(
    /** The object's bytes, from its 103 type code to the end of its footer. */
    readonly bytes: Buffer,
    /** @internal */
    readonly context: BinaryContext,
  ) {
    Object.defineProperty(this, 'context', { enumerable: false });
    Object.defineProperty(this, 'layoutCache', { enumerable: false, writable: true });
  }

  private layout(): ObjectLayout {
    this.layoutCache ??= parseLayout(this.bytes, 0, this.bytes.length, this.context.registry);
    if (this.layoutCache.fieldIds === undefined) {
      this.layoutCache = parseLayout(this.bytes, 0, this.bytes.length, this.context.registry);
      if (this.layoutCache.fieldIds === undefined) {
        throw new BinaryTypeError(
          `schema ${this.schemaId} of ${typeLabel(this.context.registry, this.typeId)} is not known to this client: fetch it with client.binary.getType(${this.typeId})`,
        );
      }
    }
    return this.layoutCache;
  }

  get typeId(): number {
    return this.bytes.readInt32LE(4);
  }

  get hashCode(): number {
    return this.bytes.readInt32LE(8);
  }

  get schemaId(): number {
    return this.bytes.readInt32LE(16);
  }

  /** The type name, from the cluster's metadata. */
  get typeName(): string | undefined {
    return this.context.registry.info(this.typeId)?.typeName;
  }

  /** The names of the fields this object has, in write order. */
  fieldNames(): string[] {
    const info = this.context.registry.info(this.typeId);
    return this.layout().fieldIds!.map((id) => info?.fields.find((f) => f.fieldId === id)?.name ?? `#${id}`);
  }

  hasField(name: string): boolean {
    return this.layout().fieldIds!.includes(fieldIdOf(name));
  }

  /** One field's value, decoded now (nested complex objects stay binary); null if absent. */
  field<V = unknown>(name: string): V | null {
    const layout = this.layout();
    const index = layout.fieldIds!.indexOf(fieldIdOf(name));
    if (index < 0) return null;
    return codecHooks.readField(this, layout.positions[index]!) as V;
  }

  /** The object as an instance of its class (declared with complexType, or built from metadata). */
  deserialize<V extends object = ComplexObject>(): V {
    return codecHooks.deserialize(this) as V;
  }
}

// ---------------------------------------------------------------------------------------------
// Registration before writing

/**
 * The type code the cluster's metadata gets for a field holding `value`: the code writeValue
 * writes it with, as the metadata names it (an enum, 28 or 38, is "Enum" 28).
 */
function inferredTypeCode(value: unknown, hint: TypeHint | undefined, readAs: (v: object) => TypeHint | undefined): number | undefined {
  if (hint !== undefined) return metadataTypeCode(hint.typeCode);
  if (value instanceof Typed) return inferredTypeCode(value.value, value.hint, readAs);
  switch (typeof value) {
    case 'string':
      return TypeCode.String;
    case 'boolean':
      return TypeCode.Bool;
    case 'bigint':
      return TypeCode.Long;
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? TypeCode.Long : TypeCode.Double;
    case 'object': {
      if (value === null) return undefined;
      const remembered = readAs(value);
      if (remembered !== undefined) return metadataTypeCode(remembered.typeCode);
      return OBJECT_CODES.find(([test]) => test(value))?.[1] ?? TypeCode.ComplexObject;
    }
    default:
      return undefined;
  }
}

/** What writeObject (values.ts) writes each kind of object as, in the order it tests them. */
const OBJECT_CODES: ReadonlyArray<readonly [(v: object) => boolean, number]> = [
  [(v) => v instanceof Uint8Array || v instanceof Int8Array || v instanceof Uint8ClampedArray, TypeCode.ByteArray],
  [(v) => v instanceof Int16Array, TypeCode.ShortArray],
  [(v) => v instanceof Int32Array, TypeCode.IntArray],
  [(v) => v instanceof BigInt64Array, TypeCode.LongArray],
  [(v) => v instanceof Float32Array, TypeCode.FloatArray],
  [(v) => v instanceof Float64Array, TypeCode.DoubleArray],
  [(v) => v instanceof Uint16Array, TypeCode.CharArray],
  [(v) => Array.isArray(v) || v instanceof Set, TypeCode.Collection],
  [(v) => v instanceof Date, TypeCode.Timestamp],
  [(v) => v instanceof Uuid, TypeCode.Uuid],
  [(v) => v instanceof Decimal, TypeCode.Decimal],
  [(v) => v instanceof BinaryEnum, TypeCode.Enum],
  [(v) => v instanceof Map, TypeCode.Map],
];

/**
 * Walks a value about to be written and lists the schemas of the complex objects in it, so that
 * they can be registered first. Only objects are walked: a string or a number costs one check.
 */
export function collectSchemas(
  value: unknown,
  hint: TypeHint | undefined,
  readAs: (v: object) => TypeHint | undefined,
  typedParts: (v: object) => { value: unknown; hint: TypeHint } | undefined,
  out: PendingSchema[],
  registry: BinaryTypeRegistry,
  depth = 0,
): void {
  if (value === null || typeof value !== 'object' || depth > 64) return;
  const typed = typedParts(value);
  if (typed !== undefined) {
    collectSchemas(typed.value, typed.hint, readAs, typedParts, out, registry, depth + 1);
    return;
  }
  if (value instanceof BinaryObject) return;
  const descriptor = descriptorOf(value, hint);
  if (descriptor !== undefined) {
    const plan = planFields(value as Record<string, unknown>, descriptor, registry);
    const fields = plan.map((f) => ({
      name: f.name,
      fieldId: f.fieldId,
      typeCode: inferredTypeCode((value as Record<string, unknown>)[f.name], f.hint, readAs),
    }));
    out.push({ descriptor, fields, schemaId: plan.length === 0 ? SCHEMA_INITIAL_ID : schemaIdOf(fields.map((f) => f.fieldId)) });
    for (const field of plan) collectSchemas((value as Record<string, unknown>)[field.name], field.hint, readAs, typedParts, out, registry, depth + 1);
    return;
  }
  const element = hint?.element;
  if (Array.isArray(value) || value instanceof Set) {
    for (const item of value) collectSchemas(item, element, readAs, typedParts, out, registry, depth + 1);
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      collectSchemas(k, hint?.key, readAs, typedParts, out, registry, depth + 1);
      collectSchemas(v, element, readAs, typedParts, out, registry, depth + 1);
    }
  }
}
