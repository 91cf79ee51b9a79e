/**
 * One collection: documents by canonical `_id` (which doubles as the `_id` index) and the
 * secondary indexes. Every change goes through here so the indexes never drift from the
 * documents; the `checked*` methods enforce uniqueness before touching anything, so a
 * failing write leaves no partial change.
 */
import { type Doc, indexableEqualities } from './documents';
import { CommandError } from './errors';
import { ID_INDEX_NAME, ID_INDEX_SPEC, Index, type IndexCandidates, type IndexEntry, type IndexSpec, duplicateKeyError } from './indexes';
import { encodeValue } from './keys';
import { StoredDocuments } from './storedDocuments';

export class Collection {
  readonly db: string;
  readonly name: string;
  options: Doc;
  /** Canonical `_id` → document, as BSON (storedDocuments.ts): every read is a fresh copy. */
  readonly docs = new StoredDocuments();
  /** Secondary indexes by name (the `_id_` index is `docs` itself). */
  readonly indexes = new Map<string, Index>();

  constructor(db: string, name: string, options: Doc = {}) {
    this.db = db;
    this.name = name;
    this.options = options;
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** All index specs, `_id_` first, as listIndexes returns them. */
  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...Array.from(this.indexes.values(), (index) => index.spec)];
  }

  idKeyOf(doc: Doc): string {
    return encodeValue(doc._id);
  }

  private entries(doc: Doc): Map<Index, IndexEntry | undefined> {
    const out = new Map<Index, IndexEntry | undefined>();
    for (const index of this.indexes.values()) out.set(index, index.entryFor(doc));
    return out;
  }

  private checkUnique(entries: Map<Index, IndexEntry | undefined>, id: string): void {
    for (const [index, entry] of entries) {
      const error = index.conflict(entry, id, this.ns, this.docs);
      if (error !== undefined) throw error;
    }
  }

  /** Inserts after checking `_id` and every unique index; throws DuplicateKey otherwise. */
  checkedInsert(doc: Doc): string {
    const id = this.idKeyOf(doc);
    if (this.docs.has(id)) throw duplicateKeyError(this.ns, ID_INDEX_NAME, { _id: 1 }, { _id: doc._id });
    const entries = this.entries(doc);
    this.checkUnique(entries, id);
    this.docs.set(id, doc);
    for (const [index, entry] of entries) index.add(entry, id);
    return id;
  }

  /** Replaces document `id` (same `_id`) after checking every unique index. */
  checkedReplace(id: string, next: Doc): void {
    const previous = this.docs.get(id);
    if (previous === undefined) throw new CommandError('InternalError', `document ${id} vanished`);
    const entries = this.entries(next);
    this.checkUnique(entries, id);
    for (const index of this.indexes.values()) index.remove(index.entryFor(previous), id);
    this.docs.set(id, next);
    for (const [index, entry] of entries) index.add(entry, id);
  }

  /**
   * Puts a document without uniqueness checks: journal replay and undo, which restore
   * states that were valid when they were written.
   */
  put(doc: Doc): void {
    const id = this.idKeyOf(doc);
    const previous = this.docs.get(id);
    if (previous !== undefined) for (const index of this.indexes.values()) index.remove(safeEntry(index, previous), id);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(safeEntry(index, doc), id);
  }

  remove(id: string): Doc | undefined {
    const previous = this.docs.get(id);
    if (previous === undefined) return undefined;
    for (const index of this.indexes.values()) index.remove(safeEntry(index, previous), id);
    this.docs.delete(id);
    return previous;
  }

  /** Builds an index over the existing documents; throws DuplicateKey if unique is violated. */
  addIndex(spec: IndexSpec, enforceUnique = true): void {
    const index = new Index(spec);
    for (const [id, doc] of this.docs) {
      const entry = index.entryFor(doc);
      if (enforceUnique) {
        const error = index.conflict(entry, id, this.ns, this.docs);
        if (error !== undefined) {
          throw new CommandError('DuplicateKey', `Index build failed: ${error.message}`, error.extra);
        }
      }
      index.add(entry, id);
    }
    this.indexes.set(spec.name, index);
  }

  /**
   * The documents a filter can match, from the cheapest source: `_id` look-up, the
   * smallest index answer for the filter's equalities, or the whole collection.
   * The caller still applies the full filter to every candidate.
   */
  candidates(filter: Doc, useIndexes = true): Iterable<Doc> {
    if (!useIndexes) return this.docs.values();
    return this.indexedCandidates(filter) ?? this.docs.values();
  }

  /**
   * The documents an `_id` look-up or the smallest index answer picks for the filter's
   * equalities; undefined when neither can answer them (the caller would scan everything).
   */
  indexedCandidates(filter: Doc): Iterable<Doc> | undefined {
    const equalities = indexableEqualities(filter);
    if (equalities.size === 0) return undefined;
    const ids = equalities.get('_id');
    if (ids !== undefined) {
      const docs: Doc[] = [];
      const seen = new Set<string>();
      for (const value of ids) {
        const key = encodeValue(value);
        const doc = this.docs.get(key);
        if (doc !== undefined && !seen.has(key)) {
          seen.add(key);
          docs.push(doc);
        }
      }
      return docs;
    }
    const chosen = this.lookup(equalities);
    if (chosen === undefined) return undefined;
    return this.docsOf(chosen.ids());
  }

  /**
   * The smallest index answer for the equalities. Each index answers from the longest prefix
   * it already has a map for; the indexes fixing the most leading fields answer on all of
   * them, building that prefix's map once if none of them has it yet (so a queue filtered on
   * competition, union and status looks up exactly those documents, not the competition's).
   */
  private lookup(equalities: ReadonlyMap<string, readonly unknown[]>): IndexCandidates | undefined {
    const coverage = new Map<Index, number>();
    let most = 0;
    for (const index of this.indexes.values()) {
      const covered = index.coverage(equalities);
      coverage.set(index, covered);
      most = Math.max(most, covered);
    }
    if (most === 0) return undefined;
    const widest = Array.from(coverage).filter(([, covered]) => covered === most);
    const builder = widest.some(([index]) => index.readyLength(most) === most) ? undefined : widest[0]?.[0];
    let best: IndexCandidates | undefined;
    for (const [index, covered] of coverage) {
      const length = index === builder ? covered : index.readyLength(covered);
      const answer = index.candidates(equalities, length, this.docs);
      if (answer !== undefined && (best === undefined || answer.size < best.size)) best = answer;
    }
    return best;
  }

  private *docsOf(ids: Iterable<string>): Generator<Doc> {
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc !== undefined) yield doc;
    }
  }

  /**
   * For a sort on `_id` alone: the candidates an index look-up picks, in `_id` order, when every
   * one's `_id` is an ObjectId (their canonical keys then sort as the ObjectIds do). Bounds on
   * `_id` in the filter (a keyset page's `$gt`) skip ahead by binary search, so the caller can
   * stop at its limit instead of sorting every match. Undefined when this does not apply.
   */
  candidatesInIdOrder(filter: Doc, direction: 1 | -1): Iterable<Doc> | undefined {
    const equalities = indexableEqualities(filter);
    if (equalities.has('_id')) return undefined;
    const answer = this.lookup(equalities);
    if (answer === undefined) return undefined;
    const ids = answer.sortedIds();
    // Sorted keys with an ObjectId's tag first and last have it throughout.
    if (ids.length > 0 && !(isObjectIdKey(ids[0] as string) && isObjectIdKey(ids[ids.length - 1] as string))) return undefined;
    const bounds = objectIdBounds(filter._id);
    const start = bounds.lower === undefined ? 0 : firstAbove(ids, bounds.lower.key, bounds.lower.inclusive);
    const end = bounds.upper === undefined ? ids.length : firstAbove(ids, bounds.upper.key, !bounds.upper.inclusive);
    return this.docsOf(idsBetween(ids, start, end, direction));
  }
}

