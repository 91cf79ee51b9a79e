import { Types } from 'mongoose';
import { AppError, PRIVACY_NOTICE_VERSION, nationalIdCheckCharacter, type TRegistrationSubmitInput } from '@contest/shared';
import { CompetitionModel } from '../models/competition';
import { UnionModel } from '../models/union';
import { UserModel } from '../models/user';
import type { PersonalDataCipher } from '../personalData/cipher';
import { submitRegistration } from '../services/registrations';
import { DEMO_COMPETITION } from './demoData';

/** Made-up people (their ID numbers are generated, with a valid check character) waiting for their unions. */
const DEMO_PEOPLE: Array<{ name: string; birth: string; union: string; trade: string; group: 'worker' | 'student'; employer: string }> = [
  { name: '张伟', birth: '19880412', union: '河西区总工会', trade: 'welding', group: 'worker', employer: '天津市河西区市政工程公司' },
  { name: '王芳', birth: '19920923', union: '河西区友谊路街道总工会', trade: 'cnc-turning', group: 'worker', employer: '天津友谊精密机械有限公司' },
  { name: '李强', birth: '19850130', union: '河西区总工会', trade: 'auto-repair', group: 'worker', employer: '天津河西汽车服务有限公司' },
  { name: '刘洋', birth: '20050611', union: '河西区友谊路街道总工会', trade: 'assembly-fitting', group: 'student', employer: '天津市机电工艺技师学院' },
  { name: '陈静', birth: '19900718', union: '和平区总工会', trade: 'cnc-turning', group: 'worker', employer: '天津和平数控设备有限公司' },
  { name: '杨磊', birth: '19870305', union: '和平区劝业场街道总工会', trade: 'welding', group: 'worker', employer: '天津劝业场建设工程有限公司' },
  { name: '赵敏', birth: '19951102', union: '南开区总工会', trade: 'auto-repair', group: 'worker', employer: '天津南开公交集团修理厂' },
  { name: '孙杰', birth: '20040820', union: '南开区总工会', trade: 'welding', group: 'student', employer: '天津市第一轻工业学校' },
];

function demoNationalId(birth: string, index: number): string {
  const first17 = `120103${birth}${String(101 + index * 2).padStart(3, '0')}`;
  return first17 + nationalIdCheckCharacter(first17);
}

/** A made-up WeChat account (its openid), with the privacy notice accepted, created once; answers its id. */
export async function demoAccount(openid: string, now: Date): Promise<Types.ObjectId> {
  const user = await UserModel.findOneAndUpdate(
    { openid },
    { $setOnInsert: { openid, lastSignInAt: now, privacyAcceptedVersion: PRIVACY_NOTICE_VERSION, privacyAcceptedAt: now } },
    { upsert: true, returnDocument: 'after' },
  )
    .lean()
    .orFail()
    .exec();
  return user._id;
}

/**
 * A few registrations waiting in 河西区, 和平区 and 南开区, so the audit desks have work in a fresh
 * demo. They go through the same service as a worker's submission, every rule applied; a second
 * run finds them already registered and leaves them as they are.
 */
export async function seedDemoRegistrations(cipher: PersonalDataCipher, now: Date): Promise<number> {
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }, { _id: 1 }).lean().orFail().exec();
  let created = 0;
  for (const [index, person] of DEMO_PEOPLE.entries()) {
    // Each made-up person registers from their own WeChat account, as the per-account limit expects.
    const principal = { userId: await demoAccount(`demo-seed-worker-${index}`, now), sessionId: new Types.ObjectId(), grants: [], privacyAcceptedVersion: PRIVACY_NOTICE_VERSION };
    const union = await UnionModel.findOne({ name: person.union }, { code: 1 }).lean().orFail().exec();
    const input: TRegistrationSubmitInput = {
      competitionId: competition._id.toHexString(),
      unionCode: union.code,
      name: person.name,
      nationalId: demoNationalId(person.birth, index),
      mobile: `1390000${String(1000 + index)}`,
      employer: person.employer,
      tradeCode: person.trade,
      groupCode: person.group,
      skillLevel: person.group === 'student' ? 'none' : 'senior',
      yearsInTrade: person.group === 'student' ? 0 : 6,
      declarations: { notFullTimeStudent: person.group === 'worker', noExcludedHonour: true, localResidence: true },
      eligibilityClaims: { residence: person.group === 'worker' ? { basis: 'hukou', hukouLocation: '天津市' } : null, skillCertificateNumber: null, honours: [] },
    };
    try {
      await submitRegistration(cipher, principal, input, { key: `demo-seed-${index}`, requestHash: `demo-seed-${index}` }, now, 1);
      created += 1;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ALREADY_REGISTERED')) throw error;
    }
  }
  return created;
}
