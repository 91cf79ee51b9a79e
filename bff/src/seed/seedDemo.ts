import type { Types } from 'mongoose';
import { CompetitionModel } from '../models/competition';
import { UnionModel } from '../models/union';
import { DEMO_COMPETITION, DEMO_UNIONS, demoRegistrationWindow, demoUnionCode, type DemoUnion } from './demoData';

/**
 * Inserts the demo competition and union directory unless they are already there.
 * Only `$setOnInsert`: running it again never overwrites what someone has since changed.
 */
export async function seedDemoData(now: Date): Promise<void> {
  const { opensAt, closesAt } = demoRegistrationWindow(now);
  await CompetitionModel.updateOne(
    { slug: DEMO_COMPETITION.slug },
    {
      $setOnInsert: {
        ...DEMO_COMPETITION,
        publication: 'published',
        registrationOpensAt: opensAt,
        registrationClosesAt: closesAt,
      },
    },
    { upsert: true },
  ).exec();
  await seedUnion(DEMO_UNIONS, null, []);
}

async function seedUnion(union: DemoUnion, parentId: Types.ObjectId | null, ancestorIds: Types.ObjectId[]): Promise<void> {
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
}
