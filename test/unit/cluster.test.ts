// The cluster API's encodings, which depend on the features the connection negotiated (reference
// §3.9): GET_STATE answers an ordinal with ClusterStates, a bool without; CHANGE_STATE carries the
// force flag only with ForceDeactivationFlag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BinaryReader } from '../../src/binary/reader.js';
import { BinaryWriter } from '../../src/binary/writer.js';
import { Cluster, ClusterState } from '../../src/cluster.js';
import { ClusterError, ParameterError } from '../../src/errors.js';
import { Feature, FeatureSet } from '../../src/protocol/features.js';
import type { ConnectionContext, Decoder, Encoder } from '../../src/protocol/request.js';
import { V1_7_0 } from '../../src/protocol/versions.js';

function fakeCluster(features: FeatureSet, answer: number[]): { cluster: Cluster; sent: string[] } {
  const sent: string[] = [];
  const connection: ConnectionContext = { protocolVersion: V1_7_0, features };
  const cluster = new Cluster(<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>) => {
    const w = new BinaryWriter(16);
    try {
      encode?.(w, connection);
    } catch (err) {
      return Promise.reject(err);
    }
    sent.push(`${opCode}:${Buffer.from(w.view()).toString('hex')}`);
    return new Promise<T>((resolve) => resolve(decode?.(new BinaryReader(Buffer.from(answer)), connection) as T));
  });
  return { cluster, sent };
}

const ALL = FeatureSet.of([Feature.ClusterStates, Feature.ForceDeactivationFlag]);

test('GET_STATE: the ordinal with ClusterStates (read-only included), a bool without', async () => {
  assert.equal(await fakeCluster(ALL, [2]).cluster.state(), ClusterState.ActiveReadOnly);
  assert.equal(await fakeCluster(ALL, [0]).cluster.state(), ClusterState.Inactive);
  assert.equal(await fakeCluster(FeatureSet.EMPTY, [1]).cluster.state(), ClusterState.Active);
  assert.equal(await fakeCluster(FeatureSet.EMPTY, [0]).cluster.state(), ClusterState.Inactive);
  await assert.rejects(fakeCluster(ALL, [9]).cluster.state(), ClusterError);
});

test('CHANGE_STATE: the state, then force = true only when the flag was negotiated', async () => {
  const withFlag = fakeCluster(ALL, []);
  await withFlag.cluster.setState(ClusterState.Inactive);
  assert.deepEqual(withFlag.sent, ['5001:0001']);
  const without = fakeCluster(FeatureSet.of([Feature.ClusterStates]), []);
  await without.cluster.setState(ClusterState.ActiveReadOnly);
  assert.deepEqual(without.sent, ['5001:02']);
  // Read-only cannot be asked of a server that does not know it.
  await assert.rejects(fakeCluster(FeatureSet.EMPTY, []).cluster.setState(ClusterState.ActiveReadOnly), ClusterError);
  await assert.rejects(withFlag.cluster.setState(3 as never), ParameterError);
});

test('WAL: the cache name as a string, then enable', async () => {
  const { cluster, sent } = fakeCluster(ALL, [1]);
  assert.equal(await cluster.disableWal('c'), true);
  assert.equal(await cluster.isWalEnabled('c'), true);
  assert.deepEqual(sent, ['5002:090100000063' + '00', '5003:090100000063']);
});
