/**
 * Scores in: the committee's score sheet per trade (every row checked, errors by row in Chinese,
 * all rows or none, a re-import changing nothing), absent contestants marked rather than scored,
 * one score entered or corrected by hand on its version, and every change kept with who and when.
 */
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Types } from 'mongoose';
import {
  PASS_ROSTER_CONTENT_TYPE,
  ZErrorEnvelope,
  ZScoreHistoryResponse,
  ZScoreImportResponse,
  ZScoreListResponse,
  ZScoreResponse,
  formatPassNumber,
  type TCommitteePass,
} from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { ScoreChangeModel, ScoreModel, type ScoreRecord } from '@contest/bff/src/models/score';
import { writeScore } from '@contest/bff/src/services/scores/scoreWrites';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-20T10:00:00+08:00');
const HEADER = ['准考证号', '理论成绩', '实操成绩', '备注', '缺考'];
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let gate: TestPerson;
let sessionId: string;
/** Auto-repair passes: checked in (worker ×2, student), not checked in, revoked; and a checked-in welder. */
const passes = {} as Record<'first' | 'second' | 'student' | 'stayedAway' | 'revoked' | 'welder', TCommitteePass>;

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;

async function sheet(rows: Array<Array<string | number>>, header: string[] = HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('成绩表');
  worksheet.addRow(header);
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const upload = (file: Buffer, tradeCode = 'auto-repair', person: TestPerson = committee) =>
  api().post(admin(`/scores/import?tradeCode=${tradeCode}`)).set(person.auth).set('Content-Type', PASS_ROSTER_CONTENT_TYPE).send(file);
const scoreOf = (pass: TCommitteePass) => ScoreModel.findOne({ registrationId: pass.registrationId }).lean<ScoreRecord>().exec();
const changesOf = (pass: TCommitteePass) => ScoreChangeModel.countDocuments({ registrationId: pass.registrationId }).exec();
const history = async (pass: TCommitteePass) => ZScoreHistoryResponse.parse((await api().get(admin(`/scores/${pass.passNumber}/history`)).set(committee.auth).expect(200)).body).data.changes;

async function checkIn(pass: TCommitteePass): Promise<void> {
  const res = await api()
    .post('/api/v1/venue/check-ins')
    .set(gate.auth)
    .send({ sessionId, nonce: randomUUID(), scannedAt: NOW.toISOString(), deviceId: 'gate-1', passNumber: pass.passNumber });
  if (res.status !== 200 || res.body.data.outcome !== 'checked_in') throw new Error(`check-in refused: ${JSON.stringify(res.body)}`);
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  gate = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
  const hosts = [
    { tradeCode: 'auto-repair', groupCode: 'worker' as const },
    { tradeCode: 'auto-repair', groupCode: 'student' as const },
    { tradeCode: 'welding', groupCode: 'worker' as const },
  ];
  sessionId = (await createSession(harness, committee, competitionId, sessionInput({ code: 'sc-am', capacity: 20, stationPrefix: 'Q', hosts }))).id;
  const placed = async (name: string, tradeCode = 'auto-repair', groupCode: 'worker' | 'student' = 'worker') =>
    place(harness, committee, competitionId, await confirmedRegistration(competitionId, { union: setting.youyi, name, tradeCode, groupCode }), 'sc-am');
  passes.first = await placed('汪一');
  passes.second = await placed('汪二');
  passes.student = await placed('汪三', 'auto-repair', 'student');
  passes.stayedAway = await placed('汪四');
  passes.revoked = await placed('汪五');
  passes.welder = await placed('汪六', 'welding');
  await api().post(admin(`/registrations/${passes.revoked.registrationId}/disqualify`)).set(committee.auth).send({ reason: '冒名顶替', version: 3 }).expect(200);
  for (const pass of [passes.first, passes.second, passes.student, passes.welder]) await checkIn(pass);
});
afterAll(() => harness.stop());

