/**
 * The error hierarchy. Every error this library throws is an IgniteError subclass with a stable
 * `name`; errors reported by the server keep its status code (`status`) and message; errors that
 * wrap another keep it as `cause`.
 */

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
}

/** The socket could not be opened, broke, or was closed while requests were in flight. */
export class ConnectionError extends IgniteError {
  override get name(): string {
    return 'ConnectionError';
  }
}

/** The server refused the handshake, or it did not complete in time. */
export class HandshakeError extends ConnectionError {
  override get name(): string {
    return 'HandshakeError';
  }
}

/**
 * TLS failed: the server's certificate was not accepted (unknown CA, another host's name,
 * expired), the server refused the client's certificate (mutual TLS), or one side speaks TLS and
 * the other does not. `code` is Node's or OpenSSL's code when there is one.
 */
export class TlsError extends HandshakeError {
  readonly code: string | undefined;

  constructor(message: string, options: IgniteErrorOptions & { code?: string | undefined } = {}) {
    super(message, options);
    this.code = options.code;
  }

  override get name(): string {
    return 'TlsError';
  }
}

/** The server refused the credentials (handshake status 2000). */
export class AuthenticationError extends HandshakeError {
  override get name(): string {
    return 'AuthenticationError';
  }
}

/** No node of the configured set could be reached. `cause` is the last node's error. */
export class ReconnectError extends ConnectionError {
  override get name(): string {
    return 'ReconnectError';
  }
}

/** A request got no answer within `requestTimeoutMs`. The connection stays usable. */
export class RequestTimeoutError extends IgniteError {
  override get name(): string {
    return 'RequestTimeoutError';
  }
}

/** A cache operation failed on the server. */
export class CacheError extends IgniteError {
  override get name(): string {
    return 'CacheError';
  }
}

/** A cache could not be created (for example, it exists already: status 1001). */
export class CacheCreationError extends CacheError {
  override get name(): string {
    return 'CacheCreationError';
  }
}

/** An SQL query failed on the server. */
export class SqlError extends IgniteError {
  override get name(): string {
    return 'SqlError';
  }
}

/** A binary type (metadata) operation failed, or a complex object does not match its type. */
export class BinaryTypeError extends IgniteError {
  override get name(): string {
    return 'BinaryTypeError';
  }
}

/** A cluster operation (state, WAL) failed. */
export class ClusterError extends IgniteError {
  override get name(): string {
    return 'ClusterError';
  }
}

/** An argument was rejected before anything was sent; the message names the offending value. */
export class ParameterError extends IgniteError {
  override get name(): string {
    return 'ParameterError';
  }
}

/** Bytes from the server could not be decoded. */
export class ParseError extends IgniteError {
  override get name(): string {
    return 'ParseError';
  }
}

/** This client does not implement what was asked. */
export class NotSupportedError extends IgniteError {
  override get name(): string {
    return 'NotSupportedError';
  }
}

/** The connected server's protocol version or features cannot carry what was asked. */
export class NotSupportedByClusterError extends NotSupportedError {
  override get name(): string {
    return 'NotSupportedByClusterError';
  }
}

/** A transaction operation failed. */
export class TransactionError extends IgniteError {
  override get name(): string {
    return 'TransactionError';
  }
}
