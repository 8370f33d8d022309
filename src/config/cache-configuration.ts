// Cache configuration: the public types, the enums and the validation that runs before anything is
// sent. The wire codec is src/protocol/cache-config.ts. Names follow pyignite's prop_codes,
// camelCased, durations with an `Ms` suffix; the values of every enum are the wire values
// (ClientCacheConfigurationSerializer, reference §3.4).
import { describeValue, writeValue } from '../binary/values.js';
import { BinaryWriter } from '../binary/writer.js';
import { ParameterError } from '../errors.js';

/** How a cache's data is spread over the nodes (org.apache.ignite.cache.CacheMode `code()`; 2.17.0 has no LOCAL). */
export const CacheMode = {
  Replicated: 1,
  Partitioned: 2,
} as const;
export type CacheMode = (typeof CacheMode)[keyof typeof CacheMode];

/** Whether a cache supports transactions (CacheAtomicityMode ordinals). */
export const AtomicityMode = {
  Transactional: 0,
  Atomic: 1,
} as const;
export type AtomicityMode = (typeof AtomicityMode)[keyof typeof AtomicityMode];

/** When a write is acknowledged (CacheWriteSynchronizationMode ordinals). */
export const WriteSynchronizationMode = {
  FullSync: 0,
  FullAsync: 1,
  PrimarySync: 2,
} as const;
export type WriteSynchronizationMode = (typeof WriteSynchronizationMode)[keyof typeof WriteSynchronizationMode];

/** How a node joining the cluster receives its partitions (CacheRebalanceMode ordinals). */
export const RebalanceMode = {
  Sync: 0,
  Async: 1,
  None: 2,
} as const;
export type RebalanceMode = (typeof RebalanceMode)[keyof typeof RebalanceMode];

/** What operations are allowed on lost partitions (PartitionLossPolicy ordinals). */
export const PartitionLossPolicy = {
  ReadOnlySafe: 0,
  ReadOnlyAll: 1,
  ReadWriteSafe: 2,
  ReadWriteAll: 3,
  Ignore: 4,
} as const;
export type PartitionLossPolicy = (typeof PartitionLossPolicy)[keyof typeof PartitionLossPolicy];

/** The kind of an SQL index (QueryIndexType ordinals, sent as one byte). */
export const IndexType = {
  Sorted: 0,
  Fulltext: 1,
  Geospatial: 2,
} as const;
export type IndexType = (typeof IndexType)[keyof typeof IndexType];

/**
 * Special expiry durations (PlatformExpiryPolicy, reference §3.2): `Eternal` never expires,
 * `Unchanged` keeps the entry's current expiry time. 0 expires at once, >0 is milliseconds.
 */
export const ExpiryDuration = {
  Eternal: -1,
  Unchanged: -2,
} as const;

/** A 64-bit integer: a safe-integer `number`, or a `bigint` (int64 range). */
export type Int64 = number | bigint;

/** Expiry of entries after creation, update and access (PlatformExpiryPolicyFactory). */
export interface ExpiryPolicy {
  /** Time to live after creation, ms or an `ExpiryDuration`; omitted = Unchanged. */
  createMs?: Int64;
  /** Time to live after an update, ms or an `ExpiryDuration`; omitted = Unchanged. */
  updateMs?: Int64;
  /** Time to live after a read, ms or an `ExpiryDuration`; omitted = Unchanged. */
  accessMs?: Int64;
}

/** One SQL field of a query entity. */
export interface QueryField {
  /** Field name (the binary object's field, or a nested path). */
  name: string;
  /** Java type of the field, e.g. `java.lang.Integer`, `java.math.BigDecimal`, or a binary type name. */
  typeName: string;
  /** The field belongs to the key, not to the value. Default false. */
  isKeyField?: boolean;
  /** The column is NOT NULL. Default false. */
  isNotNull?: boolean;
  /** Column default; any value this client can write (null or omitted = none). */
  defaultValue?: unknown;
  /** Decimal precision or maximum string length; -1 or omitted = unset (protocol 1.2.0). */
  precision?: number;
  /** Decimal scale; -1 or omitted = unset (protocol 1.2.0). */
  scale?: number;
}

/** An SQL column name for a field. */
export interface QueryFieldAlias {
  /** The field, as named in `fields`. */
  fieldName: string;
  /** Its column name in SQL. */
  alias: string;
}

