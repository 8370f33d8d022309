/** A thin client protocol version (ProtocolVersion in the Java client). */
export class ProtocolVersion {
  constructor(
    readonly major: number,
    readonly minor: number,
    readonly patch: number,
  ) {}

  compareTo(other: ProtocolVersion): number {
    return this.major - other.major || this.minor - other.minor || this.patch - other.patch;
  }

  atLeast(other: ProtocolVersion): boolean {
    return this.compareTo(other) >= 0;
  }

  equals(other: ProtocolVersion): boolean {
    return this.compareTo(other) === 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}.${this.patch}`;
  }
}

export const V1_0_0 = new ProtocolVersion(1, 0, 0);
/** Username/password in the handshake; status code in a handshake failure. */
export const V1_1_0 = new ProtocolVersion(1, 1, 0);
/** Query-entity field precision and scale in cache configuration. */
export const V1_2_0 = new ProtocolVersion(1, 2, 0);
/** OP_CACHE_PARTITIONS 1101. */
export const V1_3_0 = new ProtocolVersion(1, 3, 0);
/** Partition awareness: response flags and topology version, node id in the handshake. */
export const V1_4_0 = new ProtocolVersion(1, 4, 0);
/** Transactions. */
export const V1_5_0 = new ProtocolVersion(1, 5, 0);
/** Expiry policies; cluster API. */
export const V1_6_0 = new ProtocolVersion(1, 6, 0);
/** Feature bitmask in the handshake. */
export const V1_7_0 = new ProtocolVersion(1, 7, 0);

/** Every version this client speaks, newest first; the handshake starts with the first. */
export const SUPPORTED_VERSIONS: readonly ProtocolVersion[] = [V1_7_0, V1_6_0, V1_5_0, V1_4_0, V1_3_0, V1_2_0, V1_1_0, V1_0_0];

export function isSupportedVersion(version: ProtocolVersion): boolean {
  return SUPPORTED_VERSIONS.some((v) => v.equals(version));
}