describe('the score sheet', () => {
  it('applies nothing when one row is bad, and names that row', async () => {
    const res = await upload(
      await sheet([
        [passes.first.passNumber, 85.5, 90, '', ''],
        [passes.second.passNumber, 105, 80, '', ''],
      ]),
    ).expect(400);
    const error = ZErrorEnvelope.parse(res.body);
    expect(error.code).toBe('SCORE_IMPORT_INVALID');
    expect(error.message).toBe('成绩表有 1 行有误，未录入任何成绩，请修改后重新导入');
    expect(error.fields).toEqual([{ path: 'row 3', message: '第3行：理论成绩 105 超出 0–100 的范围' }]);
    expect(await ScoreModel.countDocuments({ competitionId }).exec()).toBe(0);
    expect(await ScoreChangeModel.countDocuments({ competitionId }).exec()).toBe(0);
  });

  it('names every kind of row error in Chinese', async () => {
    const unknown = formatPassNumber(8_888_888);
    const res = await upload(
      await sheet([
        [passes.first.passNumber, 80, 80, '', ''], // 2: good
        [unknown, 80, 80, '', ''], // 3
        ['1234', 80, 80, '', ''], // 4
        [passes.welder.passNumber, 80, 80, '', ''], // 5
        [passes.revoked.passNumber, 80, 80, '', ''], // 6
        [passes.stayedAway.passNumber, 80, 80, '', ''], // 7
        [passes.first.passNumber, 70, 70, '', ''], // 8
        [passes.second.passNumber, '八十', -1, '', ''], // 9
        [passes.student.passNumber, 88.123, '', '', ''], // 10
        [passes.student.passNumber, '缺考', 60, '', ''], // 11
        ['', 80, 80, '', '可能'], // 12
      ]),
    ).expect(400);
    const messages = Object.fromEntries((ZErrorEnvelope.parse(res.body).fields ?? []).map((f) => [f.path, f.message]));
    expect(messages).toEqual({
      'row 3': `第3行：找不到准考证号 ${unknown} 的考生`,
      'row 4': '第4行：准考证号 1234 有误',
      'row 5': `第5行：准考证号 ${passes.welder.passNumber} 的考生参赛工种为焊工，不是本表的汽车维修工`,
      'row 6': `第6行：准考证号 ${passes.revoked.passNumber} 已作废（冒名顶替），不能录入成绩`,
      'row 7': `第7行：准考证号 ${passes.stayedAway.passNumber} 的考生没有签到记录，只能标记为缺考`,
      'row 8': `第8行：与第2行是同一考生（准考证号 ${passes.first.passNumber}）`,
      'row 9': '第9行：理论成绩“八十”不是数字；实操成绩 -1 超出 0–100 的范围',
      'row 10': '第10行：理论成绩 88.123 最多保留 2 位小数；实操成绩为空（缺考请填写“缺考”）',
      'row 11': `第11行：与第10行是同一考生（准考证号 ${passes.student.passNumber}）；标记缺考的考生不应填写成绩`,
      'row 12': '第12行：请填写准考证号；缺考列应填“是”或留空，不能填“可能”',
    });
    expect(await ScoreModel.countDocuments({ competitionId }).exec()).toBe(0);
  });

  it('is refused when the upload is not an Excel sheet, lacks a column, or names a trade the competition lacks', async () => {
    const json = await api().post(admin('/scores/import?tradeCode=auto-repair')).set(committee.auth).send({}).expect(415);
    expect(ZErrorEnvelope.parse(json.body).message).toBe('请上传 Excel（.xlsx）格式的成绩表');
    const headless = await upload(await sheet([[passes.first.passNumber, 80]], ['准考证号', '理论成绩'])).expect(400);
    expect(ZErrorEnvelope.parse(headless.body).message).toBe('第1行缺少表头：实操成绩（备注、缺考可选）');
    expect(ZErrorEnvelope.parse((await upload(await sheet([[passes.first.passNumber, 80, 80]]), 'juggling').expect(400)).body).code).toBe('VALIDATION_FAILED');
  });

  describe('a good sheet', () => {
    let file: Buffer;
    beforeAll(async () => {
      file = await sheet([
        [passes.first.passNumber, 85.5, 90, '', ''],
        [passes.second.passNumber, '缺考', '缺考', '', ''],
        [passes.student.passNumber, '', '', '身体不适', '是'],
        [passes.stayedAway.passNumber, '', '', '', '是'],
      ]);
    });

    it('enters the scores and marks absent contestants, checked in or not, without a score', async () => {
      const res = await upload(file).expect(200);
      expect(ZScoreImportResponse.parse(res.body).data).toEqual({ created: 4, changed: 0, unchanged: 0 });
      expect(await scoreOf(passes.first)).toMatchObject({ theory: 85.5, practical: 90, absent: false, version: 1 });
      for (const absent of [passes.second, passes.student, passes.stayedAway]) expect(await scoreOf(absent)).toMatchObject({ theory: null, practical: null, absent: true });
      expect((await scoreOf(passes.student))?.remarks).toBe('身体不适');
      const [entered] = await history(passes.first);
      expect(entered).toMatchObject({
        version: 1,
        via: 'import',
        by: committee.userId.toHexString(),
        at: NOW.toISOString(),
        sheetHash: createHash('sha256').update(file).digest('hex'),
        before: null,
        after: { theory: 85.5, practical: 90, absent: false, remarks: '' },
      });
    });

    it('changes nothing when imported again', async () => {
      const res = await upload(file).expect(200);
      expect(ZScoreImportResponse.parse(res.body).data).toEqual({ created: 0, changed: 0, unchanged: 4 });
      expect(await ScoreChangeModel.countDocuments({ competitionId }).exec()).toBe(4);
      expect((await scoreOf(passes.first))?.version).toBe(1);
    });

    it('changes only the rows that differ, each with its history', async () => {
      const corrected = await sheet([
        [passes.first.passNumber, 85.5, 92, '复核后更正', ''],
        [passes.second.passNumber, '缺考', '缺考', '', ''],
      ]);
      expect(ZScoreImportResponse.parse((await upload(corrected).expect(200)).body).data).toEqual({ created: 0, changed: 1, unchanged: 1 });
      const changes = await history(passes.first);
      expect(changes.map((c) => c.version)).toEqual([2, 1]);
      expect(changes[0]).toMatchObject({ before: { practical: 90, remarks: '' }, after: { practical: 92, remarks: '复核后更正' }, via: 'import' });
    });
  });
});

