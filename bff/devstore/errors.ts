/**
 * Server error codes and the error class every command throws.
 *
 * The numbers and names are MongoDB's (src/mongo/base/error_codes.yml): the driver and
 * mongoose branch on them (11000 → duplicate key, 26 → "ns not found" ignored by drop,
 * 48 → "already exists" ignored by mongoose's createCollection), so they must match.
 */

export type Doc = Record<string, unknown>;

export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  CannotIndexParallelArrays: 171,
  DuplicateKey: 11000,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

/**
 * An error that becomes an `{ok: 0, errmsg, code, codeName, ...extra}` reply (or a
 * `writeErrors` entry). `extra` carries fields such as `keyPattern`/`keyValue`.
 */
export class CommandError extends Error {
  readonly code: number;
  readonly codeName: ErrorCodeName;
  readonly extra: Doc;

  constructor(codeName: ErrorCodeName, message: string, extra: Doc = {}) {
    super(message);
    this.name = 'CommandError';
    this.codeName = codeName;
    this.code = ErrorCode[codeName];
    this.extra = extra;
  }

  /** The reply document for a failed command. */
  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The `writeErrors` entry for statement `index` of a write command. */
  toWriteError(index: number): Doc {
    return { index, code: this.code, ...this.extra, errmsg: this.message };
  }
}

/** Turns anything thrown into a CommandError, so no exception ever drops a socket. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CommandError('InternalError', message);
}
