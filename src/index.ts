// The public surface of ignite-client: re-exports only.
export { IgniteClient, type ConnectedNode } from './client.js';
export {
  Cache,
  PeekMode,
  type SizeOptions,
  type KeyOptions,
  type KeyValueOptions,
  type ReplaceIfEqualsOptions,
  type RemoveIfEqualsOptions,
  type KeyArg,
  type ValueArg,
  type HintOption,
} from './cache.js';
export {
  T,
  typed,
  Typed,
  TypeHint,
  CollectionKind,
  MapKind,
  type CollectionHint,
  type MapHint,
  type ObjectArrayHint,
  type EnumArrayHint,
} from './binary/hints.js';
export { Uuid, Timestamp, Decimal, BinaryEnum } from './binary/ignite-values.js';
export {
  complexType,
  ComplexObject,
  BinaryObject,
  type ComplexClass,
  type ComplexTypeOptions,
  type FieldHint,
  type FieldHints,
  type FieldValue,
  type FieldValues,
} from './binary/complex.js';
export { BinaryTypes, type BinaryTypeDefinition, type BinaryTypeInfo, type BinaryField, type EnumType } from './binary-types.js';
export { TypeCode } from './binary/type-codes.js';
export { QueryCursor, ScanCursor, SqlCursor, SqlFieldsCursor } from './cursor.js';
export type { ScanOptions, SqlOptions, SelectRowOptions } from './query.js';
export { StatementType } from './protocol/queries.js';
export type { IgniteClientOptions, TlsOptions } from './options.js';
export {
  Transaction,
  TransactionConcurrency,
  TransactionIsolation,
  type TransactionOptions,
  type TransactionState,
} from './transaction.js';
export { Cluster, ClusterState } from './cluster.js';
export {
  DiagnosticsChannel,
  type ClientListener,
  type Logger,
  type HandshakeStartEvent,
  type HandshakeSuccessEvent,
  type HandshakeFailEvent,
  type AuthenticationFailEvent,
  type ConnectionClosedEvent,
  type ConnectionLostEvent,
  type QueryStartEvent,
  type QuerySuccessEvent,
  type QueryFailEvent,
} from './events.js';
export type { RetryPolicy, RetryContext } from './routing/retry.js';
export type { BackoffOptions } from './routing/backoff.js';
export type { NodeAddress } from './routing/endpoint.js';
export type { CacheConfiguration } from './config/cache-configuration.js';
export type { EntriesInput } from './protocol/cache-ops.js';
export { ClientStatus } from './protocol/status.js';
export {
  ErrorCode,
  IgniteError,
  ConnectionError,
  HandshakeError,
  TlsError,
  AuthenticationError,
  ReconnectError,
  RequestTimeoutError,
  CacheError,
  CacheCreationError,
  SqlError,
  BinaryTypeError,
  ClusterError,
  ParameterError,
  ParseError,
  NotSupportedError,
  NotSupportedByClusterError,
  TransactionError,
  type IgniteErrorOptions,
} from './errors.js';
export {
  CacheMode,
  AtomicityMode,
  WriteSynchronizationMode,
  RebalanceMode,
  PartitionLossPolicy,
  IndexType,
  ExpiryDuration,
  type CacheSettings,
  type CacheKeyConfiguration,
  type ExpiryPolicy,
  type Int64,
  type QueryEntity,
  type QueryEntitySettings,
  type QueryField,
  type QueryFieldAlias,
  type QueryFieldSettings,
  type QueryIndex,
  type QueryIndexField,
  type QueryIndexSettings,
} from './config/cache-configuration.js';