describe('one score by hand', () => {
  const put = (pass: TCommitteePass, body: object, person: TestPerson = committee) => api().put(admin(`/scores/${pass.passNumber}`)).set(person.auth).send(body);

  it('corrects a score on its version, kept in the history with who and when', async () => {
    const before = (await scoreOf(passes.first))!;
    const res = await put(passes.first, { theory: 86, practical: 92, remarks: '复核', version: before.version }).expect(200);
    expect(ZScoreResponse.parse(res.body).data).toMatchObject({ passNumber: passes.first.passNumber, name: '汪一', theory: 86, practical: 92, version: before.version + 1 });
    const [latest] = await history(passes.first);
    expect(latest).toMatchObject({
      version: before.version + 1,
      via: 'manual',
      by: committee.userId.toHexString(),
      at: NOW.toISOString(),
      sheetHash: null,
      before: { theory: 85.5, practical: 92, absent: false },
      after: { theory: 86, practical: 92, absent: false, remarks: '复核' },
    });
  });

  it('refuses a stale version with 409 and the version now, changing nothing', async () => {
    const now = (await scoreOf(passes.first))!;
    const res = await put(passes.first, { theory: 10, practical: 10, version: now.version - 1 }).expect(409);
    const error = ZErrorEnvelope.parse(res.body);
    expect(error.code).toBe('CONFLICT');
    expect(error.current).toEqual({ status: 'scored', version: now.version });
    expect(await scoreOf(passes.first)).toMatchObject({ theory: 86, version: now.version });
    expect(await changesOf(passes.first)).toBe(now.version);
  });

  it('keeps the history of the change that won when two are written on the same version', async () => {
    const current = (await scoreOf(passes.first))!;
    const registration = await RegistrationModel.findById(passes.first.registrationId).lean<RegistrationRecord>().orFail().exec();
    const race = (theory: number) =>
      writeScore({
        competitionId: current.competitionId,
        registration: { ...registration, pass: registration.pass! },
        current,
        after: { theory, practical: 92, absent: false, remarks: '' },
        by: committee.userId,
        at: NOW,
        via: 'manual',
        sheetHash: null,
      });
    expect(await race(77)).not.toBeNull();
    expect(await race(55)).toBeNull();
    const changes = await history(passes.first);
    expect(changes[0]).toMatchObject({ version: current.version + 1, after: { theory: 77 } });
    expect(changes.map((c) => c.version)).toEqual(Array.from({ length: current.version + 1 }, (_, i) => current.version + 1 - i));
    expect(await scoreOf(passes.first)).toMatchObject({ theory: 77, version: current.version + 1 });
  });

  it('scores an absent contestant who was checked in, and refuses scores for one never checked in or revoked', async () => {
    const second = (await scoreOf(passes.second))!;
    await put(passes.second, { theory: 70, practical: 75.25, version: second.version }).expect(200);
    expect(await scoreOf(passes.second)).toMatchObject({ absent: false, theory: 70, practical: 75.25 });
    const stayedAway = (await scoreOf(passes.stayedAway))!;
    const refused = ZErrorEnvelope.parse((await put(passes.stayedAway, { theory: 60, practical: 60, version: stayedAway.version }).expect(409)).body);
    expect([refused.code, refused.message]).toEqual(['SCORE_REFUSED', '该考生没有签到记录，只能标记为缺考']);
    expect(ZErrorEnvelope.parse((await put(passes.revoked, { absent: true, version: 0 }).expect(409)).body).message).toBe('准考证已作废（冒名顶替），不能录入成绩');
    const outOfRange = ZErrorEnvelope.parse((await put(passes.second, { theory: 100.5, practical: 60, version: second.version + 1 }).expect(400)).body);
    expect(outOfRange.fields).toEqual([{ path: 'theory', message: '理论成绩 100.5 超出 0–100 的范围' }]);
    expect(ZErrorEnvelope.parse((await put(passes.second, { theory: 60, absent: true, version: 0 }).expect(400)).body).code).toBe('VALIDATION_FAILED');
    expect(ZErrorEnvelope.parse((await api().put(admin('/scores/00000000')).set(committee.auth).send({ absent: true, version: 0 }).expect(404)).body).code).toBe('SCORE_PASS_NOT_FOUND');
  });

  it('refuses every change once the results are final', async () => {
    await CompetitionModel.collection.updateOne({ _id: new Types.ObjectId(competitionId) }, { $set: { resultsFinalAt: NOW } });
    try {
      const score = (await scoreOf(passes.first))!;
      expect(ZErrorEnvelope.parse((await put(passes.first, { theory: 1, practical: 1, version: score.version }).expect(409)).body).code).toBe('SCORES_FINAL');
      expect(ZErrorEnvelope.parse((await upload(await sheet([[passes.first.passNumber, 1, 1, '', '']])).expect(409)).body).code).toBe('SCORES_FINAL');
      expect(await scoreOf(passes.first)).toMatchObject({ theory: 77, version: score.version });
    } finally {
      await CompetitionModel.collection.updateOne({ _id: new Types.ObjectId(competitionId) }, { $unset: { results: '' } });
    }
  });
});

