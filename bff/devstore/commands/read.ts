/**
 * Read commands: find, getMore, killCursors, count, distinct, aggregate.
 *
 * Candidates come from Collection.candidates (an `_id` or index look-up when the filter
 * has equalities on indexed fields), and mingo applies the full filter to them.
 */
import { Long, ObjectId } from 'bson';

import type { Collection } from '../collection';
import { type Doc, cloneValue, isPlainObject, keyValues } from '../documents';
import { CommandError } from '../errors';
import { compareValues, encodeValue } from '../keys';
import { type EvalOptions, compileFilter, normaliseSort, projectDocuments, runPipeline, selectDocuments } from '../query';
import { type CommandContext, type CommandHandler, boolArg, collectionArg, docArg, evalOptions, numberArg, usesCollation } from './context';

/** Documents of `coll` matching `filter`, sorted/skipped/limited (stored references). */
export function matchDocuments(coll: Collection | undefined, filter: Doc, cmd: Doc, opts: { sort?: unknown; skip?: number; limit?: number } = {}): Doc[] {
  if (coll === undefined) {
    compileFilter(filter, evalOptions(cmd)); // a bad filter fails even on a missing collection
    return [];
  }
  // A sort on _id alone (keyset pages) is answered in order from an index look-up when it can be:
  // the first `limit` matches are then the answer, without sorting every match.
  const { spec, reverse } = normaliseSort(opts.sort);
  const idDirection = spec !== undefined && Object.keys(spec).length === 1 ? spec._id : undefined;
  if (idDirection !== undefined && !reverse && !usesCollation(cmd)) {
    const ordered = coll.candidatesInIdOrder(filter, idDirection);
    if (ordered !== undefined) return selectDocuments(ordered, filter, { ...evalOptions(cmd), skip: opts.skip ?? 0, limit: opts.limit ?? 0 });
  }
  const candidates = coll.candidates(filter, !usesCollation(cmd));
  return selectDocuments(candidates, filter, { ...evalOptions(cmd), ...opts });
}

const find: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'find');
  const filter = docArg(cmd, 'filter') ?? {};
  const projection = docArg(cmd, 'projection');
  const skip = numberArg(cmd, 'skip') ?? 0;
  const rawLimit = numberArg(cmd, 'limit') ?? 0;
  const batchSize = numberArg(cmd, 'batchSize');
  if (skip < 0) throw new CommandError('BadValue', 'skip value must be non-negative');
  if (batchSize !== undefined && batchSize < 0) throw new CommandError('BadValue', 'batchSize value must be non-negative');
  // A negative limit is the legacy "single batch of |limit|".
  const limit = Math.abs(rawLimit);
  const singleBatch = boolArg(cmd, 'singleBatch') || rawLimit < 0;
  const coll = ctx.catalog.getCollection(ctx.db, name);
  const docs = matchDocuments(coll, filter, cmd, { sort: cmd.sort, skip, limit });
  const opts = evalOptions(cmd);
  const ns = `${ctx.db}.${name}`;
  const { batch, id } = ctx.cursors.open(ns, docs, {
    ...(batchSize !== undefined ? { batchSize } : {}),
    singleBatch,
    project: (page) => projectDocuments(page, projection, opts),
  });
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

function cursorIdArg(value: unknown): Long {
  if (value instanceof Long) return value;
  if (typeof value === 'number' && Number.isInteger(value)) return Long.fromNumber(value);
  throw new CommandError('TypeMismatch', `cursor id must be a long`);
}

const getMore: CommandHandler = (cmd, ctx) => {
  const id = cursorIdArg(cmd.getMore);
  const name = collectionArg(cmd, 'collection');
  const ns = `${ctx.db}.${name}`;
  const { batch, id: next } = ctx.cursors.getMore(id, ns, numberArg(cmd, 'batchSize'));
  return { cursor: { nextBatch: batch, id: next, ns }, ok: 1 };
};

const killCursors: CommandHandler = (cmd, ctx) => {
  collectionArg(cmd, 'killCursors');
  const raw = cmd.cursors;
  if (!Array.isArray(raw)) throw new CommandError('FailedToParse', "BSON field 'killCursors.cursors' is missing but a required field");
  const { killed, notFound } = ctx.cursors.kill(raw.map(cursorIdArg));
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'count');
  const coll = ctx.catalog.getCollection(ctx.db, name);
  const filter = docArg(cmd, 'query') ?? {};
  const skip = numberArg(cmd, 'skip') ?? 0;
  const limit = Math.abs(numberArg(cmd, 'limit') ?? 0);
  if (coll === undefined) return { n: 0, ok: 1 };
  let n: number;
  if (Object.keys(filter).length === 0) n = coll.docs.size;
  else n = matchDocuments(coll, filter, cmd).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'distinct');
  const key = cmd.key;
  if (typeof key !== 'string' || key === '') throw new CommandError('FailedToParse', "BSON field 'distinct.key' is missing but a required field");
  const coll = ctx.catalog.getCollection(ctx.db, name);
  const seen = new Map<string, unknown>();
  for (const doc of matchDocuments(coll, docArg(cmd, 'query') ?? {}, cmd)) {
    // Like mongod, array values contribute their elements; missing fields and empty
    // arrays contribute nothing.
    for (const value of keyValues(doc, key).values) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      const k = encodeValue(value);
      if (!seen.has(k)) seen.set(k, value);
    }
  }
  return { values: Array.from(seen.values()).sort(compareValues), ok: 1 };
};

