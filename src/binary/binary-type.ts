// Binary type metadata and ids, as Ignite's binary marshaller computes them
// (BinaryBasicIdMapper, BinaryUtils; protocol reference §5.2, §5.3, §3.6).
import { ParameterError } from '../errors.js';
import { javaLowerCaseUnit } from './java-lower-case.js';

/**
 * Lower-cases a name as BinaryBasicIdMapper does before hashing it into a type or field id: one
 * UTF-16 unit at a time with Java's Character.toLowerCase, so the length never changes.
 */
export function javaLowerCase(name: string): string {
  let lower = '';
  for (let i = 0; i < name.length; i++) lower += String.fromCharCode(javaLowerCaseUnit(name.charCodeAt(i)));
  return lower;
}

/** Java String.hashCode of the lower-cased name, without building that string. */
function lowerCaseHash(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + javaLowerCaseUnit(name.charCodeAt(i))) | 0;
  return hash;
}

/** The type id of a type name: Java hash of the lower-cased name; never 0. */
export function typeIdOf(typeName: string): number {
  const id = lowerCaseHash(typeName);
  if (id === 0) throw new ParameterError(`type name "${typeName}" hashes to 0, which Ignite does not accept as a type id`);
  return id;
}

/** The field id of a field name: Java hash of the lower-cased name; never 0. */
export function fieldIdOf(fieldName: string): number {
  const id = lowerCaseHash(fieldName);
  if (id === 0) throw new ParameterError(`field name "${fieldName}" hashes to 0, which Ignite does not accept as a field id`);
  return id;
}

/** FNV-1 over the field ids in order, each from its least significant byte (BinaryUtils.updateSchemaId). */
export const SCHEMA_INITIAL_ID = 0x811c9dc5 | 0;

export function schemaIdOf(fieldIds: readonly number[]): number {
  let schemaId = SCHEMA_INITIAL_ID;
  for (const fieldId of fieldIds) {
    schemaId = Math.imul(schemaId ^ (fieldId & 0xff), 0x01000193);
    schemaId = Math.imul(schemaId ^ ((fieldId >> 8) & 0xff), 0x01000193);
    schemaId = Math.imul(schemaId ^ ((fieldId >> 16) & 0xff), 0x01000193);
    schemaId = Math.imul(schemaId ^ ((fieldId >>> 24) & 0xff), 0x01000193);
  }
  return schemaId;
}

/** One field of a binary type: its name, the type code of its values, its id. */
export interface BinaryField {
  readonly name: string;
  readonly typeCode: number;
  readonly fieldId: number;
}

/** A binary type as the cluster knows it (BinaryType in the protocol, BinaryMetadata in Ignite). */
export interface BinaryTypeInfo {
  readonly typeId: number;
  readonly typeName: string;
  readonly affinityKeyFieldName: string | null;
  /** Every field any schema of the type has. */
  readonly fields: readonly BinaryField[];
  /** Schema id → the ids of its fields, in write order. */
  readonly schemas: ReadonlyMap<number, readonly number[]>;
  readonly isEnum: boolean;
  /** Enum value names by ordinal (enums only). */
  readonly enumValues: ReadonlyMap<string, number>;
}

/** One field of a complex type as this client writes it. */
export interface DescriptorField {
  readonly name: string;
  readonly fieldId: number;
  /** How its values are written; undefined = from the value itself. */
  readonly hint: import('./hints.js').TypeHint | undefined;
}

/**
 * What the codec needs to write and build objects of one complex type: declared with
 * `complexType()`, or built from the cluster's metadata for a type read from the server.
 */
export interface ComplexDescriptor {
  readonly typeName: string;
  readonly typeId: number;
  readonly fields: readonly DescriptorField[];
  readonly byName: ReadonlyMap<string, DescriptorField>;
  readonly byId: ReadonlyMap<number, DescriptorField>;
  readonly affinityKeyFieldName: string | null;
  /** Declared with complexType (its fields are always written), or built from the cluster's metadata. */
  readonly declared: boolean;
  /** An empty instance of the type's class, without running its constructor. */
  create(): object;
}