describe('the committee list', () => {
  it('lists a trade × group in pass-number order, page by page', async () => {
    const page = async (query: string) => ZScoreListResponse.parse((await api().get(admin(`/scores?${query}`)).set(committee.auth).expect(200)).body).data;
    const first = await page('tradeCode=auto-repair&groupCode=worker&limit=2');
    expect(first.items.map((s) => s.name)).toEqual(['汪一', '汪二']);
    const rest = await page(`tradeCode=auto-repair&groupCode=worker&limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((s) => [s.name, s.absent])).toEqual([['汪四', true]]);
    expect(rest.nextCursor).toBeNull();
    expect((await page('groupCode=student')).items.map((s) => s.passNumber)).toEqual([passes.student.passNumber]);
  });
});

describe('who may', () => {
  it('refuses a union official and venue staff, and hides the competition from another competition\'s committee', async () => {
    const official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
    for (const person of [official, gate]) {
      expect((await upload(await sheet([[passes.first.passNumber, 1, 1]]), 'auto-repair', person)).status).toBe(403);
      expect((await api().put(admin(`/scores/${passes.first.passNumber}`)).set(person.auth).send({ absent: true, version: 9 })).status).toBe(403);
      expect((await api().get(admin('/scores')).set(person.auth)).status).toBe(403);
      expect((await api().get(admin(`/scores/${passes.first.passNumber}/history`)).set(person.auth)).status).toBe(403);
    }
    const other = await signInAs([{ role: 'committee', competitionId: '0123456789abcdef01234567' }]);
    expect((await api().get(admin(`/scores/${passes.first.passNumber}/history`)).set(other.auth)).status).toBe(404);
    expect((await scoreOf(passes.first))?.absent).toBe(false);
  });
});
