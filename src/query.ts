// Query options of the public API, checked once and turned into cursor sources.
import type { Route } from './routing/affinity.js';
import { cacheId as cacheIdOf } from './binary/hash.js';
import type { ReadOptions } from './binary/values.js';
import type { BinaryTypeRegistry } from './binary/registry.js';
import { type BinaryTypes, registerSchemasOf } from './binary-types.js';
import { resolveTypes } from './binary/resolve.js';
import { CacheError, ParameterError, SqlError } from './errors.js';
import { checkOptionNames } from './option-names.js';
import { OpCode } from './protocol/op-codes.js';
import {
  checkPageSize,
  readKeyValueFirstPage,
  readKeyValuePage,
  readSqlFieldsFirstPage,
  readSqlFieldsPage,
  type SqlFieldsRequest,
  StatementType,
  writeScan,
  writeSql,
  writeSqlFields,
} from './protocol/queries.js';
import type { CursorSource } from './cursor.js';
import type { Decoder, Encoder } from './protocol/request.js';
import type { Pinned } from './routing/router.js';

/** Default page size of scans and SQL: pyignite's default of 1 costs a round trip per row. */
export const DEFAULT_PAGE_SIZE = 1024;

export interface ScanOptions {
  /** Entries per page (round trip). Default 1024. */
  pageSize?: number;
  /** Scan only this partition. Default: all. */
  partition?: number;
  /** Scan only the entries the connected node holds. Default false. */
  local?: boolean;
}

export interface SqlOptions {
  /** Query arguments for `?` placeholders; `typed(value, T.int)` sets an argument's type. */
  args?: readonly unknown[];
  /** Schema. Default `PUBLIC`, or the cache's schema when `cache` is given. */
  schema?: string;
  /** Rows per page (round trip). Default 1024. */
  pageSize?: number;
  /** Which statements are accepted: `StatementType.Select`, `Update` or `Any` (default). */
  statementType?: StatementType;
  distributedJoins?: boolean;
  local?: boolean;
  replicatedOnly?: boolean;
  enforceJoinOrder?: boolean;
  collocated?: boolean;
  /** Produce rows as pages are read instead of all at once. Default true, as in Java's SqlFieldsQuery. */
  lazy?: boolean;
  /** Ask for the column names (`cursor.fieldNames()`). Default false. */
  includeFieldNames?: boolean;
  /** Stop after this many rows; the server-side cursor is released then. Default: all rows. */
  maxRows?: number;
  /** Server-side query timeout; 0 = none. Default: the server's default. */
  timeoutMs?: number;
  /** Run in the context of this cache (its schema is the default). */
  cache?: string | { name: string };
  /** Run only on these partitions. */
  partitions?: readonly number[];
  /** Rows per batch of an update statement. Default 1. */
  updateBatchSize?: number;
}

export interface SelectRowOptions {
  args?: readonly unknown[];
  pageSize?: number;
  distributedJoins?: boolean;
  replicatedOnly?: boolean;
  local?: boolean;
  /** Server-side query timeout; 0 = none (default). */
  timeoutMs?: number;
  /** The value type to query (a class name or its simple name). Default: the value type of the cache's first query entity. */
  typeName?: string;
}

const SQL_KEYS = new Set([
  'args', 'schema', 'pageSize', 'statementType', 'distributedJoins', 'local', 'replicatedOnly', 'enforceJoinOrder',
  'collocated', 'lazy', 'includeFieldNames', 'maxRows', 'timeoutMs', 'cache', 'partitions', 'updateBatchSize',
]);
const SCAN_KEYS = new Set(['pageSize', 'partition', 'local']);
const SELECT_ROW_KEYS = new Set(['args', 'pageSize', 'distributedJoins', 'replicatedOnly', 'local', 'timeoutMs', 'typeName']);


function bool(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ParameterError(`${name} must be a boolean`);
  return value;
}

function int(value: unknown, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 2_147_483_647) {
    throw new ParameterError(`${name} must be a whole number of at least ${min}, got ${String(value)}`);
  }
  return value;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw new ParameterError(`${name} must be a non-empty string`);
  return value;
}

function args(value: unknown): readonly unknown[] | undefined {
  if (value !== undefined && !Array.isArray(value)) throw new ParameterError('args must be an array');
  return value as readonly unknown[] | undefined;
}

/**
 * The server finds the table of an SQL query (2002) by the value type's simple name, as
 * QueryUtils.typeName derives it from a class name: no package, no outer class.
 */
export function sqlTypeName(typeName: string): string {
  const simple = typeName.slice(typeName.lastIndexOf('.') + 1);
  return simple.slice(simple.lastIndexOf('$') + 1);
}

export interface QueryContext {
  /** Sends a query; the answer comes with the channel of the node its cursor lives on. */
  requestPinned<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>, route?: Route): Promise<Pinned<T>>;
  readonly readOptions: ReadOptions;
  /** Where the metadata of complex objects in the results comes from. */
  readonly registry?: BinaryTypeRegistry | undefined;
  /** The client's binary types: complex objects among the arguments are registered before they are sent. */
  readonly binary?: BinaryTypes | undefined;
  /** Cache header flags (KeepBinary for keep-binary views). */
  readonly flags?: number;
}