/** `ids[start … end)` one at a time, without copying them, ascending or descending. */
function* idsBetween(ids: readonly string[], start: number, end: number, direction: 1 | -1): Generator<string> {
  if (direction === 1) for (let i = start; i < end; i += 1) yield ids[i] as string;
  else for (let i = end - 1; i >= start; i -= 1) yield ids[i] as string;
}

/** The canonical key of an ObjectId: its tag and 12 bytes as one-byte characters (keys.ts). */
const isObjectIdKey = (key: string): boolean => key.length === 13 && key.startsWith('o');

interface Bound {
  key: string;
  inclusive: boolean;
}

/** `$gt`/`$gte` and `$lt`/`$lte` on ObjectIds in an `_id` condition, as canonical keys. */
function objectIdBounds(condition: unknown): { lower?: Bound; upper?: Bound } {
  if (typeof condition !== 'object' || condition === null) return {};
  const c = condition as Record<string, unknown>;
  const bound = (operator: string, inclusive: boolean): Bound | undefined => {
    const value = c[operator];
    const isObjectId = typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
    return isObjectId ? { key: encodeValue(value), inclusive } : undefined;
  };
  const lower = bound('$gt', false) ?? bound('$gte', true);
  const upper = bound('$lt', false) ?? bound('$lte', true);
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** The first position in sorted `keys` whose key is above `key` (or equal to it, when `orEqual`). */
function firstAbove(keys: readonly string[], key: string, orEqual: boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const k = keys[middle] as string;
    if (k > key || (orEqual && k === key)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Index keys for a document already stored (a parallel-array error cannot recur there). */
function safeEntry(index: Index, doc: Doc): IndexEntry | undefined {
  try {
    return index.entryFor(doc);
  } catch {
    return undefined;
  }
}
