import { AsyncLocalStorage } from 'node:async_hooks';
import { writeString } from './binary/values.js';
import type { BinaryWriter } from './binary/writer.js';
import { ConnectionError, IgniteError, NotSupportedByClusterError, ParameterError, TransactionError } from './errors.js';
import { OpCode } from './protocol/op-codes.js';
import { checkOptionNames } from './option-names.js';
import type { Decoder, Encoder } from './protocol/request.js';
import { V1_5_0 } from './protocol/versions.js';
import type { Channel, Pinned } from './routing/router.js';

/** How a transaction takes its locks (TransactionConcurrency ordinals). */
export const TransactionConcurrency = {
  /** Locks are taken at commit; a conflict fails the commit (with Serializable isolation). */
  Optimistic: 0,
  /** Locks are taken when an entry is first read or written (the default, as pyignite and Java). */
  Pessimistic: 1,
} as const;
export type TransactionConcurrency = (typeof TransactionConcurrency)[keyof typeof TransactionConcurrency];

/** What a transaction sees of other transactions' writes (TransactionIsolation ordinals). */
export const TransactionIsolation = {
  ReadCommitted: 0,
  /** The default, as pyignite and Java. */
  RepeatableRead: 1,
  Serializable: 2,
} as const;
export type TransactionIsolation = (typeof TransactionIsolation)[keyof typeof TransactionIsolation];

export interface TransactionOptions {
  /** Default Pessimistic. */
  concurrency?: TransactionConcurrency;
  /** Default RepeatableRead. */
  isolation?: TransactionIsolation;
  /** The server rolls the transaction back after this long; 0 (default) = the server's default (none). */
  timeoutMs?: number;
  /** Shown by the server's transaction views and logs. */
  label?: string;
}

export type TransactionState = 'starting' | 'notStarted' | 'active' | 'committing' | 'committed' | 'rollingBack' | 'rolledBack' | 'failed';

const CONCURRENCIES = new Set<number>(Object.values(TransactionConcurrency));
const ISOLATIONS = new Set<number>(Object.values(TransactionIsolation));
const OPTION_NAMES = new Set(['concurrency', 'isolation', 'timeoutMs', 'label']);

interface ResolvedTransactionOptions {
  concurrency: TransactionConcurrency;
  isolation: TransactionIsolation;
  timeoutMs: number;
  label: string | null;
}

function resolveTransactionOptions(options: TransactionOptions = {}): ResolvedTransactionOptions {
  checkOptionNames(options, OPTION_NAMES, 'transaction');
  const concurrency = options.concurrency ?? TransactionConcurrency.Pessimistic;
  if (!CONCURRENCIES.has(concurrency)) throw new ParameterError(`concurrency must be a TransactionConcurrency (Optimistic or Pessimistic), got ${String(concurrency)}`);
  const isolation = options.isolation ?? TransactionIsolation.RepeatableRead;
  if (!ISOLATIONS.has(isolation)) throw new ParameterError(`isolation must be a TransactionIsolation (ReadCommitted, RepeatableRead or Serializable), got ${String(isolation)}`);
  const timeoutMs = options.timeoutMs ?? 0;
  if (typeof timeoutMs !== 'number' || !Number.isSafeInteger(timeoutMs) || timeoutMs < 0) {
    throw new ParameterError(`timeoutMs must be a whole number of milliseconds, 0 or more, got ${String(timeoutMs)}`);
  }
  const label = options.label ?? null;
  if (label !== null && typeof label !== 'string') throw new ParameterError(`label must be a string, got ${typeof label}`);
  return { concurrency, isolation, timeoutMs, label };
}

/** What transactions need from the client. @internal */
export interface TransactionHost {
  /** Sends a request that may go to any node and says which node answered (TX_START). */
  requestPinned<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>): Promise<Pinned<T>>;
}

/**
 * A transaction on a transactional cache (Ignite OP_TX_START). Cache operations started in its
 * async context (inside `client.transaction(options, fn)`, or after `client.txStart()`) are part
 * of it and go to the connection it started on, never routed by partition nor retried elsewhere.
 *
 * `await using tx = await client.txStart()` rolls back what is not committed when the scope ends.
 */
export class Transaction implements AsyncDisposable {
  readonly concurrency: TransactionConcurrency;
  readonly isolation: TransactionIsolation;
  readonly timeoutMs: number;
  readonly label: string | null;
  #state: TransactionState = 'starting';
  #id = 0;
  #channel: Channel | undefined;
  /** Why the transaction failed (it did not start, its connection was lost). */
  #failure: IgniteError | undefined;
  #ending: Promise<void> | undefined;
  /** Settles once the server has answered TX_START. */
  readonly #started: Promise<void>;

