import { Schema, Types, model } from 'mongoose';

/**
 * Places taken in one union × trade × group of a competition. Every change is one conditional
 * update, so two officials approving the last place at once cannot both take it. The ids of the
 * registrations holding (and, after the committee's confirmation, keeping) a place are listed, which
 * makes taking and giving back a place safe to repeat.
 */
const quotaCounterSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    unionId: { type: Types.ObjectId, required: true },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true },
    /** Registrations approved by their union (or confirmed) holding a place. */
    holders: { type: [Types.ObjectId], default: [] },
    used: { type: Number, required: true, default: 0 },
    /** Of those, the ones the committee confirmed: checked again against the places at confirmation. */
    confirmedHolders: { type: [Types.ObjectId], default: [] },
    confirmed: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, collection: 'quota_counters' },
);

quotaCounterSchema.index({ competitionId: 1, unionId: 1, tradeCode: 1, groupCode: 1 }, { unique: true, name: 'one_counter_per_quota' });

export interface QuotaCounterRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  unionId: Types.ObjectId;
  tradeCode: string;
  groupCode: string;
  holders: Types.ObjectId[];
  used: number;
  confirmedHolders: Types.ObjectId[];
  confirmed: number;
}
export const QuotaCounterModel = model('QuotaCounter', quotaCounterSchema);
