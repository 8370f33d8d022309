import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BinaryReader } from '../../../src/binary/reader.js';
import { DEFAULT_READ_OPTIONS, writeString, writeValue } from '../../../src/binary/values.js';
import { BinaryWriter } from '../../../src/binary/writer.js';
import {
  AtomicityMode,
  type CacheConfiguration,
  CacheMode,
  type CacheSettings,
  ExpiryDuration,
  IndexType,
  PartitionLossPolicy,
  RebalanceMode,
  toCacheConfiguration,
  WriteSynchronizationMode,
} from '../../../src/config/cache-configuration.js';
import { NotSupportedByClusterError, ParameterError, ParseError } from '../../../src/errors.js';
import { readCacheConfiguration, readExpiryPolicy, writeCacheConfiguration, writeExpiryPolicy } from '../../../src/protocol/cache-config.js';
import { type ProtocolVersion, V1_1_0, V1_2_0, V1_5_0, V1_6_0, V1_7_0 } from '../../../src/protocol/versions.js';
import { fromHex, hex } from '../../support/bytes.js';

function encode(config: CacheConfiguration, version: ProtocolVersion = V1_7_0): string {
  const w = new BinaryWriter(8);
  writeCacheConfiguration(w, toCacheConfiguration(config), version);
  return hex(w.view());
}

