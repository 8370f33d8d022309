import { randomUUID } from 'node:crypto';
import { IgniteClient, type IgniteClientOptions } from '../../src/index.js';

/** The nodes of the cluster that `npm test` started (scripts/run-tests.mjs). */
export function testNodes(): string[] {
  const nodes = process.env.IGNITE_TEST_NODES;
  if (nodes === undefined || nodes.length === 0) {
    throw new Error('IGNITE_TEST_NODES is not set: run integration tests through `npm test`, which starts a local Ignite cluster');
  }
  return nodes.split(',');
}

export async function connectTestClient(options: IgniteClientOptions = {}): Promise<IgniteClient> {
  return IgniteClient.connect({ nodes: testNodes(), connectTimeoutMs: 10_000, ...options });
}

/** A cache name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
