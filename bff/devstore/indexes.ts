/**
 * Secondary indexes: the spec as listIndexes shows it, plus an in-memory map from the
 * canonical key encoding (keys.ts) to the ids of the documents holding that key.
 *
 * The map serves two purposes: enforcing `unique` (including compound, sparse and partial
 * unique indexes) and answering equality look-ups without scanning the collection.
 * A compound index also keeps maps on leading prefixes of its fields, so a filter with
 * equalities on a prefix is answered from the index too: the leading field's map always, a
 * longer prefix's from the first query that needs it (memory only for the look-ups queries make).
 */
import { type Doc, isPlainObject, keyValues } from './documents';
import { CommandError } from './errors';
import { encodeCompound, encodeValue, formatValue } from './keys';
import { compileFilter } from './query';

/** An index definition as stored, journaled and listed (`listIndexes`). */
export interface IndexSpec extends Doc {
  v: number;
  key: Doc;
  name: string;
}

export const ID_INDEX_NAME = '_id_';
export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME };

/** Index plugins we accept; only ascending/descending/hashed keys are maintained in memory. */
const KEY_TYPES = new Set(['text', '2d', '2dsphere', 'hashed', 'geoHaystack', 'columnstore']);

/** Options that never make two specs different (build hints, legacy fields). */
const IGNORED_OPTIONS = new Set(['v', 'name', 'key', 'background', 'ns', 'dropDups']);

/** Validates a createIndexes entry and returns it in the stored form. */
export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) throw new CommandError('TypeMismatch', 'Each index specification must be an object');
  const { key, name } = raw;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError('FailedToParse', "The 'key' field must be a non-empty object");
  }
  for (const [field, dir] of Object.entries(key)) {
    const ok = (typeof dir === 'number' && dir !== 0 && Number.isFinite(dir)) || (typeof dir === 'string' && KEY_TYPES.has(dir));
    if (!ok || field === '') throw new CommandError('CannotCreateIndex', `Values in the index key pattern can't be ${formatValue(dir)} (field ${field})`);
  }
  if (typeof name !== 'string' || name === '') throw new CommandError('FailedToParse', "The 'name' field is a required property of an index specification");
  if (raw.partialFilterExpression !== undefined && !isPlainObject(raw.partialFilterExpression)) {
    throw new CommandError('TypeMismatch', 'partialFilterExpression must be an object');
  }
  const spec: IndexSpec = { v: 2, key, name };
  for (const [option, value] of Object.entries(raw)) {
    if (IGNORED_OPTIONS.has(option)) continue;
    if ((option === 'unique' || option === 'sparse') && value !== true) continue; // false = absent
    spec[option] = value;
  }
  return spec;
}

/** Whether two specs describe the same index apart from its name. */
export function sameIndexDefinition(a: IndexSpec, b: IndexSpec): boolean {
  return encodeValue(a.key) === encodeValue(b.key) && optionsKey(a) === optionsKey(b);
}

function optionsKey(spec: IndexSpec): string {
  const options = Object.keys(spec)
    .filter((k) => !IGNORED_OPTIONS.has(k))
    .sort()
    .map((k) => [k, spec[k]]);
  return encodeValue(options);
}

/** The default index name mongod derives from a key pattern (`a_1_b_-1`). */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

export function duplicateKeyError(ns: string, indexName: string, keyPattern: Doc, keyValue: Doc): CommandError {
  return new CommandError('DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${formatValue(keyValue)}`, {
    keyPattern,
    keyValue,
  });
}

/**
 * The maps are keyed by a 32-bit hash of the canonical key (a small integer, stored in the map's
 * slot), not by the key string, which would cost its length plus a header per document and index
 * (a compound key holding a 64-character ID-number hash is ~100 bytes). Two keys may share a hash:
 * a look-up then offers a few more candidates, which the full filter drops, and a unique index
 * compares the other document's keys before calling it a duplicate.
 */
