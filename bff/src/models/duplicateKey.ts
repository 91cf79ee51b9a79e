import mongoose from 'mongoose';

/**
 * Whether a write failed on a unique index (MongoDB's error 11000); with `field`, only on an index
 * whose key includes that field.
 */
export function isDuplicateKey(error: unknown, field?: string): error is mongoose.mongo.MongoServerError {
  if (!(error instanceof mongoose.mongo.MongoServerError) || error.code !== 11000) return false;
  return field === undefined || Object.keys((error.keyPattern as Record<string, unknown> | undefined) ?? {}).includes(field);
}

/** Whether an unordered bulk write failed only on unique indexes (the other documents were written). */
export function failedOnlyOnDuplicateKeys(error: unknown): boolean {
  if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) return false;
  const failures = [error.writeErrors].flat();
  return failures.length > 0 && failures.every((failure) => failure.code === 11000);
}
