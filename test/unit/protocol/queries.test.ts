// SQL_FIELDS (2004) and the options that need feature 7, QueryPartitionsBatchSize: with it the
// request ends with `i32 partition count (-1: all), i32 partitions..., i32 updateBatchSize`
// (ClientCacheSqlFieldsQueryRequest); without it there is no place for them, so asking for them
// is refused, not dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BinaryWriter } from '../../../src/binary/writer.js';
import { NotSupportedByClusterError } from '../../../src/errors.js';
import { Feature, FeatureSet } from '../../../src/protocol/features.js';
import type { ConnectionContext, Encoder } from '../../../src/protocol/request.js';
import { type QueryContext, sqlFieldsSource } from '../../../src/query.js';
import type { SqlOptions } from '../../../src/query.js';
import { V1_7_0 } from '../../../src/protocol/versions.js';

const WITH_FEATURE: ConnectionContext = { protocolVersion: V1_7_0, features: FeatureSet.of([Feature.QueryPartitionsBatchSize]) };
const WITHOUT: ConnectionContext = { protocolVersion: V1_7_0, features: FeatureSet.of([Feature.DefaultQueryTimeout]) };

/** The bytes a query's request would carry over `connection`, or the error its encoding throws. */
async function encodeQuery(options: SqlOptions, connection: ConnectionContext): Promise<string> {
  let sent: string | undefined;
  const context: QueryContext = {
    readOptions: { longAsBigInt: false },
    requestPinned: (_opCode: number, encode?: Encoder) => {
      const w = new BinaryWriter(64);
      try {
        encode?.(w, connection);
      } catch (err) {
        return Promise.reject(err);
      }
      sent = Buffer.from(w.view()).toString('hex');
      // No server: the test only wants the request.
      return Promise.reject(new Error('not sent'));
    },
  };
  await sqlFieldsSource(context, 'SELECT 1', options).source.open().catch((err: unknown) => {
    if (sent === undefined) throw err;
  });
  return sent!;
}

const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b.toString('hex');
};

test('with the feature: partitions and updateBatchSize end the request', async () => {
  assert.ok((await encodeQuery({ partitions: [3, 70], updateBatchSize: 5 }, WITH_FEATURE)).endsWith(i32(2) + i32(3) + i32(70) + i32(5)));
  // Neither asked for: all partitions (-1), batches of 1.
  assert.ok((await encodeQuery({}, WITH_FEATURE)).endsWith('00' + i32(-1) + i32(1)));
});

test('without the feature: partitions or an updateBatchSize other than 1 is NotSupportedByClusterError', async () => {
  const refused = (option: string) => (err: unknown) => err instanceof NotSupportedByClusterError && err.message.includes(`SQL option ${option} `);
  await assert.rejects(encodeQuery({ partitions: [3] }, WITHOUT), refused('partitions'));
  await assert.rejects(encodeQuery({ partitions: [] }, WITHOUT), refused('partitions'));
  await assert.rejects(encodeQuery({ updateBatchSize: 5 }, WITHOUT), refused('updateBatchSize'));
  // The query itself still goes, ending at includeFieldNames (false), as the server then reads it.
  const plain = await encodeQuery({ updateBatchSize: 1 }, WITHOUT);
  assert.equal(plain, (await encodeQuery({}, WITH_FEATURE)).slice(0, -16));
  assert.ok(plain.endsWith('00'));
});
