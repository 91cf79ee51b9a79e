import { trusted } from 'mongoose';
import request from 'supertest';
import { ZCompetitionDetailResponse, ZCompetitionListResponse, ZErrorEnvelope } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { UnionModel } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION, DEMO_UNIONS } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { startHarness, type TestHarness } from '../support/bff';

const NOW = new Date('2026-11-24T08:00:00+08:00');
let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness({ seed: true, clock: () => NOW });
});
afterAll(() => harness.stop());

describe('GET /api/v1/competitions', () => {
  it('lists the seeded competition with its trades and groups', async () => {
    const res = await request(harness.app.callback()).get('/api/v1/competitions').expect(200);
    const body = ZCompetitionListResponse.parse(res.body);
    expect(body.data.items).toHaveLength(1);
    const [competition] = body.data.items;
    expect(competition).toMatchObject({
      name: DEMO_COMPETITION.name,
      organiser: DEMO_COMPETITION.organiser,
      status: 'open',
      registrationClosesAt: '2027-08-31T15:59:59.999Z',
    });
    expect(competition?.trades.map((t) => t.name)).toEqual(['数控车工', '焊工', '装配钳工', '汽车维修工']);
    expect(competition?.groups.map((g) => g.name)).toEqual(['职工组', '学生组']);
  });

  it('leaves out drafts and competitions whose registration has closed', async () => {
    const base = { organiser: '测试组委会', groups: [{ code: 'worker', name: '职工组' }], trades: [{ code: 'welding', name: '焊工', groups: ['worker'] }] };
    await CompetitionModel.create([
      { ...base, slug: 'draft-one', name: '草稿赛事', publication: 'draft', registrationOpensAt: new Date('2026-01-01'), registrationClosesAt: new Date('2027-01-01') },
      { ...base, slug: 'closed-one', name: '已截止赛事', publication: 'published', registrationOpensAt: new Date('2025-01-01'), registrationClosesAt: new Date('2026-01-01') },
      { ...base, slug: 'soon-one', name: '即将开始赛事', publication: 'published', registrationOpensAt: new Date('2026-12-01'), registrationClosesAt: new Date('2026-12-20') },
    ]);
    const res = await request(harness.app.callback()).get('/api/v1/competitions').expect(200);
    const body = ZCompetitionListResponse.parse(res.body);
    // Nearest deadline first; the upcoming one is shown with its own status.
    expect(body.data.items.map((c) => [c.name, c.status])).toEqual([
      ['即将开始赛事', 'upcoming'],
      [DEMO_COMPETITION.name, 'open'],
    ]);
  });

  it('seeds the notice’s participants: the 8 unions under the city’s, 1 place per trade and group each', async () => {
    const demo = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean().orFail();
    const participants = await UnionModel.find({ _id: trusted({ $in: demo.participatingUnionIds }) }).lean();
    expect(participants.map((u) => u.name).sort()).toEqual(DEMO_UNIONS.children!.map((u) => u.name).sort());
    expect(demo.quotas).toHaveLength(8 * 4 * 2);
    expect(new Set(demo.quotas!.map((q) => q.places))).toEqual(new Set([1]));
    expect(demo.eligibility?.referenceDate?.toISOString()).toBe(demo.registrationClosesAt.toISOString());
  });

  it('seeding again changes nothing', async () => {
    const before = await CompetitionModel.countDocuments({ slug: DEMO_COMPETITION.slug });
    await seedDemoData(NOW);
    await seedDemoData(NOW);
    expect(await CompetitionModel.countDocuments({ slug: DEMO_COMPETITION.slug })).toBe(before);
  });
});

describe('GET /api/v1/competitions/:id', () => {
  it('answers the competition with its description', async () => {
    const list = ZCompetitionListResponse.parse((await request(harness.app.callback()).get('/api/v1/competitions')).body);
    const id = list.data.items.find((c) => c.name === DEMO_COMPETITION.name)?.id;
    const res = await request(harness.app.callback()).get(`/api/v1/competitions/${id}`).expect(200);
    const body = ZCompetitionDetailResponse.parse(res.body);
    expect(body.data.id).toBe(id);
    expect(body.data.description).toContain('工会代码');
  });

  it.each([
    ['an unknown id', '0123456789abcdef01234567'],
    ['a malformed id', 'not-an-id'],
    ['an injection attempt', '{"$gt":""}'],
  ])('answers 404 in the envelope for %s', async (_label, id) => {
    const res = await request(harness.app.callback()).get(`/api/v1/competitions/${encodeURIComponent(id)}`).expect(404);
    const body = ZErrorEnvelope.parse(res.body);
    expect(body.code).toBe('COMPETITION_NOT_FOUND');
    expect(body.message).toBe('找不到该赛事');
  });

  it('does not show a draft', async () => {
    const draft = await CompetitionModel.findOne({ slug: 'draft-one' }).lean().exec();
    const res = await request(harness.app.callback()).get(`/api/v1/competitions/${draft?._id.toHexString()}`).expect(404);
    expect(res.body.code).toBe('COMPETITION_NOT_FOUND');
  });
});
