/**
 * Database and collection commands: create, drop, dropDatabase, listCollections,
 * listDatabases, renameCollection, dbStats.
 */

import { validateNamespace } from '../catalog';
import type { Collection } from '../collection';
import type { Doc } from '../documents';
import { CommandError } from '../errors';
import { ID_INDEX_SPEC } from '../indexes';
import { encodeValue } from '../keys';
import { compileFilter } from '../query';
import { type CommandHandler, boolArg, collectionArg, docArg, numberArg } from './context';

/** Command fields that are envelope, not collection options. */
const ENVELOPE = new Set(['create', '$db', 'lsid', '$clusterTime', 'txnNumber', 'writeConcern', 'readConcern', 'comment', 'maxTimeMS', '$readPreference', 'apiVersion', 'apiStrict', 'apiDeprecationErrors', 'autocommit', 'startTransaction']);

const create: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'create');
  if (cmd.viewOn !== undefined) throw new CommandError('CommandNotSupported', 'devstore does not support views');
  const options: Doc = {};
  for (const [key, value] of Object.entries(cmd)) if (!ENVELOPE.has(key)) options[key] = value;
  // Like mongod 7.0: creating an existing collection with identical options succeeds.
  const existing = ctx.catalog.getCollection(ctx.db, name);
  if (existing !== undefined && encodeValue(sortedEntries(existing.options)) === encodeValue(sortedEntries(options))) return { ok: 1 };
  ctx.catalog.createCollection(ctx.batch, ctx.db, name, options);
  return { ok: 1 };
};

function sortedEntries(doc: Doc): [string, unknown][] {
  return Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** collMod: merges the given options into the collection's (validators etc. are stored, not enforced). */
const collMod: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'collMod');
  const coll = ctx.catalog.getCollection(ctx.db, name);
  if (coll === undefined) throw new CommandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const changes: Doc = {};
  for (const [key, value] of Object.entries(cmd)) if (!ENVELOPE.has(key) && key !== 'collMod' && key !== 'index') changes[key] = value;
  ctx.catalog.setCollectionOptions(ctx.batch, coll, { ...coll.options, ...changes });
  return { ok: 1 };
};

const drop: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'drop');
  const coll = ctx.catalog.getCollection(ctx.db, name);
  // mongod 7.0 answers ok for a collection that does not exist (older ones: 26 "ns not found").
  if (coll === undefined) return { ok: 1 };
  const nIndexesWas = coll.indexes.size + 1;
  ctx.catalog.dropCollection(ctx.batch, coll);
  return { nIndexesWas, ns: coll.ns, ok: 1 };
};

const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.catalog.dropDatabase(ctx.batch, ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

function collectionInfo(coll: Collection): Doc {
  return { name: coll.name, type: 'collection', options: coll.options, info: { readOnly: false }, idIndex: ID_INDEX_SPEC };
}

const listCollections: CommandHandler = (cmd, ctx) => {
  const filter = docArg(cmd, 'filter') ?? {};
  const test = compileFilter(filter);
  const nameOnly = boolArg(cmd, 'nameOnly');
  const infos = ctx.catalog
    .collections(ctx.db)
    .map(collectionInfo)
    .filter(test)
    .map((info) => (nameOnly ? { name: info.name, type: info.type } : info));
  const cursorOptions = docArg(cmd, 'cursor');
  const batchSize = cursorOptions === undefined ? undefined : numberArg(cursorOptions, 'batchSize');
  const ns = `${ctx.db}.$cmd.listCollections`;
  const { batch, id } = ctx.cursors.open(ns, infos, batchSize !== undefined ? { batchSize } : {});
  return { cursor: { id, ns, firstBatch: batch }, ok: 1 };
};

function sizeOf(colls: readonly Collection[]): number {
  let bytes = 0;
  for (const coll of colls) bytes += coll.docs.storedBytes();
  return bytes;
}

const listDatabases: CommandHandler = (cmd, ctx) => {
  const nameOnly = boolArg(cmd, 'nameOnly');
  const test = compileFilter(docArg(cmd, 'filter') ?? {});
  let totalSize = 0;
  const databases = ctx.catalog
    .databaseNames()
    .map((name) => {
      if (nameOnly) return { name };
      const sizeOnDisk = sizeOf(ctx.catalog.collections(name));
      totalSize += sizeOnDisk;
      return { name, sizeOnDisk, empty: false };
    })
    .filter(test);
  return nameOnly ? { databases, ok: 1 } : { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
};

function splitNamespace(ns: unknown, field: string): { db: string; coll: string } {
  if (typeof ns !== 'string' || !ns.includes('.')) throw new CommandError('InvalidNamespace', `Invalid ${field} namespace: ${String(ns)}`);
  const dot = ns.indexOf('.');
  return { db: ns.slice(0, dot), coll: ns.slice(dot + 1) };
}

const renameCollection: CommandHandler = (cmd, ctx) => {
  const from = splitNamespace(cmd.renameCollection, 'source');
  const to = splitNamespace(cmd.to, 'target');
  validateNamespace(to.db, to.coll);
  const source = ctx.catalog.getCollection(from.db, from.coll);
  if (source === undefined) throw new CommandError('NamespaceNotFound', 'Source collection does not exist');
  const target = ctx.catalog.getCollection(to.db, to.coll);
  if (target !== undefined) {
    if (!boolArg(cmd, 'dropTarget')) throw new CommandError('NamespaceExists', 'target namespace exists');
    ctx.catalog.dropCollection(ctx.batch, target);
  }
  ctx.catalog.renameCollection(ctx.batch, source, to.db, to.coll);
  return { ok: 1 };
};

const dbStats: CommandHandler = (_cmd, ctx) => {
  const colls = ctx.catalog.collections(ctx.db);
  const objects = colls.reduce((sum, coll) => sum + coll.docs.size, 0);
  const dataSize = sizeOf(colls);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : dataSize / objects,
    dataSize,
    storageSize: dataSize,
    indexes: colls.reduce((sum, coll) => sum + coll.indexes.size + 1, 0),
    ok: 1,
  };
};

export const namespaceCommands: Record<string, CommandHandler> = {
  create,
  collMod,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  renameCollection,
  dbStats,
};
