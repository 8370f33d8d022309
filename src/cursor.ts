import type { BinaryReader } from './binary/reader.js';
import type { BinaryTypeRegistry } from './binary/registry.js';
import { resolveTypes } from './binary/resolve.js';
import { ConnectionError, IgniteError, type IgniteErrorOptions, SqlError } from './errors.js';
import { OpCode } from './protocol/op-codes.js';
import type { FirstPage, Page } from './protocol/queries.js';
import type { Channel, Pinned } from './routing/router.js';
import { ClientStatus } from './protocol/status.js';

/** How one kind of query opens its server-side cursor and reads the following pages. */
export interface CursorSource<T> {
  /** Sends the query and reads the first page; the channel is the node the cursor lives on. */
  open(): Promise<Pinned<FirstPage<T>>>;
  /** The op code that fetches the next page (2001, 2003, 2005). */
  readonly pageOpCode: number;
  /** Reads a following page; runs after `open` resolved. */
  readPage(r: BinaryReader, first: FirstPage<T>): Page<T>;
  /** Where the metadata of complex objects in pages comes from. */
  readonly registry?: BinaryTypeRegistry | undefined;
  /** The error class for failures of this kind of query. */
  readonly errorClass: new (message: string, options?: IgniteErrorOptions) => IgniteError;
}

const ignore = (): void => {};
const done = (): IteratorResult<never, undefined> => ({ done: true, value: undefined });

/**
 * A server-side query cursor, read page by page as it is consumed. The query is sent on the first
 * read (`next()`, `toArray()`, `pages()`, `for await`, `fieldNames()`, `columnCount()`), not when
 * the cursor is created: a cursor that is never read sends nothing, holds no server cursor (the
 * server allows 128 per connection) and has no error to lose. At most two pages are held: the one
 * being read, and the next one, fetched while the current one is consumed. Reads may overlap
 * (`Promise.all` of `next()` calls, two loops over one cursor): they are served one after another
 * in the order they were made, each item to exactly one of them. Leaving a `for await` loop early,
 * `close()` and `await using` release the server-side cursor; so does a page that fails, before
 * its error is reported.
 */
export class QueryCursor<T> implements AsyncIterableIterator<T>, AsyncDisposable {
  private channel: Channel | undefined;
  private first: FirstPage<T> | undefined;
  private page: T[] = [];
  private index = 0;
  /** The query's answer: undefined until the cursor is first read. */
  private opened: Promise<FirstPage<T>> | undefined;
  /** The page being fetched: the first one, or the one after the current page. */
  private fetching: Promise<Page<T>> | undefined;
  /**
   * The page after `fetching`, requested the moment `fetching` arrived because the reader was
   * already waiting for it: the server then produces it while this client decodes the one it has.
   */
  private ahead: Promise<Page<T>> | undefined;
  /** The reader is awaiting `fetching`: its current page is used up, so one more may be in flight. */
  private waiting = false;
  /** The server still holds the cursor: it has answered a page that says more follow. */
  private serverHasMore = false;
  private closed = false;
  /** What ended the cursor when a page failed: every later read rejects with it. */
  private failure: { error: unknown } | undefined;
  /** The release of the server-side cursor, once begun: close() waits for it. */
  private releasing: Promise<void> | undefined;
  private delivered = 0;
  /**
   * Reads that need a page (or all of them) run one at a time, in call order: two at once would
   * both ask for the page after the current one, and take each other's items.
   */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;

  /** @internal */
  constructor(
    private readonly source: CursorSource<T>,
    private readonly limit: number = Infinity,
  ) {}

  /** Sends the query: on the first read, so that a cursor never read costs nothing on the server. */
  private open(): Promise<FirstPage<T>> {
    let opening: Promise<Pinned<FirstPage<T>>>;
    try {
      opening = this.source.open();
    } catch (err) {
      opening = Promise.reject(err);
    }
    const opened = opening.then(({ value, channel }) => {
      this.channel = channel;
      this.first = value;
      this.serverHasMore = value.hasMore;
      return value;
    });
    this.opened = opened;
    this.fetching = opened;
    return opened;
  }

