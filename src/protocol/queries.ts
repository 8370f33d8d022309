// Query requests and their pages (reference §3.5): scan 2000/2001, SQL 2002/2003, SQL fields
// 2004/2005, and the resource close (0) that releases a server-side cursor.
import type { BinaryContext } from '../binary/complex.js';
import type { TypeHint } from '../binary/hints.js';
import type { BinaryReader } from '../binary/reader.js';
import { TypeCode } from '../binary/type-codes.js';
import { type ReadOptions, readValue, writeString, writeValue } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import type { ConnectionContext } from '../connection/connection.js';
import { NotSupportedByClusterError, ParameterError } from '../errors.js';
import { writeCacheHeader } from './cache-ops.js';
import { Feature } from './features.js';

/** One page of a cursor: its items, and whether the server holds more. */
export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

/** The first page also names the server-side cursor (and, for SQL fields, the columns). */
export interface FirstPage<T> extends Page<T> {
  cursorId: number;
  fieldNames?: string[];
  columnCount?: number;
}

/** JdbcStatementType ordinals: which statements an SQL fields query accepts. */
export const StatementType = {
  Any: 0,
  Select: 1,
  Update: 2,
} as const;
export type StatementType = (typeof StatementType)[keyof typeof StatementType];

export function checkPageSize(pageSize: unknown, path = 'pageSize'): number {
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 2_147_483_647) {
    throw new ParameterError(`${path} must be a whole number of at least 1, got ${String(pageSize)}`);
  }
  return pageSize;
}

/** `i32 count`, then `count` (key, value) pairs, then `bool hasMore`. */
export function readKeyValuePage<K, V>(r: BinaryReader, options: ReadOptions): Page<[K, V]> {
  const count = r.readI32();
  const items = new Array<[K, V]>(count);
  for (let i = 0; i < count; i++) {
    const key = readValue(r, options) as K;
    items[i] = [key, readValue(r, options) as V];
  }
  return { items, hasMore: r.readBool() };
}

export function readKeyValueFirstPage<K, V>(r: BinaryReader, options: ReadOptions): FirstPage<[K, V]> {
  const cursorId = r.readI64Number();
  return { cursorId, ...readKeyValuePage<K, V>(r, options) };
}

export interface ScanRequest {
  cacheId: number;
  flags: number;
  pageSize: number;
  partition: number;
  local: boolean;
}

/** 2000 after the cache header: no filter (NULL), page size, partition (-1 = all), local. */
export function writeScan(w: BinaryWriter, req: ScanRequest): void {
  writeCacheHeader(w, req.cacheId, req.flags);
  w.writeI8(TypeCode.Null);
  w.writeI32(req.pageSize);
  w.writeI32(req.partition);
  w.writeBool(req.local);
}

/**
 * The arguments of a query: `i32 count` + values, each optionally `typed()`. Complex objects are
 * written with the client's binary types (`binary`), whose schemas the caller registered first.
 */
export function writeArgs(w: BinaryWriter, args: readonly unknown[] | undefined, hints?: readonly (TypeHint | undefined)[], binary?: BinaryContext): void {
  if (args !== undefined && !Array.isArray(args)) throw new ParameterError('args must be an array');
  const list = args ?? [];
  w.writeI32(list.length);
  list.forEach((arg, i) => writeValue(w, arg, `args[${i}]`, hints?.[i], binary));
}

export interface SqlFieldsRequest {
  cacheId: number;
  schema: string | null;
  pageSize: number;
  maxRows: number;
  sql: string;
  args: readonly unknown[] | undefined;
  statementType: StatementType;
  distributedJoins: boolean;
  local: boolean;
  replicatedOnly: boolean;
  enforceJoinOrder: boolean;
  collocated: boolean;
  lazy: boolean;
  timeoutMs: number;
  includeFieldNames: boolean;
  partitions: readonly number[] | undefined;
  updateBatchSize: number;
}

/** 2004 (ClientCacheSqlFieldsQueryRequest); the tail after includeFieldNames only with feature 7. */
export function writeSqlFields(w: BinaryWriter, req: SqlFieldsRequest, connection: ConnectionContext, binary?: BinaryContext): void {
  writeCacheHeader(w, req.cacheId, 0);
  writeString(w, req.schema);
  w.writeI32(req.pageSize);
  w.writeI32(req.maxRows);
  writeString(w, req.sql);
  writeArgs(w, req.args, undefined, binary);
  w.writeI8(req.statementType);
  w.writeBool(req.distributedJoins);
  w.writeBool(req.local);
  w.writeBool(req.replicatedOnly);
  w.writeBool(req.enforceJoinOrder);
  w.writeBool(req.collocated);
  w.writeBool(req.lazy);
  w.writeI64(req.timeoutMs);
  w.writeBool(req.includeFieldNames);
  if (connection.features.has(Feature.QueryPartitionsBatchSize)) {
    if (req.partitions === undefined) {
      w.writeI32(-1);
    } else {
      w.writeI32(req.partitions.length);
      for (const partition of req.partitions) w.writeI32(partition);
    }
    w.writeI32(req.updateBatchSize);
  } else {
    // The request has no place for them: refuse rather than query every partition, or batch
    // updates otherwise than asked (1 is SqlFieldsQuery's default, what the server does anyway).
    if (req.partitions !== undefined) throw unsupported('partitions');
    if (req.updateBatchSize !== 1) throw unsupported('updateBatchSize');
  }
}

function unsupported(option: string): NotSupportedByClusterError {
  return new NotSupportedByClusterError(`the SQL option ${option} needs the QueryPartitionsBatchSize protocol feature, which the server did not offer`);
}

function readRows(r: BinaryReader, columnCount: number, options: ReadOptions): Page<unknown[]> {
  const rowCount = r.readI32();
  const items = new Array<unknown[]>(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const row = new Array<unknown>(columnCount);
    for (let c = 0; c < columnCount; c++) row[c] = readValue(r, options);
    items[i] = row;
  }
  return { items, hasMore: r.readBool() };
}

export function readSqlFieldsFirstPage(r: BinaryReader, includeFieldNames: boolean, options: ReadOptions): FirstPage<unknown[]> {
  const cursorId = r.readI64Number();
  const columnCount = r.readI32();
  let fieldNames: string[] | undefined;
  if (includeFieldNames) {
    fieldNames = new Array<string>(columnCount);
    for (let c = 0; c < columnCount; c++) {
      const code = r.readU8();
      fieldNames[c] = code === TypeCode.Null ? '' : r.readUtf8();
    }
  }
  return { cursorId, columnCount, fieldNames, ...readRows(r, columnCount, options) };
}

export function readSqlFieldsPage(r: BinaryReader, columnCount: number, options: ReadOptions): Page<unknown[]> {
  return readRows(r, columnCount, options);
}

export interface SqlRequest {
  cacheId: number;
  typeName: string;
  sql: string;
  args: readonly unknown[] | undefined;
  distributedJoins: boolean;
  local: boolean;
  replicatedOnly: boolean;
  pageSize: number;
  timeoutMs: number;
}

/** 2002 (the key-value SQL query over a value type, pyignite select_row). */
export function writeSql(w: BinaryWriter, req: SqlRequest, binary?: BinaryContext): void {
  writeCacheHeader(w, req.cacheId, 0);
  writeString(w, req.typeName);
  writeString(w, req.sql);
  writeArgs(w, req.args, undefined, binary);
  w.writeBool(req.distributedJoins);
  w.writeBool(req.local);
  w.writeBool(req.replicatedOnly);
  w.writeI32(req.pageSize);
  w.writeI64(req.timeoutMs);
}
