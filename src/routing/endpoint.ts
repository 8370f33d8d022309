import { ParameterError } from '../errors.js';

export interface Endpoint {
  host: string;
  port: number;
}

/** A node address as users write it: "host:port", "host" (port 10800), "[::1]:10800", or an object. */
export type NodeAddress = string | { host: string; port?: number };

export const DEFAULT_PORT = 10800;

export function parseEndpoint(address: NodeAddress, path: string): Endpoint {
  if (typeof address === 'object' && address !== null) {
    const { host, port = DEFAULT_PORT } = address;
    if (typeof host !== 'string' || host.length === 0) throw new ParameterError(`${path}.host must be a non-empty string`);
    return { host, port: checkPort(port, `${path}.port`) };
  }
  if (typeof address !== 'string' || address.trim().length === 0) {
    throw new ParameterError(`${path} must be "host:port" or { host, port }`);
  }
  const text = address.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] === undefined ? DEFAULT_PORT : checkPort(Number(bracketed[2]), path) };
  const colon = text.lastIndexOf(':');
  if (colon < 0 || text.indexOf(':') !== colon) return { host: text, port: DEFAULT_PORT };
  const portText = text.slice(colon + 1);
  if (!/^\d+$/.test(portText)) throw new ParameterError(`${path}: port in "${address}" is not a number`);
  return { host: text.slice(0, colon), port: checkPort(Number(portText), path) };
}

function checkPort(port: number, path: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ParameterError(`${path}: port ${port} is not between 1 and 65535`);
  return port;
}
