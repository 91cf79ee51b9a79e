import mongoose from 'mongoose';

/**
 * Whether a write failed on a unique index (MongoDB's error 11000); with `field`, only on an index
 * whose key includes that field.
 */
export function isDuplicateKey(error: unknown, field?: string): error is mongoose.mongo.MongoServerError {
  if (!(error instanceof mongoose.mongo.MongoServerError) || error.code !== 11000) return false;
  return field === undefined || Object.keys((error.keyPattern as Record<string, unknown> | undefined) ?? {}).includes(field);
}
