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
    /**
     * The notifications the last credits were spent on (the latest SPENT_FOR_KEPT), written in the
     * same update as the spend: a dispatcher that takes a notification over finds its credit already
     * spent instead of spending a second one.
     */
    spentFor: { type: [Types.ObjectId], default: undefined },
  },
  { timestamps: true, collection: 'subscription_grants' },
);

subscriptionGrantSchema.index({ userId: 1, templateId: 1 }, { unique: true, name: 'one_ledger_line_per_user_template' });

export interface SubscriptionGrantRecord {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  templateId: string;
  credits: number;
  spentFor?: Types.ObjectId[];
}

/** How many of the notifications that spent a line's credits it remembers. */
export const SPENT_FOR_KEPT = 20;
export const SubscriptionGrantModel = model('SubscriptionGrant', subscriptionGrantSchema);
