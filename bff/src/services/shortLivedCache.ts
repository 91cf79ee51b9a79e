/**
 * A per-process map whose entries live a few seconds, for what the registration path reads on
 * every request but changes rarely (a competition's set-up, the union a code names, a session):
 * a change made elsewhere shows in every process within `ttlMs`. Bounded: when full, the oldest
 * entry goes. Values are shared between requests, so callers treat them as read-only.
 */
export class ShortLivedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value, or what `load` finds (null: nothing, which is not cached). */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const cached = this.peek(key);
    if (cached !== undefined) return cached;
    const value = await load();
    if (value !== null) this.set(key, value);
    return value;
  }

  /** The cached value, if it has not expired. */
  peek(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > Date.now() ? entry.value : undefined;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  /** Drops the entries whose value passes `test` (a scan: for rare events such as a sign-out). */
  forgetWhere(test: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key);
  }
}
