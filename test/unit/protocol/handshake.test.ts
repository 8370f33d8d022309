import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BinaryReader } from '../../../src/binary/reader.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { Feature, FeatureSet } from '../../../src/protocol/features.js';
import { readHandshakeResponse, writeHandshake } from '../../../src/protocol/handshake.js';
import { ProtocolVersion, V1_0_0, V1_4_0, V1_7_0 } from '../../../src/protocol/versions.js';
import { fromHex, hex } from '../../support/bytes.js';

function handshakeBytes(version: ProtocolVersion, features: FeatureSet, username?: string, password?: string): string {
  const w = new BinaryWriter(8);
  const at = w.reserveI32();
  writeHandshake(w, { version, features, username, password });
  w.patchI32(at, w.position - 4);
  return hex(w.view());
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => (from + i) as Feature);

test('1.7.0 handshake with feature bits 1..18 (protocol reference §6a)', () => {
  assert.equal(handshakeBytes(V1_7_0, FeatureSet.of(range(1, 18))), '10000000' + '01' + '010007000000' + '02' + '0c03000000feff07');
});

test('1.7.0 handshake with no features sends an empty byte array', () => {
  assert.equal(handshakeBytes(V1_7_0, FeatureSet.EMPTY), '0d000000' + '01' + '010007000000' + '02' + '0c00000000');
});

test('credentials follow the features as typed strings', () => {
  assert.equal(
    handshakeBytes(V1_7_0, FeatureSet.EMPTY, 'u', 'p'),
    '19000000' + '01' + '010007000000' + '02' + '0c00000000' + '090100000075' + '090100000070',
  );
});

test('before 1.7.0 there is no feature array, and 1.0.0 carries no credentials', () => {
  assert.equal(handshakeBytes(V1_4_0, FeatureSet.of([Feature.Heartbeat])), '08000000' + '01' + '010004000000' + '02');
  assert.equal(handshakeBytes(V1_0_0, FeatureSet.EMPTY, 'u', 'p'), '08000000' + '01' + '010000000000' + '02');
});

test('feature bits follow Java BitSet.toByteArray', () => {
  const set = FeatureSet.fromBytes(fromHex('feff0b'));
  assert.deepEqual(
    range(0, 23).filter((f) => set.has(f)),
    [...range(1, 17), 19],
  );
  assert.equal(hex(FeatureSet.of([Feature.ForceDeactivationFlag, Feature.ClusterStates]).toBytes()), '040008');
  assert.deepEqual(FeatureSet.of([Feature.Heartbeat]).names(), ['Heartbeat']);
});

test('success answer of a live 2.17.0 node: negotiated features and node id', () => {
  // Captured from a node whose log said "Ignite node started OK (id=8f1b6a2b ...)".
  const body = fromHex('01' + '0c03000000feff0b' + '0a' + 'c845d9eb2b6a1b8f' + '4d3d9ed2d068c999');
  const response = readHandshakeResponse(new BinaryReader(body), V1_7_0);
  assert.equal(response.ok, true);
  if (!response.ok) return;
  assert.equal(response.nodeId, '8f1b6a2b-ebd9-45c8-99c9-68d0d29e3d4d');
  assert.equal(response.features.has(Feature.ClusterStates), true);
  assert.equal(response.features.has(Feature.TxAwareQueries), false);
});

test('failure answer: server version, message and status', () => {
  const message = Buffer.from('Unsupported version: 1.8.0');
  const body = Buffer.concat([
    fromHex('00' + '010007000000' + '09'),
    Buffer.from(Uint32Array.of(message.length).buffer),
    message,
    fromHex('01000000'),
  ]);
  const response = readHandshakeResponse(new BinaryReader(body), new ProtocolVersion(1, 8, 0));
  assert.deepEqual(response, { ok: false, serverVersion: V1_7_0, message: 'Unsupported version: 1.8.0', status: 1 });
});

test('a failure answer to a 1.0.0 request has no status; it counts as a generic failure', () => {
  const body = fromHex('00' + '010007000000' + '090100000078');
  const response = readHandshakeResponse(new BinaryReader(body), V1_0_0);
  assert.deepEqual(response, { ok: false, serverVersion: V1_7_0, message: 'x', status: 1 });
});