/** One field of an index. */
export interface QueryIndexField {
  /** The field, as named in `fields`. */
  name: string;
  /** Sort this field in descending order. Default false. */
  descending?: boolean;
}

/** An SQL index of a query entity. */
export interface QueryIndex {
  /** Index name. */
  name: string;
  /** Index kind. Default `IndexType.Sorted`. */
  type?: IndexType;
  /** Bytes of the key inlined into index pages; -1 or omitted = the cluster default. */
  inlineSize?: number;
  /** The indexed fields, in index order. */
  fields: QueryIndexField[];
}

/** An SQL table over a cache's entries (org.apache.ignite.cache.QueryEntity). */
export interface QueryEntity {
  /** Key type: a Java class name or a binary type name. */
  keyTypeName: string;
  /** Value type: a Java class name or a binary type name. */
  valueTypeName: string;
  /** SQL table name; omitted = derived from the value type. */
  tableName?: string | null;
  /** Name of the field that stands for the whole key, if the key is a primitive. */
  keyFieldName?: string | null;
  /** Name of the field that stands for the whole value, if the value is a primitive. */
  valueFieldName?: string | null;
  /** The SQL fields, in column order. */
  fields?: QueryField[];
  /** SQL column names for fields. */
  aliases?: QueryFieldAlias[];
  /** SQL indexes. */
  indexes?: QueryIndex[];
}

/** Affinity key field of a key type (org.apache.ignite.cache.CacheKeyConfiguration). */
export interface CacheKeyConfiguration {
  /** Key type name. */
  typeName: string;
  /** Field of that type whose value decides the partition. */
  affinityKeyFieldName: string;
}

/**
 * A cache's configuration for `createCache`/`getOrCreateCache`. Only `name` is required; an
 * omitted property keeps the server's default.
 */
export interface CacheConfiguration {
  /** Cache name. */
  name: string;
  /** Partitioned (default) or replicated. */
  cacheMode?: CacheMode;
  /** Atomic (default) or transactional. */
  atomicityMode?: AtomicityMode;
  /** Number of backup copies of each partition (partitioned caches). Default 0. */
  backups?: number;
  /** When writes are acknowledged. Default PrimarySync. */
  writeSynchronizationMode?: WriteSynchronizationMode;
  /** Copy values on every read from the on-heap cache. Default true. */
  copyOnRead?: boolean;
  /** Allow reads from backup copies. Default true. */
  readFromBackup?: boolean;
  /** Data region that stores the cache; null or omitted = the default region. */
  dataRegionName?: string | null;
  /** Keep an on-heap copy of entries. Default false. */
  onheapCacheEnabled?: boolean;
  /** SQL tables over the cache. */
  queryEntities?: QueryEntity[];
  /** Number of index segments per node (partitioned caches only). Default 1. */
  queryParallelism?: number;
  /** Number of queries whose detail metrics are kept. Default 0. */
  queryDetailMetricsSize?: number;
  /** SQL schema of the cache's tables; null or omitted = the cache name, quoted. */
  sqlSchema?: string | null;
  /** Maximum inline size of SQL indexes in bytes; -1 = the cluster default. */
  sqlIndexInlineMaxSize?: number;
  /** Quote every SQL name (no upper-casing). Default false. */
  sqlEscapeAll?: boolean;
  /** Maximum number of open query iterators per node. Default 1024. */
  maxQueryIterators?: number;
  /** How partitions are moved to a joining node. Default Async. */
  rebalanceMode?: RebalanceMode;
  /** Delay before rebalancing starts, ms; -1 = manual. Default 0. */
  rebalanceDelayMs?: Int64;
  /** Rebalance message timeout, ms. Default 10 000. */
  rebalanceTimeoutMs?: Int64;
  /** Size of one rebalance message, bytes. Default 512 KiB. */
  rebalanceBatchSize?: number;
  /** Rebalance messages sent ahead at the start. Default 3. */
  rebalanceBatchesPrefetchCount?: Int64;
  /** Caches with a smaller order rebalance first. Default 0. */
  rebalanceOrder?: number;
  /** Pause between rebalance messages, ms. Default 0. */
  rebalanceThrottleMs?: Int64;
  /** Cache group that shares the cache's partitions and storage; null or omitted = none. */
  groupName?: string | null;
  /** Affinity key fields per key type. */
  keyConfiguration?: CacheKeyConfiguration[];
  /** Timeout for acquiring locks, ms; 0 = none. Default 0. */
  defaultLockTimeoutMs?: Int64;
  /** Maximum number of concurrent asynchronous operations; 0 = unlimited. Default 500. */
  maxConcurrentAsyncOperations?: number;
  /** What lost partitions allow. Default Ignore. */
  partitionLossPolicy?: PartitionLossPolicy;
  /** Remove expired entries in the background. Default true. */
  eagerTtl?: boolean;
  /** Collect cache metrics. Default false. */
  statisticsEnabled?: boolean;
  /** Expiry of entries (protocol 1.6.0); null or omitted = none. */
  expiryPolicy?: ExpiryPolicy | null;
}

