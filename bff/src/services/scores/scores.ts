import { trusted } from 'mongoose';
import {
  AppError,
  passSerialOf,
  scoreProblem,
  type TFieldError,
  type TScore,
  type TScoreHistory,
  type TScoreInput,
  type TScoreListPage,
  type TScoreListQuery,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { CheckInModel } from '../../models/checkIn';
import type { CompetitionSetupRecord } from '../../models/competition';
import { RegistrationModel } from '../../models/registration';
import { ScoreChangeModel, ScoreModel, type ScoreChangeRecord, type ScoreRecord } from '../../models/score';
import { presentScore, presentScoreChange } from '../../presenters/score';
import { getManagedCompetition } from '../competitionSetup';
import { reRankAnnouncedResults } from '../results/announcement';
import { assertScoresOpen, sameValues, scoreScaleOf, writeScore, type PassedRegistration } from './scoreWrites';

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

/** The registration holding a pass number in the competition; 404 for a number no pass has. */
async function registrationByPassNumber(competition: CompetitionSetupRecord, passNumber: string): Promise<PassedRegistration> {
  const serial = passSerialOf(passNumber);
  const registration =
    serial === null ? null : await RegistrationModel.findOne({ competitionId: competition._id, 'pass.serial': serial }).lean<PassedRegistration>().exec();
  if (!registration) throw new AppError('SCORE_PASS_NOT_FOUND');
  return registration;
}

function conflict(current: ScoreRecord | null): AppError {
  return new AppError('CONFLICT', '该成绩已被他人修改，请刷新后核对', undefined, {
    status: current ? (current.absent ? 'absent' : 'scored') : 'none',
    version: current?.version ?? 0,
  });
}

/**
 * Enters or corrects one score (the committee on the phone), on the version the person saw. A
 * contestant with no check-in can only be marked absent; a revoked pass takes no score. The same
 * values again change nothing and add no history.
 */
export async function setScore(principal: Principal, competitionId: string, passNumber: string, input: TScoreInput, now: Date): Promise<TScore> {
  const competition = await getManagedCompetition(principal, competitionId);
  assertScoresOpen(competition);
  const registration = await registrationByPassNumber(competition, passNumber);
  if (registration.pass.revokedAt) throw new AppError('SCORE_REFUSED', `准考证已作废（${registration.pass.revokedReason ?? '已取消参赛资格'}），不能录入成绩`);
  const absent = input.absent === true;
  const theory = absent ? null : input.theory!;
  const practical = absent ? null : input.practical!;
  if (!absent) {
    const scale = scoreScaleOf(competition);
    const problems: TFieldError[] = [];
    for (const [path, label, value] of [['theory', '理论成绩', theory!], ['practical', '实操成绩', practical!]] as const) {
      const problem = scoreProblem(label, value, scale);
      if (problem) problems.push({ path, message: problem });
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), problems);
    const checkedIn = await CheckInModel.exists({ competitionId: competition._id, passSerial: registration.pass.serial }).exec();
    if (!checkedIn) throw new AppError('SCORE_REFUSED', '该考生没有签到记录，只能标记为缺考');
  }
  const current = await ScoreModel.findOne({ competitionId: competition._id, registrationId: registration._id }).lean<ScoreRecord>().exec();
  if ((current?.version ?? 0) !== input.version) throw conflict(current);
  const after = { theory, practical, absent, remarks: input.remarks };
  if (current && sameValues(current, after)) return presentScore(current, registration);
  const written = await writeScore({ competitionId: competition._id, registration, current, after, by: principal.userId, at: now, via: 'manual', sheetHash: null });
  if (!written) throw conflict(await ScoreModel.findOne({ competitionId: competition._id, registrationId: registration._id }).lean<ScoreRecord>().exec());
  await reRankAnnouncedResults(competition, now);
  return presentScore(written, registration);
}

/** The committee's scores of a trade and group, in pass-number order. */
export async function listScores(principal: Principal, competitionId: string, query: TScoreListQuery): Promise<TScoreListPage> {
  const competition = await getManagedCompetition(principal, competitionId);
  const after = query.cursor === undefined ? null : passSerialOf(query.cursor);
  if (query.cursor !== undefined && after === null) throw new AppError('VALIDATION_FAILED', '翻页位置有误', [{ path: 'cursor', message: '准考证号有误' }]);
  const scores = await ScoreModel.find({
    competitionId: competition._id,
    ...(query.tradeCode ? { tradeCode: query.tradeCode } : {}),
    ...(query.groupCode ? { groupCode: query.groupCode } : {}),
    ...(after !== null ? { passSerial: trusted({ $gt: after }) } : {}),
  })
    .sort({ passSerial: 1 })
    .limit(query.limit + 1)
    .lean<ScoreRecord[]>()
    .exec();
  const page = scores.slice(0, query.limit);
  const registrations = await RegistrationModel.find({ _id: trusted({ $in: page.map((s) => s.registrationId) }) }, { name: 1, pass: 1 })
    .lean<PassedRegistration[]>()
    .exec();
  const byId = new Map(registrations.map((r) => [r._id.toHexString(), r]));
  const items = page.flatMap((score) => {
    const registration = byId.get(score.registrationId.toHexString());
    return registration ? [presentScore(score, registration)] : [];
  });
  return { items, nextCursor: scores.length > query.limit ? (items.at(-1)?.passNumber ?? null) : null };
}

/** Every change of a pass's score, newest first (empty while it has none). */
export async function scoreHistory(principal: Principal, competitionId: string, passNumber: string): Promise<TScoreHistory> {
  const competition = await getManagedCompetition(principal, competitionId);
  const registration = await registrationByPassNumber(competition, passNumber);
  const current = await ScoreModel.findOne({ competitionId: competition._id, registrationId: registration._id }, { lastChangeId: 1 })
    .lean<Pick<ScoreRecord, 'lastChangeId'>>()
    .exec();
  const entries = current
    ? await ScoreChangeModel.find({ competitionId: competition._id, registrationId: registration._id }).lean<ScoreChangeRecord[]>().exec()
    : [];
  // The chain back from the score's last change; entries off it were never applied (see models/score.ts).
  const byId = new Map(entries.map((e) => [e._id.toHexString(), e]));
  const changes: ScoreChangeRecord[] = [];
  for (let id = current?.lastChangeId ?? null; id !== null; ) {
    const entry = byId.get(id.toHexString());
    if (!entry) break;
    changes.push(entry);
    id = entry.previousId;
  }
  return { passNumber: registration.pass.number, changes: changes.map(presentScoreChange) };
}
