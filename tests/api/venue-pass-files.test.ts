/**
 * The committee's passes as files (routes/api/admin/passes): the roster sheet read back with
 * exceljs, the passes printed as a PDF (parsed back, its text layer decoded), and the placement
 * import (all rows or none, errors by row, a second import changing nothing).
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { PASS_ROSTER_COLUMNS, ZErrorEnvelope, type TCommitteePass } from '@contest/shared';
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
});
