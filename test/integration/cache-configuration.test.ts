import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AtomicityMode,
  type CacheConfiguration,
  CacheCreationError,
  CacheMode,
  type CacheSettings,
  Decimal,
  ExpiryDuration,
  type IgniteClient,
  IndexType,
  ParameterError,
  PartitionLossPolicy,
  RebalanceMode,
  T,
  typed,
  WriteSynchronizationMode,
} from '../../src/index.js';
import { connectTestClient, uniqueName } from '../support/nodes.js';

// Every property is set to a value other than the 2.17.0 default (CacheConfiguration.DFLT_*),
// so a property that is not sent, or is read from the wrong offset, fails the comparison.

describe('cache configuration against a real node', () => {
  let client: IgniteClient;
  const created: string[] = [];

  before(async () => {
    client = await connectTestClient();
  });
  after(async () => {
    for (const name of created) await client.destroyCache(name).catch(() => undefined);
    await client.close();
  });

  async function create(config: CacheConfiguration): Promise<CacheSettings> {
    created.push(config.name);
    const cache = await client.createCache(config);
    return cache.configuration();
  }

  test('a configuration with nothing but a name reads back the server defaults', async () => {
    const name = uniqueName('cfg-defaults');
    assert.deepEqual(await create({ name }), {
      name,
      cacheMode: CacheMode.Partitioned,
      atomicityMode: AtomicityMode.Atomic,
      backups: 0,
      writeSynchronizationMode: WriteSynchronizationMode.PrimarySync,
      copyOnRead: true,
      readFromBackup: true,
      dataRegionName: null,
      onheapCacheEnabled: false,
      queryEntities: [],
      queryParallelism: 1,
      queryDetailMetricsSize: 0,
      sqlSchema: null,
      sqlIndexInlineMaxSize: -1,
      sqlEscapeAll: false,
      maxQueryIterators: 1024,
      rebalanceMode: RebalanceMode.Async,
      rebalanceDelayMs: 0,
      rebalanceTimeoutMs: 10_000,
      rebalanceBatchSize: 512 * 1024,
      rebalanceBatchesPrefetchCount: 3,
      rebalanceOrder: 0,
      rebalanceThrottleMs: 0,
      groupName: null,
      keyConfiguration: [],
      defaultLockTimeoutMs: 0,
      maxConcurrentAsyncOperations: 500,
      partitionLossPolicy: PartitionLossPolicy.Ignore,
      eagerTtl: true,
      statisticsEnabled: false,
      expiryPolicy: null,
    } satisfies CacheSettings);
  });

  test('every property of a partitioned cache, query entity included, reads back as set', async () => {
    const name = uniqueName('cfg-all');
    const groupName = uniqueName('cfg-group');
    const settings = await create({
      name,
      cacheMode: CacheMode.Partitioned,
      atomicityMode: AtomicityMode.Transactional,
      backups: 2,
      writeSynchronizationMode: WriteSynchronizationMode.FullSync,
      copyOnRead: false,
      readFromBackup: false,
      // The node has one data region, "default"; naming it explicitly differs from the null default.
      dataRegionName: 'default',
      onheapCacheEnabled: true,
      queryParallelism: 4,
      queryDetailMetricsSize: 16,
      sqlSchema: 'cfgSchema',
      sqlIndexInlineMaxSize: 48,
      maxQueryIterators: 77,
      rebalanceMode: RebalanceMode.Sync,
      rebalanceDelayMs: 1234,
      rebalanceTimeoutMs: 22_222,
      rebalanceBatchSize: 1024,
      rebalanceBatchesPrefetchCount: 5,
      rebalanceOrder: 3,
      rebalanceThrottleMs: 7,
      groupName,
      keyConfiguration: [{ typeName: 'PersonKey', affinityKeyFieldName: 'cityId' }],
      defaultLockTimeoutMs: 3000,
      maxConcurrentAsyncOperations: 100,
      partitionLossPolicy: PartitionLossPolicy.ReadOnlyAll,
      eagerTtl: false,
      statisticsEnabled: true,
      expiryPolicy: { createMs: 60_000, updateMs: ExpiryDuration.Eternal, accessMs: 0 },
      queryEntities: [
        {
          keyTypeName: 'java.lang.Long',
          valueTypeName: 'Person',
          tableName: 'people',
          keyFieldName: 'id',
          fields: [
            { name: 'id', typeName: 'java.lang.Long', isKeyField: true },
            { name: 'name', typeName: 'java.lang.String', isNotNull: true, defaultValue: 'anon', precision: 20 },
            { name: 'salary', typeName: 'java.math.BigDecimal', precision: 10, scale: 2, defaultValue: new Decimal(15_000n, 2) },
            { name: 'age', typeName: 'java.lang.Integer', defaultValue: typed(18, T.int) },
            { name: 'score', typeName: 'java.lang.Double', defaultValue: 0.5 },
            { name: 'active', typeName: 'java.lang.Boolean', defaultValue: true },
            { name: 'visits', typeName: 'java.lang.Long', defaultValue: 9_007_199_254_740_993n },
            { name: 'bio', typeName: 'java.lang.String' },
          ],
          aliases: [{ fieldName: 'name', alias: 'fullName' }],
          indexes: [
            { name: 'idx_name_salary', type: IndexType.Sorted, inlineSize: 32, fields: [{ name: 'name', descending: true }, { name: 'salary' }] },
            { name: 'idx_bio', type: IndexType.Fulltext, fields: [{ name: 'bio' }] },
          ],
        },
      ],
    });
    const unset = { isKeyField: false, isNotNull: false, defaultValue: null, precision: -1, scale: -1 };
    assert.deepEqual(settings, {
      name,
      cacheMode: CacheMode.Partitioned,
      atomicityMode: AtomicityMode.Transactional,
      backups: 2,
      writeSynchronizationMode: WriteSynchronizationMode.FullSync,
      copyOnRead: false,
      readFromBackup: false,
      dataRegionName: 'default',
      onheapCacheEnabled: true,
      // The configuration keeps the schema as given; only SQL resolves it (to CFGSCHEMA).
      sqlSchema: 'cfgSchema',
      queryParallelism: 4,
      queryDetailMetricsSize: 16,
      sqlIndexInlineMaxSize: 48,
      sqlEscapeAll: false,
      maxQueryIterators: 77,
      rebalanceMode: RebalanceMode.Sync,
      rebalanceDelayMs: 1234,
      rebalanceTimeoutMs: 22_222,
      rebalanceBatchSize: 1024,
      rebalanceBatchesPrefetchCount: 5,
      rebalanceOrder: 3,
      rebalanceThrottleMs: 7,
      groupName,
      keyConfiguration: [{ typeName: 'PersonKey', affinityKeyFieldName: 'cityId' }],
      defaultLockTimeoutMs: 3000,
      maxConcurrentAsyncOperations: 100,
      partitionLossPolicy: PartitionLossPolicy.ReadOnlyAll,
      eagerTtl: false,
      statisticsEnabled: true,
      expiryPolicy: { createMs: 60_000, updateMs: ExpiryDuration.Eternal, accessMs: 0 },
      queryEntities: [
        {
          keyTypeName: 'java.lang.Long',
          valueTypeName: 'Person',
          // Without sqlEscapeAll the server upper-cases SQL names (QueryUtils.normalizeQueryEntity):
          // the table, every alias and every index name. Field names stay as they are.
          tableName: 'PEOPLE',
          keyFieldName: 'id',
          valueFieldName: null,
          fields: [
            { ...unset, name: 'id', typeName: 'java.lang.Long', isKeyField: true },
            { ...unset, name: 'name', typeName: 'java.lang.String', isNotNull: true, defaultValue: 'anon', precision: 20 },
            { ...unset, name: 'salary', typeName: 'java.math.BigDecimal', precision: 10, scale: 2, defaultValue: new Decimal(15_000n, 2) },
            { ...unset, name: 'age', typeName: 'java.lang.Integer', defaultValue: 18 },
            { ...unset, name: 'score', typeName: 'java.lang.Double', defaultValue: 0.5 },
            { ...unset, name: 'active', typeName: 'java.lang.Boolean', defaultValue: true },
            { ...unset, name: 'visits', typeName: 'java.lang.Long', defaultValue: 9_007_199_254_740_993n },
            { ...unset, name: 'bio', typeName: 'java.lang.String' },
          ],
          // The server gives every field an alias (its name, upper-cased) besides the one set.
          aliases: [
            { fieldName: 'id', alias: 'ID' },
            { fieldName: 'name', alias: 'FULLNAME' },
            { fieldName: 'salary', alias: 'SALARY' },
            { fieldName: 'age', alias: 'AGE' },
            { fieldName: 'score', alias: 'SCORE' },
            { fieldName: 'active', alias: 'ACTIVE' },
            { fieldName: 'visits', alias: 'VISITS' },
            { fieldName: 'bio', alias: 'BIO' },
          ],
          indexes: [
            {
              name: 'IDX_NAME_SALARY',
              type: IndexType.Sorted,
              inlineSize: 32,
              fields: [
                { name: 'name', descending: true },
                { name: 'salary', descending: false },
              ],
            },
            { name: 'IDX_BIO', type: IndexType.Fulltext, inlineSize: -1, fields: [{ name: 'bio', descending: false }] },
          ],
        },
      ],
    } satisfies CacheSettings);

    // A cache with all of this is usable.
    const cache = client.cache<number, string>(name);
    await cache.put(1, 'one');
    assert.equal(await cache.get(1), 'one');
  });

  test('a replicated cache; eternal expiry; int64 values beyond 2^53', async () => {
    const name = uniqueName('cfg-repl');
    const settings = await create({
      name,
      cacheMode: CacheMode.Replicated,
      backups: 3,
      writeSynchronizationMode: WriteSynchronizationMode.FullAsync,
      rebalanceMode: RebalanceMode.None,
      partitionLossPolicy: PartitionLossPolicy.ReadOnlySafe,
      rebalanceDelayMs: -1,
      rebalanceTimeoutMs: 2n ** 62n,
      defaultLockTimeoutMs: 9_223_372_036_854_775_807n,
      expiryPolicy: { createMs: ExpiryDuration.Eternal, updateMs: ExpiryDuration.Eternal, accessMs: ExpiryDuration.Eternal },
    });
    assert.equal(settings.cacheMode, CacheMode.Replicated);
    // A replicated cache keeps a copy on every node: the server sets backups to Integer.MAX_VALUE
    // whatever was asked (GridCacheUtils.initializeConfigDefaults).
    assert.equal(settings.backups, 2_147_483_647);
    assert.equal(settings.writeSynchronizationMode, WriteSynchronizationMode.FullAsync);
    assert.equal(settings.rebalanceMode, RebalanceMode.None);
    assert.equal(settings.partitionLossPolicy, PartitionLossPolicy.ReadOnlySafe);
    assert.equal(settings.rebalanceDelayMs, -1);
    assert.equal(settings.rebalanceTimeoutMs, 2n ** 62n);
    assert.equal(settings.defaultLockTimeoutMs, 9_223_372_036_854_775_807n);
    assert.deepEqual(settings.expiryPolicy, { createMs: -1, updateMs: -1, accessMs: -1 });
  });

  test('every value of every enum reads back', async () => {
    const tables = [CacheMode, AtomicityMode, WriteSynchronizationMode, RebalanceMode, PartitionLossPolicy].map((t) => Object.values(t) as number[]);
    const rounds = Math.max(...tables.map((t) => t.length));
    for (let i = 0; i < rounds; i++) {
      const [cacheMode, atomicityMode, writeSynchronizationMode, rebalanceMode, partitionLossPolicy] = tables.map((t) => t[i % t.length]!);
      const expected = { cacheMode, atomicityMode, writeSynchronizationMode, rebalanceMode, partitionLossPolicy };
      const settings = await create({ name: uniqueName('cfg-enum'), ...(expected as Partial<CacheConfiguration>) });
      assert.deepEqual(
        {
          cacheMode: settings.cacheMode,
          atomicityMode: settings.atomicityMode,
          writeSynchronizationMode: settings.writeSynchronizationMode,
          rebalanceMode: settings.rebalanceMode,
          partitionLossPolicy: settings.partitionLossPolicy,
        },
        expected,
      );
    }
  });

  test('an expiry policy with omitted durations reads back as Unchanged', async () => {
    const settings = await create({ name: uniqueName('cfg-expiry'), expiryPolicy: { accessMs: 5000 } });
    assert.deepEqual(settings.expiryPolicy, { createMs: ExpiryDuration.Unchanged, updateMs: ExpiryDuration.Unchanged, accessMs: 5000 });
  });

  test('with sqlEscapeAll the server keeps names as given; primitive key and value fields', async () => {
    const name = uniqueName('cfg-escape');
    const settings = await create({
      name,
      sqlEscapeAll: true,
      sqlSchema: '"quotedSchema"',
      queryEntities: [
        {
          keyTypeName: 'java.lang.Integer',
          valueTypeName: 'java.lang.String',
          tableName: 'words',
          keyFieldName: 'k',
          valueFieldName: 'v',
          fields: [
            { name: 'k', typeName: 'java.lang.Integer', isKeyField: true },
            { name: 'v', typeName: 'java.lang.String', precision: 40 },
          ],
          indexes: [{ name: 'v_idx', fields: [{ name: 'v', descending: true }] }],
        },
      ],
    });
    assert.equal(settings.sqlEscapeAll, true);
    assert.equal(settings.sqlSchema, '"quotedSchema"');
    assert.deepEqual(settings.queryEntities, [
      {
        keyTypeName: 'java.lang.Integer',
        valueTypeName: 'java.lang.String',
        tableName: 'words',
        keyFieldName: 'k',
        valueFieldName: 'v',
        fields: [
          { name: 'k', typeName: 'java.lang.Integer', isKeyField: true, isNotNull: false, defaultValue: null, precision: -1, scale: -1 },
          { name: 'v', typeName: 'java.lang.String', isKeyField: false, isNotNull: false, defaultValue: null, precision: 40, scale: -1 },
        ],
        // Escaped names are not upper-cased, but every field still gets an alias (its own name).
        aliases: [
          { fieldName: 'k', alias: 'k' },
          { fieldName: 'v', alias: 'v' },
        ],
        indexes: [{ name: 'v_idx', type: IndexType.Sorted, inlineSize: -1, fields: [{ name: 'v', descending: true }] }],
      },
    ]);
  });

  test('a query entity without a table name gets one derived from the value type', async () => {
    const settings = await create({
      name: uniqueName('cfg-table'),
      queryEntities: [{ keyTypeName: 'java.lang.Long', valueTypeName: 'org.example.City', fields: [{ name: 'population', typeName: 'java.lang.Long' }] }],
    });
    // QueryUtils.tableName takes the simple class name; normalisation upper-cases it.
    assert.equal(settings.queryEntities[0]!.tableName, 'CITY');
  });

  test('a GEOSPATIAL index is refused by this node (no ignite-geospatial module) with a CacheCreationError', async () => {
    // ignite-indexing 2.17.0 alone has no geospatial index factory: the node answers "Failed to
    // complete exchange process" (its log: "Not found factory for index type: GEOSPATIAL") for any
    // field type, JTS Geometry included. SORTED and FULLTEXT are covered above.
    const name = uniqueName('cfg-geo');
    await assert.rejects(
      client.createCache({
        name,
        queryEntities: [
          {
            keyTypeName: 'java.lang.Long',
            valueTypeName: uniqueName('Place').replace('-', '_'),
            fields: [{ name: 'location', typeName: 'org.locationtech.jts.geom.Geometry' }],
            indexes: [{ name: 'location_idx', type: IndexType.Geospatial, fields: [{ name: 'location' }] }],
          },
        ],
      }),
      (e: unknown) => e instanceof CacheCreationError && typeof e.status === 'number',
    );
    assert.equal((await client.cacheNames()).includes(name), false);
    // The node and the connection are still usable.
    const settings = await create({ name: uniqueName('cfg-after-geo'), backups: 1 });
    assert.equal(settings.backups, 1);
  });

  test('getOrCreateCache(config) of an existing cache returns it unchanged, data included', async () => {
    const name = uniqueName('cfg-existing');
    created.push(name);
    const first = await client.createCache<number, string>({ name, backups: 1, statisticsEnabled: true });
    await first.put(7, 'seven');
    const second = await client.getOrCreateCache<number, string>({ name, backups: 3, cacheMode: CacheMode.Replicated });
    assert.equal(await second.get(7), 'seven');
    const settings = await second.configuration();
    assert.equal(settings.cacheMode, CacheMode.Partitioned);
    assert.equal(settings.backups, 1);
    assert.equal(settings.statisticsEnabled, true);
    await assert.rejects(client.createCache({ name, backups: 2 }), CacheCreationError);
  });

  test('getOrCreateCache(config) of a new cache creates it with that configuration', async () => {
    const name = uniqueName('cfg-new');
    created.push(name);
    const cache = await client.getOrCreateCache({ name, onheapCacheEnabled: true, sqlIndexInlineMaxSize: 10 });
    const settings = await cache.configuration();
    assert.equal(settings.onheapCacheEnabled, true);
    assert.equal(settings.sqlIndexInlineMaxSize, 10);
  });

  test('bad configurations are refused with ParameterError before anything is sent; the client stays usable', async () => {
    const name = uniqueName('cfg-bad');
    const bad: unknown[] = [
      // A LOCAL (0) cache mode would make the server close the connection without a reply.
      { name, cacheMode: 0 },
      { name, queryParallelism: 0 },
      { name, backups: -1 },
      { name, sqlSchema: '' },
      { name, rebalanceTimeoutMs: 2 ** 60 },
      { name, backup: 1 },
      { name, queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', indexes: [{ name: 'i', type: 7, fields: [] }] }] },
      { name, queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', fields: [{ name: 'f', typeName: 'T', scale: 1.5 }] }] },
    ];
    for (const config of bad) {
      await assert.rejects(client.createCache(config as CacheConfiguration), ParameterError, JSON.stringify(config));
      await assert.rejects(client.getOrCreateCache(config as CacheConfiguration), ParameterError);
    }
    assert.equal((await client.cacheNames()).includes(name), false);
    const settings = await create({ name, backups: 1 });
    assert.equal(settings.backups, 1);
  });
});