// Expected bytes below are derived by hand from the protocol reference §3.4 and the 2.17.0 server
// (ClientCacheConfigurationSerializer.read / readQueryEntity, PlatformConfigurationUtils
// .readQueryIndex / readExpiryPolicyFactory): `i32 byteLength` (of everything after it),
// `i16 count`, then `i16 code` + value per property; strings are typed (`09 i32 len utf8`, `65` null);
// everything little endian. Codes: 0 name, 1 cacheMode, 3 backups, 5 copyOnRead, 200 (c8 00) query
// entities, 203 (cb 00) sqlSchema, 301 (2d 01) rebalanceDelay, 302 (2e 01) rebalanceTimeout,
// 401 (91 01) key configuration, 407 (97 01) expiry policy.
describe('property form (requests 1053/1054)', () => {
  test('a name alone: one property', () => {
    assert.equal(
      encode({ name: 'a' }),
      '0a000000' + // length 10 = 2 (count) + 2 (code) + 6 (string)
        '0100' + // 1 property
        '0000' + '0901000000' + '61', // NAME "a"
    );
  });

  test('scalar kinds, key configuration and expiry policy, in ascending code order', () => {
    assert.equal(
      encode({
        name: 'c',
        expiryPolicy: { createMs: 1000, accessMs: ExpiryDuration.Eternal },
        keyConfiguration: [{ typeName: 'K', affinityKeyFieldName: 'f' }],
        rebalanceTimeoutMs: 2n ** 40n,
        rebalanceDelayMs: -1,
        sqlSchema: 'S',
        copyOnRead: false,
        backups: 1,
        cacheMode: CacheMode.Replicated,
      }),
      '62000000' + // length 98
        '0900' + // 9 properties
        '0000' + '0901000000' + '63' + // NAME "c"
        '0100' + '01000000' + // CACHE_MODE i32 1 (REPLICATED code)
        '0300' + '01000000' + // BACKUPS i32 1
        '0500' + '00' + // COPY_ON_READ false
        'cb00' + '0901000000' + '53' + // SQL_SCHEMA "S"
        '2d01' + 'ffffffffffffffff' + // REBALANCE_DELAY i64 -1
        '2e01' + '0000000000010000' + // REBALANCE_TIMEOUT i64 2^40
        '9101' + '01000000' + '0901000000' + '4b' + '0901000000' + '66' + // KEY_CONFIGURATION [("K", "f")]
        '9701' + '01' + 'e803000000000000' + 'feffffffffffffff' + 'ffffffffffffffff', // EXPIRY_POLICY present, create 1000, update -2 (omitted), access -1
    );
  });

  const entityConfig = (field: Record<string, unknown>): CacheConfiguration => ({
    name: 'q',
    queryEntities: [
      {
        keyTypeName: 'K',
        valueTypeName: 'V',
        tableName: 'T',
        fields: [{ name: 'a', typeName: 'java.lang.Integer', isKeyField: true, isNotNull: true, defaultValue: 'x', ...field }],
        aliases: [{ fieldName: 'a', alias: 'A' }],
        indexes: [{ name: 'i', fields: [{ name: 'a', descending: true }] }],
      },
    ],
  });
  const entityHead =
    '0200' + // 2 properties
    '0000' + '0901000000' + '71' + // NAME "q"
    'c800' + '01000000' + // QUERY_ENTITIES, 1 entity
    '0901000000' + '4b' + '0901000000' + '56' + '0901000000' + '54' + // keyType "K", valueType "V", table "T"
    '65' + '65' + // keyFieldName, valueFieldName: null
    '01000000' + // 1 field
    '0901000000' + '61' + '0911000000' + '6a6176612e6c616e672e496e7465676572' + // "a", "java.lang.Integer"
    '01' + '01' + // isKey, notNull
    '0901000000' + '78'; // defaultValue: the data object String "x"
  const entityTail =
    '01000000' + '0901000000' + '61' + '0901000000' + '41' + // 1 alias: "a" -> "A"
    '01000000' + // 1 index
    '0901000000' + '69' + // name "i"
    '00' + // i8 type SORTED (the default)
    'ffffffff' + // i32 inlineSize -1 (the default)
    '01000000' + '0901000000' + '61' + '01'; // 1 field: "a", descending true (the server stores ascending = !descending)

  test('a query entity at 1.7.0 carries precision and scale after each field', () => {
    assert.equal(
      encode(entityConfig({ precision: 5, scale: 2 })),
      '7e000000' + entityHead + '05000000' + '02000000' + entityTail, // length 126
    );
  });

  test('unset precision and scale are -1 at 1.2.0 and absent before it', () => {
    assert.equal(encode(entityConfig({}), V1_2_0), '7e000000' + entityHead + 'ffffffff' + 'ffffffff' + entityTail);
    assert.equal(encode(entityConfig({}), V1_1_0), '76000000' + entityHead + entityTail); // length 118
  });

  test('properties the negotiated version cannot carry are NotSupportedByClusterError', () => {
    assert.throws(() => encode(entityConfig({ precision: 5 }), V1_1_0), (e: unknown) => e instanceof NotSupportedByClusterError && /precision and scale needs protocol 1\.2\.0/.test(e.message));
    assert.throws(() => encode({ name: 'e', expiryPolicy: {} }, V1_5_0), (e: unknown) => e instanceof NotSupportedByClusterError && /expiryPolicy needs protocol 1\.6\.0/.test(e.message));
    assert.equal(encode({ name: 'e', expiryPolicy: {} }, V1_6_0).slice(-54), '9701' + '01' + 'feffffffffffffff'.repeat(3));
  });

  test('the 407 block helpers: null is a lone false; read returns what was written', () => {
    const w = new BinaryWriter(8);
    writeExpiryPolicy(w, null);
    writeExpiryPolicy(w, { updateMs: 5n });
    assert.equal(hex(w.view()), '00' + '01' + 'feffffffffffffff' + '0500000000000000' + 'feffffffffffffff');
    const r = new BinaryReader(w.view());
    assert.equal(readExpiryPolicy(r), null);
    assert.deepEqual(readExpiryPolicy(r), { createMs: -2, updateMs: 5, accessMs: -2 });
  });
});

/**
 * A fixed-form body (the 1055 response) written field by field in the order of the 2.17.0
 * ClientCacheConfigurationSerializer.write, with non-default values everywhere.
 */
