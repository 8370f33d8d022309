import { AuthenticationError, ConnectionError } from '../errors.js';
import { OpCode } from '../protocol/op-codes.js';

/** What a custom retry policy is asked about: the operation, the try that failed, and why. */
export interface RetryContext {
  readonly opCode: number;
  /** Ignite's name of the operation, e.g. "CACHE_PUT". */
  readonly opName: string;
  /** Tries made so far (1 after the first failure). */
  readonly attempt: number;
  /** Why the last try failed: always a ConnectionError (the connection was lost before the answer). */
  readonly error: ConnectionError;
}

/**
 * Which operations are sent again after their connection failed: `'all'` (default), `'readOnly'`
 * (reads only: a write may have been applied before the connection broke), `'none'`, or a function.
 */
export type RetryPolicy = 'all' | 'readOnly' | 'none' | ((context: RetryContext) => boolean);

/** Operations that change nothing on the server: safe to repeat under any policy. */
const READ_ONLY = new Set<number>([
  OpCode.Heartbeat,
  OpCode.GetIdleTimeout,
  OpCode.CacheGet,
  OpCode.CacheGetAll,
  OpCode.CacheContainsKey,
  OpCode.CacheContainsKeys,
  OpCode.CacheGetSize,
  OpCode.CacheGetNames,
  OpCode.CacheGetConfiguration,
  OpCode.QueryScan,
  OpCode.QuerySql,
  OpCode.GetBinaryTypeName,
  OpCode.GetBinaryType,
  OpCode.GetBinaryConfiguration,
  OpCode.ClusterGroupGetNodeEndpoints,
]);

export function isReadOnly(opCode: number): boolean {
  return READ_ONLY.has(opCode);
}

export type RetryDecision = (context: RetryContext) => boolean;

/**
 * The errors worth another node: the connection went away before the answer. Not a server error
 * (the node answered), not a timeout (the time is spent), not refused credentials (every node
 * would refuse them).
 */
export function isRetryable(error: unknown): error is ConnectionError {
  return error instanceof ConnectionError && !(error instanceof AuthenticationError);
}

export function retryDecision(policy: RetryPolicy): RetryDecision {
  switch (policy) {
    case 'all':
      return () => true;
    case 'none':
      return () => false;
    case 'readOnly':
      return (context) => READ_ONLY.has(context.opCode);
    default:
      return policy;
  }
}
