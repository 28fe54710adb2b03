/**
 * One subscription's waiting events: a bounded FIFO read as an async iterator. The hub pushes
 * without ever waiting (so a slow reader stalls no one); past `limit` waiting items the queue
 * reports an overflow and closes, and its owner closes the connection (the client reconnects and
 * fetches what it missed by event id).
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;

  constructor(
    private readonly limit: number,
    private readonly onOverflow: () => void,
  ) {}

  /** Items waiting to be read. */
  get size(): number {
    return this.items.length;
  }

  /** Whether it still accepts items. */
  get open(): boolean {
    return !this.closed;
  }

  /** Adds an item (or hands it to a waiting reader); false when closed or just overflowed. */
  push(item: T): boolean {
    if (this.closed) return false;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return true;
    }
    if (this.items.length >= this.limit) {
      this.close();
      this.onOverflow();
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** The next item, waiting for one when empty; done once closed. */
  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Stops: drops what waits and ends a pending read. */
  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    this.closed = true;
    this.items.length = 0;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.({ value: undefined, done: true });
  }
}
