import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The one access token every BFF process shares, with the lease that lets exactly one
 * process refresh it at a time. Keyed by appid. Only `_id` is looked up: no other index.
 */
const wechatTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, default: null },
    /** When WeChat stops accepting the token. */
    expiresAt: { type: Date, default: null },
    /** When processes stop using it and refresh (before expiresAt, by the refresh margin). */
    refreshAt: { type: Date, default: null },
    /**
     * A token WeChat rejected (40001/42001): if a normal-mode refresh hands the same one back,
     * the refresh is forced.
     */
    rejectedToken: { type: String, default: null },
    leaseOwner: { type: String, default: null },
    leaseUntil: { type: Date, default: null },
    /** After a failed refresh, other processes fail fast until then instead of all trying again. */
    failedUntil: { type: Date, default: null },
    /** Why the last refresh failed (kind, errcode, reason: no secrets), for those processes' errors. */
    failure: {
      type: new Schema({ kind: String, errcode: { type: Number, default: null }, reason: String }, { _id: false }),
      default: null,
    },
  },
  { collection: 'wechat_tokens', versionKey: false },
);

export type WeChatTokenRecord = InferSchemaType<typeof wechatTokenSchema>;
export const WeChatTokenModel = model('WeChatToken', wechatTokenSchema);
