/**
 * Values as workers type them on phones reach the BFF in any width, with spaces, dashes and a
 * country prefix: what is stored (masked copies, look-up hashes) is the one normal form, so the
 * union desk's search and the one-registration-per-person rule find the person however they typed.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import {
  UNION_SHEET_COLUMNS,
  ZAuditQueueResponse,
  ZErrorEnvelope,
  ZMyRegistrationResponse,
  maskNationalId,
  nationalIdCheckCharacter,
} from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel } from '@contest/bff/src/models/union';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import { HEXI_CODE, newIdempotencyKey, registrationInput } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let setting: AuditSetting;
let committee: TestPerson;
let hexiOfficial: TestPerson;

const api = () => request(setting.harness.app.callback());
/** ASCII → full-width (U+FF01…U+FF5E), spaces kept. */
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A valid ID number born 1990-03-07 whose check character is X, to be typed as ｘ. */
function idEndingInX(): string {
  for (let sequence = 0; ; sequence += 1) {
    const first17 = `12010319900307${String(sequence).padStart(3, '0')}`;
    if (nationalIdCheckCharacter(first17) === 'X') return `${first17}X`;
  }
}

function submit(person: TestPerson, body: object) {
  return api().post('/api/v1/registrations').set(person.auth).set('Idempotency-Key', newIdempotencyKey()).send(body);
}

beforeAll(async () => {
  setting = await startAuditHarness(NOW);
  committee = await signInAs([{ role: 'committee' }]);
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
});
afterAll(() => setting.harness.stop());