/**
 * countDocuments sends `[{$match}, {$skip}?, {$limit}?, {$group: {_id: 1, n: {$sum: 1}}}]`;
 * answering it by counting avoids copying every matched document into mingo.
 */
function countShortcut(pipeline: readonly Doc[]): { filter: Doc; skip: number; limit: number; field: string; groupId: unknown } | undefined {
  const stages = pipeline.slice();
  const match = stages.shift();
  if (match === undefined || !isPlainObject(match.$match)) return undefined;
  let skip = 0;
  let limit = 0;
  if (typeof stages[0]?.$skip === 'number') skip = Number(stages.shift()?.$skip);
  if (typeof stages[0]?.$limit === 'number') limit = Number(stages.shift()?.$limit);
  const group = stages[0]?.$group;
  if (stages.length !== 1 || !isPlainObject(group)) return undefined;
  const fields = Object.keys(group).filter((k) => k !== '_id');
  const field = fields[0];
  if (fields.length !== 1 || field === undefined) return undefined;
  const accumulator = group[field];
  const groupId = group._id;
  const constantId = groupId === null || typeof groupId === 'number';
  const sumOfOnes = isPlainObject(accumulator) && Object.keys(accumulator).length === 1 && accumulator.$sum === 1;
  if (!constantId || !sumOfOnes) return undefined;
  return { filter: match.$match, skip, limit, field, groupId };
}

function resolver(ctx: CommandContext): (name: string) => Doc[] {
  // Copies, so no later stage can write into stored documents through $lookup results.
  return (name) => Array.from(ctx.catalog.getCollection(ctx.db, name)?.docs.values() ?? [], (doc) => cloneValue(doc));
}

/** A top-level `$lookup` stage joining on equality only (no `pipeline`, no `let`). */
interface EqualityLookup {
  from: string;
  localField: string;
  foreignField: string;
}

function equalityLookup(stage: Doc): EqualityLookup | undefined {
  const spec = stage.$lookup;
  if (!isPlainObject(spec) || spec.pipeline !== undefined || spec.let !== undefined) return undefined;
  const { from, localField, foreignField } = spec;
  if (typeof from !== 'string' || typeof localField !== 'string' || typeof foreignField !== 'string') return undefined;
  return { from, localField, foreignField };
}

/**
 * The foreign documents (copies) an equality `$lookup` can join to `docs`, looked up through an
 * index on foreignField; undefined when there is no such index or the local values cannot be
 * looked up (nested arrays, regular expressions…), and the whole collection is needed.
 * mingo still does the join on them, so its semantics stay: a missing or null localField joins
 * documents whose foreignField is null or missing, an array localField joins on each element.
 */
function lookupCandidates(ctx: CommandContext, docs: readonly Doc[], lookup: EqualityLookup): Doc[] | undefined {
  const coll = ctx.catalog.getCollection(ctx.db, lookup.from);
  if (coll === undefined) return [];
  const values = new Map<string, unknown>();
  for (const doc of docs) {
    const local = keyValues(doc, lookup.localField);
    // mingo keeps an array met on a dotted path as one value (key values flatten it): such
    // values, and arrays inside an array, are left to mingo's scan of the whole collection.
    if (local.multikey && lookup.localField.includes('.')) return undefined;
    for (const value of local.values) {
      if (Array.isArray(value)) return undefined;
      // A missing localField joins as null, as in mingo (null and missing are one index key).
      values.set(encodeValue(value), value ?? null);
    }
  }
  if (values.size === 0) return [];
  const found = coll.indexedCandidates({ [lookup.foreignField]: { $in: Array.from(values.values()) } });
  return found === undefined ? undefined : Array.from(found, (doc) => cloneValue(doc));
}

/**
 * Runs `stages` on `input` with mingo; a top-level equality `$lookup` whose foreign collection has
 * an index on foreignField is given only the documents that index finds for the local values
 * (instead of a copy of the whole collection, as `resolver` gives): the stages before it run
 * first to learn those values.
 */
