import * as net from 'node:net';

export interface SocketOptions {
  host: string;
  port: number;
}

/**
 * Opens the byte stream to one node: the one place a socket is created. `onReady` runs once the
 * stream can carry the handshake (TCP connected today; a TLS socket would call it on
 * 'secureConnect'). Errors and 'close' are the caller's to listen for.
 */
export function openSocket(options: SocketOptions, onReady: () => void): net.Socket {
  const socket = net.connect({ host: options.host, port: options.port });
  // Requests are coalesced per event-loop turn by the connection; Nagle would only add latency.
  socket.setNoDelay(true);
  socket.once('connect', onReady);
  return socket;
}
