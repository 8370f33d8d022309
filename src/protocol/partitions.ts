// The partition map of caches, OP_CACHE_PARTITIONS 1101 (reference §3.7), for partition awareness.
import type { BinaryReader } from '../binary/reader.js';
import type { BinaryWriter } from '../binary/writer.js';
import { ParseError } from '../errors.js';
import { Feature } from './features.js';
import { readRawUuid } from './handshake.js';
import type { ConnectionContext } from './request.js';
import { TypeCode } from '../binary/type-codes.js';

/** An affinity topology version: (major, minor), ordered lexicographically. */
export interface TopologyVersion {
  readonly major: number;
  readonly minor: number;
}

export function compareTopology(a: TopologyVersion, b: TopologyVersion): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** One mapping group of the answer: caches placed the same way. */
export interface PartitionGroup {
  cacheIds: number[];
  /** false: REPLICATED or custom affinity; keys of these caches go to any node. */
  applicable: boolean;
  /** Per cache: key type id → affinity key field id (CacheKeyConfiguration). */
  keyFields: Map<number, Map<number, number>>;
  /** Primary node id of each partition, by partition index. */
  primaries: string[];
}

export interface PartitionsAnswer {
  version: TopologyVersion;
  groups: PartitionGroup[];
}

/** `[bool customMappingsRequired]` (iff AllAffinityMappings was negotiated), `list<i32 cacheId>`. */
export function writePartitionsRequest(w: BinaryWriter, c: ConnectionContext, cacheIds: readonly number[]): void {
  if (c.features.has(Feature.AllAffinityMappings)) w.writeBool(false);
  w.writeI32(cacheIds.length);
  for (const id of cacheIds) w.writeI32(id);
}

export function readPartitionsAnswer(r: BinaryReader, c: ConnectionContext): PartitionsAnswer {
  const major = Number(r.readI64());
  const minor = r.readI32();
  const groupCount = r.readI32();
  const groups: PartitionGroup[] = [];
  const defaultAffinityFlag = c.features.has(Feature.AllAffinityMappings);
  for (let g = 0; g < groupCount; g++) {
    const applicable = r.readBool();
    const cacheCount = r.readI32();
    const cacheIds: number[] = [];
    const keyFields = new Map<number, Map<number, number>>();
    if (!applicable) {
      for (let i = 0; i < cacheCount; i++) cacheIds.push(r.readI32());
      groups.push({ cacheIds, applicable, keyFields, primaries: [] });
      continue;
    }
    for (let i = 0; i < cacheCount; i++) {
      const cacheId = r.readI32();
      cacheIds.push(cacheId);
      const configs = r.readI32();
      const fields = new Map<number, number>();
      for (let k = 0; k < configs; k++) {
        const typeId = r.readI32();
        fields.set(typeId, r.readI32());
      }
      keyFields.set(cacheId, fields);
    }
    const nodeCount = r.readI32();
    const primaries: string[] = [];
    for (let n = 0; n < nodeCount; n++) {
      const code = r.readI8();
      if (code !== TypeCode.Uuid) throw new ParseError(`partition map: expected a node UUID (type code 10), got type code ${code}`);
      const nodeId = readRawUuid(r);
      const count = r.readI32();
      for (let p = 0; p < count; p++) primaries[r.readI32()] = nodeId;
    }
    if (defaultAffinityFlag && !r.readBool()) {
      // Only with customMappingsRequired, which this client never asks for.
      groups.push({ cacheIds, applicable: false, keyFields, primaries: [] });
      continue;
    }
    groups.push({ cacheIds, applicable, keyFields, primaries });
  }
  return { version: { major, minor }, groups };
}
