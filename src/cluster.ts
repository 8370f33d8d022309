import { writeString } from './binary/values.js';
import { ClusterError, ParameterError } from './errors.js';
import { Feature } from './protocol/features.js';
import { OpCode } from './protocol/op-codes.js';
import { checkCacheName } from './config/cache-configuration.js';
import type { Decoder, Encoder } from './protocol/request.js';

/** The cluster's state (Ignite ClusterState ordinals). */
export const ClusterState = {
  /** No cache operations; a persistent cluster starts so until its baseline is complete. */
  Inactive: 0,
  Active: 1,
  /** Reads only: every write is refused. */
  ActiveReadOnly: 2,
} as const;
export type ClusterState = (typeof ClusterState)[keyof typeof ClusterState];

const STATE_NAMES = ['INACTIVE', 'ACTIVE', 'ACTIVE_READ_ONLY'] as const;

export function clusterStateName(state: ClusterState): string {
  return STATE_NAMES[state] ?? String(state);
}

type Request = <T>(opCode: number, encode?: Encoder, decode?: Decoder<T>) => Promise<T>;

/**
 * The cluster as a whole (Java ClientCluster, pyignite `Cluster`): its state, and the write-ahead
 * log of caches (which exists only with persistence).
 */
export class Cluster {
  /** @internal */
  constructor(private readonly request: Request) {}

  /** The current state. */
  state(): Promise<ClusterState> {
    return this.request(OpCode.ClusterGetState, undefined, (r, c) => {
      // Without the ClusterStates feature the server answers a bool, active or not; both are one byte.
      const value = r.readU8();
      if (!c.features.has(Feature.ClusterStates)) return value === 0 ? ClusterState.Inactive : ClusterState.Active;
      if (value > ClusterState.ActiveReadOnly) throw new ClusterError(`the server reported an unknown cluster state ${value}`);
      return value as ClusterState;
    });
  }

  /**
   * Changes the state. Deactivation is forced, as the Java client's `state(newState)` is: in-memory
   * caches lose their data.
   */
  async setState(state: ClusterState): Promise<void> {
    if (state !== ClusterState.Inactive && state !== ClusterState.Active && state !== ClusterState.ActiveReadOnly) {
      throw new ParameterError(`state must be a ClusterState (Inactive, Active or ActiveReadOnly), got ${String(state)}`);
    }
    await this.request(OpCode.ClusterChangeState, (w, c) => {
      if (state === ClusterState.ActiveReadOnly && !c.features.has(Feature.ClusterStates)) {
        throw new ClusterError('the server does not know the ACTIVE_READ_ONLY state (feature ClusterStates)');
      }
      w.writeI8(state);
      if (c.features.has(Feature.ForceDeactivationFlag)) w.writeBool(true);
    });
  }

  /** Whether the write-ahead log of the cache is on (a cache without persistence has none: false). */
  async isWalEnabled(cacheName: string): Promise<boolean> {
    checkCacheName(cacheName, 'cacheName');
    return this.request(OpCode.ClusterGetWalState, (w) => writeString(w, cacheName), (r) => r.readBool());
  }

  /**
   * Turns the cache's write-ahead log off (faster bulk loads; a crash meanwhile loses the cache's
   * data). Resolves true if this changed it, false if it was off already.
   */
  disableWal(cacheName: string): Promise<boolean> {
    return this.changeWal(cacheName, false);
  }

  /** Turns the cache's write-ahead log on again; true if this changed it. */
  enableWal(cacheName: string): Promise<boolean> {
    return this.changeWal(cacheName, true);
  }

  private async changeWal(cacheName: string, enable: boolean): Promise<boolean> {
    checkCacheName(cacheName, 'cacheName');
    return this.request(
      OpCode.ClusterChangeWalState,
      (w) => {
        writeString(w, cacheName);
        w.writeBool(enable);
      },
      (r) => r.readBool(),
    );
  }
}
