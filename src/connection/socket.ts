import * as net from 'node:net';
import * as tls from 'node:tls';

/**
 * Node's `tls.connect` options, less what the client sets per node itself (host, port, socket,
 * path). Certificates are verified unless `rejectUnauthorized: false`.
 */
export type TlsOptions = Omit<tls.ConnectionOptions, 'host' | 'port' | 'socket' | 'path' | 'lookup' | 'timeout' | 'onread'>;

export interface SocketOptions {
  host: string;
  port: number;
  /** undefined: plain TCP. */
  tls?: TlsOptions | undefined;
}

/**
 * Opens the byte stream to one node: the one place a socket is created. `onReady` runs once the
 * stream can carry the handshake: TCP connected, or for TLS the TLS handshake done and the
 * server's certificate accepted. Errors and 'close' are the caller's to listen for.
 */
export function openSocket(options: SocketOptions, onReady: () => void): net.Socket {
  if (options.tls === undefined) {
    const socket = net.connect({ host: options.host, port: options.port });
    // Requests are coalesced per event-loop turn by the connection; Nagle would only add latency.
    socket.setNoDelay(true);
    socket.once('connect', onReady);
    return socket;
  }
  const socket = tls.connect({
    // SNI carries host names only; the certificate is checked against `host` either way.
    ...(net.isIP(options.host) === 0 ? { servername: options.host } : {}),
    ...options.tls,
    host: options.host,
    port: options.port,
  });
  socket.setNoDelay(true);
  socket.once('secureConnect', onReady);
  return socket;
}
