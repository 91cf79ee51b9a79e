import { Types } from 'mongoose';
import { nationalIdCheckCharacter } from '@contest/shared';
import { CompetitionModel } from '../models/competition';
import { RoleGrantModel, type RoleGrantRecord } from '../models/roleGrant';
import { TeamModel } from '../models/team';
import { UnionModel } from '../models/union';
import type { PersonalDataCipher } from '../personalData/cipher';
import { createTeam, enterMember } from '../services/teamEntries';
import { DEMO_COMPETITION } from './demoData';
import { demoAccount } from './demoRegistrations';

/**
 * A team entry in the demo (issue 14 item 2): 河西区总工会's official has named 河西区焊工代表队 with
 * its 领队 and entered two people, who have not yet confirmed from their links (待本人确认 on the
 * union desk's 团体报名 page).
 */
export const DEMO_TEAM = { name: '河西区焊工代表队', unionName: '河西区总工会', leader: { name: '王建国', mobile: '13902223344' } } as const;

const MEMBERS = [
  { name: '孙磊', birth: '19870921', employer: '天津河西重型机械有限公司' },
  { name: '钱蕾', birth: '19950308', employer: '天津友谊焊接工程有限公司' },
] as const;

function nationalIdOf(birth: string, index: number): string {
  const first17 = `120103${birth}${String(511 + index * 2).padStart(3, '0')}`;
  return first17 + nationalIdCheckCharacter(first17);
}

/** Inserts the team and its entered members unless the team is there; answers how many people it entered. */
export async function seedTeamDemo(cipher: PersonalDataCipher, now: Date): Promise<number> {
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean().orFail().exec();
  if (await TeamModel.exists({ competitionId: competition._id, name: DEMO_TEAM.name }).exec()) return 0;
  const union = await UnionModel.findOne({ name: DEMO_TEAM.unionName }).lean().orFail().exec();
  const userId = await demoAccount('demo-seed-official-hexi-teams', now);
  await RoleGrantModel.updateOne({ userId, role: 'union_official', unionId: union._id, revokedAt: null }, { $setOnInsert: { competitionId: null, venue: null } }, { upsert: true }).exec();
  const grants = await RoleGrantModel.find({ userId, revokedAt: null }).lean<RoleGrantRecord[]>().exec();
  const official = { userId, sessionId: new Types.ObjectId(), grants };

  const team = await createTeam(cipher, official, { competitionId: competition._id.toHexString(), name: DEMO_TEAM.name, leader: DEMO_TEAM.leader }, now);
  for (const [index, person] of MEMBERS.entries()) {
    await enterMember(
      cipher,
      official,
      team.team._id.toHexString(),
      {
        name: person.name,
        nationalId: nationalIdOf(person.birth, index),
        mobile: `1370222${String(1000 + index)}`,
        employer: person.employer,
        tradeCode: 'welding',
        groupCode: 'worker',
        skillLevel: 'senior',
        yearsInTrade: 7,
        eligibilityClaims: { residence: { basis: 'hukou', hukouLocation: '天津市' }, skillCertificateNumber: null, honours: [] },
      },
      now,
    );
  }
  return MEMBERS.length;
}