/** Checks SQL fields query options; the result is what goes on the wire. */
export function sqlFieldsSource(context: QueryContext, query: string, options: SqlOptions = {}): { source: CursorSource<unknown[]>; maxRows: number } {
  checkOptionNames(options, SQL_KEYS, 'sql');
  const cacheName = options.cache === undefined ? undefined : typeof options.cache === 'string' ? options.cache : options.cache?.name;
  if (options.cache !== undefined) text(cacheName, 'cache');
  const statementType = options.statementType ?? StatementType.Any;
  if (!Object.values(StatementType).includes(statementType)) throw new ParameterError(`statementType: ${String(statementType)} is not a StatementType`);
  const partitions = options.partitions;
  if (partitions !== undefined && (!Array.isArray(partitions) || partitions.some((p) => !Number.isInteger(p) || p < 0))) {
    throw new ParameterError('partitions must be an array of partition numbers');
  }
  const maxRows = int(options.maxRows, 'maxRows', 1, 0);
  const request: SqlFieldsRequest = {
    cacheId: cacheName === undefined ? 0 : cacheIdOf(cacheName),
    schema: options.schema !== undefined ? text(options.schema, 'schema') : cacheName === undefined ? 'PUBLIC' : null,
    pageSize: checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE),
    maxRows: maxRows === 0 ? -1 : maxRows,
    sql: text(query, 'query'),
    args: args(options.args),
    statementType,
    distributedJoins: bool(options.distributedJoins, 'distributedJoins'),
    local: bool(options.local, 'local'),
    replicatedOnly: bool(options.replicatedOnly, 'replicatedOnly'),
    enforceJoinOrder: bool(options.enforceJoinOrder, 'enforceJoinOrder'),
    collocated: bool(options.collocated, 'collocated'),
    // Java's SqlFieldsQuery default: rows are produced as pages are read, not all up front.
    lazy: options.lazy === undefined ? true : bool(options.lazy, 'lazy'),
    // Negative leaves the server's default; 0 means no timeout (feature DefaultQueryTimeout).
    timeoutMs: int(options.timeoutMs, 'timeoutMs', 0, -1),
    includeFieldNames: bool(options.includeFieldNames, 'includeFieldNames'),
    partitions,
    updateBatchSize: int(options.updateBatchSize, 'updateBatchSize', 1, 1),
  };
  const readOptions = context.readOptions;
  const binary = context.binary;
  return {
    maxRows: maxRows === 0 ? Infinity : maxRows,
    source: {
      open: async () => {
        if (binary !== undefined && request.args !== undefined) await registerSchemasOf(binary, request.args);
        return context.requestPinned(
          OpCode.QuerySqlFields,
          (w, c) => writeSqlFields(w, request, c, binary),
          resolveTypes(context.registry, (r) => readSqlFieldsFirstPage(r, request.includeFieldNames, readOptions)),
        );
      },
      pageOpCode: OpCode.QuerySqlFieldsCursorGetPage,
      readPage: (r, first) => readSqlFieldsPage(r, first.columnCount ?? 0, readOptions),
      registry: context.registry,
      errorClass: SqlError,
    },
  };
}

export function scanSource<K, V>(context: QueryContext, cacheId: number, options: ScanOptions = {}): CursorSource<[K, V]> {
  checkOptionNames(options, SCAN_KEYS, 'scan');
  const request = {
    cacheId,
    flags: context.flags ?? 0,
    pageSize: checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE),
    partition: int(options.partition, 'partition', 0, -1),
    local: bool(options.local, 'local'),
  };
  const readOptions = context.readOptions;
  return {
    open: () =>
      context.requestPinned(
        OpCode.QueryScan,
        (w) => writeScan(w, request),
        resolveTypes(context.registry, (r) => readKeyValueFirstPage<K, V>(r, readOptions)),
        // One partition: its primary node holds it, so the scan costs no hop inside the cluster.
        request.partition >= 0 ? { cacheId, partition: request.partition } : undefined,
      ),
    pageOpCode: OpCode.QueryScanCursorGetPage,
    readPage: (r) => readKeyValuePage<K, V>(r, readOptions),
    registry: context.registry,
    errorClass: CacheError,
  };
}

export function selectRowSource<K, V>(
  context: QueryContext,
  cacheId: number,
  query: string,
  options: SelectRowOptions,
  valueTypeOf: () => Promise<string>,
): CursorSource<[K, V]> {
  checkOptionNames(options, SELECT_ROW_KEYS, 'selectRow');
  const base = {
    cacheId,
    sql: text(query, 'query'),
    args: args(options.args),
    distributedJoins: bool(options.distributedJoins, 'distributedJoins'),
    local: bool(options.local, 'local'),
    replicatedOnly: bool(options.replicatedOnly, 'replicatedOnly'),
    pageSize: checkPageSize(options.pageSize ?? DEFAULT_PAGE_SIZE),
    timeoutMs: int(options.timeoutMs, 'timeoutMs', 0, 0),
  };
  const typeName = options.typeName === undefined ? undefined : text(options.typeName, 'typeName');
  const readOptions = context.readOptions;
  const binary = context.binary;
  return {
    open: async () => {
      const request = { ...base, typeName: sqlTypeName(typeName ?? (await valueTypeOf())) };
      if (binary !== undefined && request.args !== undefined) await registerSchemasOf(binary, request.args);
      return context.requestPinned(OpCode.QuerySql, (w) => writeSql(w, request, binary), resolveTypes(context.registry, (r) => readKeyValueFirstPage<K, V>(r, readOptions)));
    },
    pageOpCode: OpCode.QuerySqlCursorGetPage,
    readPage: (r) => readKeyValuePage<K, V>(r, readOptions),
    registry: context.registry,
    errorClass: SqlError,
  };
}