/** A query field as the server reports it (see QueryField). */
export interface QueryFieldSettings {
  name: string;
  typeName: string;
  isKeyField: boolean;
  isNotNull: boolean;
  /** Read back as any other Ignite value (README "Values"); null when there is none. */
  defaultValue: unknown;
  /** -1 = unset; always -1 below protocol 1.2.0, which does not carry it. */
  precision: number;
  /** -1 = unset; always -1 below protocol 1.2.0, which does not carry it. */
  scale: number;
}

/** A query index as the server reports it (see QueryIndex). */
export interface QueryIndexSettings {
  name: string | null;
  type: IndexType;
  inlineSize: number;
  fields: Required<QueryIndexField>[];
}

/** A query entity as the server reports it, after the server's normalisation (see QueryEntity). */
export interface QueryEntitySettings {
  keyTypeName: string | null;
  valueTypeName: string | null;
  tableName: string | null;
  keyFieldName: string | null;
  valueFieldName: string | null;
  fields: QueryFieldSettings[];
  aliases: QueryFieldAlias[];
  indexes: QueryIndexSettings[];
}

/**
 * A cache's configuration as the server reports it (`cache.configuration()`): every property
 * present, each with the meaning it has in CacheConfiguration. 64-bit properties are numbers, or bigints beyond 2^53 (they are raw i64 fields, not
 * Long values, so `longAsBigInt` does not apply to them; it does to field default values).
 */
export interface CacheSettings {
  name: string;
  cacheMode: CacheMode;
  atomicityMode: AtomicityMode;
  backups: number;
  writeSynchronizationMode: WriteSynchronizationMode;
  copyOnRead: boolean;
  readFromBackup: boolean;
  dataRegionName: string | null;
  onheapCacheEnabled: boolean;
  queryEntities: QueryEntitySettings[];
  queryParallelism: number;
  queryDetailMetricsSize: number;
  sqlSchema: string | null;
  sqlIndexInlineMaxSize: number;
  sqlEscapeAll: boolean;
  maxQueryIterators: number;
  rebalanceMode: RebalanceMode;
  rebalanceDelayMs: Int64;
  rebalanceTimeoutMs: Int64;
  rebalanceBatchSize: number;
  rebalanceBatchesPrefetchCount: Int64;
  rebalanceOrder: number;
  rebalanceThrottleMs: Int64;
  groupName: string | null;
  keyConfiguration: CacheKeyConfiguration[];
  defaultLockTimeoutMs: Int64;
  maxConcurrentAsyncOperations: number;
  partitionLossPolicy: PartitionLossPolicy;
  eagerTtl: boolean;
  statisticsEnabled: boolean;
  /** null when the cache has no expiry policy, or one not set through a thin/platform client. */
  expiryPolicy: Required<ExpiryPolicy> | null;
}

/** Property codes of the property form (ClientCacheConfigurationSerializer constants; reference §3.4). */
export const CacheProperty = {
  Name: 0,
  CacheMode: 1,
  AtomicityMode: 2,
  Backups: 3,
  WriteSynchronizationMode: 4,
  CopyOnRead: 5,
  ReadFromBackup: 6,
  DataRegionName: 100,
  OnheapCacheEnabled: 101,
  QueryEntities: 200,
  QueryParallelism: 201,
  QueryDetailMetricsSize: 202,
  SqlSchema: 203,
  SqlIndexInlineMaxSize: 204,
  SqlEscapeAll: 205,
  MaxQueryIterators: 206,
  RebalanceMode: 300,
  RebalanceDelay: 301,
  RebalanceTimeout: 302,
  RebalanceBatchSize: 303,
  RebalanceBatchesPrefetchCount: 304,
  RebalanceOrder: 305,
  RebalanceThrottle: 306,
  GroupName: 400,
  KeyConfiguration: 401,
  DefaultLockTimeout: 402,
  MaxConcurrentAsyncOperations: 403,
  PartitionLossPolicy: 404,
  EagerTtl: 405,
  StatisticsEnabled: 406,
  ExpiryPolicy: 407,
} as const;
export type CacheProperty = (typeof CacheProperty)[keyof typeof CacheProperty];

