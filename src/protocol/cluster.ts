// Cluster operations (reference §3.9). For now: the thin-client endpoints of the server nodes
// (5102, feature ClusterGroupGetNodesEndpoints), which node discovery asks for.
import type { BinaryReader } from '../binary/reader.js';
import { readString } from '../binary/values.js';
import type { BinaryWriter } from '../binary/writer.js';
import { readRawUuid } from './handshake.js';

export interface NodeEndpoints {
  nodeId: string;
  port: number;
  /** Addresses the node's client connector listens on, as the server lists them. */
  addresses: string[];
}

export interface NodeEndpointsAnswer {
  topologyVersion: bigint;
  /** With startTopVer -1: every server node with a client connector. */
  added: NodeEndpoints[];
  removed: string[];
}

/** `i64 startTopVer, i64 endTopVer`: -1, -1 asks for every current node (ClientClusterGetNodesEndpointsRequest). */
export function writeNodeEndpointsRequest(w: BinaryWriter, startTopologyVersion = -1n, endTopologyVersion = -1n): void {
  w.writeI64(startTopologyVersion);
  w.writeI64(endTopologyVersion);
}

export function readNodeEndpointsAnswer(r: BinaryReader): NodeEndpointsAnswer {
  const topologyVersion = BigInt(r.readI64());
  const addedCount = r.readI32();
  const added: NodeEndpoints[] = [];
  for (let i = 0; i < addedCount; i++) {
    const nodeId = readRawUuid(r);
    const port = r.readI32();
    const count = r.readI32();
    const addresses: string[] = [];
    for (let j = 0; j < count; j++) {
      const address = readString(r);
      if (address !== null) addresses.push(address);
    }
    added.push({ nodeId, port, addresses });
  }
  const removedCount = r.readI32();
  const removed: string[] = [];
  for (let i = 0; i < removedCount; i++) removed.push(readRawUuid(r));
  return { topologyVersion, added, removed };
}
