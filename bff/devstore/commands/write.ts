/**
 * Write commands: insert, update, delete, findAndModify.
 *
 * insert/update/delete report per-statement failures as `writeErrors` in an ok:1 reply
 * (ordered writes stop at the first one); findAndModify fails as a whole command, which is
 * how the driver and mongoose expect a duplicate key to surface from each.
 */
import { ObjectId } from 'bson';

import type { Collection } from '../collection';
import { type Doc, isPlainObject, withIdFirst } from '../documents';
import { CommandError, toCommandError } from '../errors';
import { projectDocuments } from '../query';
import { type UpdateSpec, applyUpdate, buildUpsert, documentsEqual, parseUpdate } from '../update';
import { type CommandContext, type CommandHandler, boolArg, collectionArg, docArg, docsArg, evalOptions } from './context';
import { matchDocuments } from './read';

function orderedArg(cmd: Doc): boolean {
  return cmd.ordered !== false;
}

function checkInsertable(doc: Doc): Doc {
  if (Array.isArray(doc._id)) throw new CommandError('BadValue', "The '_id' value cannot be of type array");
  if (doc._id instanceof RegExp) throw new CommandError('BadValue', "can't use a regex for _id");
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$')) throw new CommandError('BadValue', `Document can't have $ prefixed field names: ${key}`);
  }
  return doc._id === undefined ? { _id: new ObjectId(), ...doc } : withIdFirst(doc);
}

const insert: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'insert');
  const docs = docsArg(cmd, 'documents');
  const ordered = orderedArg(cmd);
  const coll = ctx.catalog.ensureCollection(ctx.batch, ctx.db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  docs.forEach((raw, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      ctx.catalog.insertDocument(ctx.batch, coll, checkInsertable(raw));
      n += 1;
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
    }
  });
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
};

interface UpdateStatement {
  readonly q: Doc;
  readonly spec: UpdateSpec;
  readonly upsert: boolean;
  readonly multi: boolean;
  readonly arrayFilters: Doc[] | undefined;
  readonly sort: unknown;
  readonly source: Doc;
}

function parseStatement(raw: Doc): UpdateStatement {
  const q = docArg(raw, 'q') ?? {};
  const spec = parseUpdate(raw.u);
  const multi = boolArg(raw, 'multi');
  if (multi && spec.kind === 'replacement') throw new CommandError('FailedToParse', 'multi update is not supported for replacement-style update');
  const arrayFilters = Array.isArray(raw.arrayFilters) ? raw.arrayFilters.filter(isPlainObject) : undefined;
  return { q, spec, upsert: boolArg(raw, 'upsert'), multi, arrayFilters, sort: raw.sort, source: raw };
}

interface StatementResult {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId?: unknown;
}

/** Runs one update statement; a failure leaves earlier documents of a multi update updated, like mongod. */
function runUpdate(ctx: CommandContext, coll: Collection, st: UpdateStatement, cmd: Doc): StatementResult {
  const matches = matchDocuments(coll, st.q, { ...cmd, ...st.source }, { sort: st.sort, limit: st.multi ? 0 : 1 });
  const opts = { filter: st.q, ...(st.arrayFilters !== undefined ? { arrayFilters: st.arrayFilters } : {}) };
  if (matches.length === 0) {
    if (!st.upsert) return { matched: 0, modified: 0 };
    const doc = buildUpsert(st.q, st.spec, opts);
    ctx.catalog.insertDocument(ctx.batch, coll, doc);
    return { matched: 0, modified: 0, upsertedId: doc._id };
  }
  let modified = 0;
  for (const doc of matches) {
    const next = applyUpdate(doc, st.spec, opts);
    if (documentsEqual(doc, next)) continue;
    ctx.catalog.replaceDocument(ctx.batch, coll, coll.idKeyOf(doc), next);
    modified += 1;
  }
  return { matched: matches.length, modified };
}

const update: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'update');
  const statements = docsArg(cmd, 'updates');
  const ordered = orderedArg(cmd);
  const writeErrors: Doc[] = [];
  const upserted: Doc[] = [];
  let n = 0;
  let nModified = 0;
  statements.forEach((raw, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      const st = parseStatement(raw);
      const coll = st.upsert ? ctx.catalog.ensureCollection(ctx.batch, ctx.db, name) : ctx.catalog.getCollection(ctx.db, name);
      if (coll === undefined) return;
      const result = runUpdate(ctx, coll, st, cmd);
      n += result.matched;
      nModified += result.modified;
      if (result.upsertedId !== undefined) {
        n += 1;
        upserted.push({ index, _id: result.upsertedId });
      }
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
    }
  });
  return { n, nModified, ...(upserted.length > 0 ? { upserted } : {}), ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
};

const remove: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, 'delete');
  const statements = docsArg(cmd, 'deletes');
  const ordered = orderedArg(cmd);
  const coll = ctx.catalog.getCollection(ctx.db, name);
  const writeErrors: Doc[] = [];
  let n = 0;
  statements.forEach((raw, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      const q = docArg(raw, 'q') ?? {};
      const limit = Number(raw.limit ?? 0);
      if (limit !== 0 && limit !== 1) throw new CommandError('FailedToParse', 'The limit field in delete objects must be 0 or 1');
      if (coll === undefined) return;
      for (const doc of matchDocuments(coll, q, { ...cmd, ...raw }, { limit })) {
        ctx.catalog.deleteDocument(ctx.batch, coll, coll.idKeyOf(doc));
        n += 1;
      }
    } catch (err) {
      writeErrors.push(toCommandError(err).toWriteError(index));
    }
  });
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
};

const findAndModify: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, Object.keys(cmd)[0] === 'findandmodify' ? 'findandmodify' : 'findAndModify');
  const query = docArg(cmd, 'query') ?? {};
  const fields = docArg(cmd, 'fields');
  const removeDoc = boolArg(cmd, 'remove');
  const returnNew = boolArg(cmd, 'new');
  const upsert = boolArg(cmd, 'upsert');
  const hasUpdate = cmd.update !== undefined && cmd.update !== null;
  if (removeDoc && hasUpdate) throw new CommandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!removeDoc && !hasUpdate) throw new CommandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (removeDoc && (upsert || returnNew)) throw new CommandError('FailedToParse', 'Cannot specify both upsert=true and remove=true or new=true and remove=true');
  const spec = hasUpdate ? parseUpdate(cmd.update) : undefined;
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? cmd.arrayFilters.filter(isPlainObject) : undefined;
  const opts = { filter: query, ...(arrayFilters !== undefined ? { arrayFilters } : {}) };
  const project = (doc: Doc | undefined): Doc | null => (doc === undefined ? null : (projectDocuments([doc], fields, evalOptions(cmd))[0] ?? null));

  const existing = ctx.catalog.getCollection(ctx.db, name);
  const current = matchDocuments(existing, query, cmd, { sort: cmd.sort, limit: 1 })[0];

  if (removeDoc) {
    if (current === undefined || existing === undefined) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.catalog.deleteDocument(ctx.batch, existing, existing.idKeyOf(current));
    return { lastErrorObject: { n: 1 }, value: project(current), ok: 1 };
  }
  const updateSpec = spec as UpdateSpec;
  if (current === undefined) {
    if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    const coll = ctx.catalog.ensureCollection(ctx.batch, ctx.db, name);
    const doc = buildUpsert(query, updateSpec, opts);
    ctx.catalog.insertDocument(ctx.batch, coll, doc);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: returnNew ? project(doc) : null, ok: 1 };
  }
  const coll = existing as Collection;
  const next = applyUpdate(current, updateSpec, opts);
  if (!documentsEqual(current, next)) ctx.catalog.replaceDocument(ctx.batch, coll, coll.idKeyOf(current), next);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(returnNew ? next : current), ok: 1 };
};

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
};