// ---------------------------------------------------------------------------------------------
// Validation. Everything is checked here, before a request is encoded: the 2.17.0 server decodes
// the property form with setters that throw (setQueryParallelism(0), setSqlSchema("")) or with
// lookups that fail (CacheMode.fromCode, QueryIndexType.values()[b]), and a request that fails
// while it is decoded is not answered: the server closes the connection (reference §3.4, §7).

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const INT64_MAX = (1n << 63n) - 1n;

type Fields = Record<string, unknown>;

function fail(path: string, what: string, value: unknown): never {
  throw new ParameterError(`${path} must be ${what}, got ${describeValue(value)}`);
}

function plainObject(value: unknown, path: string, what: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, what, value);
  return value as Fields;
}

function checkKeys(object: Fields, known: ReadonlySet<string>, path: string, what: string): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) throw new ParameterError(`${path}: unknown ${what} property "${key}"`);
  }
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

function int32(value: unknown, path: string, min: number, max = INT32_MAX): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `a whole number from ${min} to ${max}`, value);
  }
  return value;
}

function int64(value: unknown, path: string, min: number): Int64 {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
  if (typeof value === 'bigint' && value >= BigInt(min) && value <= INT64_MAX) {
    // A bigint that fits a number is kept as a number: both encode the same i64.
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  }
  return fail(path, `a whole number (a safe integer or a bigint) from ${min} to ${INT64_MAX}`, value);
}

function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'a boolean', value);
  return value;
}

function name(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string', value);
  return value;
}

function optionalName(value: unknown, path: string): string | null {
  return value === null ? null : name(value, path);
}

function enumValue<E extends Record<string, number>>(value: unknown, table: E, tableName: string, path: string): E[keyof E] {
  for (const v of Object.values(table)) if (value === v) return v as E[keyof E];
  const allowed = Object.entries(table).map(([k, v]) => `${tableName}.${k} (${v})`).join(', ');
  return fail(path, `one of ${allowed}`, value);
}

/** Checks a property that may be absent; copies it to `out` unless it is undefined or null (unset). */
function present<T>(object: Fields, key: string, path: string, check: (value: unknown, path: string) => T, out: Fields): void {
  const value = object[key];
  if (value === undefined) return;
  const checked = check(value, `${path}.${key}`);
  if (checked !== null) out[key] = checked;
}

const EXPIRY_KEYS = new Set(['createMs', 'updateMs', 'accessMs']);

/** Checks an expiry policy: each duration an int64 of at least -2 (Unchanged). */
export function toExpiryPolicy(value: unknown, path: string): Required<ExpiryPolicy> {
  const policy = plainObject(value, path, 'an ExpiryPolicy object');
  checkKeys(policy, EXPIRY_KEYS, path, 'expiry policy');
  const duration = (key: string): Int64 =>
    policy[key] === undefined ? ExpiryDuration.Unchanged : int64(policy[key], `${path}.${key}`, ExpiryDuration.Unchanged);
  return { createMs: duration('createMs'), updateMs: duration('updateMs'), accessMs: duration('accessMs') };
}

const FIELD_KEYS = new Set(['name', 'typeName', 'isKeyField', 'isNotNull', 'defaultValue', 'precision', 'scale']);

