// The binary type registry of one client: what the cluster knows of each complex type
// (metadata fetched with 3002 or put with 3003), the types declared in this process, and the
// classes built for types only the server knew. The codec reads it synchronously; fetching and
// registering are asynchronous and happen before a request is sent or after its answer arrives.
//
// The codec knows no sockets: the registry reaches the cluster through a TypeStore that the layer
// above (binary-types.ts) implements with requests.
import { BinaryTypeError } from '../errors.js';
import type { BinaryField, BinaryTypeInfo, ComplexDescriptor } from './binary-type.js';
import { TypeCode } from './type-codes.js';

/** The cluster's side of the registry: type metadata and the binary configuration. */
export interface TypeStore {
  /** The cluster's metadata of a type (3002); null if it has none. */
  getType(typeId: number): Promise<BinaryTypeInfo | null>;
  /** Registers metadata with the cluster (3003). */
  putType(info: BinaryTypeInfo): Promise<void>;
  /** The server's compact-footer setting (3004); undefined when the server cannot say. */
  compactFooter(): Promise<boolean | undefined>;
  /** Maps a type id to a Java class name in the cluster's marshaller (3001). */
  putClassName(typeId: number, className: string): Promise<void>;
}

/** A schema this client is about to write: the type, its fields in order, their type codes. */
export interface PendingSchema {
  descriptor: ComplexDescriptor;
  /** typeCode undefined: not known from a hint or a value (a null field without a hint). */
  fields: ReadonlyArray<{ name: string; fieldId: number; typeCode: number | undefined }>;
  schemaId: number;
}

/** Builds the class for a type that only the cluster's metadata describes. */
export type GenericFactory = (info: BinaryTypeInfo) => ComplexDescriptor;

export class BinaryTypeRegistry {
  private readonly types = new Map<number, BinaryTypeInfo>();
  private readonly declared = new Map<number, ComplexDescriptor>();
  private readonly generic = new Map<number, ComplexDescriptor>();
  private readonly inFlight = new Map<number, Promise<BinaryTypeInfo | null>>();
  private configured: Promise<void> | undefined;
  /** Whether objects are written with compact footers; follows the server unless set. */
  compactFooter: boolean;

  constructor(
    private readonly store: TypeStore,
    private readonly compactFooterOption: boolean | undefined,
    private readonly makeGeneric: GenericFactory,
    private readonly declaredInProcess: (typeId: number) => ComplexDescriptor | undefined,
  ) {
    // Java's default (BinaryConfiguration.compactFooter) until the server says otherwise.
    this.compactFooter = compactFooterOption ?? true;
  }

  /** The cluster's metadata of a type, if this client has it. */
  info(typeId: number): BinaryTypeInfo | undefined {
    return this.types.get(typeId);
  }

  /** The field ids of a schema, if this client knows the schema. */
  schema(typeId: number, schemaId: number): readonly number[] | undefined {
    return this.types.get(typeId)?.schemas.get(schemaId);
  }

  /** A type declared in this process (complexType) takes precedence over one built from metadata. */
  declare(descriptor: ComplexDescriptor): void {
    const existing = this.declared.get(descriptor.typeId);
    if (existing !== undefined && existing !== descriptor && existing.typeName !== descriptor.typeName) {
      throw new BinaryTypeError(`type names "${existing.typeName}" and "${descriptor.typeName}" have the same type id ${descriptor.typeId}`);
    }
    if (existing === undefined) this.declared.set(descriptor.typeId, descriptor);
  }

  /** The class objects of this type are read into: declared, or built from metadata. */
  descriptor(typeId: number): ComplexDescriptor | undefined {
    const declared = this.declared.get(typeId) ?? this.declaredInProcess(typeId);
    if (declared !== undefined) return declared;
    let generic = this.generic.get(typeId);
    if (generic === undefined) {
      const info = this.types.get(typeId);
      if (info === undefined) return undefined;
      generic = this.makeGeneric(info);
      this.generic.set(typeId, generic);
    }
    return generic;
  }

  /** Fetches the metadata of the types this client does not have yet (3002). */
  async fetch(typeIds: Iterable<number>): Promise<void> {
    await Promise.all([...new Set(typeIds)].filter((id) => !this.types.has(id)).map((id) => this.fetchOne(id)));
  }

  /**
   * Fetches the metadata of these types again, known or not (3002): a read met a type, schema or
   * field this client does not know, which another client may have registered since.
   */
  async refresh(typeIds: Iterable<number>): Promise<void> {
    await Promise.all([...new Set(typeIds)].map((id) => this.fetchOne(id)));
  }

  /** The cluster's metadata of a type, fetched if needed; null if the cluster has none. */
  async get(typeId: number): Promise<BinaryTypeInfo | null> {
    return this.types.get(typeId) ?? (await this.fetchOne(typeId));
  }

  private fetchOne(typeId: number): Promise<BinaryTypeInfo | null> {
    let pending = this.inFlight.get(typeId);
    if (pending === undefined) {
      pending = this.store.getType(typeId).then(
        (info) => {
          this.inFlight.delete(typeId);
          // No negative cache: a type missing now may be registered by another client later.
          if (info !== null) this.merge(info);
          return info;
        },
        (err: unknown) => {
          this.inFlight.delete(typeId);
          throw err;
        },
      );
      this.inFlight.set(typeId, pending);
    }
    return pending;
  }

