import { chinaDate, sessionInstant } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { UnionModel } from '../models/union';
import { UserModel } from '../models/user';
import { VenueSessionModel } from '../models/venueSession';
import type { PassSigner } from '../passSigning/signer';
import { quotaUnionOf } from '../services/quotas';
import { approveRegistration, confirmRegistration } from '../services/registrationLifecycle';
import { assignInCompetition } from '../services/venue/placement';
import { DEMO_COMPETITION } from './demoData';

const DAY_MS = 86_400_000;
const INSTRUCTIONS = '请携带本人身份证和准考证（手机出示二维码即可），提前 30 分钟到场检录；自备工作服和劳保鞋。';

/** The competition day, 20 days after the deadline: 职工组 at the main venue (morning and afternoon), 学生组 at the branch venue. */
const DEMO_SESSIONS = [
  {
    code: 'main-am',
    venueCode: 'main',
    name: '上午场',
    startTime: '08:30',
    endTime: '12:00',
    capacity: 30,
    stationPrefix: 'A',
    hosts: [
      { tradeCode: 'cnc-turning', groupCode: 'worker' },
      { tradeCode: 'welding', groupCode: 'worker' },
    ],
  },
  {
    code: 'main-pm',
    venueCode: 'main',
    name: '下午场',
    startTime: '13:30',
    endTime: '17:00',
    capacity: 30,
    stationPrefix: 'B',
    hosts: [
      { tradeCode: 'assembly-fitting', groupCode: 'worker' },
      { tradeCode: 'auto-repair', groupCode: 'worker' },
    ],
  },
  {
    code: 'branch',
    venueCode: 'branch',
    name: '学生组',
    startTime: '09:00',
    endTime: '16:00',
    capacity: 20,
    stationPrefix: 'S',
    hosts: DEMO_COMPETITION.trades.map((trade) => ({ tradeCode: trade.code, groupCode: 'student' })),
  },
] as const;

/** Demo people (demoRegistrations.ts) whose unions approved and the committee confirmed: they hold passes. */
const CONFIRMED_PEOPLE = ['陈静', '赵敏'];

/**
 * The demo's competition day: sessions at the main and branch venues, and two of the demo
 * registrations approved by their union, confirmed by the committee and placed, each with a pass,
 * through the same verbs as the desks and the committee. A second run finds them done.
 */
export async function seedDemoPasses(signer: PassSigner, now: Date): Promise<number> {
  const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
  const date = chinaDate(new Date(competition.registrationClosesAt.getTime() + 20 * DAY_MS));
  for (const session of DEMO_SESSIONS) {
    const times = { date, startsAt: sessionInstant(date, session.startTime), endsAt: sessionInstant(date, session.endTime) };
    await VenueSessionModel.updateOne(
      { competitionId: competition._id, code: session.code },
      { $setOnInsert: { competitionId: competition._id, ...session, ...times, instructions: INSTRUCTIONS, version: 0 } },
      { upsert: true },
    ).exec();
  }
  const desk = await UserModel.findOneAndUpdate({ openid: 'demo-seed-desk' }, { $setOnInsert: { openid: 'demo-seed-desk', lastSignInAt: now } }, { upsert: true, returnDocument: 'after' })
    .lean()
    .orFail()
    .exec();
  let issued = 0;
  for (const name of CONFIRMED_PEOPLE) {
    const submitted = await RegistrationModel.findOne({ competitionId: competition._id, name, status: 'submitted' }).lean<RegistrationRecord>().exec();
    if (submitted) {
      const unionId = quotaUnionOf(competition, submitted) ?? submitted.unionId;
      const union = await UnionModel.findById(unionId, { name: 1 }).lean().orFail().exec();
      const approved = await approveRegistration({
        registration: submitted,
        competition,
        version: submitted.version,
        actor: { userId: desk._id, role: 'union_official', body: union.name },
        now,
      });
      await confirmRegistration({ registration: approved, competition, version: approved.version, actor: { userId: desk._id, role: 'committee', body: '大赛组委会' }, now });
    }
    const confirmed = await RegistrationModel.findOne({ competitionId: competition._id, name, status: 'confirmed' }, { tradeCode: 1, groupCode: 1 }).lean().exec();
    if (confirmed) issued += (await assignInCompetition(competition, { tradeCode: confirmed.tradeCode, groupCode: confirmed.groupCode }, null, { signer, now })).assigned;
  }
  return issued;
}
