// Every protocol version this client speaks, against the real node (Ignite 2.17 accepts them all):
// the client pinned to each with `protocolVersion`, and what each version can and cannot carry.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AtomicityMode,
  complexType,
  IgniteClient,
  NotSupportedByClusterError,
  ParameterError,
  T,
  Uuid,
} from '../../src/index.js';
import { SUPPORTED_VERSIONS, V1_5_0, V1_6_0 } from '../../src/protocol/versions.js';
import { testNodes, uniqueName } from '../support/nodes.js';

const Person = complexType('org.igniteclient.test.VersionedPerson', { id: T.long, name: T.string, tags: T.collection });

for (const version of SUPPORTED_VERSIONS) {
  describe(`protocol ${version}`, () => {
    test('handshake, cache configuration, key-value, batches, complex objects, scan and SQL', async () => {
      await using client = await IgniteClient.connect({ nodes: testNodes(), protocolVersion: version.toString() });
      assert.equal(client.protocolVersion, version.toString());
      const name = uniqueName(`v${version.toString().replace(/\./g, '')}`);
      const cache = await client.createCache<unknown, unknown>({ name, backups: 1, atomicityMode: AtomicityMode.Transactional });
      try {
        const settings = await cache.configuration();
        assert.equal(settings.name, name);
        assert.equal(settings.backups, 1);
        assert.equal(settings.atomicityMode, AtomicityMode.Transactional);
        const id = Uuid.random();
        await cache.put('text', 'value');
        await cache.put(42, 1n << 60n);
        await cache.put(id, new Person({ id: 7n, name: 'Ada', tags: ['a', 'b'] }));
        assert.equal(await cache.get('text'), 'value');
        assert.equal(await cache.get(42), 1n << 60n);
        const person = (await cache.get(id)) as InstanceType<typeof Person>;
        assert.equal(person.name, 'Ada');
        assert.deepEqual(person.tags, ['a', 'b']);
        await cache.putAll([['b1', 1], ['b2', 2]]);
        assert.equal((await cache.getAll(['b1', 'b2', 'missing'])).size, 2);
        assert.equal(await cache.size(), 5);
        assert.equal((await cache.scan({ pageSize: 2 }).toArray()).length, 5);
        const rows = await client.sql('SELECT ? + 1', { args: [41] }).toArray();
        assert.deepEqual(rows, [[42]]);
      } finally {
        await cache.destroy();
      }
    });

    test(`what protocol ${version} cannot carry is refused with NotSupportedByClusterError, not sent wrong`, async () => {
      await using client = await IgniteClient.connect({ nodes: testNodes(), protocolVersion: version.toString() });
      const cache = await client.getOrCreateCache<string, number>({ name: uniqueName('v-limits'), atomicityMode: AtomicityMode.Transactional });
      try {
        const expiring = cache.withExpiryPolicy({ createMs: 60_000 });
        if (version.atLeast(V1_6_0)) await expiring.put('e', 1);
        else await assert.rejects(expiring.put('e', 1), NotSupportedByClusterError);
        if (version.atLeast(V1_5_0)) {
          await client.transaction(async () => cache.put('t', 1));
          assert.equal(await cache.get('t'), 1);
        } else {
          await assert.rejects(client.transaction(async () => cache.put('t', 1)), NotSupportedByClusterError);
        }
      } finally {
        await cache.destroy();
      }
    });
  });
}

test('protocolVersion must name a version this client speaks', () => {
  assert.throws(() => new IgniteClient({ protocolVersion: '1.8.0' }), (e: unknown) => e instanceof ParameterError && /"1\.7\.0", "1\.6\.0"/.test(e.message));
  assert.throws(() => new IgniteClient({ protocolVersion: 17 as never }), ParameterError);
});
