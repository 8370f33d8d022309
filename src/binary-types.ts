import { type BinaryField, type BinaryTypeInfo, type ComplexDescriptor, fieldIdOf, SCHEMA_INITIAL_ID, schemaIdOf, typeIdOf } from './binary/binary-type.js';
import {
  collectSchemas,
  type ComplexClass,
  ComplexObject,
  declaredDescriptor,
  genericDescriptor,
  isComplexClass,
} from './binary/complex.js';
import { READ_AS, Typed, type TypeHint } from './binary/hints.js';
import { BinaryEnum } from './binary/ignite-values.js';
import { BinaryTypeRegistry, metadataTypeCode, type PendingSchema, type TypeStore } from './binary/registry.js';
import { BinaryTypeError, ParameterError } from './errors.js';
import { readBinaryConfiguration, readBinaryTypeResponse, writeBinaryType } from './protocol/binary-types.js';
import { Feature, type FeatureSet } from './protocol/features.js';
import { OpCode } from './protocol/op-codes.js';
import type { Decoder, Encoder } from './protocol/request.js';
import { writeString } from './binary/values.js';

export type { BinaryField, BinaryTypeInfo } from './binary/binary-type.js';

/** What `putType` accepts: a type described by its name, fields and (optionally) schemas. */
export interface BinaryTypeDefinition {
  typeName: string;
  affinityKeyFieldName?: string | null;
  /** Field name → type code (TypeCode), in order. */
  fields?: ReadonlyArray<{ name: string; typeCode: number }>;
  /** Schemas as lists of field names; default: one schema of all fields. */
  schemas?: ReadonlyArray<readonly string[]>;
  /** Enum value names → ordinals, for an enum type. */
  enumValues?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

/** A registered enum type: makes its values by name. */
export interface EnumType {
  readonly typeName: string;
  readonly typeId: number;
  /** The value of that name, e.g. `Color.value('GREEN')`. */
  value(name: string): BinaryEnum;
  readonly values: ReadonlyMap<string, number>;
}

/** Platform id of 3000/3001 (reference §3.6): names of Java classes. */
const JAVA_PLATFORM = 0;

const readAs = (value: object): TypeHint | undefined => (value as { [READ_AS]?: TypeHint })[READ_AS];
const typedParts = (value: object): { value: unknown; hint: TypeHint } | undefined => (value instanceof Typed ? value : undefined);

/**
 * The binary type registry of a client (`client.binary`, pyignite's register/get/put/query
 * binary type): the metadata of complex types and enums, shared with the whole cluster.
 */
export class BinaryTypes {
  /** @internal */
  readonly registry: BinaryTypeRegistry;

  /** @internal */
  constructor(
    private readonly store: TypeStore,
    compactFooter: boolean | undefined,
  ) {
    this.registry = new BinaryTypeRegistry(store, compactFooter, genericDescriptor, declaredDescriptor);
  }

  /**
   * Registers a declared type's schema with the cluster (pyignite `register_binary_type`). Writing an
   * object registers its schema anyway; register first to read objects of the type into its class
   * before this client has written one, or to make the type known to other clients.
   */
  async registerType(type: ComplexClass<object>): Promise<void> {
    if (!isComplexClass(type)) throw new ParameterError('registerType: pass a class made by complexType()');
    const descriptor = type.descriptor;
    this.registry.declare(descriptor);
    const fields = descriptor.fields.map((f) => ({ name: f.name, fieldId: f.fieldId, typeCode: metadataTypeCode(f.hint!.typeCode) }));
    await this.registry.ensureSchemas([
      { descriptor, fields, schemaId: fields.length === 0 ? SCHEMA_INITIAL_ID : schemaIdOf(fields.map((f) => f.fieldId)) },
    ]);
  }

  /** The cluster's metadata of a type, by name or id (pyignite `get_binary_type`); null if it has none. */
  async getType(nameOrId: string | number): Promise<BinaryTypeInfo | null> {
    return this.registry.get(typeof nameOrId === 'number' ? nameOrId : typeIdOf(nameOrId));
  }

  /** Registers type metadata with the cluster (pyignite `put_binary_type`). */
  async putType(definition: BinaryTypeDefinition): Promise<BinaryTypeInfo> {
    if (definition === null || typeof definition !== 'object' || typeof definition.typeName !== 'string' || definition.typeName === '') {
      throw new ParameterError('putType: typeName must be a non-empty string');
    }
    const typeId = typeIdOf(definition.typeName);
    const fields: BinaryField[] = (definition.fields ?? []).map((f, i) => {
      if (typeof f?.name !== 'string' || !Number.isInteger(f.typeCode)) throw new ParameterError(`putType: fields[${i}] must be { name, typeCode }`);
      return { name: f.name, typeCode: f.typeCode, fieldId: fieldIdOf(f.name) };
    });
    const byName = new Map(fields.map((f) => [f.name, f.fieldId]));
    const schemaLists = definition.schemas ?? (fields.length > 0 ? [fields.map((f) => f.name)] : []);
    const schemas = new Map<number, number[]>();
    schemaLists.forEach((names, i) => {
      const ids = names.map((name) => {
        const id = byName.get(name);
        if (id === undefined) throw new ParameterError(`putType: schemas[${i}] names "${name}", which is not a field`);
        return id;
      });
      schemas.set(schemaIdOf(ids), ids);
    });
    const enumValues = definition.enumValues instanceof Map ? new Map(definition.enumValues) : new Map(Object.entries(definition.enumValues ?? {}));
    const info: BinaryTypeInfo = {
      typeId,
      typeName: definition.typeName,
      affinityKeyFieldName: definition.affinityKeyFieldName ?? null,
      fields,
      schemas,
      isEnum: definition.enumValues !== undefined,
      enumValues,
    };
    await this.registry.put(info);
    return this.registry.info(typeId) ?? info;
  }

