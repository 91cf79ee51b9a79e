/**
 * Team entries by union officials (#14 item 2): an official names a team with its 领队 and enters
 * people, one at a time or from a sheet (all rows or none); each person confirms from their own
 * link, and only then is the entry a registration in the normal audit flow.
 */
import ExcelJS from 'exceljs';
import { Types, trusted } from 'mongoose';
import request from 'supertest';
import {
  PASS_ROSTER_CONTENT_TYPE,
  PRIVACY_NOTICE_VERSION,
  MINIAPP_PAGES,
  TEAM_SHEET_COLUMNS,
  teamEntryTokenFromScene,
  ZErrorEnvelope,
  ZTeamEntryViewResponse,
  ZTeamListResponse,
  ZTeamMemberResponse,
  ZTeamResponse,
  ZTeamSheetResponse,
  type TRegistrationSubmitInput,
  type TTeamMember,
} from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { QuotaCounterModel } from '@contest/bff/src/models/quotaCounter';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { TeamEntryModel } from '@contest/bff/src/models/team';
import { forgetCompetition } from '@contest/bff/src/services/competitions';
import { signInAs, type TestPerson } from '../support/auth';
import { HEPING_CODE, HEXI_CODE, demoCompetitionId, unionIdByName } from '../support/auditFixtures';
import { startHarness, type TestHarness } from '../support/bff';
import { decodeQrPng } from '../support/wechatEmulator';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

let now = new Date();
let harness: TestHarness;
let competitionId: string;
let hexiOfficial: TestPerson;
let hepingOfficial: TestPerson;
let sequence = 301;

const api = () => request(harness.app.callback());
/** supertest's parser for a binary answer (an .xlsx, a PNG). */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A new person (a fresh ID number) as the member form the official fills in. */
function member(overrides: Partial<TRegistrationSubmitInput> = {}) {
  const { competitionId: _c, unionCode: _u, declarations: _d, ...form } = registrationInput(competitionId, { nationalId: validNationalId('19900307', (sequence += 2)), ...overrides });
  return form;
}

/** A team of `unionCode`; without one, of the official's own union. */
async function createTeam(official = hexiOfficial, unionCode?: string) {
  const res = await api()
    .post('/api/v1/audit/union/teams')
    .set(official.auth)
    .send({ competitionId, ...(unionCode ? { unionCode } : {}), name: '河西区代表队', leader: { name: '王领队', mobile: '13900001111' } })
    .expect(201);
  return ZTeamResponse.parse(res.body).data;
}

async function enter(teamId: string, form = member()): Promise<TTeamMember> {
  const res = await api().post(`/api/v1/audit/union/teams/${teamId}/members`).set(hexiOfficial.auth).send(form).expect(201);
  return ZTeamMemberResponse.parse(res.body).data;
}

const confirm = (person: TestPerson, token: string) =>
  api().post(`/api/v1/team-entries/${token}/confirm`).set(person.auth).send({ privacyNoticeVersion: PRIVACY_NOTICE_VERSION, confirmDeclarations: true });

async function sheetOf(rows: Array<Record<keyof typeof TEAM_SHEET_COLUMNS, string>>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('参赛队报名表');
  const keys = Object.keys(TEAM_SHEET_COLUMNS) as Array<keyof typeof TEAM_SHEET_COLUMNS>;
  sheet.addRow(keys.map((key) => TEAM_SHEET_COLUMNS[key]));
  for (const row of rows) sheet.addRow(keys.map((key) => row[key]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function sheetRow(nationalId = validNationalId('19880512', (sequence += 2))) {
  return { name: '李强', nationalId, mobile: '13812345678', employer: '天津港（集团）有限公司', trade: '焊工', group: '职工组', skillLevel: '高级工', yearsInTrade: '6' };
}

const importSheet = (teamId: string, file: Buffer) =>
  api().post(`/api/v1/audit/union/teams/${teamId}/sheet`).set(hexiOfficial.auth).set('Content-Type', PASS_ROSTER_CONTENT_TYPE).send(file);

beforeAll(async () => {
  harness = await startHarness({ seed: true, wechatEmulator: true, clock: () => now, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_LOOKUPS_PER_MINUTE: '100000' } });
  competitionId = await demoCompetitionId();
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: await unionIdByName('河西区总工会') }]);
  hepingOfficial = await signInAs([{ role: 'union_official', unionId: await unionIdByName('和平区总工会') }]);
});
afterAll(() => harness.stop());

