/**
 * The committee's results exports (issue 13, item 6): the 成绩汇总表 of one trade or of the whole
 * competition and the 获奖名单, streamed as .xlsx from the latest snapshot and read back here with
 * exceljs; the same ranks, totals and awards as the public 公示 page, scores as entered, absent
 * contestants marked; nothing before the 公示 opens.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Types } from 'mongoose';
import { ZErrorEnvelope, type TCommitteePass, type TPublicResultList, type TPublicResultsSummary } from '@contest/shared';
import { CheckInModel } from '@contest/bff/src/models/checkIn';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { writeScore, type PassedRegistration } from '@contest/bff/src/services/scores/scoreWrites';
import { signInAs, type TestPerson } from '../support/auth';
import { bodyAsBytes, startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const clock = new Date('2026-09-28T10:00:00+08:00');

let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
const passes: Record<string, TCommitteePass> = {};

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;

/** Name → [trade, theory, practical] (null: absent). */
const CONTESTANTS: Record<string, ['auto-repair' | 'welding', number | null, number | null]> = {
  甲一: ['auto-repair', 90, 95],
  乙二: ['auto-repair', 85, 90],
  丙三: ['auto-repair', 80, 85],
  丁四: ['auto-repair', null, null],
  戊五: ['welding', 70, 88],
};

async function sheetRows(path: string, sheetName: string, query: Record<string, string> = {}): Promise<string[][]> {
  const res = await api().get(admin(path)).query(query).set(committee.auth).buffer(true).parse(bodyAsBytes).expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(res.body as Buffer).buffer as ArrayBuffer);
  const rows: string[][] = [];
  const sheet = workbook.getWorksheet(sheetName)!;
  // Every row as wide as the header (exceljs leaves empty trailing cells out).
  sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => String((row.values as unknown[])[i + 1] ?? ''))));
  return rows;
}

/** Every trade × group's list as the public 公示 shows it (each fits its first page here). */
async function publicLists(): Promise<TPublicResultList[]> {
  const path = `/api/v1/public/competitions/${competitionId}/results`;
  const summary = (await api().get(path).expect(200)).body.data as TPublicResultsSummary;
  const lists = [];
  for (const { tradeCode, groupCode } of summary.sections) lists.push((await api().get(path).query({ tradeCode, groupCode }).expect(200)).body.data as TPublicResultList);
  return lists;
}

beforeAll(async () => {
  setting = await startAuditHarness(clock);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  await createSession(
    harness,
    committee,
    competitionId,
    sessionInput({ code: 'rx-am', capacity: 20, stationPrefix: 'X', hosts: [{ tradeCode: 'auto-repair', groupCode: 'worker' }, { tradeCode: 'welding', groupCode: 'worker' }] }),
  );
  for (const [name, [tradeCode, theory, practical]] of Object.entries(CONTESTANTS)) {
    passes[name] = await place(harness, committee, competitionId, await confirmedRegistration(competitionId, { union: setting.heping, name, tradeCode }), 'rx-am');
    const registration = await RegistrationModel.findById(passes[name]!.registrationId).lean<PassedRegistration>().orFail().exec();
    const after = { theory, practical, absent: theory === null, remarks: '' };
    await writeScore({ competitionId: registration.competitionId, registration, current: null, after, by: committee.userId, at: clock, via: 'manual', sheetHash: null });
    await CheckInModel.create({
      competitionId: registration.competitionId,
      passSerial: registration.pass.serial,
      registrationId: registration._id,
      sessionId: new Types.ObjectId(),
      scan: { nonce: `rx-${registration.pass.serial}`, scannedAt: clock, recordedAt: clock, deviceId: 'gate', staffUserId: committee.userId },
    });
  }
});

afterAll(() => harness.stop());

describe('results exports', () => {
  it('answers 成绩尚未公示 before the 公示 opens', async () => {
    for (const path of ['/results/sheet.xlsx', '/results/awards.xlsx']) {
      const res = await api().get(admin(path)).set(committee.auth).expect(404);
      expect(ZErrorEnvelope.parse(res.body).code).toBe('RESULTS_NOT_FOUND');
    }
  });

  it('the 成绩汇总表 of one trade: the 公示’s ranks, totals and awards, the scores as entered, absence marked', async () => {
    await api().post(admin('/results/announcement')).set(committee.auth).expect(201);
    const shown = (await publicLists()).find((g) => g.tradeCode === 'auto-repair' && g.groupCode === 'worker')!.rows;
    const rows = await sheetRows('/results/sheet.xlsx', '成绩汇总表', { tradeCode: 'auto-repair' });
    expect(rows[0]).toEqual(['名次', '准考证号', '姓名', '代表队', '工种', '组别', '理论成绩', '实操成绩', '总成绩', '奖项', '荣誉', '备注']);
    const body = rows.slice(1);
    expect(body.map((r) => r[2])).toEqual(shown.map((r) => r.name));
    expect(body.map((r) => [r[0], r[8], r[9]])).toEqual(shown.map((r) => [String(r.rank ?? ''), r.total === null ? '' : String(Number(r.total)), r.awardLabel ?? '']));
    expect(body.map((r) => r[4])).toEqual(body.map(() => '汽车维修工'));
    const jia = body.find((r) => r[2] === '甲一')!;
    expect([jia[1], jia[6], jia[7], jia[0], jia[9]]).toEqual([passes.甲一!.passNumber, '90', '95', '1', '金奖']);
    const ding = body.find((r) => r[2] === '丁四')!;
    expect([ding[0], ding[6], ding[7], ding[8], ding[9], ding[11]]).toEqual(['', '', '', '', '', '缺考']);
    expect(body.some((r) => r[2] === '戊五')).toBe(false);
  });

  it('the whole competition’s sheet lists every trade; an unknown trade is refused', async () => {
    const rows = await sheetRows('/results/sheet.xlsx', '成绩汇总表');
    expect(rows.slice(1).map((r) => r[2]).sort()).toEqual(Object.keys(CONTESTANTS).sort());
    expect(rows.find((r) => r[2] === '戊五')!.slice(4, 10)).toEqual(['焊工', '职工组', '70', '88', '82.6', '金奖']);
    const res = await api().get(admin('/results/sheet.xlsx')).query({ tradeCode: 'no-such-trade' }).set(committee.auth).expect(400);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('VALIDATION_FAILED');
  });

  it('the 获奖名单 holds exactly the awards the 公示 shows', async () => {
    const shown = (await publicLists()).flatMap((g) => g.rows.filter((r) => r.awardLabel).map((r) => [g.tradeName, g.groupName, r.awardLabel, String(r.rank), r.name]));
    const rows = await sheetRows('/results/awards.xlsx', '获奖名单（公示中）');
    expect(rows[0]).toEqual(['工种', '组别', '奖项', '名次', '姓名', '代表队', '总成绩', '荣誉']);
    expect(rows.slice(1).map((r) => r.slice(0, 5))).toEqual(shown);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(rows.slice(1).some((r) => r[4] === '丁四')).toBe(false);
  });
});
