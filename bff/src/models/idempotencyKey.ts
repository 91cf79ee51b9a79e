import { Schema, model } from 'mongoose';

/**
 * The first answer to a request carrying an `Idempotency-Key`, so that a retry gets the same
 * answer instead of doing the work twice. `_id` is `<user>:<scope>:<key>`.
 */
const idempotencyKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    /** SHA-256 of the request body: the same key with another body is refused. */
    requestHash: { type: String, required: true },
    state: { type: String, required: true, enum: ['pending', 'done'] },
    responseStatus: { type: Number, default: null },
    responseBody: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);

/** Keys are kept for a day (MongoDB's TTL monitor removes them; the retention purge removes any it left). */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;
idempotencyKeySchema.index({ createdAt: 1 }, { expireAfterSeconds: IDEMPOTENCY_KEY_TTL_SECONDS });

export const IdempotencyKeyModel = model('IdempotencyKey', idempotencyKeySchema);
