#!/usr/bin/env node
// Certificates for the TLS test nodes, made on this machine with openssl and the JDK's keytool,
// in .cluster/certs/ (never committed, so nothing in the repository expires). Made again when
// missing, when the set is older than REFRESH_DAYS, or when this script's recipe changes.
//
//   node scripts/certs.mjs          (prints the directory)
//
// What is made (the password of every store and encrypted key is in PASSWORDS):
//   ca.pem / ca.key                the test CA
//   server.pem / server.key        the nodes' certificate, for IP 127.0.0.1 only (a client that
//                                  connects by another name sees a certificate for another host)
//   server.p12                     the nodes' key store (PKCS#12: server key, server and CA certs)
//   truststore.p12                 the nodes' trust store for client certificates: the test CA
//   client.pem / client.key        a client certificate of the test CA, its key unencrypted
//   client-encrypted.key           the same key, encrypted (AES-256) with PASSWORDS.clientKey
//   client.p12                     the client's key and certificate as PKCS#12 (for `pfx`)
//   other-ca.pem / other-ca.key    an unrelated CA
//   other-client.pem / .key        a client certificate of the unrelated CA

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CERTS_DIR = path.join(root, '.cluster', 'certs');
const VALID_DAYS = 30;
const REFRESH_DAYS = 7;

export const PASSWORDS = Object.freeze({ store: 'test-store-pass', clientKey: 'test-key-pass' });

/** File paths of the test certificates (see the header); ensureTestCertificates() makes them. */
export const CERTS = Object.freeze(Object.fromEntries(
  ['ca.pem', 'ca.key', 'server.pem', 'server.key', 'server.p12', 'truststore.p12', 'client.pem', 'client.key',
    'client-encrypted.key', 'client.p12', 'other-ca.pem', 'other-ca.key', 'other-client.pem', 'other-client.key']
    .map((file) => [file.replace(/[.-]([a-z0-9])/g, (_, c) => c.toUpperCase()), path.join(CERTS_DIR, file)]),
));

function recipeHash() {
  return createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex');
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: CERTS_DIR, encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}): ${result.stderr}`);
  return result.stdout;
}

const openssl = (...args) => run('openssl', args);

function makeCa(name, subject) {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', String(VALID_DAYS),
    '-subj', subject, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

function makeLeaf(name, ca, subject, extensions) {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  writeFileSync(path.join(CERTS_DIR, `${name}.ext`), extensions);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial',
    '-out', `${name}.pem`, '-days', String(VALID_DAYS), '-extfile', `${name}.ext`);
  rmSync(path.join(CERTS_DIR, `${name}.csr`));
  rmSync(path.join(CERTS_DIR, `${name}.ext`));
}

function fresh() {
  const stamp = path.join(CERTS_DIR, 'stamp');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== recipeHash()) return false;
  if (Object.values(CERTS).some((file) => !existsSync(file))) return false;
  return Date.now() - statSync(stamp).mtimeMs < REFRESH_DAYS * 86_400_000;
}

/** Makes the test certificates unless a fresh set is there; returns CERTS. */
export function ensureTestCertificates({ quiet = true } = {}) {
  if (fresh()) return CERTS;
  rmSync(CERTS_DIR, { recursive: true, force: true });
  mkdirSync(CERTS_DIR, { recursive: true });
  if (!quiet) console.error(`[certs] making test certificates in ${CERTS_DIR}`);
  makeCa('ca', '/CN=ignite-client test CA');
  makeCa('other-ca', '/CN=ignite-client unrelated CA');
  makeLeaf('server', 'ca', '/CN=127.0.0.1',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n');
  const clientExt = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  makeLeaf('client', 'ca', '/CN=ignite-client test client', clientExt);
  makeLeaf('other-client', 'other-ca', '/CN=ignite-client client of the unrelated CA', clientExt);
  openssl('pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${PASSWORDS.clientKey}`, '-out', 'client-encrypted.key');
  openssl('pkcs12', '-export', '-in', 'server.pem', '-inkey', 'server.key', '-certfile', 'ca.pem', '-name', 'server',
    '-out', 'server.p12', '-passout', `pass:${PASSWORDS.store}`);
  openssl('pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-certfile', 'ca.pem', '-name', 'client',
    '-out', 'client.p12', '-passout', `pass:${PASSWORDS.store}`);
  // keytool, not openssl: Java trusts a PKCS#12 certificate entry only with its own "trusted" attribute.
  run('keytool', ['-importcert', '-noprompt', '-alias', 'test-ca', '-file', 'ca.pem', '-keystore', 'truststore.p12',
    '-storetype', 'PKCS12', '-storepass', PASSWORDS.store]);
  for (const serial of ['ca.srl', 'other-ca.srl']) rmSync(path.join(CERTS_DIR, serial), { force: true });
  writeFileSync(path.join(CERTS_DIR, 'stamp'), recipeHash());
  return CERTS;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureTestCertificates({ quiet: false });
  console.log(CERTS_DIR);
}
