import { Reference } from '@mikro-orm/core';
import DataLoader from 'dataloader';

/**
 * A per-request batch loader that hands back what it already knows synchronously: a list primes
 * the rows it joined, and a field resolver reading them returns a value, not a promise, so
 * graphql-js makes no promise per field. What is not known yet is batched like a DataLoader.
 */
export class KnownLoader<K, V> {
  private readonly known = new Map<K, V>();
  private readonly loader: DataLoader<K, V>;

  constructor(batch: DataLoader.BatchLoadFn<K, V>) {
    this.loader = new DataLoader(batch);
  }

  /** The value now when known, else a promise of it (batched with this tick's other misses). */
  get(key: K): V | Promise<V> {
    if (this.known.has(key)) return this.known.get(key) as V;
    return this.loader.load(key).then((value) => {
      this.known.set(key, value);
      return value;
    });
  }

  /** Always a promise, for callers that await anyway. */
  load(key: K): Promise<V> {
    return Promise.resolve(this.get(key));
  }

  /** Records a value read elsewhere (a list's joined row); it replaces what was known. */
  prime(key: K, value: V): this {
    this.known.set(key, value);
    return this;
  }

  /** Forgets a key after something changed it within the request. */
  clear(key: K): this {
    this.known.delete(key);
    this.loader.clear(key);
    return this;
  }
}

/**
 * A related row by its reference: an entity root's relation as it is when already loaded (mutation
 * results, live payloads), else by id through the request's loader (plain rows of lists).
 */
export function related<V>(ref: { id: number }, loader: KnownLoader<number, V>): V | Promise<V> {
  if (Reference.isReference(ref) && ref.isInitialized()) return ref.unwrap() as V;
  return loader.get(ref.id);
}
