// The test certificates of scripts/certs.mjs (made on first use), read as the client takes them.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as CertsScript from '../../scripts/certs.mjs';

// Compiled into build/test/support/, while the script stays in scripts/: find it from either place.
const script: typeof CertsScript = await import(
  [new URL('../../../scripts/certs.mjs', import.meta.url), new URL('../../scripts/certs.mjs', import.meta.url)]
    .find((url) => existsSync(fileURLToPath(url)))?.href ?? '../../scripts/certs.mjs'
);

export const PASSWORDS = script.PASSWORDS;

type CertName = keyof typeof script.CERTS;

/** The contents of every test certificate, key and store, by CERTS name (files made if needed). */
export function testCertificates(): Record<CertName, Buffer> & { paths: typeof script.CERTS } {
  const paths = script.ensureTestCertificates();
  const contents = Object.fromEntries(Object.entries(paths).map(([name, file]) => [name, readFileSync(file)])) as Record<CertName, Buffer>;
  return { ...contents, paths };
}
