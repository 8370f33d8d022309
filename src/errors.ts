/**
 * The error hierarchy. Every error this library throws is an IgniteError subclass with a stable
 * `name`; errors reported by the server keep its status code (`status`) and message; errors that
 * wrap another keep it as `cause`.
 */

/**
 * Stable, machine-readable codes, one per error class (`err.code`), in Node's `ERR_*` style: match
 * on them rather than on messages, which may change.
 */
export const ErrorCode = {
  Ignite: 'ERR_IGNITE',
  Connection: 'ERR_IGNITE_CONNECTION',
  Handshake: 'ERR_IGNITE_HANDSHAKE',
  Tls: 'ERR_IGNITE_TLS',
  Authentication: 'ERR_IGNITE_AUTHENTICATION',
  Reconnect: 'ERR_IGNITE_RECONNECT',
  RequestTimeout: 'ERR_IGNITE_REQUEST_TIMEOUT',
  Cache: 'ERR_IGNITE_CACHE',
  CacheCreation: 'ERR_IGNITE_CACHE_CREATION',
  Sql: 'ERR_IGNITE_SQL',
  BinaryType: 'ERR_IGNITE_BINARY_TYPE',
  Cluster: 'ERR_IGNITE_CLUSTER',
  Parameter: 'ERR_IGNITE_PARAMETER',
  Parse: 'ERR_IGNITE_PARSE',
  NotSupported: 'ERR_IGNITE_NOT_SUPPORTED',
  NotSupportedByCluster: 'ERR_IGNITE_NOT_SUPPORTED_BY_CLUSTER',
  Transaction: 'ERR_IGNITE_TRANSACTION',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface IgniteErrorOptions {
  /** The error this one wraps. */
  cause?: unknown;
  /** The server's status code, for errors the server reported (see `ClientStatus`). */
  status?: number;
}

export class IgniteError extends Error {
  /** Server status code (`ClientStatus`), present when the server reported the error. */
  readonly status: number | undefined;

  constructor(message: string, options: IgniteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
  }

  override get name(): string {
    return 'IgniteError';
  }

  get code(): ErrorCode {
    return ErrorCode.Ignite;
  }
}

/** The socket could not be opened, broke, or was closed while requests were in flight. */
export class ConnectionError extends IgniteError {
  override get name(): string {
    return 'ConnectionError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Connection;
  }
}

/** The server refused the handshake, or it did not complete in time. */
export class HandshakeError extends ConnectionError {
  override get name(): string {
    return 'HandshakeError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Handshake;
  }
}

/**
 * TLS failed: the server's certificate was not accepted (unknown CA, another host's name,
 * expired), the server refused the client's certificate (mutual TLS), or one side speaks TLS and
 * the other does not. `tlsCode` is Node's or OpenSSL's code when there is one.
 */
export class TlsError extends HandshakeError {
  /** Node's or OpenSSL's code for the failure (`ERR_TLS_CERT_ALTNAME_INVALID`, ...), when there is one. */
  readonly tlsCode: string | undefined;

  constructor(message: string, options: IgniteErrorOptions & { tlsCode?: string | undefined } = {}) {
    super(message, options);
    this.tlsCode = options.tlsCode;
  }

  override get name(): string {
    return 'TlsError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Tls;
  }
}

/** The server refused the credentials (handshake status 2000). */
export class AuthenticationError extends HandshakeError {
  override get name(): string {
    return 'AuthenticationError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Authentication;
  }
}

/** No node of the configured set could be reached. `cause` is the last node's error. */
export class ReconnectError extends ConnectionError {
  override get name(): string {
    return 'ReconnectError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Reconnect;
  }
}

/** A request got no answer within `requestTimeoutMs`. The connection stays usable. */
export class RequestTimeoutError extends IgniteError {
  override get name(): string {
    return 'RequestTimeoutError';
  }

  override get code(): ErrorCode {
    return ErrorCode.RequestTimeout;
  }
}

/** A cache operation failed on the server. */
export class CacheError extends IgniteError {
  override get name(): string {
    return 'CacheError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Cache;
  }
}

/** A cache could not be created (for example, it exists already: status 1001). */
export class CacheCreationError extends CacheError {
  override get name(): string {
    return 'CacheCreationError';
  }

  override get code(): ErrorCode {
    return ErrorCode.CacheCreation;
  }
}

/** An SQL query failed on the server. */
export class SqlError extends IgniteError {
  override get name(): string {
    return 'SqlError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Sql;
  }
}

/** A binary type (metadata) operation failed, or a complex object does not match its type. */
export class BinaryTypeError extends IgniteError {
  override get name(): string {
    return 'BinaryTypeError';
  }

  override get code(): ErrorCode {
    return ErrorCode.BinaryType;
  }
}

/** A cluster operation (state, WAL) failed. */
export class ClusterError extends IgniteError {
  override get name(): string {
    return 'ClusterError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Cluster;
  }
}

/** An argument was rejected before anything was sent; the message names the offending value. */
export class ParameterError extends IgniteError {
  override get name(): string {
    return 'ParameterError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Parameter;
  }
}

/** Bytes from the server could not be decoded. */
export class ParseError extends IgniteError {
  override get name(): string {
    return 'ParseError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Parse;
  }
}

/** This client does not implement what was asked. */
export class NotSupportedError extends IgniteError {
  override get name(): string {
    return 'NotSupportedError';
  }

  override get code(): ErrorCode {
    return ErrorCode.NotSupported;
  }
}

/** The connected server's protocol version or features cannot carry what was asked. */
export class NotSupportedByClusterError extends NotSupportedError {
  override get name(): string {
    return 'NotSupportedByClusterError';
  }

  override get code(): ErrorCode {
    return ErrorCode.NotSupportedByCluster;
  }
}

/** A transaction operation failed. */
export class TransactionError extends IgniteError {
  override get name(): string {
    return 'TransactionError';
  }

  override get code(): ErrorCode {
    return ErrorCode.Transaction;
  }
}
