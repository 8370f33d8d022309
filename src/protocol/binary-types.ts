// Binary type operations (reference §3.6): type metadata get/put (3002/3003), type names
// (3000/3001), and the server's binary configuration (3004, feature BinaryConfiguration).
import type { BinaryField, BinaryTypeInfo } from '../binary/binary-type.js';
import type { BinaryReader } from '../binary/reader.js';
import { readString, writeString } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import { ParseError } from '../errors.js';

/** Platform ids of the type-name ops (3000/3001): names are registered per platform. */
export const Platform = { Java: 0, DotNet: 1 } as const;

/** Name mappers the server may use (BinaryConfiguration, reference §3.6). */
export const NameMapper = { BasicFull: 0, BasicSimple: 1, Custom: 2 } as const;

export interface BinaryConfiguration {
  compactFooter: boolean;
  nameMapper: number;
}

export function writeBinaryType(w: BinaryWriter, type: BinaryTypeInfo): void {
  w.writeI32(type.typeId);
  writeString(w, type.typeName);
  writeString(w, type.affinityKeyFieldName);
  w.writeI32(type.fields.length);
  for (const field of type.fields) {
    writeString(w, field.name);
    w.writeI32(field.typeCode);
    w.writeI32(field.fieldId);
  }
  w.writeBool(type.isEnum);
  if (type.isEnum) {
    w.writeI32(type.enumValues.size);
    for (const [name, ordinal] of type.enumValues) {
      writeString(w, name);
      w.writeI32(ordinal);
    }
  }
  w.writeI32(type.schemas.size);
  for (const [schemaId, fieldIds] of type.schemas) {
    w.writeI32(schemaId);
    w.writeI32(fieldIds.length);
    for (const fieldId of fieldIds) w.writeI32(fieldId);
  }
}

function count(r: BinaryReader, what: string): number {
  const n = r.readI32();
  if (n < 0 || n > r.remaining) throw new ParseError(`binary type: ${what} count ${n} does not fit the frame`);
  return n;
}

function requiredString(r: BinaryReader, what: string): string {
  const value = readString(r);
  if (value === null) throw new ParseError(`binary type: null ${what}`);
  return value;
}

/** The answer to 3002: `bool exists`, then the type. */
export function readBinaryTypeResponse(r: BinaryReader): BinaryTypeInfo | null {
  if (!r.readBool()) return null;
  const typeId = r.readI32();
  const typeName = requiredString(r, 'type name');
  const affinityKeyFieldName = readString(r);
  const fields: BinaryField[] = [];
  for (let i = count(r, 'field'); i > 0; i--) {
    const name = requiredString(r, 'field name');
    const typeCode = r.readI32();
    fields.push({ name, typeCode, fieldId: r.readI32() });
  }
  const isEnum = r.readBool();
  const enumValues = new Map<string, number>();
  if (isEnum) {
    for (let i = count(r, 'enum value'); i > 0; i--) {
      const name = requiredString(r, 'enum value name');
      enumValues.set(name, r.readI32());
    }
  }
  const schemas = new Map<number, number[]>();
  for (let i = count(r, 'schema'); i > 0; i--) {
    const schemaId = r.readI32();
    const ids: number[] = [];
    for (let j = count(r, 'schema field'); j > 0; j--) ids.push(r.readI32());
    schemas.set(schemaId, ids);
  }
  return { typeId, typeName, affinityKeyFieldName, fields, schemas, isEnum, enumValues };
}

export function readBinaryConfiguration(r: BinaryReader): BinaryConfiguration {
  return { compactFooter: r.readBool(), nameMapper: r.readI8() };
}
