/**
 * Update semantics: operator updates, replacements and pipeline updates, applied to a
 * copy of the stored document (the stored one stays untouched if anything fails).
 *
 * mingo does the operators; this module adds what mingo leaves to the server:
 * `$setOnInsert`, upsert seeding from the filter, `_id` immutability, path-conflict and
 * operand type errors with MongoDB's codes, and "was anything modified" for `nModified`.
 */
import { BSON, ObjectId } from 'bson';
import { update as mingoUpdate, updateOne as mingoUpdateOne } from 'mingo';

import { type Doc, cloneValue, getPath, isPlainObject, upsertSeed, withIdFirst } from './documents';
import { CommandError } from './errors';
import { encodeValue, formatValue } from './keys';

export type UpdateSpec =
  | { readonly kind: 'replacement'; readonly doc: Doc }
  | { readonly kind: 'operators'; readonly ops: Doc }
  | { readonly kind: 'pipeline'; readonly stages: Doc[] };

const OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$min',
  '$max',
  '$currentDate',
  '$rename',
  '$bit',
  '$setOnInsert',
]);

type MingoModifier = Parameters<typeof mingoUpdate>[1];
type MingoStages = Extract<Parameters<typeof mingoUpdateOne>[2], unknown[]>;

/** Classifies and validates the `u` of an update statement (or findAndModify's `update`). */
export function parseUpdate(u: unknown): UpdateSpec {
  if (Array.isArray(u)) {
    if (!u.every(isPlainObject)) throw new CommandError('FailedToParse', 'Each element of an update pipeline must be an object');
    return { kind: 'pipeline', stages: u };
  }
  if (!isPlainObject(u)) throw new CommandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const operatorKeys = keys.filter((k) => k.startsWith('$'));
  if (operatorKeys.length === 0) return { kind: 'replacement', doc: u };
  for (const op of keys) {
    if (!OPERATORS.has(op)) {
      throw new CommandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(u[op])) {
      throw new CommandError('FailedToParse', `Modifiers operate on fields but we found type ${typeName(u[op])} instead. For example: {$mod: {<field>: ...}} not {${op}: ${formatValue(u[op])}}`);
    }
  }
  checkConflicts(u);
  return { kind: 'operators', ops: u };
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'date';
  if (isPlainObject(value)) return 'object';
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag.toLowerCase() : 'object';
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return true;
  const tag = typeof value === 'object' && value !== null ? (value as { _bsontype?: unknown })._bsontype : undefined;
  return tag === 'Long' || tag === 'Int32' || tag === 'Double' || tag === 'Decimal128';
}

/** Two operators may not touch the same path or a path and its prefix (MongoDB code 40). */
function checkConflicts(ops: Doc): void {
  const paths: string[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    if (!isPlainObject(arg)) continue;
    for (const [field, value] of Object.entries(arg)) {
      paths.push(field);
      if (op === '$rename' && typeof value === 'string') paths.push(value);
    }
  }
  const sorted = paths.slice().sort();
  for (let i = 1; i < sorted.length; i += 1) {
    const a = sorted[i - 1] as string;
    const b = sorted[i] as string;
    if (a === b || b.startsWith(`${a}.`)) {
      throw new CommandError('ConflictingUpdateOperators', `Updating the path '${b}' would create a conflict at '${a}'`);
    }
  }
}

const touchesId = (path: string): boolean => path === '_id' || path.startsWith('_id.');

