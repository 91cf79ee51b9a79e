/**
 * Scored contestants for the benches that read the 公示 (bench:results, bench:soak): confirmed
 * registrations spread over a competition's trades × groups and the given unions, each with a
 * score (a few absent), inserted with insertMany as a finished competition leaves them.
 */
import { Types } from 'mongoose';
import { PRIVACY_NOTICE_VERSION } from '@contest/shared';
import type { CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { ScoreModel } from '@contest/bff/src/models/score';
import type { UnionWithId } from '@contest/bff/src/models/union';

const INSERT_BATCH = 2_000;
const ABSENT_SHARE = 0.02;

/** `count` confirmed registrations over every trade × group and union, each scored. */
export async function seedScoredContestants(competition: CompetitionSetupRecord, unions: UnionWithId[], count: number, random: () => number, now: Date): Promise<void> {
  const slots = competition.trades.flatMap((trade) => trade.groups.map((groupCode) => ({ tradeCode: trade.code, groupCode })));
  const committee = new Types.ObjectId();
  for (let start = 0; start < count; start += INSERT_BATCH) {
    const registrations = [];
    const scores = [];
    for (let i = start; i < Math.min(start + INSERT_BATCH, count); i += 1) {
      const serial = i + 1;
      const slot = slots[i % slots.length]!;
      const union = unions[i % unions.length]!;
      const registrationId = new Types.ObjectId();
      registrations.push({
        _id: registrationId,
        competitionId: competition._id,
        unionId: union._id,
        unionPath: [...union.ancestorIds, union._id],
        userId: new Types.ObjectId(),
        name: `选手${serial}`,
        nationalIdSealed: null,
        nationalIdHash: `bench-results-${serial}`,
        nationalIdMasked: `120103********${String(serial % 10_000).padStart(4, '0')}`,
        mobileMasked: '138****5678',
        age: 35,
        sex: 'male',
        employer: '天津港（集团）有限公司',
        tradeCode: slot.tradeCode,
        groupCode: slot.groupCode,
        status: 'confirmed',
        active: true,
        version: 3,
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
        submittedAt: now,
        timeline: [{ at: now, action: 'committee_confirm', actor: 'committee', actorName: '大赛组委会', from: 'union_approved', to: 'confirmed' }],
        createdAt: now,
        updatedAt: now,
      });
      const absent = random() < ABSENT_SHARE;
      // Scores on a coarse grid so that ties (and so the tie rule) occur.
      scores.push({
        competitionId: competition._id,
        registrationId,
        passSerial: serial,
        tradeCode: slot.tradeCode,
        groupCode: slot.groupCode,
        theory: absent ? null : 40 + Math.floor(random() * 121) / 2,
        practical: absent ? null : 40 + Math.floor(random() * 121) / 2,
        absent,
        remarks: '',
        version: 1,
        updatedAt: now,
        updatedBy: committee,
        lastChangeId: new Types.ObjectId(),
      });
    }
    await RegistrationModel.insertMany(registrations, { lean: true });
    await ScoreModel.insertMany(scores, { lean: true });
  }
}
