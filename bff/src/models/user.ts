import { Schema, model, type InferSchemaType, type HydratedDocument, type Types } from 'mongoose';

/**
 * A person who signed in through WeChat. WeChat's session_key is deliberately not stored:
 * nothing here needs it, and what is not kept cannot leak.
 */
const userSchema = new Schema(
  {
    openid: { type: String, required: true },
    unionid: { type: String, default: null },
    privacyAcceptedVersion: { type: String, default: null },
    privacyAcceptedAt: { type: Date, default: null },
    lastSignInAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'users' },
);

userSchema.index({ openid: 1 }, { unique: true });

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export type UserDocument = HydratedDocument<UserRecord>;
export const UserModel = model('User', userSchema);
