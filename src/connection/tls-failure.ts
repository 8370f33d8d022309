import { TlsError } from '../errors.js';
import type { TlsOptions } from './socket.js';

export function presentsCertificate(tls: TlsOptions): boolean {
  return tls.cert !== undefined || tls.pfx !== undefined;
}

/** Node's and OpenSSL's codes for a server certificate that no trusted CA signed. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG',
]);
/** TLS alerts a server sends when it refuses the client's certificate, or misses one. */
const CLIENT_CERT_REFUSED = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED', 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);
/** What OpenSSL says when the other side's bytes are not TLS. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_RECORD_LAYER_FAILURE']);

const NOT_TLS_HINT = 'is TLS enabled on its thin-client port (ClientConnectorConfiguration.sslEnabled)? If not, leave out the tls option';

/**
 * The TLS handshake with `endpoint` failed (TCP was connected): a TlsError whose message says
 * which side refused what, from Node's error (undefined: the server closed the connection
 * without a word).
 */
export function tlsHandshakeFailure(endpoint: string, cause: Error | undefined, presentedCertificate: boolean): TlsError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const detail = cause === undefined ? '' : ` (${cause.message})`;
  const options = { cause, tlsCode: code };
  let message: string;
  if (code !== undefined && UNTRUSTED.has(code)) {
    message = `the certificate of ${endpoint} is not signed by a CA this client trusts${detail}: set tls.ca to the CA that signed it (tls.rejectUnauthorized: false turns verification off)`;
  } else if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    message = `the certificate of ${endpoint} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}${detail}`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    message = `the certificate of ${endpoint} is for another host${detail}: connect by a name or address the certificate lists, or set tls.servername to one`;
  } else if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') {
    message = `${endpoint} requires a client certificate (mutual TLS)${detail}: set tls.cert and tls.key, or tls.pfx`;
  } else if (code !== undefined && CLIENT_CERT_REFUSED.has(code)) {
    message = `${endpoint} refused this client's certificate${detail}: it must be signed by a CA in the node's trust store`;
  } else if (code !== undefined && NOT_TLS.has(code)) {
    message = `${endpoint} did not answer with TLS${detail}: ${NOT_TLS_HINT}`;
  } else if (cause === undefined || code === 'ECONNRESET' || code === 'EPIPE') {
    // Ignite closes the socket without an alert both when the bytes are not TLS and when (TLS 1.2)
    // it refuses the client's certificate.
    const mutual = presentedCertificate
      ? "or, if it requires mutual TLS, it refused this client's certificate (it must be signed by a CA in the node's trust store)"
      : 'or it requires a client certificate (mutual TLS: set tls.cert and tls.key, or tls.pfx)';
    message = `${endpoint} closed the connection during the TLS handshake${detail}: ${NOT_TLS_HINT}; ${mutual}`;
  } else {
    message = `the TLS handshake with ${endpoint} failed${detail}`;
  }
  return new TlsError(message, options);
}

/**
 * The node closed the connection after the TLS handshake, before it answered the Ignite
 * handshake. With TLS 1.3 the client's side of the TLS handshake ends before the server has
 * checked the client's certificate, and Ignite closes the socket without an alert when it
 * refuses it: this is how a mutual-TLS refusal looks from here.
 */
export function tlsClosedAfterHandshake(endpoint: string, cause: Error | undefined, presentedCertificate: boolean): TlsError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' || CLIENT_CERT_REFUSED.has(code))) {
    return tlsHandshakeFailure(endpoint, cause, presentedCertificate);
  }
  const detail = cause === undefined ? '' : ` (${cause.message})`;
  const message = presentedCertificate
    ? `${endpoint} closed the connection right after the TLS handshake${detail}: most likely it refused this client's certificate (mutual TLS: the certificate must be signed by a CA in the node's trust store)`
    : `${endpoint} closed the connection right after the TLS handshake${detail}: most likely it requires a client certificate (mutual TLS); set tls.cert and tls.key, or tls.pfx`;
  return new TlsError(message, { cause, tlsCode: code });
}

/** The TLS handshake did not end within connectTimeoutMs. */
export function tlsHandshakeTimeout(endpoint: string, timeoutMs: number): TlsError {
  return new TlsError(`timed out after ${timeoutMs} ms waiting for the TLS handshake of ${endpoint}: ${NOT_TLS_HINT}`);
}

/**
 * True when bytes a plain client got in answer to its handshake are the start of a TLS record
 * (an alert or a handshake message, TLS 1.0 to 1.3): the node expects TLS.
 */
export function looksLikeTls(bytes: Buffer): boolean {
  return bytes.length >= 3 && (bytes[0] === 0x15 || bytes[0] === 0x16) && bytes[1] === 0x03 && bytes[2]! <= 0x04;
}

/** A plain connection was closed before any answer to the handshake: what a TLS port does to it. */
export const PLAIN_CLOSED_HINT = 'a node with TLS on its thin-client port does this to a connection without TLS; if it has, set the tls option';

export function tlsExpected(endpoint: string): TlsError {
  return new TlsError(`${endpoint} answered with TLS: its thin-client port expects TLS; set the tls option (tls: true, or tls: { ca, ... })`);
}
