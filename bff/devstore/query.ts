/**
 * The store's use of mingo for MongoDB query, projection, sort and aggregation semantics.
 *
 * mingo throws plain errors for bad input (an unknown operator, a mixed projection): they
 * are turned into BadValue command errors here, so callers get MongoDB-shaped failures.
 */
import { Aggregator, Context, ProcessingMode, Query } from 'mingo';

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

/**
 * mingo copies its whole operator table (a few hundred entries) into every Query and Aggregator
 * it builds from plain options, ~30 µs each, several per command. Built from one of its own
 * ComputeOptions instances instead, it shares the table. mingo does not export that class, so one
 * instance is caught once, from a query operator (operators receive it), and its class reused with
 * each command's options. If a mingo version changes this, the plain (copying) path is taken.
 * (The catching operator stays in the shared table: a filter naming `$devstoreOptions` matches.)
 */
interface SharedOptions {
  readonly options: MingoOptions;
}
const sharedOptions: SharedOptions | undefined = (() => {
  let caught: unknown;
  const catchOptions = (_field: string, _value: unknown, options: unknown) => {
    caught = options;
    return () => true;
  };
  try {
    new Query({ probe: { $devstoreOptions: 1 } }, { context: Context.init({ query: { $devstoreOptions: catchOptions } }) });
  } catch {
    return undefined;
  }
  const options = (caught as { options?: { context?: unknown } } | undefined)?.options;
  return options?.context instanceof Context ? (caught as SharedOptions) : undefined;
})();
const SharedOptionsClass = sharedOptions?.constructor as (new (options: MingoOptions) => SharedOptions) | undefined;
/**
 * The classes mingo's exported Query and Aggregator extend (without the step that copies the
 * table into the options): their prototypes, as the subpath exports are out of this module
 * resolution's reach.
 */
const BareQuery = Object.getPrototypeOf(Query) as typeof Query;
const BareAggregator = Object.getPrototypeOf(Aggregator) as typeof Aggregator;
const canShare = typeof BareQuery.prototype?.test === 'function' && typeof BareAggregator.prototype?.run === 'function';
const plainShared = canShare && SharedOptionsClass && sharedOptions ? new SharedOptionsClass({ ...sharedOptions.options }) : undefined;

/** Options for mingo's bare Query/Aggregator: sharing the operator table when it could be caught. */
function compiledOptions(opts: EvalOptions, extra: Partial<MingoOptions> = {}): MingoOptions | undefined {
  if (!SharedOptionsClass || !sharedOptions || !plainShared) return undefined;
  const own = mingoOptions(opts, extra);
  const shared = Object.keys(own).length === 0 ? plainShared : new SharedOptionsClass({ ...sharedOptions.options, ...own });
  return shared as unknown as MingoOptions;
}

function newQuery(filter: Doc, opts: EvalOptions): Query {
  const shared = compiledOptions(opts);
  return shared ? new BareQuery(filter, shared) : new Query(filter, mingoOptions(opts));
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
  const query = guarded(() => newQuery(filter, opts));
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
    let cursor = newQuery({}, opts).find<Doc>(matched).sort(spec);
    if (skip > 0) cursor = cursor.skip(skip);
    if (limit > 0) cursor = cursor.limit(limit);
    return cursor.all();
  });
}

/**
 * The fields a projection includes when it only names top-level fields with 1 or true (and
 * perhaps `_id: 0`): what most reads send. Undefined for anything else.
 */
function plainInclusion(projection: Doc): { fields: Set<string>; withId: boolean } | undefined {
  const fields = new Set<string>();
  let withId = true;
  for (const [field, value] of Object.entries(projection)) {
    if (field === '_id' && (value === 0 || value === false)) withId = false;
    else if ((value === 1 || value === true) && !field.includes('.') && !field.startsWith('$')) fields.add(field);
    else return undefined;
  }
  return fields.size > 0 ? { fields, withId } : undefined;
}

/** Applies a find projection (inclusion, exclusion, `$slice`, `$elemMatch`, expressions). */
export function projectDocuments(docs: readonly Doc[], projection: Doc | undefined, opts: EvalOptions = {}): Doc[] {
  if (projection === undefined || Object.keys(projection).length === 0) return docs.slice();
  // Top-level fields only: picked in the document's order without mingo (the values are the stored,
  // immutable ones, as for an unprojected read).
  const plain = plainInclusion(projection);
  if (plain !== undefined) {
    return docs.map((doc) => {
      const out: Doc = {};
      for (const field of Object.keys(doc)) if (field === '_id' ? plain.withId || plain.fields.has('_id') : plain.fields.has(field)) out[field] = doc[field];
      return out;
    });
  }
  return guarded(() => newQuery({}, opts).find<Doc>(docs, projection).all());
}

/** Runs an aggregation pipeline; `resolve` supplies other collections for `$lookup`. */
export function runPipeline(docs: Iterable<Doc>, pipeline: Doc[], opts: EvalOptions, resolve: (name: string) => Doc[]): Doc[] {
  return guarded(() => {
    // CLONE_INPUT: some stages ($addFields on a dotted path, …) write into their input,
    // and the input documents are the stored ones.
    const extra = { processingMode: ProcessingMode.CLONE_INPUT, collectionResolver: resolve };
    const shared = compiledOptions(opts, extra);
    const aggregator = shared ? new BareAggregator(pipeline, shared) : new Aggregator(pipeline, mingoOptions(opts, extra));
    return aggregator.run<Doc>(docs);
  });
}
