// The two wire forms of a cache configuration (reference §3.4; [srv]
// ClientCacheConfigurationSerializer, PlatformConfigurationUtils in ignite-core 2.17.0):
// the property form that OP_CACHE_CREATE_WITH_CONFIGURATION (1053) and
// OP_CACHE_GET_OR_CREATE_WITH_CONFIGURATION (1054) send, and the fixed form that
// OP_CACHE_GET_CONFIGURATION (1055) answers with.
import type { BinaryContext } from '../binary/complex.js';
import type { BinaryReader } from '../binary/reader.js';
import { type ReadOptions, readString, readValue, writeString, writeValue } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import {
  type AtomicityMode,
  type CacheConfiguration,
  type CacheKeyConfiguration,
  type CacheMode,
  CacheProperty,
  type CacheSettings,
  ExpiryDuration,
  type ExpiryPolicy,
  type IndexType,
  type Int64,
  type PartitionLossPolicy,
  type QueryEntity,
  type QueryEntitySettings,
  type QueryFieldAlias,
  type QueryFieldSettings,
  type QueryIndexSettings,
  type RebalanceMode,
  type WriteSynchronizationMode,
} from '../config/cache-configuration.js';
import { NotSupportedByClusterError, ParseError } from '../errors.js';
import { type ProtocolVersion, V1_2_0, V1_6_0 } from './versions.js';

// ---------------------------------------------------------------------------------------------
// Property form: `i32 byteLength, i16 count, count × (i16 code, value)`. The server accepts the
// properties in any order and keeps its default for an absent one, so only the properties that
// are set are sent, in ascending code order.

type Writer = (w: BinaryWriter, value: never, version: ProtocolVersion, binary: BinaryContext | undefined) => void;

const i32: Writer = (w, value: number) => w.writeI32(value);
const i64: Writer = (w, value: Int64) => w.writeI64(value);
const bool: Writer = (w, value: boolean) => w.writeBool(value);
const str: Writer = (w, value: string) => writeString(w, value);

/** Property name → (code, encoder), in ascending code order. */
const PROPERTIES: ReadonlyArray<readonly [keyof CacheConfiguration, number, Writer]> = [
  ['name', CacheProperty.Name, str],
  ['cacheMode', CacheProperty.CacheMode, i32],
  ['atomicityMode', CacheProperty.AtomicityMode, i32],
  ['backups', CacheProperty.Backups, i32],
  ['writeSynchronizationMode', CacheProperty.WriteSynchronizationMode, i32],
  ['copyOnRead', CacheProperty.CopyOnRead, bool],
  ['readFromBackup', CacheProperty.ReadFromBackup, bool],
  ['dataRegionName', CacheProperty.DataRegionName, str],
  ['onheapCacheEnabled', CacheProperty.OnheapCacheEnabled, bool],
  ['queryEntities', CacheProperty.QueryEntities, (w, entities: QueryEntity[], version, binary) => writeQueryEntities(w, entities, version, binary)],
  ['queryParallelism', CacheProperty.QueryParallelism, i32],
  ['queryDetailMetricsSize', CacheProperty.QueryDetailMetricsSize, i32],
  ['sqlSchema', CacheProperty.SqlSchema, str],
  ['sqlIndexInlineMaxSize', CacheProperty.SqlIndexInlineMaxSize, i32],
  ['sqlEscapeAll', CacheProperty.SqlEscapeAll, bool],
  ['maxQueryIterators', CacheProperty.MaxQueryIterators, i32],
  ['rebalanceMode', CacheProperty.RebalanceMode, i32],
  ['rebalanceDelayMs', CacheProperty.RebalanceDelay, i64],
  ['rebalanceTimeoutMs', CacheProperty.RebalanceTimeout, i64],
  ['rebalanceBatchSize', CacheProperty.RebalanceBatchSize, i32],
  ['rebalanceBatchesPrefetchCount', CacheProperty.RebalanceBatchesPrefetchCount, i64],
  ['rebalanceOrder', CacheProperty.RebalanceOrder, i32],
  ['rebalanceThrottleMs', CacheProperty.RebalanceThrottle, i64],
  ['groupName', CacheProperty.GroupName, str],
  ['keyConfiguration', CacheProperty.KeyConfiguration, (w, keys: CacheKeyConfiguration[]) => writeKeyConfiguration(w, keys)],
  ['defaultLockTimeoutMs', CacheProperty.DefaultLockTimeout, i64],
  ['maxConcurrentAsyncOperations', CacheProperty.MaxConcurrentAsyncOperations, i32],
  ['partitionLossPolicy', CacheProperty.PartitionLossPolicy, i32],
  ['eagerTtl', CacheProperty.EagerTtl, bool],
  ['statisticsEnabled', CacheProperty.StatisticsEnabled, bool],
  ['expiryPolicy', CacheProperty.ExpiryPolicy, (w, policy: ExpiryPolicy, version) => {
    requireVersion(version, V1_6_0, 'expiryPolicy');
    writeExpiryPolicy(w, policy);
  }],
];