function fixedForm(version: ProtocolVersion, trailing = ''): Buffer {
  const w = new BinaryWriter(8);
  const at = w.reserveI32();
  w.writeI32(0); // atomicityMode TRANSACTIONAL
  w.writeI32(2147483647); // backups, as the server reports a REPLICATED cache's
  w.writeI32(1); // cacheMode REPLICATED (code)
  w.writeBool(false); // copyOnRead
  writeString(w, 'region'); // dataRegionName
  w.writeBool(false); // eagerTtl
  w.writeBool(true); // statisticsEnabled
  writeString(w, null); // groupName
  w.writeI64(2500); // defaultLockTimeout
  w.writeI32(42); // maxConcurrentAsyncOperations
  w.writeI32(99); // maxQueryIterators
  writeString(w, 'cfg'); // name
  w.writeBool(true); // onheapCacheEnabled
  w.writeI32(3); // partitionLossPolicy READ_WRITE_ALL
  w.writeI32(7); // queryDetailMetricsSize
  w.writeI32(1); // queryParallelism
  w.writeBool(false); // readFromBackup
  w.writeI32(4096); // rebalanceBatchSize
  w.writeI64(6); // rebalanceBatchesPrefetchCount
  w.writeI64(-1); // rebalanceDelay
  w.writeI32(2); // rebalanceMode NONE
  w.writeI32(-5); // rebalanceOrder
  w.writeI64(11); // rebalanceThrottle
  w.writeI64(9223372036854775807n); // rebalanceTimeout: Long.MAX_VALUE, beyond 2^53
  w.writeBool(true); // sqlEscapeAll
  w.writeI32(64); // sqlIndexMaxInlineSize
  writeString(w, 'SCH'); // sqlSchema
  w.writeI32(1); // writeSynchronizationMode FULL_ASYNC
  w.writeI32(1); // key configurations
  writeString(w, 'KeyType');
  writeString(w, 'aff');
  w.writeI32(1); // query entities
  writeString(w, 'java.lang.Long');
  writeString(w, 'Person');
  writeString(w, 'PERSON');
  writeString(w, null);
  writeString(w, null);
  w.writeI32(2); // fields
  for (const [name, type, isKey, notNull, dflt, precision, scale] of [
    ['id', 'java.lang.Long', true, false, null, -1, -1],
    ['pay', 'java.math.BigDecimal', false, true, 'n/a', 8, 2],
  ] as const) {
    writeString(w, name);
    writeString(w, type);
    w.writeBool(isKey);
    w.writeBool(notNull);
    writeValue(w, dflt, 'default');
    if (version.atLeast(V1_2_0)) {
      w.writeI32(precision);
      w.writeI32(scale);
    }
  }
  w.writeI32(2); // aliases, in the server's HashMap order (here not the field order)
  writeString(w, 'pay');
  writeString(w, 'PAY');
  writeString(w, 'id');
  writeString(w, 'ID');
  w.writeI32(1); // indexes
  writeString(w, 'PAY_IDX');
  w.writeI8(1); // FULLTEXT
  w.writeI32(16);
  w.writeI32(2);
  writeString(w, 'pay');
  w.writeBool(true); // descending
  writeString(w, 'id');
  w.writeBool(false);
  if (version.atLeast(V1_6_0)) {
    w.writeBool(true); // expiry policy present
    w.writeI64(-1);
    w.writeI64(0);
    w.writeI64(86_400_000);
  }
  w.writeBytes(fromHex(trailing));
  w.patchI32(at, w.position - at - 4);
  return Buffer.from(w.view());
}

