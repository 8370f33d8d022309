// Types of scripts/certs.mjs (see its header), for the TypeScript tests and examples.

export const CERTS_DIR: string;
export const PASSWORDS: { readonly store: string; readonly clientKey: string };
/** File paths; ensureTestCertificates() makes the files. */
export const CERTS: {
  readonly caPem: string; readonly caKey: string;
  readonly serverPem: string; readonly serverKey: string; readonly serverP12: string; readonly truststoreP12: string;
  readonly clientPem: string; readonly clientKey: string; readonly clientEncryptedKey: string; readonly clientP12: string;
  readonly otherCaPem: string; readonly otherCaKey: string; readonly otherClientPem: string; readonly otherClientKey: string;
};
export function ensureTestCertificates(options?: { quiet?: boolean }): typeof CERTS;
