import type { BinaryReader } from '../binary/reader.js';
import type { BinaryWriter } from '../binary/writer.js';
import type { FeatureSet } from './features.js';
import type { ProtocolVersion } from './versions.js';

/** What encoders and decoders may need to know of the connection a request goes through. */
export interface ConnectionContext {
  readonly protocolVersion: ProtocolVersion;
  readonly features: FeatureSet;
}

/** Writes a request's payload (after the op code and request id). */
export type Encoder = (w: BinaryWriter, connection: ConnectionContext) => void;

/**
 * Reads a successful response's payload; runs synchronously when the frame is complete. It may
 * return a promise when the value needs more from the server (metadata of a type met first).
 */
export type Decoder<T> = (r: BinaryReader, connection: ConnectionContext) => T | PromiseLike<T>;

/**
 * One try of a request, as a connection sees it: what to write, how to read the answer, and where
 * the outcome goes. The router keeps one per operation and hands the same object to the next
 * connection when a try fails, so a retry costs no new promise.
 */
export interface RequestSink {
  readonly opCode: number;
  readonly encode: Encoder | undefined;
  readonly decode: Decoder<unknown> | undefined;
  /** The answer, decoded (or a promise of it, when the decoder needs more from the server). */
  resolve(value: unknown): void;
  /** A server error, a decoding error, a timeout, or the loss of the connection. */
  reject(error: unknown): void;
}