const expectedSettings = (version: ProtocolVersion): CacheSettings => ({
  name: 'cfg',
  cacheMode: CacheMode.Replicated,
  atomicityMode: AtomicityMode.Transactional,
  backups: 2147483647,
  writeSynchronizationMode: WriteSynchronizationMode.FullAsync,
  copyOnRead: false,
  readFromBackup: false,
  dataRegionName: 'region',
  onheapCacheEnabled: true,
  queryEntities: [
    {
      keyTypeName: 'java.lang.Long',
      valueTypeName: 'Person',
      tableName: 'PERSON',
      keyFieldName: null,
      valueFieldName: null,
      fields: [
        { name: 'id', typeName: 'java.lang.Long', isKeyField: true, isNotNull: false, defaultValue: null, precision: -1, scale: -1 },
        {
          name: 'pay',
          typeName: 'java.math.BigDecimal',
          isKeyField: false,
          isNotNull: true,
          defaultValue: 'n/a',
          precision: version.atLeast(V1_2_0) ? 8 : -1,
          scale: version.atLeast(V1_2_0) ? 2 : -1,
        },
      ],
      // Sorted into field order.
      aliases: [
        { fieldName: 'id', alias: 'ID' },
        { fieldName: 'pay', alias: 'PAY' },
      ],
      indexes: [{ name: 'PAY_IDX', type: IndexType.Fulltext, inlineSize: 16, fields: [{ name: 'pay', descending: true }, { name: 'id', descending: false }] }],
    },
  ],
  queryParallelism: 1,
  queryDetailMetricsSize: 7,
  sqlSchema: 'SCH',
  sqlIndexInlineMaxSize: 64,
  sqlEscapeAll: true,
  maxQueryIterators: 99,
  rebalanceMode: RebalanceMode.None,
  rebalanceDelayMs: -1,
  rebalanceTimeoutMs: 9223372036854775807n,
  rebalanceBatchSize: 4096,
  rebalanceBatchesPrefetchCount: 6,
  rebalanceOrder: -5,
  rebalanceThrottleMs: 11,
  groupName: null,
  keyConfiguration: [{ typeName: 'KeyType', affinityKeyFieldName: 'aff' }],
  defaultLockTimeoutMs: 2500,
  maxConcurrentAsyncOperations: 42,
  partitionLossPolicy: PartitionLossPolicy.ReadWriteAll,
  eagerTtl: false,
  statisticsEnabled: true,
  expiryPolicy: version.atLeast(V1_6_0) ? { createMs: ExpiryDuration.Eternal, updateMs: 0, accessMs: 86_400_000 } : null,
});

describe('fixed form (response to 1055)', () => {
  for (const version of [V1_7_0, V1_5_0, V1_1_0]) {
    test(`every property at ${version.toString()}`, () => {
      const bytes = fixedForm(version);
      const r = new BinaryReader(bytes);
      assert.deepEqual(readCacheConfiguration(r, version, DEFAULT_READ_OPTIONS), expectedSettings(version));
      assert.equal(r.remaining, 0);
    });
  }

  test('bytes a later server appends inside the length are skipped', () => {
    const bytes = Buffer.concat([fixedForm(V1_7_0, 'aabbcc'), fromHex('ee')]);
    const r = new BinaryReader(bytes);
    assert.deepEqual(readCacheConfiguration(r, V1_7_0, DEFAULT_READ_OPTIONS), expectedSettings(V1_7_0));
    assert.equal(r.remaining, 1);
  });

  test('a truncated body or a length beyond the frame is a ParseError', () => {
    const bytes = fixedForm(V1_7_0);
    assert.throws(() => readCacheConfiguration(new BinaryReader(bytes.subarray(0, bytes.length - 3)), V1_7_0, DEFAULT_READ_OPTIONS), ParseError);
    const short = Buffer.from(bytes);
    short.writeInt32LE(10, 0);
    assert.throws(() => readCacheConfiguration(new BinaryReader(short), V1_7_0, DEFAULT_READ_OPTIONS), /overran its length/);
  });
});