describe('a team sheet', () => {
  it('with one bad row enters nobody and names the row; corrected, it enters everyone, each waiting for their own confirmation', async () => {
    const team = await createTeam();
    expect(team).toMatchObject({ unionName: '河西区总工会', leader: { name: '王领队', mobileMasked: '139****1111' }, members: [] });
    const good = [sheetRow(), sheetRow()];
    const badId = `${validNationalId('19880512', (sequence += 2)).slice(0, 17)}0`;
    const refused = await importSheet(team.id, await sheetOf([good[0]!, { ...sheetRow(badId) }, good[1]!])).expect(400);
    const error = ZErrorEnvelope.parse(refused.body);
    expect(error.code).toBe('TEAM_SHEET_INVALID');
    expect(error.message).toContain('1 行有误');
    expect(error.fields).toEqual([{ path: 'row 3', message: expect.stringMatching(/^第3行：.*身份证号/) }]);
    expect(await TeamEntryModel.countDocuments({ teamId: team.id })).toBe(0);

    const imported = ZTeamSheetResponse.parse((await importSheet(team.id, await sheetOf([...good, sheetRow()])).expect(200)).body).data;
    expect(imported.entered).toBe(3);
    expect(imported.team.members.map((m) => [m.status, m.confirmation?.path.startsWith('packageRegister/pages/confirm/index?t=')])).toEqual([
      ['awaiting', true],
      ['awaiting', true],
      ['awaiting', true],
    ]);
    // Entered, not registered: nothing in the audit queues until each person confirms.
    expect(await RegistrationModel.countDocuments({ _id: trusted({ $in: imported.team.members.map((m) => m.id) }) })).toBe(0);

    // The template, filled in as downloaded, is read as it is.
    const template = await api().get('/api/v1/audit/union/teams/sheet-template').query({ competitionId }).set(hexiOfficial.auth).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(template.body as Buffer).buffer as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...Object.values(TEAM_SHEET_COLUMNS)]);
    const filled = sheetRow();
    sheet.addRow(Object.keys(TEAM_SHEET_COLUMNS).map((key) => filled[key as keyof typeof filled]));
    const fromTemplate = ZTeamSheetResponse.parse((await importSheet(team.id, Buffer.from(await workbook.xlsx.writeBuffer())).expect(200)).body).data;
    expect(fromTemplate.entered).toBe(1);

    // The same people again: each row named as entered already, nothing added.
    const again = ZErrorEnvelope.parse((await importSheet(team.id, await sheetOf(good)).expect(400)).body);
    expect(again.fields?.map((f) => f.path)).toEqual(['row 2', 'row 3']);
    expect(await TeamEntryModel.countDocuments({ teamId: team.id })).toBe(4);
  });
});

