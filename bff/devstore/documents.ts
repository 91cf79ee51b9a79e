/**
 * Plain helpers on BSON documents as the `bson` package deserializes them: plain objects,
 * arrays, Dates, RegExps and BSON value classes (ObjectId, Long, Binary, …).
 *
 * Stored documents are treated as immutable: an update clones, changes the clone and swaps
 * it in. That is what lets cursors hold references to documents without copying them.
 */
import type { Doc } from './errors';

export type { Doc } from './errors';

/** A plain embedded document (not an array, Date, BSON value class, …). */
export function isPlainObject(value: unknown): value is Doc {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True for `{ $gt: 1, … }`-like objects, i.e. the first key is an operator. */
export function isOperatorObject(value: unknown): value is Doc {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

function assignKey(target: Doc, key: string, value: unknown): void {
  // `target[key] = …` with key "__proto__" would change the prototype instead.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Deep copy of the mutable parts (objects, arrays, Dates); BSON value objects are shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneValue(v)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const out: Doc = {};
    for (const key of Object.keys(value)) assignKey(out, key, cloneValue(value[key]));
    return out as T;
  }
  return value;
}

/** The document with `_id` as its first field, as mongod stores it. */
export function withIdFirst(doc: Doc): Doc {
  if (Object.keys(doc)[0] === '_id') return doc;
  // Spread, not key-by-key assignment onto `{ _id }`: the latter drops V8 into slow
  // "dictionary" objects past a dozen fields, which costs ~40% more memory per document.
  return { _id: doc._id, ...doc };
}

/** Sets `a.b.c` on a document, creating the intermediate objects. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Doc = doc;
  for (let i = 0; i < parts.length - 1; i += 1) {
    const part = parts[i] as string;
    const next = target[part];
    if (isPlainObject(next)) {
      target = next;
    } else {
      const created: Doc = {};
      assignKey(target, part, created);
      target = created;
    }
  }
  assignKey(target, parts[parts.length - 1] as string, value);
}

/** Reads `a.b.c` without descending into arrays (used for `$inc` type checks and the like). */
export function getPath(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (isPlainObject(value)) value = value[part];
    else if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else return undefined;
  }
  return value;
}

/** Result of reading an indexed path: one value per index key, arrays expanded. */
export interface KeyValues {
  /** `undefined` stands for a missing field, `[]` for an empty array. */
  readonly values: unknown[];
  /** The path went through an array (the index entry is "multikey"). */
  readonly multikey: boolean;
}

function collectKeyValues(value: unknown, parts: readonly string[], i: number, out: unknown[], state: { multikey: boolean }): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      // An array field is indexed once per element; an empty array as itself.
      state.multikey = true;
      if (value.length === 0) out.push([]);
      else for (const element of value) out.push(element);
    } else {
      out.push(value);
    }
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    state.multikey = true;
    if (/^\d+$/.test(part)) {
      collectKeyValues(value[Number(part)], parts, i + 1, out, state);
    } else if (value.length === 0) {
      out.push(undefined);
    } else {
      for (const element of value) collectKeyValues(element, parts, i, out, state);
    }
    return;
  }
  if (isPlainObject(value)) {
    collectKeyValues(value[part], parts, i + 1, out, state);
    return;
  }
  out.push(undefined);
}

/** The values an index on `path` holds for `doc` (several when the path crosses arrays). */
export function keyValues(doc: Doc, path: string): KeyValues {
  const out: unknown[] = [];
  const state = { multikey: false };
  collectKeyValues(doc, path.split('.'), 0, out, state);
  return { values: out, multikey: state.multikey };
}

/** A value an index look-up can be made with: equality on it is plain key equality. */
function isIndexableEquality(value: unknown): boolean {
  if (value === undefined || Array.isArray(value) || value instanceof RegExp) return false;
  if (typeof value === 'object' && value !== null) {
    const tag = (value as { _bsontype?: unknown })._bsontype;
    if (tag === 'BSONRegExp' || tag === 'Decimal128') return false;
  }
  return true;
}

/**
 * The equality conditions of a filter that an index can answer: path → accepted values
 * (`{a: 1}`, `{a: {$eq: 1}}`, `{a: {$in: [1, 2]}}`, also inside a top-level `$and`).
 * Every document matching the filter has one of those values on that path, so the
 * documents an index returns for them are a superset of the matches.
 */
export function indexableEqualities(filter: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const visit = (f: Doc): void => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(cond)) {
        for (const sub of cond) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (key.startsWith('$') || out.has(key)) continue;
      if (isOperatorObject(cond)) {
        if ('$eq' in cond && isIndexableEquality(cond.$eq)) out.set(key, [cond.$eq]);
        else if (Array.isArray(cond.$in) && cond.$in.every(isIndexableEquality)) out.set(key, cond.$in);
      } else if (isIndexableEquality(cond)) {
        out.set(key, [cond]);
      }
    }
  };
  visit(filter);
  return out;
}

/**
 * The document an upsert starts from: the filter's equality fields (`{a: 1}`,
 * `{a: {$eq: 1}}`, `$and` members), as mongod seeds it.
 */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc): void => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(cond)) {
        for (const sub of cond) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (key.startsWith('$')) continue;
      if (isOperatorObject(cond)) {
        if ('$eq' in cond) setPath(seed, key, cloneValue(cond.$eq));
      } else if (!(cond instanceof RegExp)) {
        setPath(seed, key, cloneValue(cond));
      }
    }
  };
  visit(filter);
  return seed;
}