function runStages(ctx: CommandContext, cmd: Doc, input: Iterable<Doc>, stages: Doc[], opts: EvalOptions): Doc[] {
  const everything = resolver(ctx);
  let docs = input;
  let start = 0;
  // Under a collation strings may compare equal that index keys keep apart.
  if (usesCollation(cmd)) return runPipeline(docs, stages, opts, everything);
  stages.forEach((stage, i) => {
    const lookup = equalityLookup(stage);
    if (lookup === undefined) return;
    const before = runPipeline(docs, stages.slice(start, i), opts, everything);
    const candidates = lookupCandidates(ctx, before, lookup);
    const resolve = candidates === undefined ? everything : (name: string) => (name === lookup.from ? candidates : everything(name));
    docs = runPipeline(before, [stage], opts, resolve);
    start = i + 1;
  });
  // Nothing after a last $lookup: its output is mingo's copies already, no pass to copy them again.
  if (start > 0 && start === stages.length) return Array.from(docs);
  return runPipeline(docs, stages.slice(start), opts, everything);
}

/** Writes `$out` results into the target collection, replacing its documents. */
function writeOut(ctx: CommandContext, stage: unknown, docs: Doc[]): void {
  const target = typeof stage === 'string' ? { db: ctx.db, coll: stage } : isPlainObject(stage) ? { db: String(stage.db ?? ctx.db), coll: String(stage.coll) } : undefined;
  if (target === undefined) throw new CommandError('FailedToParse', '$out needs a collection name');
  const savepoint = ctx.batch.savepoint();
  try {
    const coll = ctx.catalog.ensureCollection(ctx.batch, target.db, target.coll);
    for (const id of Array.from(coll.docs.keys())) ctx.catalog.deleteDocument(ctx.batch, coll, id);
    for (const doc of docs) ctx.catalog.insertDocument(ctx.batch, coll, doc._id === undefined ? { _id: new ObjectId(), ...doc } : doc);
  } catch (err) {
    ctx.batch.rollbackTo(savepoint);
    throw err;
  }
}

const aggregate: CommandHandler = (cmd, ctx) => {
  const target = cmd.aggregate;
  const pipelineRaw = cmd.pipeline;
  if (!Array.isArray(pipelineRaw) || !pipelineRaw.every(isPlainObject)) throw new CommandError('TypeMismatch', "'pipeline' option must be specified as an array");
  const pipeline: Doc[] = pipelineRaw;
  if (cmd.explain === true) throw new CommandError('CommandNotSupported', 'devstore does not support explain');
  const cursorOptions = docArg(cmd, 'cursor');
  if (cursorOptions === undefined) throw new CommandError('FailedToParse', "The 'cursor' option is required, except for aggregate with the explain argument");
  const batchSize = numberArg(cursorOptions, 'batchSize');
  const opts: EvalOptions = evalOptions(cmd);

  let coll: Collection | undefined;
  let ns: string;
  if (typeof target === 'string') {
    coll = ctx.catalog.getCollection(ctx.db, target);
    ns = `${ctx.db}.${target}`;
  } else if (target === 1) {
    ns = `${ctx.db}.$cmd.aggregate`;
  } else {
    throw new CommandError('FailedToParse', "aggregate needs a collection name or 1");
  }

  const last = pipeline[pipeline.length - 1];
  const out = last !== undefined && '$out' in last ? last.$out : undefined;
  if (pipeline.some((stage) => '$merge' in stage)) throw new CommandError('CommandNotSupported', 'devstore does not support $merge');
  const stages = out === undefined ? pipeline : pipeline.slice(0, -1);

  let results: Doc[];
  const shortcut = typeof target === 'string' ? countShortcut(stages) : undefined;
  if (shortcut !== undefined) {
    let n = Math.max(0, matchDocuments(coll, shortcut.filter, cmd).length - shortcut.skip);
    if (shortcut.limit > 0) n = Math.min(n, shortcut.limit);
    results = n === 0 ? [] : [{ _id: shortcut.groupId, [shortcut.field]: n }];
  } else {
    // A leading $match is answered with the indexes, the rest of the pipeline by mingo.
    const first = stages[0];
    let input: Iterable<Doc>;
    let rest = stages;
    if (first !== undefined && isPlainObject(first.$match)) {
      input = matchDocuments(coll, first.$match, cmd);
      rest = stages.slice(1);
    } else {
      input = coll?.docs.values() ?? [];
    }
    results = runStages(ctx, cmd, input, rest, opts);
  }

  if (out !== undefined) {
    writeOut(ctx, out, results);
    return { cursor: { firstBatch: [], id: Long.ZERO, ns }, ok: 1 };
  }
  const { batch, id } = ctx.cursors.open(ns, results, batchSize !== undefined ? { batchSize } : {});
  return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
