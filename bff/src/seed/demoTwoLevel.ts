import { Types } from 'mongoose';
import { AppError, PRIVACY_NOTICE_VERSION, nationalIdCheckCharacter, type TRegistrationSubmitInput } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { UnionModel } from '../models/union';
import type { PersonalDataCipher } from '../personalData/cipher';
import { forwardRegistration } from '../services/registrationLifecycle';
import { submitRegistration } from '../services/registrations';
import { DEMO_ELIGIBILITY, demoRegistrationWindow, demoUnionCode } from './demoData';
import { demoAccount } from './demoRegistrations';

/**
 * The two-level audit in the demo (issue 14 item 4): a 基层工会 under 南开区总工会 and a district
 * competition audited by the 基层工会, then 南开区, then the committee. One registration waits at
 * the 基层工会 (level 1), another was forwarded by it and waits at 南开区 (level 2).
 */
export const DEMO_TWO_LEVEL_UNION = { codeBody: 'NKQ4XF', name: '南开区学府街道总工会', kind: 'grassroots', parentName: '南开区总工会' } as const;

export const DEMO_TWO_LEVEL_COMPETITION = {
  slug: 'nk-two-level',
  name: '南开区职工职业技能竞赛（基层工会、区总工会两级审核）',
  organiser: '南开区总工会',
  description: '职工在小程序中输入所在基层工会的工会代码报名；基层工会审核通过后报南开区总工会审核，区总工会审核通过后报大赛组委会确认。',
  groups: [{ code: 'worker', name: '职工组' }],
  trades: [
    { code: 'welding', name: '焊工', groups: ['worker'] },
    { code: 'cnc-turning', name: '数控车工', groups: ['worker'] },
  ],
} as const;

const PEOPLE = [
  { name: '周涛', birth: '19890214', trade: 'welding', employer: '天津南开精工焊接有限公司', forwarded: false },
  { name: '吴娜', birth: '19930627', trade: 'cnc-turning', employer: '天津学府数控技术有限公司', forwarded: true },
] as const;

function nationalIdOf(birth: string, index: number): string {
  const first17 = `120104${birth}${String(301 + index * 2).padStart(3, '0')}`;
  return first17 + nationalIdCheckCharacter(first17);
}

/** Inserts the union, the competition and its two registrations unless present; answers how many registrations it added. */
export async function seedTwoLevelDemo(cipher: PersonalDataCipher, now: Date): Promise<number> {
  const district = await UnionModel.findOne({ name: DEMO_TWO_LEVEL_UNION.parentName }).lean().orFail().exec();
  const code = demoUnionCode(DEMO_TWO_LEVEL_UNION);
  const { codeBody: _codeBody, parentName: _parentName, ...union } = DEMO_TWO_LEVEL_UNION;
  await UnionModel.updateOne(
    { code },
    { $setOnInsert: { ...union, code, parentId: district._id, ancestorIds: [...district.ancestorIds, district._id] } },
    { upsert: true },
  ).exec();
  const { opensAt, closesAt } = demoRegistrationWindow(now);
  const competition = await CompetitionModel.findOneAndUpdate(
    { slug: DEMO_TWO_LEVEL_COMPETITION.slug },
    {
      $setOnInsert: {
        ...DEMO_TWO_LEVEL_COMPETITION,
        publication: 'published',
        registrationOpensAt: opensAt,
        registrationClosesAt: closesAt,
        participatingUnionIds: [district._id],
        quotas: DEMO_TWO_LEVEL_COMPETITION.trades.map((trade) => ({ unionId: district._id, tradeCode: trade.code, groupCode: 'worker', places: 2 })),
        eligibility: { ...DEMO_ELIGIBILITY, ageRanges: [DEMO_ELIGIBILITY.ageRanges[0]], referenceDate: closesAt },
        auditLevels: 2,
      },
    },
    { upsert: true, returnDocument: 'after' },
  )
    .lean<CompetitionSetupRecord>()
    .orFail()
    .exec();

  // The 基层工会's official who forwards one of them (a made-up account; the trail names the union).
  const official = await demoAccount('demo-seed-official-xuefu', now);
  let created = 0;
  for (const [index, person] of PEOPLE.entries()) {
    const userId = await demoAccount(`demo-seed-two-level-worker-${index}`, now);
    const principal = { userId, sessionId: new Types.ObjectId(), grants: [], privacyAcceptedVersion: PRIVACY_NOTICE_VERSION };
    const input: TRegistrationSubmitInput = {
      competitionId: competition._id.toHexString(),
      unionCode: code,
      name: person.name,
      nationalId: nationalIdOf(person.birth, index),
      mobile: `1390001${String(1000 + index)}`,
      employer: person.employer,
      tradeCode: person.trade,
      groupCode: 'worker',
      skillLevel: 'senior',
      yearsInTrade: 8,
      declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: true },
      eligibilityClaims: { residence: { basis: 'hukou', hukouLocation: '天津市' }, skillCertificateNumber: null, honours: [] },
    };
    try {
      const { registration } = await submitRegistration(cipher, principal, input, { key: `demo-two-level-${index}`, requestHash: `demo-two-level-${index}` }, now, 1);
      created += 1;
      if (person.forwarded) {
        const actor = { userId: official, role: 'union_official' as const, body: DEMO_TWO_LEVEL_UNION.name, auditLevel: 1 };
        await forwardRegistration({ registration, competition, version: registration.version, actor, now }, district._id, '工作单位、工种与岗位核实无误');
      }
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ALREADY_REGISTERED')) throw error;
    }
  }
  return created;
}