function requireVersion(version: ProtocolVersion, needed: ProtocolVersion, what: string): void {
  if (!version.atLeast(needed)) {
    throw new NotSupportedByClusterError(`${what} needs protocol ${needed.toString()}; the connected node speaks ${version.toString()}`);
  }
}

/**
 * Writes the property form of `config`, which `toCacheConfiguration` has checked: only the
 * properties that are set. Throws NotSupportedByClusterError for a property the negotiated
 * version cannot carry (expiry policy below 1.6.0, field precision/scale below 1.2.0).
 */
export function writeCacheConfiguration(w: BinaryWriter, config: CacheConfiguration, version: ProtocolVersion, binary?: BinaryContext): void {
  // The length counts everything after itself; the 2.17.0 server skips it without checking.
  const lengthAt = w.reserveI32();
  const countAt = w.position;
  w.writeI16(0);
  let count = 0;
  for (const [key, code, write] of PROPERTIES) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    w.writeI16(code);
    write(w, value as never, version, binary);
    count++;
  }
  w.buffer.writeInt16LE(count, countAt);
  w.patchI32(lengthAt, w.position - lengthAt - 4);
}

function writeKeyConfiguration(w: BinaryWriter, keys: readonly CacheKeyConfiguration[]): void {
  w.writeI32(keys.length);
  for (const key of keys) {
    writeString(w, key.typeName);
    writeString(w, key.affinityKeyFieldName);
  }
}

/**
 * QueryEntity as ClientCacheConfigurationSerializer.readQueryEntity reads it: five strings, then
 * fields, aliases and indexes, each as `i32 count` + items.
 */
function writeQueryEntities(w: BinaryWriter, entities: readonly QueryEntity[], version: ProtocolVersion, binary: BinaryContext | undefined): void {
  const withPrecision = version.atLeast(V1_2_0);
  w.writeI32(entities.length);
  entities.forEach((entity, e) => {
    writeString(w, entity.keyTypeName);
    writeString(w, entity.valueTypeName);
    writeString(w, entity.tableName);
    writeString(w, entity.keyFieldName);
    writeString(w, entity.valueFieldName);
    const fields = entity.fields ?? [];
    w.writeI32(fields.length);
    fields.forEach((field, f) => {
      writeString(w, field.name);
      writeString(w, field.typeName);
      w.writeBool(field.isKeyField ?? false);
      w.writeBool(field.isNotNull ?? false);
      writeValue(w, field.defaultValue ?? null, `config.queryEntities[${e}].fields[${f}].defaultValue`, undefined, binary);
      const precision = field.precision ?? -1;
      const scale = field.scale ?? -1;
      if (withPrecision) {
        // -1 = unset: the server adds only other values to the precision/scale maps.
        w.writeI32(precision);
        w.writeI32(scale);
      } else if (precision !== -1 || scale !== -1) {
        requireVersion(version, V1_2_0, `config.queryEntities[${e}].fields[${f}] precision and scale`);
      }
    });
    const aliases = entity.aliases ?? [];
    w.writeI32(aliases.length);
    for (const alias of aliases) {
      writeString(w, alias.fieldName);
      writeString(w, alias.alias);
    }
    const indexes = entity.indexes ?? [];
    w.writeI32(indexes.length);
    for (const index of indexes) {
      // PlatformConfigurationUtils.readQueryIndex: str name, i8 type, i32 inlineSize,
      // list<str field, bool descending> (the server stores ascending = !descending).
      writeString(w, index.name);
      w.writeI8(index.type ?? 0);
      w.writeI32(index.inlineSize ?? -1);
      w.writeI32(index.fields.length);
      for (const field of index.fields) {
        writeString(w, field.name);
        w.writeBool(field.descending ?? false);
      }
    }
  });
}