  /** The first page's answer: sends the query if no read has yet. */
  protected firstPage(): Promise<FirstPage<T>> {
    if (this.opened !== undefined) return this.opened;
    if (this.closed) {
      return Promise.reject(new this.source.errorClass('the cursor was closed before it was read, so its query was never sent'));
    }
    return this.open();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    // The common case, an item of the current page, costs one settled promise: no async frame.
    // Only when no read is queued: a later call must not overtake an earlier one.
    if (this.queued === 0 && this.index < this.page.length && this.delivered < this.limit) {
      this.delivered++;
      return Promise.resolve({ done: false, value: this.page[this.index++]! });
    }
    return this.serialized(() => this.nextSlow());
  }

  /** Runs `read` once every read queued before it has finished. */
  private serialized<R>(read: () => Promise<R>): Promise<R> {
    this.queued++;
    // `finally` runs before `run` settles, so a caller that goes on reading sees the queue empty.
    const run = this.queue.then(read).finally(() => {
      this.queued--;
    });
    this.queue = run.then(ignore, ignore);
    return run;
  }

  private async nextSlow(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.delivered >= this.limit) {
        await this.close();
        return done();
      }
      if (this.index < this.page.length) {
        this.delivered++;
        return { done: false, value: this.page[this.index++]! };
      }
      if (!(await this.advance())) return done();
    }
  }

  /**
   * The remaining items page by page: one promise per page instead of one per item, for reading
   * large results fast (`for await (const rows of cursor.pages())`).
   */
  async *pages(): AsyncGenerator<T[], void, undefined> {
    try {
      for (;;) {
        const items = await this.serialized(() => this.takePage());
        if (items === undefined) return;
        yield items;
      }
    } finally {
      // Read to the end, left early or stopped by maxRows: release whatever the server still holds.
      await this.close();
    }
  }

  /** The rest of the current page (the next one if it is used up); undefined at the end. */
  private async takePage(): Promise<T[] | undefined> {
    for (;;) {
      const remaining = this.limit - this.delivered;
      if (remaining <= 0) return undefined;
      if (this.index < this.page.length) {
        const end = Math.min(this.page.length, this.index + remaining);
        const items = this.index === 0 && end === this.page.length ? this.page : this.page.slice(this.index, end);
        this.delivered += end - this.index;
        this.index = end;
        return items;
      }
      if (!(await this.advance())) return undefined;
    }
  }

  /** Leaving a `for await` loop early lands here: release the server-side cursor. */
  async return(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return done();
  }

  /** Moves to the next page; false when there is none. Runs only inside `serialized`. */
  private async advance(): Promise<boolean> {
    if (this.failure !== undefined) throw this.failure.error;
    if (this.closed) return false;
    const fetching = this.fetching ?? (this.opened === undefined ? this.open() : undefined);
    if (fetching === undefined) return false;
    let page: Page<T>;
    this.waiting = true;
    try {
      page = await fetching;
    } catch (err) {
      this.waiting = false;
      // Closed meanwhile: close() deals with the server cursor, and the reader asked to stop.
      if (this.closed) return false;
      throw await this.fail(err);
    }
    this.waiting = false;
    if (this.closed) return false;
    this.page = page.items;
    this.index = 0;
    const ahead = this.ahead;
    this.ahead = undefined;
    this.fetching = ahead ?? (this.serverHasMore ? this.fetchNext() : undefined);
    return true;
  }

  /**
   * A page failed: the cursor is done, and the server cursor is released before the error is
   * reported, so that a caller who opens another one next does not find the connection's 128 taken.
   */
  private async fail(err: unknown): Promise<unknown> {
    const error = this.explain(err);
    this.failure = { error };
    this.closed = true;
    this.page = [];
    // The reader needs the page's error, not the release's: a release that fails as well (the node
    // is not answering) is reported to monitoring listeners, and the server frees the cursor with
    // the connection.
    this.releasing = this.release().catch(ignore);
    await this.releasing;
    return error;
  }

  private fetchNext(): Promise<Page<T>> {
    const channel = this.channel!;
    const first = this.first!;
    const source = this.source;
    let askedAhead = false;
    const next = channel.request(
      source.pageOpCode,
      (w) => w.writeI64(first.cursorId),
      resolveTypes(source.registry, (r) => {
        // Every page format (2001, 2003, 2005) ends with its `hasMore` flag. Known before the page
        // is decoded, it says whether the server still holds the cursor should decoding fail; and
        // the next page can be requested at once. Only while the reader waits: at most two pages
        // are held, and once per page (a page may be decoded twice when metadata was missing).
        const more = r.buffer[r.end - 1] === 1;
        this.serverHasMore = more;
        if (!askedAhead && more && this.waiting && !this.closed) {
          askedAhead = true;
          this.ahead = this.fetchNext();
          channel.flush();
        }
        return source.readPage(r, first);
      }),
    );
    next.catch(ignore);
    return next;
  }

  private explain(err: unknown): unknown {
    if (err instanceof IgniteError && err.status === ClientStatus.ResourceDoesNotExist) {
      this.serverHasMore = false;
      return new this.source.errorClass(
        `the server no longer has this cursor (it was closed, or it expired): ${err.message}`,
        { status: err.status, cause: err },
      );
    }
    if (err instanceof ConnectionError && this.first !== undefined) {
      return new ConnectionError(`the connection this cursor was opened on is gone, and the cursor with it: ${err.message}`, { cause: err });
    }
    return err;
  }

  /** Every remaining item. Reads all pages: mind the size of the result. */
  toArray(): Promise<T[]> {
    return this.serialized(async () => {
      const items: T[] = [];
      for (;;) {
        const remaining = this.limit - this.delivered;
        const available = Math.min(this.page.length - this.index, remaining);
        for (let i = 0; i < available; i++) items.push(this.page[this.index + i]!);
        this.index += available;
        this.delivered += available;
        if (this.delivered >= this.limit) {
          await this.close();
          return items;
        }
        if (!(await this.advance())) return items;
      }
    });
  }

  /**
   * Releases the server-side cursor, if the server still holds one; a cursor never read has none,
   * and nothing is sent. Reads waiting for a page end with `done`. Safe to call twice.
   */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.page = [];
      this.releasing = this.release();
    }
    await this.releasing;
  }

  /** Sends OP_RESOURCE_CLOSE (§3.14) once the pages in flight have settled, if the server still holds the cursor. */
  private async release(): Promise<void> {
    const fetching = this.fetching;
    this.fetching = undefined;
    if (fetching !== undefined) await fetching.catch(ignore);
    // Requested while `fetching` was decoded, so it is known once that has settled.
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead !== undefined) await ahead.catch(ignore);
    const channel = this.channel;
    const first = this.first;
    if (!this.serverHasMore || first === undefined || channel === undefined || !channel.isOpen) return;
    this.serverHasMore = false;
    try {
      await channel.request(OpCode.ResourceClose, (w) => w.writeI64(first.cursorId));
    } catch (err) {
      // Already gone (expired, or closed by the server after its last page) is what we wanted.
      if (!(err instanceof IgniteError && err.status === ClientStatus.ResourceDoesNotExist) && !(err instanceof ConnectionError)) throw err;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** The entries of a cache, as `[key, value]` pairs (cache.scan). */
export class ScanCursor<K, V> extends QueryCursor<[K, V]> {}

/** The entries an SQL query over a cache's value type selects, as `[key, value]` pairs (cache.selectRow). */
export class SqlCursor<K, V> extends QueryCursor<[K, V]> {}

/** The rows of an SQL fields query, each an array of column values (client.sql). */
export class SqlFieldsCursor<Row extends unknown[] = unknown[]> extends QueryCursor<Row> {
  /** The column names; present when the query was run with `includeFieldNames: true`. */
  async fieldNames(): Promise<string[]> {
    const first = await this.firstPage();
    if (first.fieldNames === undefined) {
      throw new SqlError('the query was run without includeFieldNames: true, so the server sent no column names');
    }
    return first.fieldNames;
  }

  /** The number of columns of each row. */
  async columnCount(): Promise<number> {
    return (await this.firstPage()).columnCount ?? 0;
  }
}
