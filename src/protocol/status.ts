import { BinaryTypeError, CacheCreationError, CacheError, ClusterError, IgniteError, SqlError, TransactionError } from '../errors.js';
import { OpCode } from './op-codes.js';

/** Status codes of server responses (ClientStatus, Ignite 2.17.0; protocol reference §2.5). */
export const ClientStatus = {
  Success: 0,
  Failed: 1,
  InvalidOpCode: 2,
  InvalidNodeState: 10,
  NodeInRecoveryMode: 11,
  FunctionalityDisabled: 100,
  CacheDoesNotExist: 1000,
  CacheExists: 1001,
  CacheConfigInvalid: 1002,
  TooManyCursors: 1010,
  ResourceDoesNotExist: 1011,
  SecurityViolation: 1012,
  TxLimitExceeded: 1020,
  TxNotFound: 1021,
  TooManyComputeTasks: 1030,
  EntryProcessorException: 1040,
  AuthFailed: 2000,
} as const;

export type ClientStatus = (typeof ClientStatus)[keyof typeof ClientStatus];

const CACHE_CREATE_OPS = new Set<number>([
  OpCode.CacheCreateWithName,
  OpCode.CacheCreateWithConfiguration,
  OpCode.CacheGetOrCreateWithName,
  OpCode.CacheGetOrCreateWithConfiguration,
]);

/** The error class for a failed response: by operation group, so callers can catch by kind. */
export function serverError(opCode: number, status: number, message: string): IgniteError {
  const options = { status };
  if (opCode === OpCode.TxStart || opCode === OpCode.TxEnd || status === ClientStatus.TxLimitExceeded || status === ClientStatus.TxNotFound) {
    return new TransactionError(message, options);
  }
  if (opCode >= OpCode.ClusterGetState && opCode <= OpCode.ClusterGetWalState) return new ClusterError(message, options);
  if (CACHE_CREATE_OPS.has(opCode)) {
    return new CacheCreationError(message, options);
  }
  if (opCode >= 1000 && opCode < 1200) return new CacheError(message, options);
  if (opCode >= OpCode.QuerySql && opCode <= OpCode.QuerySqlFieldsCursorGetPage) return new SqlError(message, options);
  if (opCode === OpCode.QueryScan || opCode === OpCode.QueryScanCursorGetPage) return new CacheError(message, options);
  if (opCode >= OpCode.GetBinaryTypeName && opCode <= OpCode.GetBinaryConfiguration) return new BinaryTypeError(message, options);
  return new IgniteError(message, options);
}