/**
 * Writes an expiry policy as the 407 property and the fixed form carry it: `bool present` (true),
 * then the three durations. A null policy is `false` alone.
 */
export function writeExpiryPolicy(w: BinaryWriter, policy: ExpiryPolicy | null): void {
  if (policy === null) {
    w.writeBool(false);
    return;
  }
  w.writeBool(true);
  writeExpiryDurations(w, policy);
}

/**
 * The three durations, `i64 create, i64 update, i64 access` (ms; -1 eternal, -2 unchanged, an
 * omitted one is unchanged): the expiry block of cache operations (reference §3.2) is exactly this.
 */
export function writeExpiryDurations(w: BinaryWriter, policy: ExpiryPolicy): void {
  w.writeI64(policy.createMs ?? ExpiryDuration.Unchanged);
  w.writeI64(policy.updateMs ?? ExpiryDuration.Unchanged);
  w.writeI64(policy.accessMs ?? ExpiryDuration.Unchanged);
}

// ---------------------------------------------------------------------------------------------
// Fixed form: `i32 byteLength`, then every property in the order of
// ClientCacheConfigurationSerializer.write.

/**
 * Reads the fixed form of a 1055 response. The expiry block is there from protocol 1.6.0,
 * field precision and scale from 1.2.0.
 */
export function readCacheConfiguration(r: BinaryReader, version: ProtocolVersion, options: ReadOptions): CacheSettings {
  const length = r.readI32();
  if (length < 0 || length > r.remaining) throw new ParseError(`cache configuration of ${length} bytes does not fit in the ${r.remaining} bytes left`);
  const end = r.position + length;
  const atomicityMode = r.readI32() as AtomicityMode;
  const backups = r.readI32();
  const cacheMode = r.readI32() as CacheMode;
  const copyOnRead = r.readBool();
  const dataRegionName = readString(r);
  const eagerTtl = r.readBool();
  const statisticsEnabled = r.readBool();
  const groupName = readString(r);
  const defaultLockTimeoutMs = r.readI64();
  const maxConcurrentAsyncOperations = r.readI32();
  const maxQueryIterators = r.readI32();
  const name = requiredString(r, 'cache name');
  const onheapCacheEnabled = r.readBool();
  const partitionLossPolicy = r.readI32() as PartitionLossPolicy;
  const queryDetailMetricsSize = r.readI32();
  const queryParallelism = r.readI32();
  const readFromBackup = r.readBool();
  const rebalanceBatchSize = r.readI32();
  const rebalanceBatchesPrefetchCount = r.readI64();
  const rebalanceDelayMs = r.readI64();
  const rebalanceMode = r.readI32() as RebalanceMode;
  const rebalanceOrder = r.readI32();
  const rebalanceThrottleMs = r.readI64();
  const rebalanceTimeoutMs = r.readI64();
  const sqlEscapeAll = r.readBool();
  const sqlIndexInlineMaxSize = r.readI32();
  const sqlSchema = readString(r);
  const writeSynchronizationMode = r.readI32() as WriteSynchronizationMode;
  const keyConfiguration = readList(r, 'key configuration', () => ({
    typeName: requiredString(r, 'key configuration type name'),
    affinityKeyFieldName: requiredString(r, 'affinity key field name'),
  }));
  const queryEntities = readList(r, 'query entity', () => readQueryEntity(r, version, options));
  const expiryPolicy = version.atLeast(V1_6_0) ? readExpiryPolicy(r) : null;
  if (r.position > end) throw new ParseError(`cache configuration overran its length of ${length} bytes`);
  // Anything a later server appends is skipped: the length exists so that it can be.
  r.position = end;
  return {
    name,
    cacheMode,
    atomicityMode,
    backups,
    writeSynchronizationMode,
    copyOnRead,
    readFromBackup,
    dataRegionName,
    onheapCacheEnabled,
    queryEntities,
    queryParallelism,
    queryDetailMetricsSize,
    sqlSchema,
    sqlIndexInlineMaxSize,
    sqlEscapeAll,
    maxQueryIterators,
    rebalanceMode,
    rebalanceDelayMs,
    rebalanceTimeoutMs,
    rebalanceBatchSize,
    rebalanceBatchesPrefetchCount,
    rebalanceOrder,
    rebalanceThrottleMs,
    groupName,
    keyConfiguration,
    defaultLockTimeoutMs,
    maxConcurrentAsyncOperations,
    partitionLossPolicy,
    eagerTtl,
    statisticsEnabled,
    expiryPolicy,
  };
}

