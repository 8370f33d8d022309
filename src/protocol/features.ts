/**
 * Feature bits negotiated in the 1.7.0 handshake (ProtocolBitmaskFeature / ClientBitmaskFeature,
 * Ignite 2.17.0; protocol reference §1.6).
 */
export const Feature = {
  UserAttributes: 0,
  ExecuteTaskByName: 1,
  ClusterStates: 2,
  ClusterGroupGetNodesEndpoints: 3,
  ClusterGroups: 4,
  ServiceInvoke: 5,
  DefaultQueryTimeout: 6,
  QueryPartitionsBatchSize: 7,
  BinaryConfiguration: 8,
  GetServiceDescriptors: 9,
  ServiceInvokeCallContext: 10,
  Heartbeat: 11,
  DataReplicationOperations: 12,
  AllAffinityMappings: 13,
  IndexQuery: 14,
  IndexQueryLimit: 15,
  ServiceTopology: 16,
  CacheInvoke: 17,
  TxAwareQueries: 18,
  ForceDeactivationFlag: 19,
} as const;

export type Feature = (typeof Feature)[keyof typeof Feature];

/**
 * The features this client implements and therefore asks for. A feature changes request or
 * response layouts, so a bit goes here only together with the code that speaks it.
 */
export const CLIENT_FEATURES: readonly Feature[] = [
  // GET_STATE answers the state's ordinal (ACTIVE_READ_ONLY too), not a bool.
  Feature.ClusterStates,
  // CHANGE_STATE carries the force flag, so that a deactivation that loses data can be refused.
  Feature.ForceDeactivationFlag,
  Feature.ClusterGroupGetNodesEndpoints,
  Feature.DefaultQueryTimeout,
  Feature.QueryPartitionsBatchSize,
  Feature.BinaryConfiguration,
  Feature.Heartbeat,
];

/** A set of feature bits, encoded as Java's BitSet.toByteArray (bit n = bit n%8 of byte n/8). */
export class FeatureSet {
  private constructor(private readonly bits: Uint8Array) {}

  static of(features: Iterable<Feature>): FeatureSet {
    const list = [...features];
    const max = list.length === 0 ? -1 : Math.max(...list);
    const bits = new Uint8Array(max < 0 ? 0 : (max >> 3) + 1);
    for (const f of list) bits[f >> 3]! |= 1 << (f & 7);
    return new FeatureSet(bits);
  }

  static fromBytes(bytes: Uint8Array): FeatureSet {
    return new FeatureSet(Uint8Array.from(bytes));
  }

  static readonly EMPTY = FeatureSet.of([]);

  has(feature: Feature): boolean {
    const byte = this.bits[feature >> 3];
    return byte !== undefined && (byte & (1 << (feature & 7))) !== 0;
  }

  toBytes(): Uint8Array {
    return this.bits;
  }

  /** The names of the bits set, for diagnostics. */
  names(): string[] {
    return Object.entries(Feature)
      .filter(([, bit]) => this.has(bit))
      .map(([name]) => name);
  }
}
