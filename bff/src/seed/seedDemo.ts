import type { Types } from 'mongoose';
import { CompetitionModel } from '../models/competition';
import { UnionModel } from '../models/union';
import {
  DEMO_COMPETITION,
  DEMO_ELIGIBILITY,
  DEMO_UNIONS,
  DEMO_VENUES,
  demoRegistrationWindow,
  demoUnionCode,
  type DemoUnion,
} from './demoData';

/**
 * Inserts the demo competition and union directory unless they are already there.
 * Only `$setOnInsert`: running it again never overwrites what someone has since changed.
 */
export async function seedDemoData(now: Date): Promise<void> {
  const city = await seedUnion(DEMO_UNIONS, null, []);
  // The notice's participants: every district, bureau and group-company union under the city's.
  const participating = await UnionModel.find({ parentId: city }, { _id: 1 }).lean().exec();
  const { opensAt, closesAt } = demoRegistrationWindow(now);
  await CompetitionModel.updateOne(
    { slug: DEMO_COMPETITION.slug },
    {
      $setOnInsert: {
        ...DEMO_COMPETITION,
        publication: 'published',
        registrationOpensAt: opensAt,
        registrationClosesAt: closesAt,
        participatingUnionIds: participating.map((union) => union._id),
        // 2 places per union and trade: 1 职工组, 1 学生组 (as in the 2020 national selection rules).
        quotas: participating.flatMap((union) =>
          DEMO_COMPETITION.trades.flatMap((trade) =>
            trade.groups.map((groupCode) => ({ unionId: union._id, tradeCode: trade.code, groupCode, places: 1 })),
          ),
        ),
        eligibility: { ...DEMO_ELIGIBILITY, referenceDate: closesAt },
        venues: DEMO_VENUES,
      },
    },
    { upsert: true },
  ).exec();
}

/** Inserts `union` and those beneath it unless present; answers its id. */
async function seedUnion(union: DemoUnion, parentId: Types.ObjectId | null, ancestorIds: Types.ObjectId[]): Promise<Types.ObjectId> {
  const code = demoUnionCode(union);
  const stored = await UnionModel.findOneAndUpdate(
    { code },
    { $setOnInsert: { code, name: union.name, kind: union.kind, parentId, ancestorIds } },
    { upsert: true, returnDocument: 'after' },
  )
    .lean()
    .exec();
  for (const child of union.children ?? []) {
    await seedUnion(child, stored._id, [...ancestorIds, stored._id]);
  }
  return stored._id;
}
