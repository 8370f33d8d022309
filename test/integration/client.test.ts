import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CacheCreationError,
  CacheError,
  ClientStatus,
  ConnectionError,
  HandshakeError,
  IgniteClient,
  ParameterError,
  ReconnectError,
} from '../../src/index.js';
import { connectTestClient, testNodes, uniqueName } from '../support/nodes.js';

describe('IgniteClient against a real node', () => {
  let client: IgniteClient;
  before(async () => {
    client = await connectTestClient();
  });
  after(async () => {
    await client.close();
  });

  test('connects with protocol 1.7.0 and knows the node it talks to', () => {
    assert.equal(client.protocolVersion, '1.7.0');
    const [node] = client.connectedNodes;
    assert.ok(node);
    assert.equal(`${node.host}:${node.port}`, testNodes()[0]);
    assert.match(node.nodeId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('createCache, cacheNames and destroyCache', async () => {
    const name = uniqueName('created');
    const cache = await client.createCache<number, string>(name);
    assert.equal(cache.name, name);
    assert.ok((await client.cacheNames()).includes(name));
    await cache.put(1, 'one');
    assert.equal(await cache.get(1), 'one');
    await client.destroyCache(name);
    assert.ok(!(await client.cacheNames()).includes(name));
  });

  test('createCache of an existing cache fails with CacheCreationError carrying the server status', async () => {
    const name = uniqueName('dup');
    await client.createCache(name);
    await assert.rejects(
      client.createCache(name),
      (err: unknown) => err instanceof CacheCreationError && err.status === ClientStatus.CacheExists && err.message.includes(name),
    );
    await client.destroyCache(name);
  });

  test('getOrCreateCache creates once and then returns the same cache', async () => {
    const name = uniqueName('goc');
    const first = await client.getOrCreateCache<string, number>(name);
    await first.put('k', 7);
    const second = await client.getOrCreateCache<string, number>(name);
    assert.equal(await second.get('k'), 7);
    assert.equal((await client.cacheNames()).filter((n) => n === name).length, 1);
    await client.destroyCache(name);
  });

  test('a configuration object with a name creates the cache through the configuration form', async () => {
    const name = uniqueName('cfg');
    const cache = await client.createCache({ name });
    await cache.put(1, 1);
    assert.equal(await cache.size(), 1);
    await assert.rejects(client.createCache({ name }), CacheCreationError);
    const again = await client.getOrCreateCache({ name });
    assert.equal(await again.get(1), 1);
    await client.destroyCache(name);
  });

  test('cache() costs no round trip; operations on a missing cache fail with CacheError', async () => {
    const cache = client.cache(uniqueName('missing'));
    await assert.rejects(cache.get(1), (err: unknown) => err instanceof CacheError && err.status === ClientStatus.CacheDoesNotExist);
    await assert.rejects(client.destroyCache(uniqueName('missing')), CacheError);
  });

  test('bad names and unsupported configuration are refused before anything is sent', async () => {
    assert.throws(() => client.cache(''), ParameterError);
    await assert.rejects(client.createCache(''), ParameterError);
    await assert.rejects(client.destroyCache(42 as unknown as string), ParameterError);
    const refused = uniqueName('refused');
    await assert.rejects(client.createCache({ name: refused, backup: 1 } as never), (e: unknown) => e instanceof ParameterError && /unknown cache configuration property "backup"/.test(e.message));
    // Refused before anything was sent: no such cache exists on the server.
    const names = await client.cacheNames();
    assert.ok(!names.includes(refused), `${refused} was not created`);
    assert.ok(!names.includes(''), 'no cache with an empty name');
    await assert.rejects(client.cache(refused).get(1), (err: unknown) => err instanceof CacheError && err.status === ClientStatus.CacheDoesNotExist);
  });
});

describe('client lifecycle', () => {
  test('IgniteClient.connect and await using close the client', async () => {
    let observed: IgniteClient | undefined;
    {
      await using client = await IgniteClient.connect({ nodes: testNodes() });
      observed = client;
      assert.equal(client.connectedNodes.length, 1);
    }
    assert.equal(observed.connectedNodes.length, 0);
    await assert.rejects(observed.cacheNames(), (err: unknown) => err instanceof ConnectionError && /closed/.test(err.message));
  });

  test('operations before connect() fail with a ConnectionError that says what to do', async () => {
    const client = new IgniteClient({ nodes: testNodes() });
    await assert.rejects(client.cacheNames(), (err: unknown) => err instanceof ConnectionError && /call connect\(\) first/.test(err.message));
    await client.connect();
    assert.ok(Array.isArray(await client.cacheNames()));
    await client.close();
    await client.close();
  });

  test('a node that is not there fails connect with ReconnectError naming the reason, and the client can try again', async () => {
    const client = new IgniteClient({ nodes: ['127.0.0.1:1'], connectTimeoutMs: 2000 });
    const refused = (err: unknown) =>
      err instanceof ReconnectError &&
      /127\.0\.0\.1:1: cannot connect to 127\.0\.0\.1:1: connect ECONNREFUSED/.test(err.message) &&
      err.cause instanceof ConnectionError &&
      !(err.cause instanceof HandshakeError);
    await assert.rejects(client.connect(), refused);
    await assert.rejects(client.connect(), refused);
    await client.close();
  });

  test('a failed node in the list is skipped', async () => {
    await using client = await IgniteClient.connect({ nodes: ['127.0.0.1:1', ...testNodes()] });
    assert.equal(`${client.connectedNodes[0]!.host}:${client.connectedNodes[0]!.port}`, testNodes()[0]);
  });
});
