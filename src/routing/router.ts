import { Connection, type ConnectionOptions, type Decoder, type Encoder } from '../connection/connection.js';
import { AuthenticationError, ConnectionError, ReconnectError } from '../errors.js';
import type { Endpoint } from './endpoint.js';

/** Connection settings shared by every node. */
export type NodeConnectionOptions = Omit<ConnectionOptions, 'host' | 'port' | 'onClose'>;

/**
 * The node set: picks the connection a request goes to. Today it keeps one connection, to the
 * first node that answers, and opens a new one (trying the nodes in turn) on the first request
 * after the current one is lost. Per-node connections for partition awareness build on this.
 */
export class Router {
  private current: Connection | undefined;
  private opening: Promise<Connection> | undefined;
  private started = false;
  private closed = false;
  /** Where the next attempt starts, so that a lost node is tried last. */
  private nextIndex = 0;

  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly options: NodeConnectionOptions,
  ) {}

  /** Opens the first connection; rejects if no node can be reached. */
  async start(): Promise<void> {
    if (this.closed) throw new ConnectionError('the client is closed');
    this.started = true;
    await this.acquire();
  }

  get connections(): Connection[] {
    return this.current !== undefined && this.current.isOpen ? [this.current] : [];
  }

  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>): Promise<T> {
    const connection = this.current;
    if (connection !== undefined && connection.isOpen) return connection.request(opCode, encode, decode);
    return this.acquire().then((c) => c.request(opCode, encode, decode));
  }

  /**
   * The connection the next request would use, opening one if needed. Server-side resources
   * (cursors) live on one connection, so whatever holds one sends all its requests there.
   */
  acquire(): Promise<Connection> {
    if (this.closed) return Promise.reject(new ConnectionError('the client is closed'));
    if (!this.started) return Promise.reject(new ConnectionError('the client is not connected: call connect() first'));
    const current = this.current;
    if (current !== undefined && current.isOpen) return Promise.resolve(current);
    this.opening ??= this.openAny().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async openAny(): Promise<Connection> {
    const errors: Error[] = [];
    for (let attempt = 0; attempt < this.endpoints.length; attempt++) {
      const index = (this.nextIndex + attempt) % this.endpoints.length;
      const endpoint = this.endpoints[index]!;
      try {
        const connection = await Connection.open({
          ...this.options,
          host: endpoint.host,
          port: endpoint.port,
          onClose: (c) => {
            if (this.current === c) {
              this.current = undefined;
              this.nextIndex = (index + 1) % this.endpoints.length;
            }
          },
        });
        if (this.closed) {
          await connection.close();
          throw new ConnectionError('the client is closed');
        }
        this.current = connection;
        this.nextIndex = index;
        return connection;
      } catch (err) {
        // Credentials are the cluster's, not the node's: another node would refuse them too.
        if (err instanceof AuthenticationError || this.closed) throw err;
        errors.push(err as Error);
      }
    }
    if (errors.length === 1) throw errors[0];
    const detail = errors.map((e) => e.message).join('; ');
    throw new ReconnectError(`no node could be reached: ${detail}`, { cause: errors[errors.length - 1] });
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    if (opening !== undefined) await opening.catch(() => undefined);
    const current = this.current;
    this.current = undefined;
    if (current !== undefined) await current.close();
  }
}
