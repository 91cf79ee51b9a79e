import { Schema, Types, model } from 'mongoose';

/**
 * The grant ledger: how many one-time subscribe messages a worker has allowed per WeChat template
 * (WeChat gives no API to read them). An `accept` adds a credit; a send consumes one first, in one
 * conditional update, so two dispatchers cannot spend the same credit.
 */
const subscriptionGrantSchema = new Schema(
  {
    userId: { type: Types.ObjectId, required: true },
    /** WeChat's template id, as the mini-program asked for it. */
    templateId: { type: String, required: true },
    credits: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, collection: 'subscription_grants' },
);

subscriptionGrantSchema.index({ userId: 1, templateId: 1 }, { unique: true, name: 'one_ledger_line_per_user_template' });

export interface SubscriptionGrantRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  templateId: string;
  credits: number;
}
export const SubscriptionGrantModel = model('SubscriptionGrant', subscriptionGrantSchema);
