/**
 * createIndexes, listIndexes, dropIndexes.
 *
 * createIndexes is all-or-nothing like mongod's: if one index cannot be built (conflicting
 * spec, duplicate keys for a new unique index) none of the command's indexes remain.
 */
import type { Collection } from '../collection';
import { type Doc, isPlainObject } from '../documents';
import { CommandError } from '../errors';
import { ID_INDEX_NAME, type IndexSpec, parseIndexSpec, sameIndexDefinition } from '../indexes';
import { encodeValue, formatValue } from '../keys';
import { type CommandHandler, collectionArg, docArg, numberArg } from './context';

function isIdIndex(spec: IndexSpec): boolean {
  return spec.name === ID_INDEX_NAME || encodeValue(spec.key) === encodeValue({ _id: 1 });
}

/** Null when `spec` already exists as is; throws when it conflicts with an existing index. */
function conflictOrExisting(coll: Collection, spec: IndexSpec): 'exists' | 'new' {
  if (isIdIndex(spec)) {
    if (spec.name !== ID_INDEX_NAME || encodeValue(spec.key) !== encodeValue({ _id: 1 })) {
      throw new CommandError('BadValue', `The _id index must be { _id: 1 } and named '_id_'`);
    }
    return 'exists';
  }
  const sameName = coll.indexes.get(spec.name);
  if (sameName !== undefined) {
    if (sameIndexDefinition(sameName.spec, spec)) return 'exists';
    throw new CommandError(
      'IndexKeySpecsConflict',
      `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${formatValue(spec)}, existing index: ${formatValue(sameName.spec)}`,
    );
  }
  for (const index of coll.indexes.values()) {
    if (encodeValue(index.spec.key) === encodeValue(spec.key) && encodeValue(index.spec.collation) === encodeValue(spec.collation)) {
      throw new CommandError('IndexOptionsConflict', `Index already exists with a different name: ${index.name}`);
    }
  }
  return 'new';
}

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'createIndexes');
  const raw = cmd.indexes;
  if (!Array.isArray(raw) || raw.length === 0) throw new CommandError('BadValue', 'Must specify at least one index to create');
  const specs = raw.map(parseIndexSpec);
  const savepoint = ctx.batch.savepoint();
  const existed = ctx.catalog.getCollection(ctx.db, name);
  const coll = existed ?? ctx.catalog.ensureCollection(ctx.batch, ctx.db, name);
  const numIndexesBefore = coll.indexes.size + 1;
  try {
    for (const spec of specs) {
      if (conflictOrExisting(coll, spec) === 'new') ctx.catalog.createIndex(ctx.batch, coll, spec);
    }
  } catch (err) {
    ctx.batch.rollbackTo(savepoint);
    throw err;
  }
  const numIndexesAfter = coll.indexes.size + 1;
  return {
    numIndexesBefore,
    numIndexesAfter,
    createdCollectionAutomatically: existed === undefined,
    ...(numIndexesAfter === numIndexesBefore ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'listIndexes');
  const coll = ctx.catalog.getCollection(ctx.db, name);
  if (coll === undefined) throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const cursorOptions = docArg(cmd, 'cursor');
  const batchSize = cursorOptions === undefined ? undefined : numberArg(cursorOptions, 'batchSize');
  const ns = `${ctx.db}.$cmd.listIndexes.${name}`;
  const { batch, id } = ctx.cursors.open(ns, coll.indexSpecs(), batchSize !== undefined ? { batchSize } : {});
  return { cursor: { id, ns, firstBatch: batch }, ok: 1 };
};

/** Names of the indexes a dropIndexes `index` argument designates. */
function indexesToDrop(coll: Collection, which: unknown): string[] {
  if (which === '*') return Array.from(coll.indexes.keys());
  const names = Array.isArray(which) ? which : [which];
  return names.map((item: unknown) => {
    if (typeof item === 'string') {
      if (item === ID_INDEX_NAME) throw new CommandError('InvalidOptions', 'cannot drop _id index');
      if (!coll.indexes.has(item)) throw new CommandError('IndexNotFound', `index not found with name [${item}]`);
      return item;
    }
    if (isPlainObject(item)) {
      if (encodeValue(item) === encodeValue({ _id: 1 })) throw new CommandError('InvalidOptions', 'cannot drop _id index');
      const key = encodeValue(item);
      const found = Array.from(coll.indexes.values()).find((index) => encodeValue(index.spec.key) === key);
      if (found === undefined) throw new CommandError('IndexNotFound', `can't find index with key: ${formatValue(item)}`);
      return found.name;
    }
    throw new CommandError('TypeMismatch', 'dropIndexes: index must be a name, a key pattern or an array of names');
  });
}

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'dropIndexes');
  const coll = ctx.catalog.getCollection(ctx.db, name);
  if (coll === undefined) throw new CommandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size + 1;
  for (const indexName of indexesToDrop(coll, cmd.index)) ctx.catalog.dropIndex(ctx.batch, coll, indexName);
  const reply: Doc = { nIndexesWas, ok: 1 };
  if (cmd.index === '*') reply.msg = 'non-_id indexes dropped for collection';
  return reply;
};

export const indexCommands: Record<string, CommandHandler> = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: (cmd, ctx) => dropIndexes({ ...cmd, dropIndexes: cmd.deleteIndexes }, ctx),
};
