// Request coalescing: lookups that many concurrent requests make (their session, the community they
// open, their standing in it) are answered by one query per batch instead of one query per request.
//
// It is not a cache. A lookup joins only a batch that has not been sent yet, so the query that answers
// it starts after the request arrived and sees every commit made before that, on any instance.

export type BatchFetch<V> = (keys: string[]) => Promise<Map<string, V>>;

interface Waiter<V> {
  resolve: (v: V | null) => void;
  reject: (err: unknown) => void;
}

export class Coalescer<V> {
  private pending = new Map<string, Waiter<V>[]>();
  private inFlight = 0;
  private scheduled = false;

  /**
   * @param fetch answers a batch of keys; a key missing from the map means "no such row" (null).
   * @param maxInFlight batches running at once; the rest wait and grow (bigger batches under load).
   */
  constructor(private readonly fetch: BatchFetch<V>, private readonly maxInFlight = 2, private readonly maxBatch = 500) {}

  load(key: string): Promise<V | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.size === 0) return;
    this.scheduled = true;
    // After the current I/O phase, so requests parsed together share a batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.maxInFlight || this.pending.size === 0) return;
    const batch = new Map<string, Waiter<V>[]>();
    for (const [key, waiters] of this.pending) {
      if (batch.size >= this.maxBatch) break;
      batch.set(key, waiters);
    }
    for (const key of batch.keys()) this.pending.delete(key);
    this.inFlight++;
    try {
      const found = await this.fetch([...batch.keys()]);
      for (const [key, waiters] of batch) {
        const value = found.get(key) ?? null;
        for (const w of waiters) w.resolve(value);
      }
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
