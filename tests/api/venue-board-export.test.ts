/**
 * The board's missing list as an Excel sheet (GET /api/v1/venue/board/missing.xlsx): exactly the
 * live passes of the session not checked in, with union, trade, station and the masked phone; for
 * the session's venue staff and the committee (every venue of its competition), nobody else.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Types } from 'mongoose';
import { ZErrorEnvelope, ZVenueBoardResponse } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { cellText } from '@contest/bff/src/services/unionSheet';
import { signInAs, type TestPerson } from '../support/auth';
import { bodyAsBytes, startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-20T09:10:00+08:00');
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;
let mainStaff: TestPerson;
let branchStaff: TestPerson;
const sessions = { main: '', branch: '' };

const api = () => request(harness.app.callback());

function download(person: TestPerson, session: string) {
  return api().get('/api/v1/venue/board/missing.xlsx').query({ session }).set(person.auth).buffer(true).parse(bodyAsBytes);
}

/** The sheet's rows below its title and header, as text. */
async function sheetRows(file: Buffer): Promise<{ header: string[]; rows: string[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const sheet = workbook.worksheets[0]!;
  const text = (row: number) => Array.from({ length: 7 }, (_, i) => cellText(sheet.getRow(row).getCell(i + 1).value));
  const rows: string[][] = [];
  for (let row = 3; row <= sheet.rowCount; row += 1) rows.push(text(row));
  return { header: text(2), rows };
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  mainStaff = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
  branchStaff = await signInAs([{ role: 'venue_staff', competitionId, venue: 'branch' }]);
  sessions.main = (await createSession(harness, committee, competitionId, sessionInput({ code: 'mx-main', capacity: 20 }))).id;
  sessions.branch = (
    await createSession(harness, committee, competitionId, sessionInput({ code: 'mx-branch', venueCode: 'branch', hosts: [{ tradeCode: 'welding', groupCode: 'student' }] }))
  ).id;
});
afterAll(() => harness.stop());

it('lists exactly the live passes not checked in, by station, with union, trade, station and masked phone', async () => {
  const placed = [];
  for (const [name, union] of [['王磊', setting.hexi], ['李娜', setting.heping], ['周强', setting.youyi], ['吴芳', setting.hexi]] as const) {
    const id = await confirmedRegistration(competitionId, { union, name });
    await RegistrationModel.updateOne({ _id: new Types.ObjectId(id) }, { $set: { mobileMasked: `139****${String(placed.length).padStart(4, '0')}` } });
    placed.push({ id, pass: await place(harness, committee, competitionId, id, 'mx-main') });
  }
  // 王磊 arrives; 吴芳 is disqualified (her pass revoked): neither is missing.
  await api()
    .post('/api/v1/venue/check-ins')
    .set(mainStaff.auth)
    .send({ sessionId: sessions.main, nonce: randomUUID(), scannedAt: NOW.toISOString(), deviceId: 'gate-1', passNumber: placed[0]!.pass.passNumber })
    .expect(200);
  await api()
    .post(`/api/v1/admin/competitions/${competitionId}/registrations/${placed[3]!.id}/disqualify`)
    .set(committee.auth)
    .send({ reason: '冒名顶替', version: (await RegistrationModel.findById(placed[3]!.id).lean().orFail()).version })
    .expect(200);

  const res = await download(mainStaff, sessions.main).expect(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toContain(encodeURIComponent('未签到名单.xlsx'));
  const { header, rows } = await sheetRows(res.body as Buffer);
  expect(header).toEqual(['准考证号', '姓名', '工会', '工种', '组别', '考位', '手机号（脱敏）']);
  expect(rows).toEqual([
    [placed[1]!.pass.passNumber, '李娜', '和平区总工会', '焊工', '职工组', placed[1]!.pass.station, '139****0001'],
    [placed[2]!.pass.passNumber, '周强', '河西区友谊路街道总工会', '焊工', '职工组', placed[2]!.pass.station, '139****0002'],
  ]);
  // The same people as the board's missing list.
  const board = ZVenueBoardResponse.parse((await api().get('/api/v1/venue/board').query({ session: sessions.main }).set(mainStaff.auth).expect(200)).body).data;
  expect(rows.map((row) => row[0])).toEqual(board.missingList.map((m) => m.passNumber));
});

it('is the committee’s for every venue of its competition, and only the session’s venue staff’s', async () => {
  const id = await confirmedRegistration(competitionId, { union: setting.heping, name: '孙杰', groupCode: 'student' });
  const pass = await place(harness, committee, competitionId, id, 'mx-branch');
  const { rows } = await sheetRows((await download(committee, sessions.branch).expect(200)).body as Buffer);
  expect(rows).toEqual([[pass.passNumber, '孙杰', '和平区总工会', '焊工', '学生组', pass.station, '138****5678']]);

  const refused = await download(mainStaff, sessions.branch).expect(404);
  expect(ZErrorEnvelope.parse(JSON.parse(String(refused.body))).code).toBe('SESSION_NOT_FOUND');
  const other = await signInAs([{ role: 'committee', competitionId: new Types.ObjectId().toHexString() }]);
  await download(other, sessions.branch).expect(404);
  await api().get('/api/v1/venue/board/missing.xlsx').query({ session: sessions.branch }).expect(401);
  await download(branchStaff, sessions.branch).expect(200);
});
