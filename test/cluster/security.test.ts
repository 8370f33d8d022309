// TLS, mutual TLS and authentication against real nodes: a two-node cluster with TLS on its
// thin-client ports and authentication (slot 4; user ignite/ignite, persistence in its work dir),
// and a node that requires a client certificate of the test CA (slot 8). The certificates are
// made for the tests by scripts/certs.mjs. The main test node (plain TCP) is the TLS-less peer.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inspect, promisify } from 'node:util';
import {
  AuthenticationError,
  HandshakeError,
  IgniteClient,
  type IgniteClientOptions,
  ParameterError,
  ReconnectError,
  TlsError,
  WriteSynchronizationMode,
} from '../../src/index.js';
import type { ClientListener } from '../../src/events.js';
import { PASSWORDS, testCertificates } from '../support/certs.js';
import { testCluster } from '../support/cluster.js';
import { testNodes, uniqueName } from '../support/nodes.js';

const certs = testCertificates();
const secure = testCluster({ name: 'security', slot: 4, nodes: 2, heapMb: 384, tls: 'server', auth: true });
const mutual = testCluster({ name: 'mutual-tls', slot: 8, nodes: 1, heapMb: 320, tls: 'mutual' });
const LOGIN = { username: 'ignite', password: 'ignite' } as const;
/** A password that must never show up anywhere: errors, events, log lines. */
const WRONG_PASSWORD = 'wrong-Pa55word-5e3d';
const CONNECT_TIMEOUT_MS = 5000;

before(async () => {
  // Both at once (the clusters are independent); stop() in after() copes with either failing.
  const started = await Promise.allSettled([secure.start(), mutual.start()]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
}, { timeout: 180_000 });
after(() => Promise.all([secure.stop(), mutual.stop()]), { timeout: 60_000 });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * After a node has rejoined, the baseline follows (auto-adjust, 1 s) and creating or destroying a
 * cache is refused meanwhile ("cluster state change is in progress"): wait until one works.
 */
async function untilCachesCanChange(client: IgniteClient): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const probe = await client.getOrCreateCache(uniqueName('probe'));
      await probe.destroy();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

/** TCP and TLS sockets this process holds (TLS sockets are TCP handles underneath). */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap').length;
}

/**
 * Connects with `options`, expects the connect to fail, and returns the error of the node (the
 * cause of the ReconnectError that names every node's reason), checking that it came within the
 * connect timeout and left no socket open.
 */
async function connectFailure(options: IgniteClientOptions): Promise<Error> {
  const socketsBefore = openSockets();
  const client = new IgniteClient({ connectTimeoutMs: CONNECT_TIMEOUT_MS, reconnect: { initialDelayMs: 60_000 }, ...options });
  const started = Date.now();
  let failure: unknown;
  try {
    await client.connect();
  } catch (err) {
    failure = err;
  } finally {
    await client.close();
  }
  const elapsed = Date.now() - started;
  assert.ok(failure instanceof Error, 'connect() must fail');
  assert.ok(elapsed < CONNECT_TIMEOUT_MS, `failed after ${elapsed} ms, within connectTimeoutMs (${CONNECT_TIMEOUT_MS})`);
  await waitFor('the sockets to be closed', () => openSockets() <= socketsBefore, 2000);
  if (failure instanceof ReconnectError) {
    assert.match(failure.message, /no node could be reached/);
    return failure.cause as Error;
  }
  return failure;
}

const tlsWithCa = { ca: certs.caPem };

