import type { TypeHint } from '../binary/hints.js';
import type { Logger } from '../events.js';
import { OpCode } from '../protocol/op-codes.js';
import { compareTopology, type PartitionsAnswer, readPartitionsAnswer, type TopologyVersion, writePartitionsRequest } from '../protocol/partitions.js';
import type { Decoder, Encoder } from '../protocol/request.js';

/**
 * Where a request belongs: the cache, and either the key (its partition is computed) or the
 * partition itself (a scan of one partition, or a batch of keys already grouped by node).
 */
export interface Route {
  readonly cacheId: number;
  readonly key?: unknown;
  readonly hint?: TypeHint | undefined;
  readonly partition?: number;
}

/**
 * The hash the server's affinity function sees for a key (binary/affinity-hash.ts over the key's
 * encoded bytes); undefined when it cannot be computed, and the key goes to any node.
 */
export type KeyHasher = (key: unknown, hint: TypeHint | undefined, keyFields: ReadonlyMap<number, number> | undefined) => number | undefined;

/** The partition of a hash (RendezvousAffinityFunction.calculatePartition; reference §5.6). */
export function partitionOf(hash: number, partitions: number): number {
  if ((partitions & (partitions - 1)) === 0) return (hash ^ (hash >>> 16)) & (partitions - 1);
  return Math.abs(hash % partitions);
}

/** A cache's placement at one topology version. */
interface CacheMap {
  readonly version: TopologyVersion;
  /** Primary node id by partition; empty when the cache is not partition-aware (any node will do). */
  readonly primaries: readonly string[];
  readonly keyFields: ReadonlyMap<number, number> | undefined;
}

type Send = <T>(opCode: number, encode: Encoder, decode: Decoder<T>) => Promise<T>;

/** Between two fetches whose answers were older than the newest topology seen (a lagging node). */
const STALE_REFETCH_MS = 500;

/**
 * Partition awareness: the partition maps of the caches in use (OP 1101), kept per affinity
 * topology version. Responses report a new version (a node joined or left, a cache started);
 * maps older than it are fetched again, once per version, and used meanwhile: a request sent by
 * an old map still gets the right answer, only by a longer way. The first map of a cache is
 * waited for (one round trip, once per cache and client) rather than guessed.
 */
export class AffinityMaps {
  private latest: TopologyVersion | undefined;
  private readonly maps = new Map<number, CacheMap>();
  /** Caches to ask for in the next fetch. */
  private readonly wanted = new Set<number>();
  private fetching: Promise<void> | undefined;
  /** The newest version a fetch was started for, and when: one fetch per version. */
  private fetchedFor: TopologyVersion | undefined;
  private fetchedAt = 0;

  constructor(
    private readonly send: Send,
    private readonly hashKey: KeyHasher,
    private readonly logger: Logger,
  ) {}

  /** A response reported an affinity topology version. */
  onTopology(version: TopologyVersion): void {
    if (this.latest === undefined || compareTopology(version, this.latest) > 0) this.latest = version;
  }

  /** The newest affinity topology version any response reported. */
  get topology(): TopologyVersion | undefined {
    return this.latest;
  }

  /**
   * Undefined when the cache's map (current or not) is at hand; otherwise a promise of the first
   * one, which never rejects (a failed fetch leaves the cache to the default node until the next
   * topology version).
   */
  ready(cacheId: number): Promise<void> | undefined {
    const map = this.maps.get(cacheId);
    if (map !== undefined) {
      if (this.latest !== undefined && compareTopology(map.version, this.latest) < 0) this.refresh();
      return undefined;
    }
    this.wanted.add(cacheId);
    return this.fetch();
  }

  /** Whether the cache is mapped and partition-aware: its keys have primary nodes. */
  placesKeys(cacheId: number): boolean {
    return (this.maps.get(cacheId)?.primaries.length ?? 0) > 0;
  }

  /** The primary node of the route's partition, if the cache is mapped and partition-aware. */
  nodeOf(route: Route): string | undefined {
    const map = this.maps.get(route.cacheId);
    if (map === undefined || map.primaries.length === 0) return undefined;
    const partition = route.partition ?? this.partitionOfKey(map, route.key, route.hint);
    return partition === undefined ? undefined : map.primaries[partition];
  }

  /** The partition of a key in a mapped, partition-aware cache; undefined otherwise. */
  partition(cacheId: number, key: unknown, hint: TypeHint | undefined): number | undefined {
    const map = this.maps.get(cacheId);
    if (map === undefined || map.primaries.length === 0) return undefined;
    return this.partitionOfKey(map, key, hint);
  }

  /** The primary node of a partition, if the cache is mapped and partition-aware. */
  primaryOf(cacheId: number, partition: number): string | undefined {
    return this.maps.get(cacheId)?.primaries[partition];
  }

  private partitionOfKey(map: CacheMap, key: unknown, hint: TypeHint | undefined): number | undefined {
    const hash = this.hashKey(key, hint, map.keyFields);
    return hash === undefined ? undefined : partitionOf(hash, map.primaries.length);
  }

  /** Every mapped cache again, for a newer topology version; at most one fetch per version. */
  private refresh(): void {
    if (this.fetching !== undefined) return;
    const latest = this.latest!;
    if (this.fetchedFor !== undefined && compareTopology(this.fetchedFor, latest) >= 0 && Date.now() - this.fetchedAt < STALE_REFETCH_MS) return;
    for (const cacheId of this.maps.keys()) this.wanted.add(cacheId);
    void this.fetch();
  }

  private fetch(): Promise<void> {
    if (this.fetching !== undefined) return this.fetching;
    const cacheIds = [...this.wanted];
    this.wanted.clear();
    this.fetchedFor = this.latest;
    this.fetchedAt = Date.now();
    this.fetching = this.send(OpCode.CachePartitions, (w, c) => writePartitionsRequest(w, c, cacheIds), readPartitionsAnswer)
      .then(
        (answer) => this.apply(answer, cacheIds),
        (err: unknown) => {
          this.logger.debug(`ignite-client: fetching partition maps failed, so requests go to the default node for now: ${err instanceof Error ? err.message : String(err)}`);
          // Remembered as unmapped at the version known, so that callers do not wait again until it changes.
          const version = this.latest ?? { major: 0, minor: 0 };
          for (const cacheId of cacheIds) if (!this.maps.has(cacheId)) this.maps.set(cacheId, { version, primaries: [], keyFields: undefined });
        },
      )
      .finally(() => {
        this.fetching = undefined;
        if (this.wanted.size > 0) void this.fetch();
      });
    return this.fetching;
  }

  private apply(answer: PartitionsAnswer, asked: readonly number[]): void {
    const { version } = answer;
    this.onTopology(version);
    for (const group of answer.groups) {
      for (const cacheId of group.cacheIds) {
        const known = this.maps.get(cacheId);
        if (known !== undefined && compareTopology(known.version, version) > 0) continue;
        this.maps.set(cacheId, { version, primaries: group.applicable ? group.primaries : [], keyFields: group.keyFields.get(cacheId) });
      }
    }
    // Caches the server left out do not exist (yet): any node, until the topology changes.
    for (const cacheId of asked) {
      const known = this.maps.get(cacheId);
      if (known === undefined || compareTopology(known.version, version) < 0) this.maps.set(cacheId, { version, primaries: [], keyFields: undefined });
    }
  }

  /** Forgets everything (the client was stopped; the next start meets a new cluster, perhaps). */
  clear(): void {
    this.maps.clear();
    this.wanted.clear();
    this.latest = undefined;
    this.fetchedFor = undefined;
  }
}
