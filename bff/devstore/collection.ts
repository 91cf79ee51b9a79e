/**
 * One collection: documents by canonical `_id` (which doubles as the `_id` index) and the
 * secondary indexes. Every change goes through here so the indexes never drift from the
 * documents; the `checked*` methods enforce uniqueness before touching anything, so a
 * failing write leaves no partial change.
 */
import { type Doc, indexableEqualities, internStrings } from './documents';
import { CommandError } from './errors';
import { ID_INDEX_NAME, ID_INDEX_SPEC, Index, type IndexEntry, type IndexSpec, duplicateKeyError } from './indexes';
import { encodeValue } from './keys';

export class Collection {
  readonly db: string;
  readonly name: string;
  options: Doc;
  /** Canonical `_id` → document. Documents are never mutated in place. */
  readonly docs = new Map<string, Doc>();
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
      const error = index.conflict(entry, id, this.ns);
      if (error !== undefined) throw error;
    }
  }

  /** Inserts after checking `_id` and every unique index; throws DuplicateKey otherwise. */
  checkedInsert(doc: Doc): string {
    const id = this.idKeyOf(doc);
    if (this.docs.has(id)) throw duplicateKeyError(this.ns, ID_INDEX_NAME, { _id: 1 }, { _id: doc._id });
    const entries = this.entries(doc);
    this.checkUnique(entries, id);
    internStrings(doc); // the document is ours from here on (decoded from the request)
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
    internStrings(doc);
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
        const error = index.conflict(entry, id, this.ns);
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
    const equalities = indexableEqualities(filter);
    if (equalities.size === 0) return this.docs.values();
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
    let best: { size: number; ids(): Iterable<string> } | undefined;
    for (const index of this.indexes.values()) {
      const answer = index.candidates(equalities);
      if (answer !== undefined && (best === undefined || answer.size < best.size)) best = answer;
    }
    if (best === undefined) return this.docs.values();
    const chosen = best;
    const docs = this.docs;
    return (function* candidateDocs() {
      for (const id of chosen.ids()) {
        const doc = docs.get(id);
        if (doc !== undefined) yield doc;
      }
    })();
  }
}

/** Index keys for a document already stored (a parallel-array error cannot recur there). */
function safeEntry(index: Index, doc: Doc): IndexEntry | undefined {
  try {
    return index.entryFor(doc);
  } catch {
    return undefined;
  }
}
