import { Types } from 'mongoose';
import { AppError, PRIVACY_NOTICE_VERSION, enrolmentConfirmedNote, nationalIdCheckCharacter, type TRegistrationSubmitInput } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { RoleGrantModel } from '../models/roleGrant';
import { UnionModel } from '../models/union';
import type { PersonalDataCipher } from '../personalData/cipher';
import { forwardRegistration } from '../services/registrationLifecycle';
import { submitRegistration } from '../services/registrations';
import { DEMO_ELIGIBILITY, demoRegistrationWindow, demoUnionCode } from './demoData';
import { demoAccount } from './demoRegistrations';

/**
 * The school path in the demo (issue 14 item 1): a school (学校, under 河西区总工会) and a host unit
 * (承办单位) with an official each, and a student-group competition whose students register with
 * their school's code; the school confirms enrolment (学籍), then the trade's host unit audits,
 * then the committee. One student waits at the school, another was confirmed and waits at the host unit.
 */
export const DEMO_SCHOOL = { codeBody: 'XX2SY', name: '天津市第一商业学校', kind: 'school', parentName: '河西区总工会' } as const;
export const DEMO_HOST_UNIT = { codeBody: 'CB2JS', name: '天津市机电工艺技师学院', kind: 'school' } as const;
/** The officials' accounts (openids), granted for the school and the host unit. */
export const DEMO_SCHOOL_OFFICIALS = { school: 'demo-seed-official-school', host: 'demo-seed-official-host-unit' } as const;

export const DEMO_SCHOOL_PATH_COMPETITION = {
  slug: 'tj-student-schools',
  name: '天津市职业院校学生技能竞赛（学校确认学籍、承办单位审核）',
  organiser: '天津市总工会',
  description: '学生在小程序中输入学籍所在学校的代码报名；学校确认学籍后报该工种的承办单位审核，承办单位审核通过后报大赛组委会确认。',
  groups: [{ code: 'student', name: '学生组' }],
  trades: [
    { code: 'cnc-turning', name: '数控车工', groups: ['student'] },
    { code: 'welding', name: '焊工', groups: ['student'] },
  ],
  groupPaths: { student: 'school_host' },
} as const;

const PEOPLE = [
  { name: '韩雪', birth: '20060312', trade: 'cnc-turning', confirmed: false },
  { name: '冯宇', birth: '20050918', trade: 'welding', confirmed: true },
] as const;

function nationalIdOf(birth: string, index: number): string {
  const first17 = `120103${birth}${String(421 + index * 2).padStart(3, '0')}`;
  return first17 + nationalIdCheckCharacter(first17);
}

/** Inserts the school, the host unit, their officials, the competition and its two registrations unless present; answers how many registrations it added. */
export async function seedSchoolPathDemo(cipher: PersonalDataCipher, now: Date): Promise<number> {
  const hexi = await UnionModel.findOne({ name: DEMO_SCHOOL.parentName }).lean().orFail().exec();
  const schoolCode = demoUnionCode(DEMO_SCHOOL);
  const { codeBody: _school, parentName: _parent, ...school } = DEMO_SCHOOL;
  await UnionModel.updateOne({ code: schoolCode }, { $setOnInsert: { ...school, code: schoolCode, parentId: hexi._id, ancestorIds: [...hexi.ancestorIds, hexi._id] } }, { upsert: true }).exec();
  const hostCode = demoUnionCode(DEMO_HOST_UNIT);
  const { codeBody: _host, ...host } = DEMO_HOST_UNIT;
  await UnionModel.updateOne({ code: hostCode }, { $setOnInsert: { ...host, code: hostCode, parentId: null, ancestorIds: [] } }, { upsert: true }).exec();
  const schoolId = (await UnionModel.findOne({ code: schoolCode }, { _id: 1 }).lean().orFail().exec())._id;
  const hostId = (await UnionModel.findOne({ code: hostCode }, { _id: 1 }).lean().orFail().exec())._id;

  const { opensAt, closesAt } = demoRegistrationWindow(now);
  const competition = await CompetitionModel.findOneAndUpdate(
    { slug: DEMO_SCHOOL_PATH_COMPETITION.slug },
    {
      $setOnInsert: {
        ...DEMO_SCHOOL_PATH_COMPETITION,
        publication: 'published',
        registrationOpensAt: opensAt,
        registrationClosesAt: closesAt,
        participatingUnionIds: [hexi._id],
        quotas: DEMO_SCHOOL_PATH_COMPETITION.trades.map((trade) => ({ unionId: hexi._id, tradeCode: trade.code, groupCode: 'student', places: 2 })),
        hostUnits: DEMO_SCHOOL_PATH_COMPETITION.trades.map((trade) => ({ tradeCode: trade.code, groupCode: 'student', unionId: hostId })),
        eligibility: { ...DEMO_ELIGIBILITY, ageRanges: [DEMO_ELIGIBILITY.ageRanges[1]], referenceDate: closesAt },
      },
    },
    { upsert: true, returnDocument: 'after' },
  )
    .lean<CompetitionSetupRecord>()
    .orFail()
    .exec();

  const schoolOfficial = await demoAccount(DEMO_SCHOOL_OFFICIALS.school, now);
  const hostOfficial = await demoAccount(DEMO_SCHOOL_OFFICIALS.host, now);
  for (const [userId, unionId] of [[schoolOfficial, schoolId], [hostOfficial, hostId]] as const) {
    await RoleGrantModel.updateOne({ userId, role: 'union_official', unionId, revokedAt: null }, { $setOnInsert: { competitionId: null, venue: null } }, { upsert: true }).exec();
  }

  let created = 0;
  for (const [index, person] of PEOPLE.entries()) {
    const userId = await demoAccount(`demo-seed-school-student-${index}`, now);
    const principal = { userId, sessionId: new Types.ObjectId(), grants: [], privacyAcceptedVersion: PRIVACY_NOTICE_VERSION };
    const input: TRegistrationSubmitInput = {
      competitionId: competition._id.toHexString(),
      unionCode: schoolCode,
      name: person.name,
      nationalId: nationalIdOf(person.birth, index),
      mobile: `1370002${String(1000 + index)}`,
      employer: DEMO_SCHOOL.name,
      tradeCode: person.trade,
      groupCode: 'student',
      skillLevel: 'none',
      yearsInTrade: 0,
      declarations: { notFullTimeStudent: false, noExcludedHonour: true, localResidence: true },
      eligibilityClaims: { residence: null, skillCertificateNumber: null, honours: [] },
    };
    try {
      const { registration } = await submitRegistration(cipher, principal, input, { key: `demo-school-${index}`, requestHash: `demo-school-${index}` }, now, 1);
      created += 1;
      if (person.confirmed) {
        const actor = { userId: schoolOfficial, role: 'union_official' as const, body: DEMO_SCHOOL.name, auditLevel: 1 };
        await forwardRegistration({ registration, competition, version: registration.version, actor, now }, hostId, enrolmentConfirmedNote('在校二年级，机电技术应用专业'));
      }
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'ALREADY_REGISTERED')) throw error;
    }
  }
  return created;
}