  /**
   * The class objects of a type are read into (pyignite `query_binary_type`): the declared one if
   * there is one, else a class built from the cluster's metadata; null if the cluster has none.
   */
  async queryType(nameOrId: string | number): Promise<ComplexClass<Record<string, unknown>> | null> {
    const typeId = typeof nameOrId === 'number' ? nameOrId : typeIdOf(nameOrId);
    if ((await this.registry.get(typeId)) === null && declaredDescriptor(typeId) === undefined) return null;
    const descriptor = this.registry.descriptor(typeId);
    if (descriptor === undefined) return null;
    return (descriptor.create() as ComplexObject).constructor as unknown as ComplexClass<Record<string, unknown>>;
  }

  /** Registers an enum type with its values (names in ordinal order, or name → ordinal). */
  async registerEnum(typeName: string, values: readonly string[] | Readonly<Record<string, number>>): Promise<EnumType> {
    if (typeof typeName !== 'string' || typeName === '') throw new ParameterError('registerEnum: typeName must be a non-empty string');
    const map = new Map<string, number>(Array.isArray(values) ? values.map((name, ordinal) => [name, ordinal]) : Object.entries(values));
    for (const [name, ordinal] of map) {
      if (!Number.isInteger(ordinal)) throw new ParameterError(`registerEnum: the ordinal of "${name}" must be an integer`);
    }
    const typeId = typeIdOf(typeName);
    await this.registry.putEnum(typeId, typeName, map);
    return enumType(typeName, typeId, this.registry.info(typeId)?.enumValues ?? map);
  }

  /** An enum type the cluster knows, to make values by name. */
  async enumType(typeName: string): Promise<EnumType> {
    const info = await this.getType(typeName);
    if (info === null || !info.isEnum) throw new BinaryTypeError(`the cluster has no enum type "${typeName}"`);
    return enumType(info.typeName, info.typeId, info.enumValues);
  }

  /** @internal */
  putClassName(typeId: number, typeName: string): Promise<void> {
    return this.store.putClassName(typeId, typeName);
  }

  /**
   * The schemas of complex objects in values about to be written that the cluster does not know
   * yet; undefined when there are none (the usual case, and cheap for values that are not objects).
   * @internal
   */
  pendingSchemas(values: ReadonlyArray<readonly [unknown, TypeHint | undefined]>): PendingSchema[] | undefined {
    let out: PendingSchema[] | undefined;
    for (const [value, hint] of values) {
      if ((value === null || typeof value !== 'object') && hint?.descriptor === undefined) continue;
      const found: PendingSchema[] = [];
      collectSchemas(value, hint, readAs, typedParts, found, this.registry);
      for (const pending of found) {
        this.registry.declare(pending.descriptor as ComplexDescriptor);
        if (this.registry.schema(pending.descriptor.typeId, pending.schemaId) === undefined) (out ??= []).push(pending);
        else this.registry.checkFieldTypes(pending);
      }
    }
    return out;
  }
}

/**
 * Registers the schemas of the complex objects in values about to be written that the cluster does
 * not know yet, as a cache write does (for values sent by other requests: SQL arguments, default
 * values of query fields).
 * @internal
 */
export async function registerSchemasOf(binary: BinaryTypes, values: readonly unknown[]): Promise<void> {
  const pending = binary.pendingSchemas(values.map((value) => [value, undefined] as const));
  if (pending !== undefined) await binary.registry.ensureSchemas(pending);
}

/**
 * Maps the type ids of the complex objects in these values to their type names as Java class names
 * (3001), as the Java thin client does for the classes it writes. Only for values the server
 * deserializes into Java objects, such as the default values of query fields: without the mapping
 * it cannot find their class and drops the connection.
 * @internal
 */
export async function registerClassNamesOf(binary: BinaryTypes, values: readonly unknown[]): Promise<void> {
  const found: PendingSchema[] = [];
  for (const value of values) collectSchemas(value, undefined, readAs, typedParts, found, binary.registry);
  const names = new Map(found.map((p) => [p.descriptor.typeId, p.descriptor.typeName]));
  await Promise.all([...names].map(([typeId, typeName]) => binary.putClassName(typeId, typeName)));
}

function enumType(typeName: string, typeId: number, values: ReadonlyMap<string, number>): EnumType {
  return {
    typeName,
    typeId,
    values,
    value(name: string): BinaryEnum {
      const ordinal = values.get(name);
      if (ordinal === undefined) throw new ParameterError(`enum ${typeName} has no value "${name}"`);
      return BinaryEnum.named(new BinaryEnum(typeId, ordinal), typeName, name);
    },
  };
}

/** The registry's TypeStore over the client's requests (3002, 3003, 3004). @internal */
export function typeStore(request: <T>(opCode: number, encode?: Encoder, decode?: Decoder<T>) => Promise<T>, features: () => FeatureSet | undefined): TypeStore {
  return {
    getType: (typeId) => request(OpCode.GetBinaryType, (w) => w.writeI32(typeId), readBinaryTypeResponse),
    putType: (info) => request(OpCode.PutBinaryType, (w) => writeBinaryType(w, info)),
    compactFooter: async () => {
      if (features()?.has(Feature.BinaryConfiguration) !== true) return undefined;
      return (await request(OpCode.GetBinaryConfiguration, undefined, readBinaryConfiguration)).compactFooter;
    },
    putClassName: (typeId, className) =>
      request(OpCode.RegisterBinaryTypeName, (w) => {
        w.writeI8(JAVA_PLATFORM);
        w.writeI32(typeId);
        writeString(w, className);
      }),
  };
}