describe('validation before anything is sent', () => {
  const rejects = (config: unknown, message: RegExp): void => {
    assert.throws(
      () => toCacheConfiguration(config as CacheConfiguration),
      (e: unknown) => e instanceof ParameterError && message.test(e.message),
      `expected ParameterError matching ${message}`,
    );
  };

  test('an unknown property, at the top and nested', () => {
    rejects({ name: 'x', backup: 1 }, /^config: unknown cache configuration property "backup"$/);
    rejects({ name: 'x', backup: undefined }, /unknown cache configuration property "backup"/);
    rejects(
      { name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', fields: [{ name: 'a', typeName: 'T', notNull: true }] }] },
      /^config\.queryEntities\[0\]\.fields\[0\]: unknown query field property "notNull"$/,
    );
    rejects({ name: 'x', expiryPolicy: { create: 1 } }, /^config\.expiryPolicy: unknown expiry policy property "create"$/);
  });

  test('a missing or empty name', () => {
    rejects({}, /^config\.name must be a non-empty string/);
    rejects({ name: '' }, /^config\.name must be a non-empty string/);
    rejects(null, /^config must be a cache name or a CacheConfiguration object/);
    rejects([{ name: 'x' }], /^config must be a cache name or a CacheConfiguration object/);
  });

  test('an enum value outside its table, for every enum', () => {
    rejects({ name: 'x', cacheMode: 0 }, /^config\.cacheMode must be one of CacheMode\.Replicated \(1\), CacheMode\.Partitioned \(2\), got number 0$/);
    rejects({ name: 'x', atomicityMode: 2 }, /^config\.atomicityMode must be one of AtomicityMode/);
    rejects({ name: 'x', writeSynchronizationMode: 3 }, /^config\.writeSynchronizationMode must be one of/);
    rejects({ name: 'x', rebalanceMode: -1 }, /^config\.rebalanceMode must be one of/);
    rejects({ name: 'x', partitionLossPolicy: 5 }, /^config\.partitionLossPolicy must be one of/);
    rejects({ name: 'x', cacheMode: 'PARTITIONED' }, /^config\.cacheMode must be one of .*got string "PARTITIONED"$/);
    rejects(
      { name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', indexes: [{ name: 'i', type: 3, fields: [] }] }] },
      /^config\.queryEntities\[0\]\.indexes\[0\]\.type must be one of IndexType/,
    );
  });

  test('a negative count', () => {
    rejects({ name: 'x', backups: -1 }, /^config\.backups must be a whole number from 0 to 2147483647, got number -1$/);
    rejects({ name: 'x', maxConcurrentAsyncOperations: -1 }, /^config\.maxConcurrentAsyncOperations must be/);
    rejects({ name: 'x', rebalanceBatchesPrefetchCount: -1n }, /^config\.rebalanceBatchesPrefetchCount must be/);
    // The server's setter throws while the request is decoded, which closes the connection.
    rejects({ name: 'x', queryParallelism: 0 }, /^config\.queryParallelism must be a whole number from 1/);
  });

  test('a value below its -1 / -2 sentinel', () => {
    rejects({ name: 'x', rebalanceDelayMs: -2 }, /^config\.rebalanceDelayMs must be a whole number .* from -1/);
    rejects({ name: 'x', sqlIndexInlineMaxSize: -2 }, /^config\.sqlIndexInlineMaxSize must be/);
    rejects({ name: 'x', expiryPolicy: { accessMs: -3 } }, /^config\.expiryPolicy\.accessMs must be a whole number .* from -2/);
    rejects(
      { name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', fields: [{ name: 'a', typeName: 'T' }, { name: 'b', typeName: 'T' }, { name: 'c', typeName: 'T', precision: -2 }] }] },
      /^config\.queryEntities\[0\]\.fields\[2\]\.precision must be a whole number from -1 to 2147483647, got number -2$/,
    );
  });

  test('a non-integer', () => {
    rejects({ name: 'x', backups: 1.5 }, /^config\.backups must be a whole number/);
    rejects({ name: 'x', rebalanceTimeoutMs: 0.5 }, /^config\.rebalanceTimeoutMs must be a whole number/);
    rejects({ name: 'x', backups: 1n }, /^config\.backups must be a whole number .*got bigint 1n$/);
    rejects({ name: 'x', rebalanceOrder: NaN }, /^config\.rebalanceOrder must be/);
  });

  test('beyond the int32 range', () => {
    rejects({ name: 'x', maxQueryIterators: 2 ** 31 }, /^config\.maxQueryIterators must be a whole number from 0 to 2147483647/);
    rejects({ name: 'x', rebalanceOrder: -(2 ** 31) - 1 }, /^config\.rebalanceOrder must be a whole number from -2147483648/);
  });

  test('beyond the int64 range, or a number that is no longer exact', () => {
    rejects({ name: 'x', defaultLockTimeoutMs: 2n ** 63n }, /^config\.defaultLockTimeoutMs must be .*to 9223372036854775807/);
    rejects({ name: 'x', rebalanceThrottleMs: 2 ** 53 }, /^config\.rebalanceThrottleMs must be a whole number \(a safe integer or a bigint\)/);
    assert.equal(toCacheConfiguration({ name: 'x', rebalanceThrottleMs: 2n ** 63n - 1n }).rebalanceThrottleMs, 2n ** 63n - 1n);
  });

  test('a wrong type for a boolean, a string, a list or an object', () => {
    rejects({ name: 'x', copyOnRead: 1 }, /^config\.copyOnRead must be a boolean, got number 1$/);
    rejects({ name: 'x', sqlSchema: 5 }, /^config\.sqlSchema must be a non-empty string/);
    rejects({ name: 'x', queryEntities: {} }, /^config\.queryEntities must be an array/);
    rejects({ name: 'x', keyConfiguration: ['K'] }, /^config\.keyConfiguration\[0\] must be a CacheKeyConfiguration object/);
    rejects({ name: 'x', expiryPolicy: 1000 }, /^config\.expiryPolicy must be an ExpiryPolicy object/);
  });

  test('an empty name where the server refuses one', () => {
    // CacheConfiguration.setSqlSchema / setDataRegionName throw on "" while decoding the request.
    rejects({ name: 'x', sqlSchema: '' }, /^config\.sqlSchema must be a non-empty string/);
    rejects({ name: 'x', dataRegionName: '' }, /^config\.dataRegionName must be a non-empty string/);
    rejects({ name: 'x', keyConfiguration: [{ typeName: 'K', affinityKeyFieldName: '' }] }, /^config\.keyConfiguration\[0\]\.affinityKeyFieldName must be/);
  });

  test('a required part of a query entity is missing', () => {
    rejects({ name: 'x', queryEntities: [{ valueTypeName: 'V' }] }, /^config\.queryEntities\[0\]\.keyTypeName must be a non-empty string, got undefined$/);
    rejects({ name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', indexes: [{ name: 'i' }] }] }, /^config\.queryEntities\[0\]\.indexes\[0\]\.fields must be an array/);
    rejects({ name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', aliases: [{ fieldName: 'a' }] }] }, /^config\.queryEntities\[0\]\.aliases\[0\]\.alias must be/);
  });

  test('two fields of one name (the server would keep only one)', () => {
    rejects(
      { name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', fields: [{ name: 'a', typeName: 'T' }, { name: 'a', typeName: 'U' }] }] },
      /^config\.queryEntities\[0\]\.fields\[1\]\.name repeats "a" of config\.queryEntities\[0\]\.fields\[0\]$/,
    );
  });

  test('a default value that cannot be written names its path', () => {
    rejects(
      { name: 'x', queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', fields: [{ name: 'a', typeName: 'T', defaultValue: Symbol('s') }] }] },
      /^config\.queryEntities\[0\]\.fields\[0\]\.defaultValue: /,
    );
  });

  test('a bare name is checked under the caller\'s path', () => {
    assert.throws(() => toCacheConfiguration('', 'name'), (e: unknown) => e instanceof ParameterError && /^name must be a non-empty string/.test(e.message));
    assert.deepEqual(toCacheConfiguration('n'), { name: 'n' });
  });

  test('the checked copy leaves out unset properties and is not affected by later changes', () => {
    const fields = [{ name: 'a', typeName: 'T', defaultValue: null }];
    const input: CacheConfiguration = {
      name: 'x',
      backups: undefined,
      groupName: null,
      expiryPolicy: null,
      rebalanceDelayMs: 5n,
      queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', tableName: null, fields }],
    };
    const checked = toCacheConfiguration(input);
    fields.push({ name: 'b', typeName: 'T', defaultValue: null });
    assert.deepEqual(checked, {
      name: 'x',
      rebalanceDelayMs: 5, // a bigint that fits a number encodes the same i64
      queryEntities: [{ keyTypeName: 'K', valueTypeName: 'V', fields: [{ name: 'a', typeName: 'T' }] }],
    });
  });
});
