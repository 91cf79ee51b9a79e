import { Schema, Types, model } from 'mongoose';

/**
 * The last pass serial drawn in a competition: passes take serials by one `$inc` (a batch takes a
 * range at once), so pass numbers are unique per competition. A crash after drawing leaves a gap, no
 * duplicate.
 */
const passSerialSchema = new Schema(
  {
    _id: { type: Types.ObjectId, required: true },
    last: { type: Number, required: true, default: 0 },
  },
  { collection: 'pass_serials', versionKey: false },
);

export const PassSerialModel = model('PassSerial', passSerialSchema);