  /** @internal */
  constructor(
    options: ResolvedTransactionOptions,
    private readonly manager: TransactionManager,
    /** Started by transaction(fn), whose async context is exactly the callback's. */
    readonly scoped: boolean,
    host: TransactionHost,
  ) {
    this.concurrency = options.concurrency;
    this.isolation = options.isolation;
    this.timeoutMs = options.timeoutMs;
    this.label = options.label;
    this.#started = host
      .requestPinned(
        OpCode.TxStart,
        (w: BinaryWriter, c) => {
          if (!c.protocolVersion.atLeast(V1_5_0)) throw new NotSupportedByClusterError(`transactions need protocol 1.5.0 or later; the server speaks ${c.protocolVersion}`);
          w.writeI8(options.concurrency);
          w.writeI8(options.isolation);
          w.writeI64(options.timeoutMs);
          writeString(w, options.label);
        },
        (r) => r.readI32(),
      )
      .then(
        ({ value, channel }) => {
          this.#id = value;
          this.#channel = channel;
          this.#state = 'active';
        },
        (err: unknown) => {
          this.#state = 'notStarted';
          this.#failure = err instanceof IgniteError ? err : new TransactionError(`the transaction did not start: ${String(err)}`, { cause: err });
          throw err;
        },
      );
  }

  /** @internal Resolves once started; rejects with the reason it did not. */
  get started(): Promise<void> {
    return this.#started;
  }

  /** The server's id of the transaction (unique per connection); 0 until it has started. */
  get id(): number {
    return this.#id;
  }

  get state(): TransactionState {
    return this.#state;
  }

  /** True while operations can join it: started (or starting) and not yet ending. */
  get isActive(): boolean {
    return this.#state === 'active' || this.#state === 'starting';
  }

  /** "transaction 3 ('transfer')": for messages. */
  get description(): string {
    return `transaction ${this.#id === 0 ? '(not started)' : this.#id}${this.label === null ? '' : ` ('${this.label}')`}`;
  }

