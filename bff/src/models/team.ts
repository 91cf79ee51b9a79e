import { Schema, Types, model } from 'mongoose';
import { ZGroupCode, ZSkillLevel, type TDeclarations, type TEligibilityClaims, type TGroupCode, type TSkillLevel } from '@contest/shared';

/** A team a union official names for a competition (services/teamEntries.ts): its union and its 领队. */
const teamSchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    unionId: { type: Types.ObjectId, required: true },
    /** The union and every union above it: an official reaches the team when their union is on it. */
    unionPath: { type: [Types.ObjectId], default: [] },
    name: { type: String, required: true },
    leaderName: { type: String, required: true },
    leaderMobileSealed: { type: String, required: true },
    leaderMobileMasked: { type: String, required: true },
    createdBy: { type: Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'teams' },
);
// The teams of a desk: a competition's, in a union's scope.
teamSchema.index({ competitionId: 1, unionPath: 1, createdAt: 1 }, { name: 'teams_in_union' });

export interface TeamRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  unionId: Types.ObjectId;
  unionPath: Types.ObjectId[];
  name: string;
  leaderName: string;
  leaderMobileSealed: string;
  leaderMobileMasked: string;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}
export const TeamModel = model('Team', teamSchema);

/**
 * A person an official entered, until they confirm: not a registration yet (it holds no quota
 * place, takes no account's slot and is in no audit queue). Confirming inserts the registration
 * with this entry's id and records who confirmed. The ID number and phone are sealed as on a
 * registration. Whether it lapsed is read against the competition's deadline, not stored.
 */
const teamEntrySchema = new Schema(
  {
    competitionId: { type: Types.ObjectId, required: true },
    teamId: { type: Types.ObjectId, required: true },
    name: { type: String, required: true },
    nationalIdSealed: { type: String, required: true },
    nationalIdHash: { type: String, required: true },
    nationalIdMasked: { type: String, required: true },
    mobileSealed: { type: String, required: true },
    mobileMasked: { type: String, required: true },
    employer: { type: String, required: true },
    tradeCode: { type: String, required: true },
    groupCode: { type: String, required: true, enum: ZGroupCode.options },
    skillLevel: { type: String, required: true, enum: ZSkillLevel.options },
    yearsInTrade: { type: Number, required: true },
    /** The eligibility fields as the official entered them (the registration carries them on confirmation). */
    eligibilityClaims: { type: Schema.Types.Mixed, default: undefined },
    declarations: {
      notFullTimeStudent: { type: Boolean, default: false },
      noExcludedHonour: { type: Boolean, default: false },
      localResidence: { type: Boolean, default: false },
    },
    /** Audit trail: the official who entered the person, and the account that confirmed. */
    enteredBy: { type: Types.ObjectId, required: true },
    enteredAt: { type: Date, required: true },
    confirmedBy: { type: Types.ObjectId, default: null },
    confirmedAt: { type: Date, default: null },
    /** True until confirmed (a boolean, so the unique index below can be partial on it). */
    awaiting: { type: Boolean, required: true, default: true },
  },
  { timestamps: true, collection: 'team_entries' },
);
// A person is entered once per competition while unconfirmed (a confirmed entry is a registration, whose own index holds them to one).
teamEntrySchema.index(
  { competitionId: 1, nationalIdHash: 1 },
  { unique: true, partialFilterExpression: { awaiting: true }, name: 'one_unconfirmed_entry_per_person' },
);
// A team's members in the order entered.
teamEntrySchema.index({ teamId: 1, enteredAt: 1 }, { name: 'members_of_team' });

export interface TeamEntryRecord {
  _id: Types.ObjectId;
  competitionId: Types.ObjectId;
  teamId: Types.ObjectId;
  name: string;
  nationalIdSealed: string;
  nationalIdHash: string;
  nationalIdMasked: string;
  mobileSealed: string;
  mobileMasked: string;
  employer: string;
  tradeCode: string;
  groupCode: TGroupCode;
  skillLevel: TSkillLevel;
  yearsInTrade: number;
  eligibilityClaims?: TEligibilityClaims;
  declarations: TDeclarations;
  enteredBy: Types.ObjectId;
  enteredAt: Date;
  confirmedBy: Types.ObjectId | null;
  confirmedAt: Date | null;
  awaiting: boolean;
  createdAt: Date;
  updatedAt: Date;
}
export const TeamEntryModel = model('TeamEntry', teamEntrySchema);