describe('server TLS', () => {
  test('with the test CA, every node of the set connects over TLS and logs in', async () => {
    const handshakes: number[] = [];
    await using client = await IgniteClient.connect({
      nodes: secure.addresses, tls: tlsWithCa, ...LOGIN, listeners: [{ onHandshakeSuccess: (e) => handshakes.push(e.port) }],
    });
    await waitFor('a connection to both nodes', () => client.connectedNodes.length === 2);
    assert.deepEqual([...handshakes].sort(), secure.addresses.map((a) => Number(a.split(':')[1])).sort());
    const cache = await client.getOrCreateCache<number, string>(uniqueName('tls'));
    await cache.putAll(Array.from({ length: 64 }, (_, i) => [i, `value ${i}`] as [number, string]));
    assert.equal(await cache.get(17), 'value 17');
    assert.equal(await cache.size(), 64);
    const rows = await client.sql('SELECT 1 + 1').toArray();
    assert.deepEqual(rows, [[2]]);
    await cache.destroy();
  });

  test('rejectUnauthorized: false connects without the CA (the caller\'s explicit choice)', async () => {
    await using client = await IgniteClient.connect({ nodes: secure.address(0), tls: { rejectUnauthorized: false }, ...LOGIN, partitionAware: false });
    assert.ok(Array.isArray(await client.cacheNames()));
  });

  test('a certificate of an unrelated CA is rejected: TlsError naming the certificate', async () => {
    const err = await connectFailure({ nodes: secure.address(0), tls: { ca: certs.otherCaPem }, ...LOGIN });
    assert.ok(err instanceof TlsError, `TlsError, got ${inspect(err)}`);
    assert.equal(err.tlsCode, 'SELF_SIGNED_CERT_IN_CHAIN');
    assert.equal(err.code, 'ERR_IGNITE_TLS');
    assert.match(err.message, /certificate of 127\.0\.0\.1:\d+ is not signed by a CA this client trusts.*tls\.ca/);
  });

  test('a server certificate for another host is rejected, by address and by servername', async () => {
    const port = secure.address(0).split(':')[1];
    const byName = await connectFailure({ nodes: `localhost:${port}`, tls: tlsWithCa, ...LOGIN });
    assert.ok(byName instanceof TlsError, `TlsError, got ${inspect(byName)}`);
    assert.equal(byName.tlsCode, 'ERR_TLS_CERT_ALTNAME_INVALID');
    assert.match(byName.message, /certificate of localhost:\d+ is for another host/);
    const byServername = await connectFailure({ nodes: secure.address(0), tls: { ...tlsWithCa, servername: 'ignite.example.org' }, ...LOGIN });
    assert.ok(byServername instanceof TlsError);
    assert.match(byServername.message, /is for another host.*ignite\.example\.org/);
  });

  test('a plain client at a TLS port fails at once and says TLS is expected', async () => {
    const err = await connectFailure({ nodes: secure.address(0), tls: false, ...LOGIN });
    assert.ok(err instanceof HandshakeError, `HandshakeError, got ${inspect(err)}`);
    assert.match(err.message, /closed the connection during the handshake without answering it: a node with TLS on its thin-client port/);
    assert.match(err.message, /set the tls option/);
  });

  test('a TLS client at a plain port fails at once and says the port has no TLS', async () => {
    const err = await connectFailure({ nodes: testNodes()[0], tls: tlsWithCa });
    assert.ok(err instanceof TlsError, `TlsError, got ${inspect(err)}`);
    assert.match(err.message, /during the TLS handshake.*is TLS enabled on its thin-client port/);
  });
});