function toQueryField(value: unknown, path: string): QueryField {
  const field = plainObject(value, path, 'a QueryField object');
  checkKeys(field, FIELD_KEYS, path, 'query field');
  const out: Fields = { name: name(field.name, `${path}.name`), typeName: name(field.typeName, `${path}.typeName`) };
  present(field, 'isKeyField', path, bool, out);
  present(field, 'isNotNull', path, bool, out);
  if (field.defaultValue !== undefined && field.defaultValue !== null) {
    // The default is a full data object (`obj` in the Field layout): encoding it once into a
    // scratch writer refuses what cannot be written, with its path, before the request exists.
    writeValue(new BinaryWriter(64), field.defaultValue, `${path}.defaultValue`);
    out.defaultValue = field.defaultValue;
  }
  // -1 is the wire's "unset" (QueryEntity precision/scale maps hold only the set ones).
  present(field, 'precision', path, (v, p) => int32(v, p, -1), out);
  present(field, 'scale', path, (v, p) => int32(v, p, -1), out);
  return out as unknown as QueryField;
}

const ALIAS_KEYS = new Set(['fieldName', 'alias']);
const INDEX_KEYS = new Set(['name', 'type', 'inlineSize', 'fields']);
const INDEX_FIELD_KEYS = new Set(['name', 'descending']);

function toQueryIndex(value: unknown, path: string): QueryIndex {
  const index = plainObject(value, path, 'a QueryIndex object');
  checkKeys(index, INDEX_KEYS, path, 'query index');
  const out: Fields = { name: name(index.name, `${path}.name`) };
  present(index, 'type', path, (v, p) => enumValue(v, IndexType, 'IndexType', p), out);
  present(index, 'inlineSize', path, (v, p) => int32(v, p, -1), out);
  out.fields = array(index.fields, `${path}.fields`).map((f, i) => {
    const fieldPath = `${path}.fields[${i}]`;
    const field = plainObject(f, fieldPath, 'a QueryIndexField object');
    checkKeys(field, INDEX_FIELD_KEYS, fieldPath, 'index field');
    const fieldOut: Fields = { name: name(field.name, `${fieldPath}.name`) };
    present(field, 'descending', fieldPath, bool, fieldOut);
    return fieldOut;
  });
  return out as unknown as QueryIndex;
}

const ENTITY_KEYS = new Set(['keyTypeName', 'valueTypeName', 'tableName', 'keyFieldName', 'valueFieldName', 'fields', 'aliases', 'indexes']);

function toQueryEntity(value: unknown, path: string): QueryEntity {
  const entity = plainObject(value, path, 'a QueryEntity object');
  checkKeys(entity, ENTITY_KEYS, path, 'query entity');
  const out: Fields = {
    keyTypeName: name(entity.keyTypeName, `${path}.keyTypeName`),
    valueTypeName: name(entity.valueTypeName, `${path}.valueTypeName`),
  };
  present(entity, 'tableName', path, optionalName, out);
  present(entity, 'keyFieldName', path, optionalName, out);
  present(entity, 'valueFieldName', path, optionalName, out);
  if (entity.fields !== undefined) {
    const fields = array(entity.fields, `${path}.fields`).map((f, i) => toQueryField(f, `${path}.fields[${i}]`));
    // The server keeps fields in a map by name (QueryEntity.getFields): a second field of the same
    // name would silently replace the first.
    const seen = new Map<string, number>();
    fields.forEach((f, i) => {
      const first = seen.get(f.name);
      if (first !== undefined) throw new ParameterError(`${path}.fields[${i}].name repeats "${f.name}" of ${path}.fields[${first}]`);
      seen.set(f.name, i);
    });
    out.fields = fields;
  }
  if (entity.aliases !== undefined) {
    out.aliases = array(entity.aliases, `${path}.aliases`).map((a, i) => {
      const aliasPath = `${path}.aliases[${i}]`;
      const alias = plainObject(a, aliasPath, 'a QueryFieldAlias object');
      checkKeys(alias, ALIAS_KEYS, aliasPath, 'alias');
      return { fieldName: name(alias.fieldName, `${aliasPath}.fieldName`), alias: name(alias.alias, `${aliasPath}.alias`) };
    });
  }
  if (entity.indexes !== undefined) {
    out.indexes = array(entity.indexes, `${path}.indexes`).map((x, i) => toQueryIndex(x, `${path}.indexes[${i}]`));
  }
  return out as unknown as QueryEntity;
}

const KEY_CONFIGURATION_KEYS = new Set(['typeName', 'affinityKeyFieldName']);

function toKeyConfiguration(value: unknown, path: string): CacheKeyConfiguration {
  const key = plainObject(value, path, 'a CacheKeyConfiguration object');
  checkKeys(key, KEY_CONFIGURATION_KEYS, path, 'key configuration');
  return { typeName: name(key.typeName, `${path}.typeName`), affinityKeyFieldName: name(key.affinityKeyFieldName, `${path}.affinityKeyFieldName`) };
}