function requiredString(r: BinaryReader, what: string): string {
  const value = readString(r);
  if (value === null) throw new ParseError(`the server sent a null ${what}`);
  return value;
}

function readList<T>(r: BinaryReader, what: string, readItem: () => T): T[] {
  const count = r.readI32();
  // Every item takes at least one byte: a larger count is a corrupt frame.
  if (count < 0 || count > r.remaining) throw new ParseError(`${what} count ${count} does not fit in the ${r.remaining} bytes left`);
  const items: T[] = [];
  for (let i = 0; i < count; i++) items.push(readItem());
  return items;
}

/** ClientCacheConfigurationSerializer.writeQueryEntity. */
function readQueryEntity(r: BinaryReader, version: ProtocolVersion, options: ReadOptions): QueryEntitySettings {
  const keyTypeName = readString(r);
  const valueTypeName = readString(r);
  const tableName = readString(r);
  const keyFieldName = readString(r);
  const valueFieldName = readString(r);
  const withPrecision = version.atLeast(V1_2_0);
  const fields = readList(r, 'query field', (): QueryFieldSettings => {
    const name = requiredString(r, 'query field name');
    const typeName = requiredString(r, 'query field type name');
    const isKeyField = r.readBool();
    const isNotNull = r.readBool();
    const defaultValue = readValue(r, options);
    const precision = withPrecision ? r.readI32() : -1;
    const scale = withPrecision ? r.readI32() : -1;
    return { name, typeName, isKeyField, isNotNull, defaultValue, precision, scale };
  });
  const aliases = readList(r, 'alias', (): QueryFieldAlias => ({
    fieldName: requiredString(r, 'alias field name'),
    alias: requiredString(r, 'alias'),
  }));
  // The server keeps aliases in a HashMap, so they arrive in hash order; put them in field order
  // so that the same configuration always reads the same.
  const position = new Map(fields.map((f, i) => [f.name, i]));
  const rank = (a: QueryFieldAlias): number => position.get(a.fieldName) ?? fields.length;
  aliases.sort((a, b) => rank(a) - rank(b));
  const indexes = readList(r, 'query index', (): QueryIndexSettings => {
    const name = readString(r);
    const type = r.readI8() as IndexType;
    const inlineSize = r.readI32();
    const indexFields = readList(r, 'index field', () => ({ name: requiredString(r, 'index field name'), descending: r.readBool() }));
    return { name, type, inlineSize, fields: indexFields };
  });
  return { keyTypeName, valueTypeName, tableName, keyFieldName, valueFieldName, fields, aliases, indexes };
}

/** Reads `bool present` and, if true, the three durations (PlatformConfigurationUtils.readExpiryPolicyFactory). */
export function readExpiryPolicy(r: BinaryReader): Required<ExpiryPolicy> | null {
  if (!r.readBool()) return null;
  return { createMs: r.readI64(), updateMs: r.readI64(), accessMs: r.readI64() };
}