export function slotOf(key: string): number {
  let h = 0x811c9dc5; // FNV-1a, then murmur3's finaliser to spread similar keys
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

type Slots = Map<number, Bucket>;

/** Ids under one key: a single id (the common, unique case) or a set. */
type Bucket = string | Set<string>;

/**
 * A bucket's ids in key order, kept from the first look-up that asks for them until the bucket
 * changes: every keyset page of a queue reads the same large bucket, which sorting on each page
 * made cost as much as the whole queue (bench:audit). Held weakly: a bucket replaced goes with it.
 */
const sortedBuckets = new WeakMap<Set<string>, readonly string[]>();

function sortedBucketIds(bucket: Bucket | undefined): readonly string[] {
  if (bucket === undefined) return [];
  if (typeof bucket === 'string') return [bucket];
  let sorted = sortedBuckets.get(bucket);
  if (sorted === undefined) {
    sorted = Array.from(bucket).sort();
    sortedBuckets.set(bucket, sorted);
  }
  return sorted;
}

function bucketAdd(map: Slots, key: string, id: string): void {
  const slot = slotOf(key);
  const bucket = map.get(slot);
  if (bucket === undefined) map.set(slot, id);
  else if (typeof bucket === 'string') {
    if (bucket !== id) map.set(slot, new Set([bucket, id]));
  } else {
    bucket.add(id);
    sortedBuckets.delete(bucket);
  }
}

function bucketRemove(map: Slots, key: string, id: string): void {
  const slot = slotOf(key);
  const bucket = map.get(slot);
  if (bucket === undefined) return;
  if (typeof bucket === 'string') {
    if (bucket === id) map.delete(slot);
    return;
  }
  bucket.delete(id);
  sortedBuckets.delete(bucket);
  if (bucket.size === 1) map.set(slot, bucket.values().next().value as string);
  else if (bucket.size === 0) map.delete(slot);
}

function bucketSize(bucket: Bucket | undefined): number {
  if (bucket === undefined) return 0;
  return typeof bucket === 'string' ? 1 : bucket.size;
}

function* bucketIds(bucket: Bucket | undefined): Generator<string> {
  if (bucket === undefined) return;
  if (typeof bucket === 'string') yield bucket;
  else yield* bucket;
}

/** The keys one document contributes to an index. */
export interface IndexEntry {
  /** Full keys (one per array element for multikey paths). */
  readonly keys: readonly string[];
  /** Keys of each leading prefix the index keeps a map for, by prefix length (compound indexes only). */
  readonly prefixKeys: ReadonlyMap<number, readonly string[]>;
  /** The field values behind each full key, for `keyValue` in duplicate-key errors. */
  readonly tuples: readonly (readonly unknown[])[];
}

/** Where a unique index finds another document's keys. */
export interface StoredDocumentSource {
  get(id: string): Doc | undefined;
}

/** Candidate ids an index offers for a filter, with their count for plan choice. */
export interface IndexCandidates {
  readonly size: number;
  ids(): Iterable<string>;
  /** The same ids once each, in ascending key order (one key's bucket: without sorting again). */
  sortedIds(): readonly string[];
}

/** Upper bound on key combinations expanded for `$in` on several fields. */
const MAX_LOOKUP_KEYS = 10_000;

/** Conditions that hold for a document whenever they hold for one of its values on the path (array elements included). */
const POSITIVE_OPERATORS = new Set(['$exists', '$type', '$eq', '$gt', '$gte', '$lt', '$lte']);

/**
 * A partial filter of plain field conditions (`{f: {$exists: true}}`, `{f: {$type: 'string'}}`,
 * `{active: true}` …), as field → whether an equality look-up's value on that field satisfies
 * the field's condition. Every document a look-up matches holds that value on the path (or in an
 * array there), so it satisfies such a condition too and is in the index. Null is never enough
 * (it matches documents missing the field). Undefined for anything else ($or, negations …).
 */
function impliedByEqualities(pfe: Doc): Map<string, (value: unknown) => boolean> | undefined {
  const out = new Map<string, (value: unknown) => boolean>();
  for (const [field, cond] of Object.entries(pfe)) {
    if (field.startsWith('$')) return undefined;
    if (isPlainObject(cond) && Object.keys(cond).some((op) => op.startsWith('$'))) {
      if (!Object.keys(cond).every((op) => POSITIVE_OPERATORS.has(op)) || ('$exists' in cond && cond.$exists !== true && cond.$exists !== 1)) return undefined;
    }
    const test = compileFilter({ value: cond });
    out.set(field, (value) => value !== null && value !== undefined && test({ value }));
  }
  return out;
}

export class Index {
  readonly spec: IndexSpec;
  readonly name: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Maintained in memory: every key is ascending, descending or hashed. */
  readonly maintained: boolean;
  /**
   * How many leading fields look-ups can fix: all of them, or all but a last `_id` (queues paged
   * by `_id`). Such an index keeps no map of its full key: a look-up with `_id` fixed is answered by
   * the `_id` index, and no two documents share a key that holds their `_id`, so there is no
   * duplicate to find either; its look-ups use its prefix maps.
   */
  private readonly lookupFields: number;
  private readonly partial: ((doc: Doc) => boolean) | undefined;
  /**
   * For a partial index: per field of its filter, whether a look-up's equality value on that field
   * guarantees the filter holds; undefined when the filter is not of a form reasoned about here
   * (the index then serves uniqueness only).
   */
  private readonly partialImpliedBy: Map<string, (value: unknown) => boolean> | undefined;
  private readonly entries: Slots = new Map();
  /** Prefix length (1 … fields − 1) → map of that prefix's keys, from the first look-up that needs it. */
  private readonly prefixes = new Map<number, Slots>();

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.fields = Object.keys(spec.key);
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.maintained = Object.values(spec.key).every((dir) => typeof dir === 'number' || dir === 'hashed');
    this.lookupFields = this.fields.length > 1 && this.fields[this.fields.length - 1] === '_id' ? this.fields.length - 1 : this.fields.length;
    const pfe = spec.partialFilterExpression;
    this.partial = isPlainObject(pfe) ? compileFilter(pfe) : undefined;
    this.partialImpliedBy = isPlainObject(pfe) ? impliedByEqualities(pfe) : undefined;
  }

  /** The document's keys, or undefined when the document is not in this index. */
  entryFor(doc: Doc): IndexEntry | undefined {
    if (!this.maintained) return undefined;
    if (this.partial !== undefined && !this.partial(doc)) return undefined;
    const perField = this.fields.map((field) => keyValues(doc, field));
    if (this.sparse && perField.every((kv) => kv.values.every((v) => v === undefined))) return undefined;
    if (perField.filter((kv) => kv.multikey).length > 1) {
      const names = this.fields.filter((_, i) => perField[i]?.multikey === true);
      throw new CommandError('CannotIndexParallelArrays', `cannot index parallel arrays [${names.join('] [')}]`);
    }
    // At most one field has several values, so the combinations are that field's values.
    let tuples: unknown[][] = [[]];
    for (const kv of perField) tuples = tuples.flatMap((tuple) => kv.values.map((value) => [...tuple, value]));
    const keys = new Set<string>();
    const unique: unknown[][] = [];
    for (const tuple of tuples) {
      const key = encodeCompound(tuple);
      if (!keys.has(key)) {
        keys.add(key);
        unique.push(tuple);
      }
    }
    const prefixKeys = new Map<number, string[]>();
    for (const length of this.prefixes.keys()) {
      prefixKeys.set(length, Array.from(new Set(unique.map((tuple) => encodeCompound(tuple.slice(0, length))))));
    }
    return { keys: Array.from(keys), prefixKeys, tuples: unique };
  }

  /**
   * For a unique index: the duplicate-key error `entry` would cause for document `id`, given the
   * stored documents (`docs`, to tell a duplicate from a hash shared by another key).
   */
  conflict(entry: IndexEntry | undefined, id: string, ns: string, docs: StoredDocumentSource): CommandError | undefined {
    if (!this.unique || entry === undefined || !this.mapsFullKey) return undefined;
    for (let i = 0; i < entry.keys.length; i += 1) {
      const key = entry.keys[i] as string;
      for (const other of bucketIds(this.entries.get(slotOf(key)))) {
        if (other === id || !this.holdsKey(docs.get(other), key)) continue;
        const tuple = entry.tuples[i] ?? [];
        const keyValue: Doc = {};
        this.fields.forEach((field, j) => {
          const v = tuple[j];
          keyValue[field] = v === undefined ? null : v;
        });
        return duplicateKeyError(ns, this.name, this.spec.key, keyValue);
      }
    }
    return undefined;
  }

  private get mapsFullKey(): boolean {
    return this.lookupFields === this.fields.length;
  }

  private holdsKey(doc: Doc | undefined, key: string): boolean {
    if (doc === undefined) return false;
    try {
      return this.entryFor(doc)?.keys.includes(key) ?? false;
    } catch {
      return false; // parallel arrays: in no map of this index
    }
  }

  add(entry: IndexEntry | undefined, id: string): void {
    if (entry === undefined) return;
    if (this.mapsFullKey) for (const key of entry.keys) bucketAdd(this.entries, key, id);
    for (const [length, keys] of entry.prefixKeys) {
      const map = this.prefixes.get(length);
      if (map !== undefined) for (const key of keys) bucketAdd(map, key, id);
    }
  }

  remove(entry: IndexEntry | undefined, id: string): void {
    if (entry === undefined) return;
    if (this.mapsFullKey) for (const key of entry.keys) bucketRemove(this.entries, key, id);
    for (const [length, keys] of entry.prefixKeys) {
      const map = this.prefixes.get(length);
      if (map !== undefined) for (const key of keys) bucketRemove(map, key, id);
    }
  }

  /**
   * How many leading fields of this index the equalities fix (0 when the index cannot answer
   * them at all: a partial index whose filter the equalities do not imply, which leaves out
   * documents the look-up may match; a null look-up on a sparse index, which leaves out documents
   * missing the field). More fields fixed means fewer candidates: the planner prefers those.
   */
  coverage(equalities: ReadonlyMap<string, readonly unknown[]>): number {
    if (!this.maintained) return 0;
    if (this.partial !== undefined) {
      if (this.partialImpliedBy === undefined) return 0;
      for (const [field, implied] of this.partialImpliedBy) {
        const values = equalities.get(field);
        if (values === undefined || !values.every(implied)) return 0;
      }
    }
    let covered = 0;
    for (const field of this.fields.slice(0, this.lookupFields)) {
      const values = equalities.get(field);
      if (values === undefined) break;
      if (this.sparse && values.some((v) => v === null)) return 0;
      covered += 1;
    }
    return covered;
  }

  /** The longest prefix, up to `covered` fields, that has a map already (0: none). */
  readyLength(covered: number): number {
    if (covered === this.fields.length && this.mapsFullKey) return covered;
    for (let length = covered; length > 0; length -= 1) if (this.prefixes.has(length)) return length;
    return 0;
  }

  /**
   * Ids of the documents that may match a filter with these equalities, looked up on the
   * first `length` fields (at most coverage(equalities), which must be positive). `docs` are
   * the collection's documents, from which a prefix's map is built the first time it is used.
   */
  candidates(equalities: ReadonlyMap<string, readonly unknown[]>, length: number, docs: Iterable<[string, Doc]>): IndexCandidates | undefined {
    if (length === 0 || length > this.coverage(equalities)) return undefined;
    const used = this.fields.slice(0, length).map((field) => equalities.get(field) as readonly unknown[]);
    const map = length === this.fields.length ? this.entries : this.prefixMap(length, docs);
    let keys: string[] = [''];
    for (const values of used) {
      const next: string[] = [];
      for (const head of keys) for (const v of values) next.push(head + encodeValue(v));
      keys = next;
      if (keys.length > MAX_LOOKUP_KEYS) return undefined;
    }
    const buckets = Array.from(new Set(keys.map(slotOf)), (slot) => map.get(slot));
    const size = buckets.reduce((sum, bucket) => sum + bucketSize(bucket), 0);
    return {
      size,
      sortedIds() {
        if (buckets.length === 1) return sortedBucketIds(buckets[0]);
        const merged = buckets.flatMap((bucket) => sortedBucketIds(bucket)).sort();
        return merged.filter((id, i) => i === 0 || id !== merged[i - 1]);
      },
      *ids() {
        const seen = buckets.length > 1 ? new Set<string>() : undefined;
        for (const bucket of buckets) {
          for (const id of bucketIds(bucket)) {
            if (seen !== undefined) {
              if (seen.has(id)) continue;
              seen.add(id);
            }
            yield id;
          }
        }
      },
    };
  }

  /** The map of the first `length` fields' keys, built over `docs` when first asked for. */
  private prefixMap(length: number, docs: Iterable<[string, Doc]>): Slots {
    const existing = this.prefixes.get(length);
    if (existing !== undefined) return existing;
    const map: Slots = new Map();
    this.prefixes.set(length, map);
    for (const [id, doc] of docs) {
      let entry: IndexEntry | undefined;
      try {
        entry = this.entryFor(doc);
      } catch {
        continue; // a stored document with parallel arrays is in no map of this index either
      }
      for (const key of entry?.prefixKeys.get(length) ?? []) bucketAdd(map, key, id);
    }
    return map;
  }
}