  /**
   * Sends a cache operation of this transaction to its connection. Not retried: the transaction
   * lives on that connection only, and ends with it.
   * @internal
   */
  request<T>(opCode: number, encode?: Encoder, decode?: Decoder<T>): Promise<T> {
    if (this.#state === 'starting') return this.#started.then(() => this.request(opCode, encode, decode));
    const refusal = this.refusal('run an operation in');
    if (refusal !== undefined) return Promise.reject(refusal);
    return this.#channel!.request(opCode, encode, decode).catch((err: unknown) => {
      throw this.onOperationError(err);
    });
  }

  /** Commits. Rejects with TransactionError if the server cannot (the transaction is then rolled back). */
  commit(): Promise<void> {
    return this.end(true);
  }

  /** Rolls back. */
  rollback(): Promise<void> {
    return this.end(false);
  }

  /**
   * Rolls back unless committed or rolled back already (pyignite `Transaction.close`); never
   * throws for a transaction that has ended or failed.
   */
  async close(): Promise<void> {
    this.manager.leave(this);
    if (this.#state === 'starting') await this.#started.catch(() => undefined);
    if (this.#state === 'active') await this.rollback().catch(() => undefined);
    else if (this.#ending !== undefined) await this.#ending.catch(() => undefined);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private end(commit: boolean): Promise<void> {
    // Operations the caller's own context starts after this run outside the transaction again.
    this.manager.leave(this);
    if (this.#state === 'starting') return this.#started.then(() => this.end(commit));
    const refusal = this.refusal(commit ? 'commit' : 'roll back');
    if (refusal !== undefined) return Promise.reject(refusal);
    this.#state = commit ? 'committing' : 'rollingBack';
    const id = this.#id;
    this.#ending = this.#channel!
      .request<void>(OpCode.TxEnd, (w) => {
        w.writeI32(id);
        w.writeBool(commit);
      })
      .then(
        () => {
          this.#state = commit ? 'committed' : 'rolledBack';
        },
        (err: unknown) => {
          const error = this.onOperationError(err, commit ? 'the commit' : 'the rollback');
          this.#state = 'failed';
          throw error;
        },
      );
    return this.#ending;
  }

  /** Why the transaction cannot do `what` now, or undefined if it can. */
  private refusal(what: string): TransactionError | undefined {
    switch (this.#state) {
      case 'active':
      case 'starting':
        return undefined;
      case 'failed':
      case 'notStarted':
        return new TransactionError(
          `cannot ${what} ${this.description}: it ${this.#state === 'failed' ? 'failed' : 'did not start'}${this.#failure === undefined ? '' : ` (${this.#failure.message})`}`,
          { cause: this.#failure },
        );
      default: {
        const ended = this.#state === 'committing' || this.#state === 'committed' ? 'committed' : 'rolled back';
        const hint = what === 'run an operation in' ? ' (the operation was started in its async context after it ended: a missing await?)' : '';
        return new TransactionError(`cannot ${what} ${this.description}: it is ${ended} already${hint}`);
      }
    }
  }

  private onOperationError(err: unknown, what?: string): unknown {
    if (err instanceof ConnectionError) {
      // The server rolls back a transaction whose connection is gone.
      this.#state = 'failed';
      this.#failure = new TransactionError(
        `${this.description} failed: its connection was lost, so the server rolled it back${what === undefined ? '' : ` (${what} was not confirmed)`}: ${err.message}`,
        { cause: err },
      );
      return this.#failure;
    }
    if (err instanceof IgniteError && !(err instanceof TransactionError) && err.status !== undefined && looksTransactional(err.message)) {
      return new TransactionError(err.message, { status: err.status, cause: err });
    }
    return err;
  }
}

/** Server messages of failures that are the transaction's, not the operation's. */
function looksTransactional(message: string): boolean {
  return /transaction|deadlock|lock.*timed? ?out|timed? ?out.*lock/i.test(message);
}

/**
 * @internal
 * The client's transactions: which one, if any, the current async context belongs to (Node's
 * AsyncLocalStorage, one per client, so that clients never see each other's), and starting them.
 */
export class TransactionManager {
  private readonly storage = new AsyncLocalStorage<Transaction | undefined>();

  constructor(private readonly host: TransactionHost) {}

  /**
   * The transaction the current async context's operations belong to: undefined outside any, and
   * for one that never started (its starter got the error; what follows runs on its own).
   */
  current(): Transaction | undefined {
    const tx = this.storage.getStore();
    return tx === undefined || tx.state === 'notStarted' ? undefined : tx;
  }

  /**
   * Starts a transaction that the caller's async context joins from now on, up to its commit,
   * rollback or close. The context is entered before the round trip, so that the caller's code
   * after `await` is in it (AsyncLocalStorage.enterWith).
   */
  start(options: TransactionOptions | undefined): Promise<Transaction> {
    let tx: Transaction;
    try {
      const resolved = resolveTransactionOptions(options);
      this.refuseNesting(true);
      tx = new Transaction(resolved, this, false, this.host);
    } catch (err) {
      return Promise.reject(err);
    }
    this.storage.enterWith(tx);
    return tx.started.then(() => tx);
  }

  /** Runs `fn` in a new transaction: commits when it returns, rolls back when it throws. */
  async run<T>(options: TransactionOptions | undefined, fn: (tx: Transaction) => T | Promise<T>): Promise<T> {
    if (typeof fn !== 'function') throw new ParameterError('transaction(options, fn): fn must be a function');
    const resolved = resolveTransactionOptions(options);
    this.refuseNesting(false);
    const tx = new Transaction(resolved, this, true, this.host);
    await tx.started;
    let result: T;
    try {
      result = await this.storage.run(tx, () => fn(tx));
    } catch (err) {
      if (tx.isActive) await tx.rollback().catch(() => undefined);
      throw err;
    }
    // Committed or rolled back by the callback itself: nothing left to do; failed: commit() says why.
    if (tx.isActive || tx.state === 'failed') await tx.commit();
    return result;
  }

  /** The transaction's starter ended it: its own context leaves it (see start). */
  leave(tx: Transaction): void {
    if (!tx.scoped && this.storage.getStore() === tx) this.storage.enterWith(undefined);
  }

  private refuseNesting(viaTxStart: boolean): void {
    const outer = this.storage.getStore();
    if (outer === undefined || !outer.isActive) return;
    const advice = viaTxStart && !outer.scoped
      ? '; to run transactions side by side, give each its own async context with client.transaction(options, fn)'
      : '';
    throw new TransactionError(`a transaction cannot start inside another: ${outer.description} is active in this async context (Ignite has no nested transactions)${advice}`);
  }
}
