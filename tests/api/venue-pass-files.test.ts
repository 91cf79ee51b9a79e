/**
 * The committee's passes as files (routes/api/admin/passes): the roster sheet read back with
 * exceljs, the passes printed as a PDF (parsed back, its text layer decoded), and the placement
 * import (all rows or none, errors by row, a second import changing nothing).
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Types } from 'mongoose';
import { PASS_ROSTER_COLUMNS, PASS_WHAT_TO_BRING, ZErrorEnvelope, ZPlacementImportResponse, type TCommitteePass } from '@contest/shared';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { takeExportSlot } from '@contest/bff/src/services/exportSlots';
import { signInAs, type TestPerson } from '../support/auth';
import { bodyAsBytes, startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { pdfPageQrTexts, pdfPageTexts } from '../support/pdfText';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const NOW = new Date('2027-09-01T10:00:00+08:00');
let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let committee: TestPerson;

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;
const download = (path: string, person: TestPerson = committee) => api().get(admin(path)).set(person.auth).buffer(true).parse(bodyAsBytes);

async function sheetRows(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push(PASS_ROSTER_COLUMNS.map((_, i) => String(row.getCell(i + 1).value ?? ''))));
  return rows;
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  harness = setting.harness;
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
});
afterAll(() => harness.stop());

describe('the roster sheet', () => {
  let kept: TCommitteePass;
  let revoked: TCommitteePass;

  beforeAll(async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'roster-am', name: '钳工上午场', stationPrefix: 'F', hosts: [{ tradeCode: 'assembly-fitting', groupCode: 'worker' }] }));
    const first = await confirmedRegistration(competitionId, { union: setting.youyi, name: '孙丽', tradeCode: 'assembly-fitting' });
    const second = await confirmedRegistration(competitionId, { union: setting.heping, name: '钱伟', tradeCode: 'assembly-fitting' });
    kept = await place(harness, committee, competitionId, first, 'roster-am', 2);
    revoked = await place(harness, committee, competitionId, second, 'roster-am');
    await api().post(admin(`/registrations/${second}/disqualify`)).set(committee.auth).send({ reason: '冒名顶替', version: 3 }).expect(200);
  });

  it('lists the filtered passes with what the venue checks, the ID masked, revoked ones marked', async () => {
    const res = await download('/passes.xlsx?tradeCode=assembly-fitting&includeRevoked=1').expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetRows(res.body as Buffer);
    expect(rows[0]).toEqual([...PASS_ROSTER_COLUMNS]);
    expect(rows.slice(1)).toEqual([
      [kept.passNumber, '孙丽', kept.nationalIdMasked, '河西区友谊路街道总工会', '装配钳工', '职工组', '天津市职工宣传教育文化中心', 'roster-am', '钳工上午场 2027-09-20 09:00–12:00', 'F-002', '有效', kept.registrationId],
      [revoked.passNumber, '钱伟', revoked.nationalIdMasked, '和平区总工会', '装配钳工', '职工组', '天津市职工宣传教育文化中心', 'roster-am', '钳工上午场 2027-09-20 09:00–12:00', 'F-001', '已作废（冒名顶替）', revoked.registrationId],
    ]);
    expect(kept.nationalIdMasked).toMatch(/\*{4}/);
  });

  it('narrows to a union and the unions below it, and leaves revoked passes out unless asked', async () => {
    const hexi = await sheetRows((await download(`/passes.xlsx?tradeCode=assembly-fitting&unionId=${setting.hexi._id.toHexString()}`).expect(200)).body as Buffer);
    expect(hexi.slice(1).map((r) => r[1])).toEqual(['孙丽']);
    const live = await sheetRows((await download('/passes.xlsx?tradeCode=assembly-fitting').expect(200)).body as Buffer);
    expect(live.slice(1).map((r) => r[0])).toEqual([kept.passNumber]);
  });

  it('is refused to a union official and to a committee member of another competition', async () => {
    const official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
    expect((await api().get(admin('/passes.xlsx')).set(official.auth)).status).toBe(403);
    const other = await signInAs([{ role: 'committee', competitionId: '0123456789abcdef01234567' }]);
    const refused = await api().get(admin('/passes.xlsx')).set(other.auth).expect(404);
    expect(ZErrorEnvelope.parse(refused.body).code).toBe('COMPETITION_NOT_FOUND');
  });
});

describe('the printed passes', () => {
  const passes: TCommitteePass[] = [];

  beforeAll(async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'print-am', name: '汽修上午场', stationPrefix: 'Q', hosts: [{ tradeCode: 'auto-repair', groupCode: 'worker' }] }));
    for (const [union, name] of [[setting.youyi, '周芳'], [setting.heping, '吴刚'], [setting.youyi, '郑秀英']] as const) {
      const id = await confirmedRegistration(competitionId, { union, name, tradeCode: 'auto-repair' });
      passes.push(await place(harness, committee, competitionId, id, 'print-am'));
    }
  });

  it('are a page per pass of the trade, in Chinese, with the QR of each pass signed token', async () => {
    const res = await download('/passes.pdf?tradeCode=auto-repair').expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = res.body as Buffer;
    const texts = await pdfPageTexts(file);
    expect(texts).toHaveLength(3);
    for (const [i, pass] of passes.entries()) {
      expect(texts[i]).toContain(`准考证号${pass.passNumber}`);
      expect(texts[i]).toContain(`姓名${pass.name}`);
      expect(texts[i]).toContain('工种汽车维修工');
      expect(texts[i]).toContain('赛场天津市职工宣传教育文化中心');
      expect(texts[i]).toContain(`考位${pass.station}`);
      expect(texts[i]).toContain('请携带身份证和准考证');
    }
    expect(await pdfPageQrTexts(file)).toEqual(passes.map((p) => p.token));
    // The font is subset: the whole CJK font is several MB.
    expect(file.length).toBeLessThan(200_000);
  });

  it('per union hold only the union passes; a filter without union or trade, or one with no pass, is refused', async () => {
    const file = (await download(`/passes.pdf?unionId=${setting.hexi._id.toHexString()}&tradeCode=auto-repair`).expect(200)).body as Buffer;
    expect((await pdfPageTexts(file)).map((text) => /姓名(周芳|郑秀英|吴刚)/.exec(text)?.[1])).toEqual(['周芳', '郑秀英']);
    const unfiltered = await api().get(admin('/passes.pdf')).set(committee.auth).expect(400);
    expect(ZErrorEnvelope.parse(unfiltered.body).fields).toContainEqual({ path: 'unionId', message: '请选择要打印准考证的工会或工种' });
    const none = await api().get(admin('/passes.pdf?tradeCode=baking')).set(committee.auth).expect(404);
    expect(ZErrorEnvelope.parse(none.body).message).toBe('没有符合条件的准考证');
  });

  it('list the usual things to bring when the session names none, as the pass page does', async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'print-bare', stationPrefix: 'R', instructions: '', hosts: [{ tradeCode: 'auto-repair', groupCode: 'student' }] }));
    const id = await confirmedRegistration(competitionId, { union: setting.youyi, name: '王芳', tradeCode: 'auto-repair', groupCode: 'student' });
    await place(harness, committee, competitionId, id, 'print-bare');
    const [text] = await pdfPageTexts((await download('/passes.pdf?tradeCode=auto-repair&sessionCode=print-bare').expect(200)).body as Buffer);
    for (const line of PASS_WHAT_TO_BRING) expect(text).toContain(line);
  });

  it('hold one of the person export slots while printing: with all taken, 429', async () => {
    const held = [await takeExportSlot(committee.userId, 2, () => NOW), await takeExportSlot(committee.userId, 2, () => NOW)];
    try {
      const busy = await api().get(admin('/passes.pdf?tradeCode=auto-repair')).set(committee.auth).expect(429);
      expect(ZErrorEnvelope.parse(busy.body).code).toBe('RATE_LIMITED');
    } finally {
      for (const slot of held) await slot.release();
    }
    await download('/passes.pdf?tradeCode=auto-repair').expect(200);
  });
});

describe('the placement import', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const HEADER = ['准考证号', '报名ID', '场次代码', '考位'];
  const ids: Record<'first' | 'second' | 'third' | 'placed' | 'welder' | 'approved', string> = { first: '', second: '', third: '', placed: '', welder: '', approved: '' };
  let placedPass: TCommitteePass;

  async function sheet(rows: Array<Array<string | number>>, header: string[] = HEADER): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const worksheet = workbook.addWorksheet('考场安排');
    worksheet.addRow(header);
    for (const row of rows) worksheet.addRow(row);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const upload = (file: Buffer) => api().post(admin('/placements/import')).set(committee.auth).set('Content-Type', XLSX).send(file);
  const passesOf = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([key, id]) => {
          const r = await RegistrationModel.findById(id).lean<RegistrationRecord>().orFail().exec();
          return [key, r.pass ? `${r.pass.number}@${r.pass.sessionCode}/${r.pass.station} v${r.pass.version}` : null];
        }),
      ),
    );

  beforeAll(async () => {
    await createSession(harness, committee, competitionId, sessionInput({ code: 'imp-a', capacity: 3, stationPrefix: 'M', hosts: [{ tradeCode: 'cnc-turning', groupCode: 'student' }] }));
    await createSession(harness, committee, competitionId, sessionInput({ code: 'imp-b', capacity: 2, stationPrefix: 'N', hosts: [{ tradeCode: 'cnc-turning', groupCode: 'student' }] }));
    const student = { union: setting.youyi, tradeCode: 'cnc-turning', groupCode: 'student' as const };
    ids.first = await confirmedRegistration(competitionId, { ...student, name: '冯一' });
    ids.second = await confirmedRegistration(competitionId, { ...student, name: '冯二' });
    ids.third = await confirmedRegistration(competitionId, { ...student, name: '冯三' });
    ids.placed = await confirmedRegistration(competitionId, { ...student, name: '冯四' });
    ids.welder = await confirmedRegistration(competitionId, { union: setting.youyi, name: '冯五', tradeCode: 'welding', groupCode: 'student' });
    ids.approved = await confirmedRegistration(competitionId, { ...student, name: '冯六' });
    await RegistrationModel.updateOne({ _id: ids.approved }, { $set: { status: 'union_approved' } }).exec();
    placedPass = await place(harness, committee, competitionId, ids.placed, 'imp-a', 1);
  });

  it('refuses a sheet with any bad row, naming each row in Chinese, and places nobody', async () => {
    const before = await passesOf();
    const res = await upload(
      await sheet([
        ['', ids.first, 'imp-a', ''],
        ['', ids.first, 'imp-b', ''],
        ['', '0123456789abcdef01234567', 'imp-a', ''],
        ['', ids.approved, 'imp-a', ''],
        ['', ids.second, 'nope', ''],
        ['', ids.third, 'imp-a', 'M-001'],
        ['', ids.welder, 'imp-a', ''],
        ['12345678', '', 'imp-a', ''],
        [placedPass.passNumber, ids.second, 'imp-a', ''],
      ]),
    ).expect(400);
    const refusal = ZErrorEnvelope.parse(res.body);
    expect(refusal.code).toBe('PLACEMENT_IMPORT_INVALID');
    expect(refusal.message).toBe('考场安排表有 8 行有误，未作任何安排，请修改后重新导入');
    expect(refusal.fields).toEqual([
      { path: 'row 3', message: '第3行：与第2行是同一考生' },
      { path: 'row 4', message: '第4行：找不到报名ID 0123456789abcdef01234567 的报名' },
      { path: 'row 5', message: '第5行：冯六的报名状态为“待组委会确认”，只有报名成功的考生才能安排考场' },
      { path: 'row 6', message: '第6行：本赛事没有场次代码 nope' },
      { path: 'row 7', message: `第7行：考位 M-001 已安排给准考证号 ${placedPass.passNumber} 的考生` },
      { path: 'row 8', message: '第8行：场次 imp-a 不承办焊工学生组' },
      { path: 'row 9', message: '第9行：准考证号 12345678 有误' },
      { path: 'row 10', message: '第10行：准考证号与报名ID不是同一人' },
    ]);
    expect(await passesOf()).toEqual(before);
  });

  it('refuses rows a session has no free station for', async () => {
    const res = await upload(await sheet([['', ids.first, 'imp-b', ''], ['', ids.second, 'imp-b', ''], ['', ids.third, 'imp-b', '']])).expect(400);
    expect(ZErrorEnvelope.parse(res.body).fields).toEqual([{ path: 'row 4', message: '第4行：场次 imp-b 的 2 个考位已满，本表还有 1 人排不下' }]);
    expect((await passesOf()).first).toBeNull();
  });

  it('places and moves every row of a good sheet (a move re-issues the pass and tells the worker); the same sheet again changes nothing', async () => {
    const file = await sheet([
      ['', ids.first, 'imp-a', ''],
      ['', ids.second, 'imp-b', 'N-002'],
      // A pass number Excel holds as a number (leading zeros dropped).
      [Number(placedPass.passNumber), '', 'imp-b', ''],
    ]);
    expect(ZPlacementImportResponse.parse((await upload(file).expect(200)).body).data).toEqual({ placed: 2, moved: 1, unchanged: 0 });
    const after = await passesOf();
    expect(after.first).toMatch(/@imp-a\/M-002 v1$/);
    expect(after.second).toMatch(/@imp-b\/N-002 v1$/);
    expect(after.placed).toBe(`${placedPass.passNumber}@imp-b/N-001 v2`);
    const notified = await NotificationModel.countDocuments({ registrationId: new Types.ObjectId(ids.placed), kind: 'pass_issued' });
    expect(notified).toBe(2);

    expect(ZPlacementImportResponse.parse((await upload(file).expect(200)).body).data).toEqual({ placed: 0, moved: 0, unchanged: 3 });
    expect(await passesOf()).toEqual(after);
  });

  it('takes the roster sheet back: exported, edited in 考位 and imported, only the edited row moves', async () => {
    const exported = (await download('/passes.xlsx?sessionCode=imp-a').expect(200)).body as Buffer;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(exported).buffer);
    const worksheet = workbook.worksheets[0]!;
    const stationColumn = PASS_ROSTER_COLUMNS.indexOf('考位') + 1;
    expect(worksheet.getRow(2).getCell(stationColumn).value).toBe('M-002');
    worksheet.getRow(2).getCell(stationColumn).value = 'M-003';
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(ZPlacementImportResponse.parse((await upload(edited).expect(200)).body).data).toEqual({ placed: 0, moved: 1, unchanged: 0 });
    expect((await passesOf()).first).toMatch(/@imp-a\/M-003 v2$/);
  });

  it('is refused when the upload is not an Excel sheet, or lacks the columns it needs', async () => {
    const json = await api().post(admin('/placements/import')).set(committee.auth).send({}).expect(415);
    expect(ZErrorEnvelope.parse(json.body).message).toBe('请上传 Excel（.xlsx）格式的考场安排表');
    const headless = await upload(await sheet([['x', 'y']], ['姓名', '工种'])).expect(400);
    expect(ZErrorEnvelope.parse(headless.body).message).toContain('第1行缺少表头');
  });
});