/** How each property other than `name` is checked; also the list of known property names. */
const CHECKS: Readonly<Record<Exclude<keyof CacheConfiguration, 'name'>, (value: unknown, path: string) => unknown>> = {
  cacheMode: (v, p) => enumValue(v, CacheMode, 'CacheMode', p),
  atomicityMode: (v, p) => enumValue(v, AtomicityMode, 'AtomicityMode', p),
  backups: (v, p) => int32(v, p, 0),
  writeSynchronizationMode: (v, p) => enumValue(v, WriteSynchronizationMode, 'WriteSynchronizationMode', p),
  copyOnRead: bool,
  readFromBackup: bool,
  dataRegionName: optionalName,
  onheapCacheEnabled: bool,
  queryEntities: (v, p) => array(v, p).map((e, i) => toQueryEntity(e, `${p}[${i}]`)),
  // CacheConfiguration.setQueryParallelism: "Query parallelism must be positive".
  queryParallelism: (v, p) => int32(v, p, 1),
  queryDetailMetricsSize: (v, p) => int32(v, p, 0),
  // CacheConfiguration.setSqlSchema refuses "" (a quoted empty name is written "\"\"").
  sqlSchema: optionalName,
  // -1 = IGNITE_MAX_INDEX_PAYLOAD_SIZE (CacheConfiguration.DFLT_SQL_INDEX_MAX_INLINE_SIZE).
  sqlIndexInlineMaxSize: (v, p) => int32(v, p, -1),
  sqlEscapeAll: bool,
  maxQueryIterators: (v, p) => int32(v, p, 0),
  rebalanceMode: (v, p) => enumValue(v, RebalanceMode, 'RebalanceMode', p),
  // -1 = no automatic rebalancing (CacheConfiguration.setRebalanceDelay).
  rebalanceDelayMs: (v, p) => int64(v, p, -1),
  rebalanceTimeoutMs: (v, p) => int64(v, p, 0),
  rebalanceBatchSize: (v, p) => int32(v, p, 0),
  rebalanceBatchesPrefetchCount: (v, p) => int64(v, p, 0),
  // An ordering key, not a count: any int.
  rebalanceOrder: (v, p) => int32(v, p, INT32_MIN),
  rebalanceThrottleMs: (v, p) => int64(v, p, 0),
  groupName: optionalName,
  keyConfiguration: (v, p) => array(v, p).map((k, i) => toKeyConfiguration(k, `${p}[${i}]`)),
  defaultLockTimeoutMs: (v, p) => int64(v, p, 0),
  maxConcurrentAsyncOperations: (v, p) => int32(v, p, 0),
  partitionLossPolicy: (v, p) => enumValue(v, PartitionLossPolicy, 'PartitionLossPolicy', p),
  eagerTtl: bool,
  statisticsEnabled: bool,
  expiryPolicy: (v, p) => (v === null ? null : toExpiryPolicy(v, p)),
};

/**
 * Checks a name-or-configuration argument and returns a checked copy of the configuration form:
 * only the properties that are set (undefined and null optional values are left out), nested
 * objects copied, so that later changes to the argument cannot reach the request. Throws a
 * ParameterError whose message starts with the offending property's path.
 */
export function toCacheConfiguration(nameOrConfig: string | CacheConfiguration, path = 'config'): CacheConfiguration {
  if (typeof nameOrConfig === 'string') {
    checkCacheName(nameOrConfig, path);
    return { name: nameOrConfig };
  }
  const config = plainObject(nameOrConfig, path, 'a cache name or a CacheConfiguration object');
  checkCacheName(config.name, `${path}.name`);
  const out: Fields = { name: config.name };
  for (const key of Object.keys(config)) {
    if (key === 'name') continue;
    if (!Object.hasOwn(CHECKS, key)) throw new ParameterError(`${path}: unknown cache configuration property "${key}"`);
    present(config, key, path, CHECKS[key as keyof typeof CHECKS], out);
  }
  return out as unknown as CacheConfiguration;
}

export function checkCacheName(name: unknown, path = 'name'): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) throw new ParameterError(`${path} must be a non-empty string, got ${describeValue(name)}`);
}
