import { CompetitionModel } from '@contest/bff/src/models/competition';

/**
 * A second published competition beside the demo one, open from a day before `now` to a day
 * after, with one trade: "another competition" for the tests of who reaches what.
 */
export async function createOtherCompetition(slug: string, now: Date = new Date()): Promise<string> {
  const created = await CompetitionModel.create({
    slug,
    name: '另一项赛事',
    organiser: '组委会',
    publication: 'published',
    registrationOpensAt: new Date(now.getTime() - 86_400_000),
    registrationClosesAt: new Date(now.getTime() + 86_400_000),
    groups: [{ code: 'worker', name: '职工组' }],
    trades: [{ code: 'welding', name: '焊工', groups: ['worker'] }],
  });
  return created._id.toHexString();
}
