import { ParseError } from '../errors.js';
import type { BinaryReader } from '../binary/reader.js';
import { TypeCode, typeCodeName } from '../binary/type-codes.js';
import { readString, writeString } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import { FeatureSet } from './features.js';
import { ProtocolVersion, V1_1_0, V1_4_0, V1_7_0 } from './versions.js';

/** Handshake message code and thin-client type (ClientListenerNioListener; reference §1.2). */
const HANDSHAKE_CODE = 1;
const THIN_CLIENT_TYPE = 2;

export interface HandshakeRequest {
  version: ProtocolVersion;
  features: FeatureSet;
  username?: string | undefined;
  password?: string | undefined;
}

/** Writes the handshake body (the caller frames it). */
export function writeHandshake(w: BinaryWriter, req: HandshakeRequest): void {
  w.writeI8(HANDSHAKE_CODE);
  w.writeI16(req.version.major);
  w.writeI16(req.version.minor);
  w.writeI16(req.version.patch);
  w.writeI8(THIN_CLIENT_TYPE);
  if (req.version.atLeast(V1_7_0)) {
    const bytes = req.features.toBytes();
    w.writeI8(TypeCode.ByteArray);
    w.writeI32(bytes.length);
    w.writeBytes(bytes);
    // No user-attribute map follows: this client does not ask for Feature.UserAttributes.
  }
  if (req.username !== undefined && req.version.atLeast(V1_1_0)) {
    writeString(w, req.username);
    writeString(w, req.password ?? '');
  }
}

export type HandshakeResponse =
  | { ok: true; features: FeatureSet; nodeId: string | undefined }
  | { ok: false; serverVersion: ProtocolVersion; message: string; status: number };

/** Reads a handshake response to a request of `version`. */
export function readHandshakeResponse(r: BinaryReader, version: ProtocolVersion): HandshakeResponse {
  const success = r.readU8();
  if (success === 1) {
    let features = FeatureSet.EMPTY;
    if (version.atLeast(V1_7_0)) {
      const code = r.readU8();
      if (code === TypeCode.ByteArray) features = FeatureSet.fromBytes(r.readView(r.readI32()));
      else if (code !== TypeCode.Null) throw new ParseError(`handshake: expected a feature byte array, got ${typeCodeName(code)}`);
    }
    let nodeId: string | undefined;
    if (version.atLeast(V1_4_0) && r.remaining > 0) {
      const code = r.readU8();
      if (code === TypeCode.Uuid) nodeId = readRawUuid(r);
      else if (code !== TypeCode.Null) throw new ParseError(`handshake: expected a node UUID, got ${typeCodeName(code)}`);
    }
    return { ok: true, features, nodeId };
  }
  if (success !== 0) throw new ParseError(`handshake: unexpected success byte ${success}`);
  const serverVersion = new ProtocolVersion(r.readI16(), r.readI16(), r.readI16());
  const message = readString(r) ?? '';
  // The server appends a status only when the requested version is 1.1.0 or newer.
  const status = version.atLeast(V1_1_0) && r.remaining >= 4 ? r.readI32() : 1;
  return { ok: false, serverVersion, message, status };
}

/** A UUID as Java writes it: msb then lsb, each a little-endian int64. */
export function readRawUuid(r: BinaryReader): string {
  const msb = r.readView(8);
  const lsb = r.readView(8);
  let hex = '';
  for (let i = 7; i >= 0; i--) hex += HEX[msb[i]!];
  for (let i = 7; i >= 0; i--) hex += HEX[lsb[i]!];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