  /** Registers type metadata with the cluster (3003), merging what it already has. */
  async put(info: BinaryTypeInfo): Promise<void> {
    await this.store.putType(info);
    this.merge(info);
  }

  /**
   * Makes sure the cluster knows every schema about to be written, so that objects can be written
   * with compact footers and read by any client. Costs nothing once a schema is known.
   */
  async ensureSchemas(pending: readonly PendingSchema[]): Promise<void> {
    await this.configure();
    const missing = pending.filter((p) => this.schema(p.descriptor.typeId, p.schemaId) === undefined);
    if (missing.length === 0) return;
    await this.fetch(missing.map((p) => p.descriptor.typeId));
    const byType = new Map<number, PendingSchema[]>();
    for (const p of missing) {
      if (this.schema(p.descriptor.typeId, p.schemaId) !== undefined) continue;
      const list = byType.get(p.descriptor.typeId) ?? [];
      list.push(p);
      byType.set(p.descriptor.typeId, list);
    }
    await Promise.all([...byType.values()].map((schemas) => this.put(this.typeWith(schemas))));
  }

  private typeWith(schemas: readonly PendingSchema[]): BinaryTypeInfo {
    const descriptor = schemas[0]!.descriptor;
    const known = this.types.get(descriptor.typeId);
    const fields = new Map<string, BinaryField>();
    for (const field of known?.fields ?? []) fields.set(field.name, field);
    for (const schema of schemas) {
      for (const field of schema.fields) {
        const existing = fields.get(field.name);
        if (existing === undefined) {
          // Java registers a field it knows nothing about as an Object field.
          fields.set(field.name, { name: field.name, typeCode: field.typeCode ?? TypeCode.ComplexObject, fieldId: field.fieldId });
        }
      }
      this.checkFieldTypes(schema);
    }
    const schemaMap = new Map<number, readonly number[]>(known?.schemas ?? []);
    for (const schema of schemas) schemaMap.set(schema.schemaId, schema.fields.map((f) => f.fieldId));
    return {
      typeId: descriptor.typeId,
      typeName: known?.typeName ?? descriptor.typeName,
      affinityKeyFieldName: known?.affinityKeyFieldName ?? descriptor.affinityKeyFieldName,
      fields: [...fields.values()],
      schemas: schemaMap,
      isEnum: false,
      enumValues: new Map(),
    };
  }

  /**
   * Refuses a schema whose hinted field types differ from the cluster's metadata: the cluster never
   * changes a field's type (BinaryUtils.mergeMetadata), and a schema id says nothing of types.
   */
  checkFieldTypes(schema: PendingSchema): void {
    const known = this.types.get(schema.descriptor.typeId);
    if (known === undefined) return;
    for (const field of schema.fields) {
      if (field.typeCode === undefined) continue;
      const existing = known.fields.find((f) => f.name === field.name);
      if (existing !== undefined && metadataTypeCode(existing.typeCode) !== field.typeCode) {
        throw new BinaryTypeError(
          `type "${schema.descriptor.typeName}": field "${field.name}" has type code ${existing.typeCode} in the cluster's metadata, but is written as ${field.typeCode}; a field's type cannot change`,
        );
      }
    }
  }

  /** Registers an enum type and its values (names → ordinals). */
  async putEnum(typeId: number, typeName: string, values: ReadonlyMap<string, number>): Promise<void> {
    await this.put({ typeId, typeName, affinityKeyFieldName: null, fields: [], schemas: new Map(), isEnum: true, enumValues: values });
  }

  /** Waits for the server's binary configuration, if it is being asked for. */
  configure(): Promise<void> {
    return this.configured ?? Promise.resolve();
  }

  /**
   * Asks the server for its binary configuration once (3004), unless the compactFooter option
   * fixed it. A failed ask is forgotten, so the next connect() asks again.
   */
  learnConfiguration(): Promise<void> {
    if (this.compactFooterOption !== undefined) {
      this.configured ??= Promise.resolve();
      return this.configured;
    }
    const configured = (this.configured ??= this.store.compactFooter().then(
      (compactFooter) => {
        if (compactFooter !== undefined) this.compactFooter = compactFooter;
      },
      (err: unknown) => {
        if (this.configured === configured) this.configured = undefined;
        throw err;
      },
    ));
    return configured;
  }

  private merge(info: BinaryTypeInfo): void {
    const known = this.types.get(info.typeId);
    if (known === undefined) {
      this.types.set(info.typeId, info);
    } else {
      const fields = new Map(known.fields.map((f) => [f.name, f]));
      for (const field of info.fields) if (!fields.has(field.name)) fields.set(field.name, field);
      const schemas = new Map(known.schemas);
      for (const [id, ids] of info.schemas) schemas.set(id, ids);
      const enumValues = new Map(known.enumValues);
      for (const [name, ordinal] of info.enumValues) enumValues.set(name, ordinal);
      this.types.set(info.typeId, { ...known, fields: [...fields.values()], schemas, enumValues, isEnum: known.isEnum || info.isEnum });
    }
    // A class built from older metadata may lack fields: rebuild it on next use.
    this.generic.delete(info.typeId);
  }
}

/** The type code a field is registered with for a value of `code` (Java registers enums as 28). */
export function metadataTypeCode(code: number): number {
  return code === TypeCode.BinaryEnum ? TypeCode.Enum : code;
}
