/**
 * The store's use of mingo for MongoDB query, projection, sort and aggregation semantics.
 *
 * mingo throws plain errors for bad input (an unknown operator, a mixed projection): they
 * are turned into BadValue command errors here, so callers get MongoDB-shaped failures.
 */
import { Aggregator, ProcessingMode, Query } from 'mingo';

import { type Doc, isPlainObject } from './documents';
import { CommandError } from './errors';

/** mingo's option bag, taken from its constructor so no deep import path is needed. */
type MingoOptions = NonNullable<ConstructorParameters<typeof Query>[1]>;
type Collation = NonNullable<MingoOptions['collation']>;

/** Options a read carries from the command: `collation` and `let` variables. */
export interface EvalOptions {
  readonly collation?: Doc;
  readonly variables?: Doc;
}

function mingoOptions(opts: EvalOptions, extra: Partial<MingoOptions> = {}): MingoOptions {
  const out: { -readonly [K in keyof MingoOptions]?: MingoOptions[K] } = { ...extra };
  if (opts.collation !== undefined && typeof opts.collation.locale === 'string') {
    out.collation = opts.collation as unknown as Collation;
  }
  if (opts.variables !== undefined) out.variables = opts.variables;
  return out;
}

/** Runs `fn`, turning any mingo failure into a BadValue command error. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandError) throw err;
    throw new CommandError('BadValue', err instanceof Error ? err.message : String(err));
  }
}

/** A compiled filter predicate. */
export function compileFilter(filter: Doc, opts: EvalOptions = {}): (doc: Doc) => boolean {
  if (Object.keys(filter).length === 0) return () => true;
  const query = guarded(() => new Query(filter, mingoOptions(opts)));
  return (doc) => guarded(() => query.test(doc));
}

/** A sort spec without `$natural` (natural order is the candidates' order already). */
export function normaliseSort(sort: unknown): { spec: Record<string, 1 | -1> | undefined; reverse: boolean } {
  if (!isPlainObject(sort)) return { spec: undefined, reverse: false };
  const spec: Record<string, 1 | -1> = {};
  let reverse = false;
  for (const [field, dir] of Object.entries(sort)) {
    if (field === '$natural') {
      reverse = Number(dir) < 0;
      continue;
    }
    if (isPlainObject(dir)) continue; // { $meta: … }: no text search here
    const n = Number(dir);
    if (n !== 1 && n !== -1) throw new CommandError('BadValue', `$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    spec[field] = n;
  }
  return { spec: Object.keys(spec).length > 0 ? spec : undefined, reverse };
}

export interface SelectOptions extends EvalOptions {
  readonly sort?: unknown;
  readonly skip?: number;
  readonly limit?: number;
}

/** Filters, sorts, skips and limits candidate documents; returns the stored references. */
export function selectDocuments(candidates: Iterable<Doc>, filter: Doc, opts: SelectOptions = {}): Doc[] {
  const { spec, reverse } = normaliseSort(opts.sort);
  const skip = opts.skip ?? 0;
  const limit = opts.limit ?? 0;
  const test = compileFilter(filter, opts);
  if (spec === undefined) {
    // No sort: stop as soon as skip + limit matches are found.
    const source = reverse ? Array.from(candidates).reverse() : candidates;
    const out: Doc[] = [];
    let skipped = 0;
    for (const doc of source) {
      if (!test(doc)) continue;
      if (skipped < skip) {
        skipped += 1;
        continue;
      }
      out.push(doc);
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }
  const matched: Doc[] = [];
  for (const doc of candidates) if (test(doc)) matched.push(doc);
  if (reverse) matched.reverse();
  return guarded(() => {
    let cursor = new Query({}, mingoOptions(opts)).find<Doc>(matched).sort(spec);
    if (skip > 0) cursor = cursor.skip(skip);
    if (limit > 0) cursor = cursor.limit(limit);
    return cursor.all();
  });
}

/** Applies a find projection (inclusion, exclusion, `$slice`, `$elemMatch`, expressions). */
export function projectDocuments(docs: readonly Doc[], projection: Doc | undefined, opts: EvalOptions = {}): Doc[] {
  if (projection === undefined || Object.keys(projection).length === 0) return docs.slice();
  return guarded(() => new Query({}, mingoOptions(opts)).find<Doc>(docs, projection).all());
}

/** Runs an aggregation pipeline; `resolve` supplies other collections for `$lookup`. */
export function runPipeline(docs: Iterable<Doc>, pipeline: Doc[], opts: EvalOptions, resolve: (name: string) => Doc[]): Doc[] {
  return guarded(() => {
    // CLONE_INPUT: some stages ($addFields on a dotted path, …) write into their input,
    // and the input documents are the stored ones.
    const aggregator = new Aggregator(pipeline, mingoOptions(opts, { processingMode: ProcessingMode.CLONE_INPUT, collectionResolver: resolve }));
    return aggregator.run<Doc>(docs);
  });
}
