/**
 * Operation codes of the thin client protocol (ClientMessageParser, Ignite 2.17.0;
 * protocol reference §3.1). Only what this client sends is listed; the table grows with it.
 */
export const OpCode = {
  ResourceClose: 0,
  Heartbeat: 1,
  GetIdleTimeout: 2,

  CacheGet: 1000,
  CachePut: 1001,
  CachePutIfAbsent: 1002,
  CacheGetAll: 1003,
  CachePutAll: 1004,
  CacheGetAndPut: 1005,
  CacheGetAndReplace: 1006,
  CacheGetAndRemove: 1007,
  CacheGetAndPutIfAbsent: 1008,
  CacheReplace: 1009,
  CacheReplaceIfEquals: 1010,
  CacheContainsKey: 1011,
  CacheContainsKeys: 1012,
  CacheClear: 1013,
  CacheClearKey: 1014,
  CacheClearKeys: 1015,
  CacheRemoveKey: 1016,
  CacheRemoveIfEquals: 1017,
  CacheRemoveKeys: 1018,
  CacheRemoveAll: 1019,
  CacheGetSize: 1020,
  CacheLocalPeek: 1021,

  CacheGetNames: 1050,
  CacheCreateWithName: 1051,
  CacheGetOrCreateWithName: 1052,
  CacheCreateWithConfiguration: 1053,
  CacheGetOrCreateWithConfiguration: 1054,
  CacheGetConfiguration: 1055,
  CacheDestroy: 1056,

  CachePartitions: 1101,

  QueryScan: 2000,
  QueryScanCursorGetPage: 2001,
  QuerySql: 2002,
  QuerySqlCursorGetPage: 2003,
  QuerySqlFields: 2004,
  QuerySqlFieldsCursorGetPage: 2005,

  GetBinaryTypeName: 3000,
  RegisterBinaryTypeName: 3001,
  GetBinaryType: 3002,
  PutBinaryType: 3003,
  GetBinaryConfiguration: 3004,

  TxStart: 4000,
  TxEnd: 4001,

  ClusterGetState: 5000,
  ClusterChangeState: 5001,
  ClusterChangeWalState: 5002,
  ClusterGetWalState: 5003,
  ClusterGroupGetNodeEndpoints: 5102,
} as const;

export type OpCode = (typeof OpCode)[keyof typeof OpCode];

const names = new Map<number, string>(Object.entries(OpCode).map(([name, code]) => [code, name]));

/** The operation's name for messages and events, e.g. "CacheGet". */
export function opCodeName(code: number): string {
  return names.get(code) ?? `Op${code}`;
}

/** Ignite's own names (Java ClientOperation), e.g. "CACHE_PUT": what monitoring events report. */
const igniteNames = new Map<number, string>(
  Object.entries(OpCode).map(([name, code]) => [code, name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()]),
);

export function igniteOpName(code: number): string {
  return igniteNames.get(code) ?? `OP_${code}`;
}