describe('a registration typed on a phone', () => {
  const id = idEndingInX();
  /** `120103 19900307 123ｘ` in full-width digits. */
  const typedId = fullWidth(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14, 17)}`) + 'ｘ';
  let registrationId: string;

  it('is accepted and stored in the normal form: name, masked ID and phone, union', async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    const body = registrationInput(setting.competitionId, {
      name: ' 阿依古丽 • 买买提 ',
      nationalId: typedId,
      mobile: '+86 138-0013-8000',
      unionCode: fullWidth(HEXI_CODE.toLowerCase().replace(/^(...)/, '$1 ')),
    });
    const res = await submit(worker, body).expect(201);
    const registration = ZMyRegistrationResponse.parse(res.body).data;
    registrationId = registration.id;
    expect(registration).toMatchObject({
      name: '阿依古丽·买买提',
      nationalIdMasked: maskNationalId(id),
      mobileMasked: '138****8000',
      union: { code: HEXI_CODE, name: '河西区总工会' },
    });
    const stored = await RegistrationModel.findById(registrationId).lean().orFail();
    const cipher = PersonalDataCipher.fromConfig(setting.harness.config);
    expect(stored).toMatchObject({ name: '阿依古丽·买买提', nationalIdMasked: maskNationalId(id), mobileMasked: '138****8000' });
    expect(stored.nationalIdHash).toBe(cipher.hash('national-id', id));
    expect(stored.mobileHash).toBe(cipher.hash('mobile', '13800138000'));
  });

  it('is found by the union desk’s full-ID search, typed plainly or as the worker typed it', async () => {
    for (const q of [id, id.toLowerCase(), typedId]) {
      const res = await api()
        .get(`/api/v1/audit/union/competitions/${setting.competitionId}/registrations`)
        .query({ q })
        .set(hexiOfficial.auth)
        .expect(200);
      expect(ZAuditQueueResponse.parse(res.body).data.items.map((item) => item.id)).toEqual([registrationId]);
    }
  });

  it('holds the person’s one place: the same number typed plainly from another account is already registered', async () => {
    const other = await signInAs([], { privacyAccepted: true });
    const res = await submit(other, registrationInput(setting.competitionId, { nationalId: id, mobile: '13900000000' })).expect(409);
    expect(res.body.code).toBe('ALREADY_REGISTERED');
  });

  it.each([
    ['·张三', '间隔号“·”只能写在名字中间，不能在开头或结尾'],
    ['张三．', '间隔号“·”只能写在名字中间，不能在开头或结尾'],
    [' • ・ ', '姓名不能只有间隔号'],
  ])('refuses the name %s beside its field, in Chinese', async (name, message) => {
    const worker = await signInAs([], { privacyAccepted: true });
    const res = await submit(worker, registrationInput(setting.competitionId, { name })).expect(400);
    expect(ZErrorEnvelope.parse(res.body).code).toBe('VALIDATION_FAILED');
    expect(res.body.fields[0]).toEqual({ path: 'name', message });
  });

  it('refuses a phone with a twelfth digit rather than dropping one', async () => {
    const worker = await signInAs([], { privacyAccepted: true });
    const res = await submit(worker, registrationInput(setting.competitionId, { mobile: '０１３８ ００１３ ８０００' })).expect(400);
    expect(res.body.fields).toEqual([{ path: 'mobile', message: '请输入11位中国大陆手机号' }]);
  });
});

describe('union codes with look-alike characters', () => {
  async function createUnion(name: string, code: string) {
    await api()
      .post('/api/v1/admin/unions')
      .set(committee.auth)
      .send({ name, kind: 'grassroots', parentId: setting.hexi._id.toHexString(), code })
      .expect(201);
  }

  beforeAll(async () => {
    await createUnion('河西区零一二三工会', '0123');
    await createUnion('河西区甲工会', '0I45');
    await createUnion('河西区乙工会', '0145');
  });

  const lookUp = (code: string) => api().get(`/api/v1/unions/by-code/${encodeURIComponent(code)}`);

  it('finds O123 (and ｏ１２３) as 0123 when only 0123 exists', async () => {
    for (const typed of ['O123', 'ｏ１２３', '0123']) {
      const res = await lookUp(typed).expect(200);
      expect(res.body.data).toMatchObject({ code: '0123', name: '河西区零一二三工会' });
    }
  });

  it('never reads a code that exists as typed as another, and folds nothing when two could be meant', async () => {
    expect((await lookUp('0I45').expect(200)).body.data.code).toBe('0I45');
    expect((await lookUp('0145').expect(200)).body.data.code).toBe('0145');
    // OI45 could be 0I45 or 0145.
    expect((await lookUp('OI45').expect(400)).body.code).toBe('UNION_CODE_MISTYPED');
  });
});

describe('importing codes from Excel', () => {
  async function sheet(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const worksheet = workbook.addWorksheet('工会名录');
    worksheet.addRow([...UNION_SHEET_COLUMNS]);
    for (const row of rows) worksheet.addRow(row);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const upload = (file: Buffer) =>
    api()
      .post('/api/v1/admin/unions/import')
      .set(committee.auth)
      .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(file);

  it('refuses a code cell Excel holds as a number, naming the row and asking for a text column', async () => {
    const before = await UnionModel.countDocuments();
    const res = await upload(await sheet([['0789', '河西区丙工会', '基层工会', HEXI_CODE], [790, '河西区丁工会', '基层工会', HEXI_CODE]])).expect(400);
    expect(res.body.code).toBe('UNION_IMPORT_INVALID');
    expect(res.body.fields).toEqual([
      { path: 'row 3', message: '第3行：工会代码 790 在 Excel 中是数字格式，开头的 0 会丢失：请把“工会代码”列设为文本格式，重新填写后再导入' },
    ]);
    expect(await UnionModel.countDocuments()).toBe(before);
  });

  it('keeps a text code’s leading 0 and stores full-width codes in the normal form', async () => {
    await upload(await sheet([['0789', '河西区丙工会', '基层工会', HEXI_CODE], ['ｈｘ ０７９０', '河西区丁工会', '基层工会', fullWidth(HEXI_CODE)]])).expect(200);
    expect((await UnionModel.findOne({ name: '河西区丙工会' }).lean().orFail()).code).toBe('0789');
    expect((await UnionModel.findOne({ name: '河西区丁工会' }).lean().orFail()).code).toBe('HX0790');
  });
});