/** Operand and target type checks mingo silently skips. */
function checkOperands(doc: Doc, ops: Doc): void {
  const idText = `{_id: ${formatValue(doc._id)}}`;
  for (const [op, arg] of Object.entries(ops)) {
    if (!isPlainObject(arg)) continue;
    for (const [path, operand] of Object.entries(arg)) {
      const simple = !path.includes('$');
      const current = simple ? getPath(doc, path) : undefined;
      switch (op) {
        case '$inc':
        case '$mul':
          if (!isNumeric(operand)) {
            const verb = op === '$inc' ? 'increment' : 'multiply';
            throw new CommandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${formatValue(operand)}}`);
          }
          if (current !== undefined && current !== null && !isNumeric(current)) {
            throw new CommandError(
              'TypeMismatch',
              `Cannot apply ${op} to a value of non-numeric type. ${idText} has the field '${path}' of non-numeric type ${typeName(current)}`,
            );
          }
          break;
        case '$push':
        case '$addToSet':
          if (current !== undefined && !Array.isArray(current)) {
            throw new CommandError('BadValue', `The field '${path}' must be an array but is of type ${typeName(current)} in document ${idText}`);
          }
          break;
        case '$pull':
        case '$pullAll':
          if (current !== undefined && current !== null && !Array.isArray(current)) {
            throw new CommandError('BadValue', `Cannot apply ${op} to a non-array value`);
          }
          break;
        case '$pop':
          if (current !== undefined && !Array.isArray(current)) {
            throw new CommandError('TypeMismatch', `Path '${path}' contains an element of non-array type '${typeName(current)}'`);
          }
          break;
        case '$rename':
          if (typeof operand !== 'string' || operand === '') {
            throw new CommandError('BadValue', `The 'to' field for $rename must be a string: ${path}: ${formatValue(operand)}`);
          }
          break;
        default:
          break;
      }
    }
  }
}

function immutableIdError(): CommandError {
  return new CommandError('ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
}

/** Removes no-op `$set: {_id: <same>}` and rejects any other change to `_id`. */
function guardId(doc: Doc, ops: Doc, inserting: boolean): Doc {
  const out: Doc = {};
  for (const [op, arg] of Object.entries(ops)) {
    if (!isPlainObject(arg)) continue;
    const kept: Doc = {};
    for (const [path, value] of Object.entries(arg)) {
      const renameTarget = op === '$rename' && typeof value === 'string' ? value : undefined;
      if (touchesId(path) || (renameTarget !== undefined && touchesId(renameTarget))) {
        const sameId = (op === '$set' || op === '$setOnInsert') && path === '_id' && doc._id !== undefined && encodeValue(value) === encodeValue(doc._id);
        if (sameId) continue;
        if (!(inserting && doc._id === undefined && (op === '$set' || op === '$setOnInsert') && path === '_id')) throw immutableIdError();
      }
      kept[path] = value;
    }
    if (Object.keys(kept).length > 0) out[op] = kept;
  }
  return out;
}

export interface ApplyOptions {
  readonly filter: Doc;
  readonly arrayFilters?: Doc[];
}

function runOperators(target: Doc, ops: Doc, opts: ApplyOptions): void {
  if (Object.keys(ops).length === 0) return;
  const positional = Object.values(ops).some((arg) => isPlainObject(arg) && Object.keys(arg).some((p) => /(^|\.)\$(\.|$)/.test(p)));
  try {
    mingoUpdate(target, ops as MingoModifier, opts.arrayFilters, positional ? opts.filter : undefined, { cloneMode: 'deep' });
  } catch (err) {
    throw new CommandError('BadValue', err instanceof Error ? err.message : String(err));
  }
}

function runPipeline(target: Doc, stages: Doc[]): Doc {
  const docs = [target];
  try {
    mingoUpdateOne(docs, {}, stages as MingoStages, { cloneMode: 'deep' });
  } catch (err) {
    throw new CommandError('BadValue', err instanceof Error ? err.message : String(err));
  }
  return docs[0] ?? target;
}

function checkReplacement(doc: Doc): void {
  for (const key of Object.keys(doc)) {
    if (key.startsWith('$')) {
      throw new CommandError('BadValue', `The dollar ($) prefixed field '${key}' in '${key}' is not valid for storage.`);
    }
  }
}

function sameId(a: Doc, b: Doc): boolean {
  return encodeValue(a._id) === encodeValue(b._id);
}

/** The document after applying `spec` to stored document `doc` (which is not modified). */
export function applyUpdate(doc: Doc, spec: UpdateSpec, opts: ApplyOptions): Doc {
  let next: Doc;
  switch (spec.kind) {
    case 'replacement': {
      checkReplacement(spec.doc);
      next = { _id: doc._id, ...cloneValue(spec.doc) };
      if (!sameId(doc, next)) {
        throw new CommandError('ImmutableField', `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(next._id)}`);
      }
      next._id = doc._id;
      break;
    }
    case 'operators': {
      const { $setOnInsert: _ignored, ...ops } = spec.ops;
      const guarded = guardId(doc, ops, false);
      checkOperands(doc, guarded);
      next = cloneValue(doc);
      runOperators(next, guarded, opts);
      break;
    }
    case 'pipeline':
      next = runPipeline(cloneValue(doc), spec.stages);
      if (!sameId(doc, next)) throw immutableIdError();
      break;
  }
  return withIdFirst(next);
}

/** The document an upsert inserts when nothing matched. */
export function buildUpsert(filter: Doc, spec: UpdateSpec, opts: ApplyOptions): Doc {
  const seed = upsertSeed(filter);
  let next: Doc;
  switch (spec.kind) {
    case 'replacement':
      checkReplacement(spec.doc);
      next = cloneValue(spec.doc);
      if (next._id === undefined && seed._id !== undefined) next = { _id: seed._id, ...next };
      break;
    case 'operators': {
      const { $setOnInsert, ...ops } = spec.ops;
      // $setOnInsert takes effect only here, as a $set applied with the other operators.
      const merged: Doc = { ...ops };
      if (isPlainObject($setOnInsert)) merged.$set = { ...(isPlainObject(ops.$set) ? ops.$set : {}), ...$setOnInsert };
      const seedId = seed._id;
      const guarded = guardId(seed, merged, true);
      checkOperands(seed, guarded);
      next = seed;
      runOperators(next, guarded, opts);
      if (seedId !== undefined && encodeValue(seedId) !== encodeValue(next._id)) throw immutableIdError();
      break;
    }
    case 'pipeline':
      next = runPipeline(seed, spec.stages);
      break;
  }
  if (next._id === undefined) next = { _id: new ObjectId(), ...next };
  if (Array.isArray(next._id)) throw new CommandError('BadValue', "The '_id' value cannot be of type array");
  return withIdFirst(next);
}

/** Whether an update changed anything (byte equality, as mongod decides for nModified). */
export function documentsEqual(a: Doc, b: Doc): boolean {
  return Buffer.from(BSON.serialize(a)).equals(BSON.serialize(b));
}