describe('scope', () => {
  it('another union’s official can neither see the team, enter members in it, nor make a team for a union outside their own', async () => {
    const team = await createTeam();
    expect((await api().get(`/api/v1/audit/union/teams/${team.id}`).set(hepingOfficial.auth).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
    expect((await api().post(`/api/v1/audit/union/teams/${team.id}/members`).set(hepingOfficial.auth).send(member()).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
    expect((await importSheet(team.id, await sheetOf([sheetRow()])).set(hepingOfficial.auth).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
    const listed = ZTeamListResponse.parse((await api().get('/api/v1/audit/union/teams').query({ competitionId }).set(hepingOfficial.auth).expect(200)).body).data;
    expect(listed.items.map((t) => t.id)).not.toContain(team.id);
    const foreign = await api()
      .post('/api/v1/audit/union/teams')
      .set(hepingOfficial.auth)
      .send({ competitionId, unionCode: HEXI_CODE, name: '冒名队', leader: { name: '赵领队', mobile: '13900002222' } })
      .expect(404);
    expect(foreign.body.code).toBe('UNION_NOT_FOUND');
    await createTeam(hepingOfficial, HEPING_CODE);
  });
});

describe('the entered person’s confirmation', () => {
  it('a wrong token is refused; the right one makes the entry the confirmer’s registration, outside the per-account limit', async () => {
    const team = await createTeam();
    const first = await enter(team.id);
    const second = await enter(team.id);
    const worker = await signInAs([]);

    const token = first.confirmation!.token;
    const forged = `${token.slice(0, 20)}${token.slice(20) === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}`;
    expect((await confirm(worker, forged).expect(404)).body.code).toBe('TEAM_ENTRY_NOT_FOUND');
    expect((await api().get(`/api/v1/team-entries/${forged}`).set(worker.auth).expect(404)).body.code).toBe('TEAM_ENTRY_NOT_FOUND');
    expect(await RegistrationModel.exists({ _id: first.id })).toBeNull();

    // The QR the official shows or sends opens the confirmation page with the same token.
    const code = await api()
      .get(`/api/v1/audit/union/teams/${team.id}/members/${first.id}/code`)
      .set(hexiOfficial.auth)
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'image/png');
    const drawn = new URL(decodeQrPng(code.body as Buffer)!);
    expect(drawn.searchParams.get('page')).toBe(MINIAPP_PAGES.teamEntryConfirm);
    expect(teamEntryTokenFromScene(drawn.searchParams.get('scene')!)).toBe(token);

    const shown = ZTeamEntryViewResponse.parse((await api().get(`/api/v1/team-entries/${token}`).set(worker.auth).expect(200)).body).data;
    expect(shown).toMatchObject({ status: 'awaiting', teamName: '河西区代表队', unionName: '河西区总工会', leaderName: '王领队', tradeName: '焊工', registrationId: null });
    // The declarations the demo asks of 职工组, for the person to make by confirming.
    expect(shown.declarations).toEqual({ notFullTimeStudent: true, noExcludedHonour: true, localResidence: false });

    // The person's consent is their own: this account had not accepted the privacy notice before.
    const confirmed = ZTeamEntryViewResponse.parse((await confirm(worker, token).expect(200)).body).data;
    expect(confirmed).toMatchObject({ status: 'confirmed', registrationId: first.id });
    await confirm(worker, second.confirmation!.token).expect(200);

    const registration = await RegistrationModel.findById(first.id).lean().orFail();
    expect(registration).toMatchObject({ userId: worker.userId, status: 'submitted', active: true, privacyNoticeVersion: PRIVACY_NOTICE_VERSION });
    expect(registration.accountSlot).toBeUndefined();
    // Audit trail: who entered (the official), who confirmed (the worker).
    expect(registration.teamEntry?.enteredBy.equals(hexiOfficial.userId)).toBe(true);
    expect(registration.timeline[0]?.actorUserId?.equals(worker.userId)).toBe(true);
    expect((await TeamEntryModel.findById(first.id).lean().orFail()).confirmedBy?.equals(worker.userId)).toBe(true);

    // Two entries confirmed, and the account (limit 1) still registers someone itself.
    await api()
      .post('/api/v1/registrations')
      .set(worker.auth)
      .set('Idempotency-Key', newIdempotencyKey())
      .send(registrationInput(competitionId, { nationalId: validNationalId('19910101', (sequence += 2)) }))
      .expect(201);

    // Confirmed, the entry is in the union's audit queue like any registration.
    const queued = await api().get(`/api/v1/audit/union/registrations/${first.id}`).set(hexiOfficial.auth).expect(200);
    expect(queued.body.data.status).toBe('submitted');

    // The official's page: confirmed members no longer carry a link.
    const page = ZTeamResponse.parse((await api().get(`/api/v1/audit/union/teams/${team.id}`).set(hexiOfficial.auth).expect(200)).body).data;
    expect(page.members.map((m) => [m.status, m.confirmation])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
    ]);
    // Someone else holding the link after confirmation sees nothing.
    expect((await api().get(`/api/v1/team-entries/${token}`).set((await signInAs([])).auth).expect(404)).body.code).toBe('TEAM_ENTRY_NOT_FOUND');
  });
});

describe('a two-level audit', () => {
  it('a confirmed entry of a 基层工会’s team waits at that union’s level, as its person’s own registration would', async () => {
    const id = new Types.ObjectId(competitionId);
    await CompetitionModel.updateOne({ _id: id }, { $set: { auditLevels: 2 } }).orFail();
    forgetCompetition(id);
    try {
      const youyi = await unionIdByName('河西区友谊路街道总工会');
      const youyiOfficial = await signInAs([{ role: 'union_official', unionId: youyi }]);
      const team = await createTeam(youyiOfficial);
      const res = await api().post(`/api/v1/audit/union/teams/${team.id}/members`).set(youyiOfficial.auth).send(member()).expect(201);
      const entry = ZTeamMemberResponse.parse(res.body).data;
      await confirm(await signInAs([]), entry.confirmation!.token).expect(200);

      const registration = await RegistrationModel.findById(entry.id).lean().orFail();
      expect(registration.awaitingUnionId?.equals(youyi)).toBe(true);
      // The district cannot decide at the 基层工会's level.
      const decided = await api()
        .post(`/api/v1/audit/union/registrations/${entry.id}/decision`)
        .set(hexiOfficial.auth)
        .send({ decision: 'approve', version: registration.version })
        .expect(403);
      expect(decided.body.code).toBe('AUDIT_LEVEL_REFUSED');
    } finally {
      await CompetitionModel.updateOne({ _id: id }, { $set: { auditLevels: 1 } }).orFail();
      forgetCompetition(id);
    }
  });
});

describe('the deadline (runs last: it moves the clock past it)', () => {
  it('an entry unconfirmed at the deadline does not count: it cannot be confirmed, and the quota place goes to a confirmed one', async () => {
    const team = await createTeam();
    const lapsing = await enter(team.id, member({ tradeCode: 'auto-repair' }));
    const kept = await enter(team.id, member({ tradeCode: 'auto-repair' }));
    const worker = await signInAs([]);
    await confirm(worker, kept.confirmation!.token).expect(200);

    const competition = await CompetitionModel.findById(competitionId).lean().orFail();
    now = new Date(competition.registrationClosesAt.getTime() + 60_000);

    const page = ZTeamResponse.parse((await api().get(`/api/v1/audit/union/teams/${team.id}`).set(hexiOfficial.auth).expect(200)).body).data;
    expect(page.members.map((m) => [m.id, m.status, m.confirmation])).toEqual([
      [lapsing.id, 'expired', null],
      [kept.id, 'confirmed', null],
    ]);
    const late = await signInAs([]);
    expect((await confirm(late, lapsing.confirmation!.token).expect(409)).body.code).toBe('TEAM_ENTRY_EXPIRED');
    expect(await RegistrationModel.exists({ _id: lapsing.id })).toBeNull();

    // 河西区 has 1 place for 汽车维修工 职工组: the confirmed entry takes it at the union's approval.
    await api().post(`/api/v1/audit/union/registrations/${kept.id}/decision`).set(hexiOfficial.auth).send({ decision: 'approve', version: 0 }).expect(200);
    const counter = await QuotaCounterModel.findOne({ competitionId, tradeCode: 'auto-repair', groupCode: 'worker' }).lean().orFail();
    expect(counter.holders.map(String)).toEqual([kept.id]);
    expect(counter.used).toBe(1);
  });
});
