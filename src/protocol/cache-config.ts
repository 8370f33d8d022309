import type { BinaryReader } from '../binary/reader.js';
import type { ReadOptions } from '../binary/values.js';
import { writeString } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import { type CacheConfiguration, CacheProperty, type CacheSettings } from '../config/cache-configuration.js';
import { NotSupportedError } from '../errors.js';
import type { ProtocolVersion } from './versions.js';

/** The property form of a configuration (reference §3.4): `i32 byteLength, i16 count, (code, value)*`. */
export function writeCacheConfiguration(w: BinaryWriter, config: CacheConfiguration, _version: ProtocolVersion): void {
  const lengthAt = w.reserveI32();
  w.writeI16(1);
  w.writeI16(CacheProperty.Name);
  writeString(w, config.name);
  w.patchI32(lengthAt, w.position - lengthAt - 4);
}

/** The fixed form that OP_CACHE_GET_CONFIGURATION answers with (reference §3.4). */
export function readCacheConfiguration(_r: BinaryReader, _version: ProtocolVersion, _options: ReadOptions): CacheSettings {
  throw new NotSupportedError('reading a cache configuration is being implemented');
}
