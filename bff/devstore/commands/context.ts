/**
 * What every command handler receives, and helpers to read typed arguments from the
 * command document with MongoDB-style errors for bad input.
 */
import type { Long } from 'bson';

import type { Catalog, WriteBatch } from '../catalog';
import type { CursorRegistry } from '../cursors';
import { type Doc, isPlainObject } from '../documents';
import { CommandError } from '../errors';

export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
}

export interface ServerInfo {
  readonly startedAt: Date;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string | undefined;
}

export interface CommandContext {
  /** The database the command runs against (`$db`). */
  readonly db: string;
  readonly catalog: Catalog;
  readonly cursors: CursorRegistry;
  /** Changes made by this command; committed to the journal before the reply. */
  readonly batch: WriteBatch;
  readonly connection: ConnectionInfo;
  readonly server: ServerInfo;
}

export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Doc;

/** The collection a command names in its first field (`{find: "users", …}`). */
export function collectionArg(cmd: Doc, name: string): string {
  const value = cmd[name];
  if (typeof value !== 'string') {
    throw new CommandError('InvalidNamespace', `collection name has invalid type ${value === null ? 'null' : typeof value}`);
  }
  if (value === '') throw new CommandError('InvalidNamespace', `Invalid namespace specified: ''`);
  return value;
}

export function docArg(cmd: Doc, name: string): Doc | undefined {
  const value = cmd[name];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new CommandError('TypeMismatch', `BSON field '${name}' is the wrong type '${typeof value}', expected type 'object'`);
  return value;
}

export function docsArg(cmd: Doc, name: string): Doc[] {
  const value = cmd[name];
  if (!Array.isArray(value)) throw new CommandError('FailedToParse', `BSON field '${name}' is missing but a required field`);
  return value.map((item, i) => {
    if (!isPlainObject(item)) throw new CommandError('TypeMismatch', `BSON field '${name}.${i}' is the wrong type, expected type 'object'`);
    return item;
  });
}

export function numberArg(cmd: Doc, name: string): number | undefined {
  const value = cmd[name];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'object' && (value as Partial<Long>)._bsontype === 'Long' ? (value as Long).toNumber() : NaN;
  if (!Number.isFinite(n)) throw new CommandError('TypeMismatch', `BSON field '${name}' is the wrong type, expected a number`);
  return n;
}

export function boolArg(cmd: Doc, name: string): boolean {
  const value = cmd[name];
  return value === true || (typeof value === 'number' && value !== 0);
}

/** Options shared by reads: `collation` and `let` variables. */
export function evalOptions(cmd: Doc): { collation?: Doc; variables?: Doc } {
  const collation = docArg(cmd, 'collation');
  const variables = docArg(cmd, 'let');
  return { ...(collation !== undefined ? { collation } : {}), ...(variables !== undefined ? { variables } : {}) };
}

/** A collation other than simple binary comparison makes string keys non-canonical. */
export function usesCollation(cmd: Doc): boolean {
  const collation = cmd.collation;
  return isPlainObject(collation) && collation.locale !== undefined && collation.locale !== 'simple';
}
