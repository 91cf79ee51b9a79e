import { Schema, Types, model, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { ZUnionKind, type TUnionKind } from '@contest/shared';

const unionSchema = new Schema(
  {
    /** 工会代码 as handed to workers, stored upper-case. */
    code: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: ZUnionKind.options },
    parentId: { type: Types.ObjectId, default: null },
    /** Every union above this one, nearest last: scope queries match on it. */
    ancestorIds: { type: [Types.ObjectId], default: [] },
  },
  { timestamps: true, collection: 'unions' },
);

unionSchema.index({ code: 1 }, { unique: true });
unionSchema.index({ ancestorIds: 1 });
unionSchema.index({ parentId: 1, name: 1 });

export type UnionRecord = InferSchemaType<typeof unionSchema>;
/** A union as read with lean(): the inferred type does not see through an array of ObjectIds. */
export interface UnionWithId {
  _id: Types.ObjectId;
  code: string;
  name: string;
  kind: TUnionKind;
  parentId: Types.ObjectId | null;
  ancestorIds: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}
export type UnionDocument = HydratedDocument<UnionRecord>;
export const UnionModel = model('Union', unionSchema);