describe('authentication', () => {
  /** Everything the client reports, so that the password can be looked for in all of it. */
  function recorder(): { listener: ClientListener; logger: IgniteClientOptions['logger']; seen: unknown[]; authFailures: number } {
    const seen: unknown[] = [];
    const state = {
      seen,
      authFailures: 0,
      listener: {} as ClientListener,
      logger: {
        debug: (m: string) => seen.push(m),
        info: (m: string) => seen.push(m),
        warn: (m: string) => seen.push(m),
        error: (m: string) => seen.push(m),
      },
    };
    for (const name of ['onHandshakeStart', 'onHandshakeSuccess', 'onHandshakeFail', 'onConnectionClosed', 'onConnectionLost', 'onQueryStart', 'onQuerySuccess', 'onQueryFail'] as const) {
      (state.listener as Record<string, (e: unknown) => void>)[name] = (e) => seen.push(e);
    }
    state.listener.onAuthenticationFail = (e) => {
      state.authFailures++;
      seen.push(e);
    };
    return state;
  }

  test('a wrong password is AuthenticationError with the server\'s message, at once, and the password is nowhere', async () => {
    const record = recorder();
    const started = Date.now();
    const client = new IgniteClient({
      nodes: secure.addresses, tls: tlsWithCa, username: 'ignite', password: WRONG_PASSWORD,
      listeners: [record.listener], logger: record.logger,
    });
    const err = await client.connect().then(() => undefined, (e: unknown) => e);
    await client.close();
    assert.ok(err instanceof AuthenticationError, `AuthenticationError, got ${inspect(err)}`);
    assert.match(err.message, /refused the handshake .*The user name or password is incorrect/);
    assert.equal(err.status, 2000);
    // Raised at once: another node of the cluster would refuse the login too, so none is tried again.
    assert.ok(Date.now() - started < 3000, `refused after ${Date.now() - started} ms`);
    assert.ok(record.authFailures >= 1, 'onAuthenticationFail listeners are told');
    for (const thing of [err, inspect(err, { depth: 10, showHidden: true }), inspect(client, { depth: 10, showHidden: true }), ...record.seen]) {
      const text = typeof thing === 'string' ? thing : inspect(thing, { depth: 10, showHidden: true });
      assert.ok(!text.includes(WRONG_PASSWORD), `the password appears in: ${text}`);
    }
    const reported = record.seen.filter((e): e is { errorMessage: string } => typeof e === 'object' && e !== null && 'errorMessage' in e);
    assert.ok(reported.some((e) => /user name or password is incorrect/.test(e.errorMessage)), 'the event carries the server\'s message');
  });

  test('missing credentials are refused by a node with authentication', async () => {
    const err = await IgniteClient.connect({ nodes: secure.address(0), tls: tlsWithCa, partitionAware: false }).then(
      async (c) => {
        await c.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(err instanceof AuthenticationError, `AuthenticationError, got ${inspect(err)}`);
    assert.match(err.message, /user name or password is incorrect/);
  });

  test('credentials without a tls option imply TLS (here: verified against the system CAs, which do not know the test CA)', async () => {
    const err = await connectFailure({ nodes: secure.address(0), ...LOGIN });
    // The node's port speaks only TLS; a plain attempt would have been told to set the tls option.
    assert.ok(err instanceof TlsError, `TlsError, got ${inspect(err)}`);
    assert.match(err.message, /not signed by a CA this client trusts/);
  });

  test('credentials and TLS together, and a login that works in SQL too', async () => {
    await using client = await IgniteClient.connect({ nodes: secure.addresses, tls: tlsWithCa, ...LOGIN });
    const table = uniqueName('auth_table').replace(/-/g, '_');
    await client.sql(`CREATE TABLE ${table} (id INT PRIMARY KEY, name VARCHAR)`).toArray();
    await client.sql(`INSERT INTO ${table} (id, name) VALUES (?, ?)`, { args: [1, 'one'] }).toArray();
    assert.deepEqual(await client.sql(`SELECT name FROM ${table} WHERE id = ?`, { args: [1] }).toArray(), [['one']]);
    await client.sql(`DROP TABLE ${table}`).toArray();
  });

  test('after a node restart the client reconnects to it with TLS and the same login, and operations go on', async () => {
    const handshakes: number[] = [];
    const failures: string[] = [];
    await using client = await IgniteClient.connect({
      nodes: secure.addresses, tls: tlsWithCa, ...LOGIN, reconnect: { initialDelayMs: 200, maxDelayMs: 1000 },
      listeners: [{ onHandshakeSuccess: (e) => handshakes.push(e.port), onAuthenticationFail: (e) => failures.push(e.errorMessage) }],
    });
    await waitFor('a connection to both nodes', () => client.connectedNodes.length === 2);
    // FULL_SYNC: a write is acknowledged once the backup has it too, so killing a node loses nothing.
    const cache = await client.getOrCreateCache<number, number>({
      name: uniqueName('restart'), backups: 1, writeSynchronizationMode: WriteSynchronizationMode.FullSync,
    });
    const port1 = Number(secure.address(1).split(':')[1]);
    try {
      await cache.putAll(Array.from({ length: 100 }, (_, i) => [i, i] as [number, number]));
      await secure.kill(1);
      await waitFor('the loss of node 1', () => client.connectedNodes.every((n) => n.port !== port1));
      // Node 1's keys are retried on node 0 while it is away.
      for (let i = 0; i < 100; i++) assert.equal(await cache.get(i), i);
      const before = handshakes.filter((p) => p === port1).length;
      await secure.restart(1);
      await waitFor('the reconnection to node 1', () => client.connectedNodes.some((n) => n.port === port1));
      assert.equal(handshakes.filter((p) => p === port1).length, before + 1, 'one new TLS handshake with login on node 1');
      await cache.putAll(Array.from({ length: 100 }, (_, i) => [i, i * 2] as [number, number]));
      for (let i = 0; i < 100; i++) assert.equal(await cache.get(i), i * 2);
      assert.deepEqual(failures, [], 'no login was refused');
    } finally {
      if (!secure.isRunning(1)) await secure.restart(1);
      await untilCachesCanChange(client);
    }
    await cache.destroy();
  });
});

describe('mutual TLS', () => {
  const clientCertificate = { ca: certs.caPem, cert: certs.clientPem, key: certs.clientKey };

  for (const [what, tls] of [
    ['a key and certificate', clientCertificate],
    ['an encrypted key and its passphrase', { ca: certs.caPem, cert: certs.clientPem, key: certs.clientEncryptedKey, passphrase: PASSWORDS.clientKey }],
    ['a PKCS#12 file (pfx)', { ca: certs.caPem, pfx: certs.clientP12, passphrase: PASSWORDS.store }],
  ] as const) {
    test(`a client certificate of the test CA, as ${what}, is accepted`, async () => {
      await using client = await IgniteClient.connect({ nodes: mutual.addresses, tls });
      const cache = await client.getOrCreateCache<string, string>(uniqueName('mtls'));
      await cache.put('k', what);
      assert.equal(await cache.get('k'), what);
      await cache.destroy();
    });
  }

  test('without a client certificate the node refuses the client: TlsError saying one is required', async () => {
    const err = await connectFailure({ nodes: mutual.addresses, tls: tlsWithCa });
    assert.ok(err instanceof TlsError, `TlsError, got ${inspect(err)}`);
    assert.match(err.message, /requires a client certificate \(mutual TLS\).*tls\.cert and tls\.key/);
  });

  test('a client certificate of an unrelated CA is refused: TlsError saying so', async () => {
    const err = await connectFailure({ nodes: mutual.addresses, tls: { ca: certs.caPem, cert: certs.otherClientPem, key: certs.otherClientKey } });
    assert.ok(err instanceof TlsError, `TlsError, got ${inspect(err)}`);
    assert.match(err.message, /refused this client's certificate/);
  });

  test('the same refusals with TLS 1.2, where the node ends the TLS handshake itself', async () => {
    const none = await connectFailure({ nodes: mutual.addresses, tls: { ...tlsWithCa, maxVersion: 'TLSv1.2' } });
    assert.ok(none instanceof TlsError);
    assert.match(none.message, /requires a client certificate/);
    const other = await connectFailure({ nodes: mutual.addresses, tls: { ca: certs.caPem, cert: certs.otherClientPem, key: certs.otherClientKey, maxVersion: 'TLSv1.2' } });
    assert.ok(other instanceof TlsError);
    assert.match(other.message, /refused this client's certificate/);
    await using client = await IgniteClient.connect({ nodes: mutual.addresses, tls: { ...clientCertificate, maxVersion: 'TLSv1.2' } });
    assert.ok(Array.isArray(await client.cacheNames()));
  });

  test('a wrong passphrase or a certificate path instead of its contents fails in the constructor, before any connection', () => {
    assert.throws(
      () => new IgniteClient({ nodes: mutual.addresses, tls: { ...clientCertificate, key: certs.clientEncryptedKey, passphrase: 'not-the-passphrase' } }),
      (e: unknown) => e instanceof ParameterError && /cannot decrypt the key \(wrong or missing tls\.passphrase\)/.test(e.message) && !e.message.includes('not-the-passphrase'),
    );
    assert.throws(
      () => new IgniteClient({ nodes: mutual.addresses, tls: { ...clientCertificate, cert: certs.paths.clientPem } }),
      /tls\.cert must be PEM text.*not its path/,
    );
  });
});

describe('examples', () => {
  const buildRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const runExample = async (name: string, nodes: readonly string[]): Promise<string> => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(buildRoot, 'examples', `${name}.js`)], {
      env: { ...process.env, IGNITE_NODES: nodes.join(','), IGNITE_CERTS: path.dirname(certs.paths.caPem) },
      timeout: 60_000,
    });
    return stdout;
  };

  test('examples/tls.ts (pyignite\'s SSL examples) runs against the mutual-TLS node', async () => {
    assert.equal(await runExample('tls', mutual.addresses), 'hello over TLS\nencrypted, server not verified: protocol 1.7.0\n');
  });

  test('examples/auth.ts (pyignite\'s authentication example) runs against the TLS cluster with authentication', async () => {
    assert.equal(
      await runExample('auth', secure.addresses),
      'logged in\nAuthenticationError (status 2000): The user name or password is incorrect [userName=ignite]\n',
    );
  });
});
