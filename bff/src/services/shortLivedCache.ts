/**
 * A per-process map whose entries live a few seconds, for what the registration path reads on
 * every request but changes rarely (a competition's set-up, the union a code names): a change
 * shows in every process within `ttlMs`. Bounded: when full, the oldest entry goes. Values are
 * shared between requests, so callers treat them as read-only.
 */
export class ShortLivedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached value, or what `load` finds (null: nothing, which is not cached). */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.until > now) return entry.value;
    const value = await load();
    if (value === null) return null;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until: now + this.ttlMs });
    return value;
  }
}
