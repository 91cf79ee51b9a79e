import { timingSafeEqual } from 'node:crypto';
import ExcelJS from 'exceljs';
import { Types, trusted } from 'mongoose';
import {
  AppError,
  COMPETITION_GROUPS,
  MINIAPP_PAGES,
  PRIVACY_NOTICE_VERSION,
  SKILL_LEVELS,
  TEAM_SHEET_COLUMNS,
  TEAM_SHEET_MAX_ROWS,
  ZEligibilityClaims,
  ZTeamMemberInput,
  competitionStatus,
  maskMobile,
  requiredDeclarations,
  teamEntryScene,
  type TRegistrationForm,
  type TTeamCreateInput,
  type TTeamEntryConfirmInput,
  type TTeamEntryStatus,
  type TTeamMemberInput,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import type { CompetitionSetupRecord } from '../models/competition';
import { isDuplicateKey } from '../models/duplicateKey';
import { RegistrationModel, type RegistrationRecord } from '../models/registration';
import { TeamEntryModel, TeamModel, type TeamEntryRecord, type TeamRecord } from '../models/team';
import { UnionModel } from '../models/union';
import type { PersonalDataCipher } from '../personalData/cipher';
import { WeChatError, type WeChatClient } from '../wechat';
import { acceptPrivacyNotice } from './account';
import { openDesk, unionPathFilter, withinScope } from './auditScope';
import { findCompetition } from './competitions';
import { assertRegistrationOpen, checkRegistration, type CheckedRegistration } from './registrationRules';
import { personFields, submittedRegistration } from './registrations';
import { cellText, loadUploadedWorkbook, sheetRowsRejection } from './unionSheet';
import { lookUpUnionForCompetition } from './unionLookup';

/*
 * Team entries (#14 item 2). An official of a union enters people for a team of their union (or
 * one below it); each entry waits in `team_entries` until the person opens its link or QR, signs
 * in, consents to the privacy notice and confirms. Only then is it a registration: inserted with
 * the entry's id, owned by the confirming account, `submitted`, in the normal audit flow.
 *
 * Until confirmed an entry is not a registration, so it holds nothing: no quota place (places are
 * held from the union's approval, exactly as for self-registration), no account's slot, no place
 * in the audit queues. Confirmation inserts it without an account slot, so entries an official
 * made never count against the per-account limit.
 *
 * Lapsing is read, not swept: an unconfirmed entry is 已过期 whenever the competition's
 * registration deadline has passed (the status is computed from the deadline at each read, and
 * confirmation checks it in the same request), so there is no window between the deadline and a
 * sweep in which a late confirmation gets through, and no job to run. Since an entry holds no
 * place, nothing has to be released when it lapses. A deadline the committee moves later revives
 * the entries it had lapsed, as it reopens registration for everyone.
 */

/** A team with what its page shows: its union and its members. */
export interface TeamWithMembers {
  team: TeamRecord;
  union: { code: string; name: string };
  competition: CompetitionSetupRecord;
  members: TeamEntryRecord[];
}

/** The confirmation token: the entry's 12-byte id and 9 bytes of its keyed signature, in base64url (28 characters). */
const SIGNATURE_BYTES = 9;

function signatureOf(cipher: PersonalDataCipher, entryId: Types.ObjectId): Buffer {
  return Buffer.from(cipher.hash('team-entry', entryId.toHexString()), 'hex').subarray(0, SIGNATURE_BYTES);
}

export function confirmationToken(cipher: PersonalDataCipher, entryId: Types.ObjectId): string {
  return Buffer.concat([Buffer.from(entryId.toHexString(), 'hex'), signatureOf(cipher, entryId)]).toString('base64url');
}

/** The entry a token names, when its signature is right; null otherwise (a wrong token and a missing entry look the same). */
function entryIdOfToken(cipher: PersonalDataCipher, token: string): Types.ObjectId | null {
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 12 + SIGNATURE_BYTES) return null;
  const entryId = new Types.ObjectId(bytes.subarray(0, 12).toString('hex'));
  return timingSafeEqual(bytes.subarray(12), signatureOf(cipher, entryId)) ? entryId : null;
}

export function confirmationPath(token: string): string {
  return `${MINIAPP_PAGES.teamEntryConfirm}?t=${token}`;
}

/** 待本人确认 until the registration deadline, then 已过期; 已确认 once the person confirmed. */
export function entryStatus(entry: Pick<TeamEntryRecord, 'confirmedAt'>, competition: CompetitionSetupRecord, now: Date): TTeamEntryStatus {
  if (entry.confirmedAt) return 'confirmed';
  const status = competitionStatus(competition, now);
  return status === 'closed' || status === 'finished' ? 'expired' : 'awaiting';
}

async function unionOfTeam(team: TeamRecord): Promise<{ code: string; name: string }> {
  const union = await UnionModel.findById(team.unionId, { code: 1, name: 1 }).lean().orFail().exec();
  return { code: union.code, name: union.name };
}

/** A team the official reaches (their union is on its chain); anything else is 404, as if it did not exist. */
async function findTeamForOfficial(principal: Principal, teamId: string): Promise<{ team: TeamRecord; competition: CompetitionSetupRecord }> {
  if (!Types.ObjectId.isValid(teamId)) throw new AppError('TEAM_NOT_FOUND');
  const team = await TeamModel.findById(new Types.ObjectId(teamId)).lean<TeamRecord>().exec();
  if (!team) throw new AppError('TEAM_NOT_FOUND');
  const scope = await openDesk(principal, 'union', team.competitionId.toHexString()).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'COMPETITION_NOT_FOUND') throw new AppError('TEAM_NOT_FOUND');
    throw error;
  });
  if (!withinScope(scope, team)) throw new AppError('TEAM_NOT_FOUND');
  return { team, competition: scope.competition };
}

async function withMembers(team: TeamRecord, competition: CompetitionSetupRecord): Promise<TeamWithMembers> {
  const members = await TeamEntryModel.find({ teamId: team._id }).sort({ enteredAt: 1 }).lean<TeamEntryRecord[]>().exec();
  return { team, union: await unionOfTeam(team), competition, members };
}

/** The official's own union's code, when they hold one union; otherwise they name it. */
async function ownUnionCode(roots: Types.ObjectId[] | 'all'): Promise<string> {
  const [only] = roots === 'all' || roots.length !== 1 ? [] : roots;
  const union = only ? await UnionModel.findById(only, { code: 1 }).lean().exec() : null;
  if (!union) throw new AppError('VALIDATION_FAILED', undefined, [{ path: 'unionCode', message: '请填写参赛队所属工会的代码' }]);
  return union.code;
}

/** A team of the official's union or one below it, while registration is open. */
export async function createTeam(cipher: PersonalDataCipher, principal: Principal, input: TTeamCreateInput, now: Date): Promise<TeamWithMembers> {
  const scope = await openDesk(principal, 'union', input.competitionId);
  assertRegistrationOpen(scope.competition, now);
  const union = await lookUpUnionForCompetition(input.unionCode ?? (await ownUnionCode(scope.unionRoots)), scope.competition);
  if (!withinScope(scope, { unionPath: union.path })) throw new AppError('UNION_NOT_FOUND', '只能为本工会或下级工会组队报名');
  const created = await TeamModel.create({
    competitionId: scope.competition._id,
    unionId: union._id,
    unionPath: union.path,
    name: input.name,
    leaderName: input.leader.name,
    leaderMobileSealed: cipher.encrypt(input.leader.mobile),
    leaderMobileMasked: maskMobile(input.leader.mobile),
    createdBy: principal.userId,
  });
  const team = created.toObject<TeamRecord>();
  return { team, union: { code: union.code, name: union.name }, competition: scope.competition, members: [] };
}

/** The teams of the official's unions (and those below) in a competition, with their members. */
export async function listTeams(principal: Principal, competitionId: string): Promise<TeamWithMembers[]> {
  const scope = await openDesk(principal, 'union', competitionId);
  if (scope.unionRoots === 'all') return [];
  const teams = await TeamModel.find({ competitionId: scope.competition._id, unionPath: unionPathFilter(scope.unionRoots) })
    .sort({ createdAt: 1 })
    .limit(200)
    .lean<TeamRecord[]>()
    .exec();
  return Promise.all(teams.map((team) => withMembers(team, scope.competition)));
}

export async function getTeam(principal: Principal, teamId: string): Promise<TeamWithMembers> {
  const { team, competition } = await findTeamForOfficial(principal, teamId);
  return withMembers(team, competition);
}

/** Why a person cannot be entered: registered already, or entered and not yet confirmed. Null when they can. */
async function alreadyEntered(competitionId: Types.ObjectId, nationalIdHash: string): Promise<string | null> {
  if (await RegistrationModel.exists({ competitionId, nationalIdHash, active: true }).exec()) return '该身份证号已在本赛事报名';
  if (await TeamEntryModel.exists({ competitionId, nationalIdHash, awaiting: true }).exec()) return '该身份证号已由工会代报名，等待本人确认';
  return null;
}

/**
 * Every rule a self-registration meets (registrationRules.ts), for the member as the official
 * entered them. The declarations the competition asks for are recorded as the person's to make:
 * the confirmation page shows them and confirming is making them.
 */
async function checkMember(competition: CompetitionSetupRecord, unionCode: string, member: TTeamMemberInput, now: Date): Promise<{ form: TRegistrationForm; checked: CheckedRegistration }> {
  const asked = requiredDeclarations(competition.eligibility, member.groupCode);
  const declarations = { notFullTimeStudent: asked.includes('notFullTimeStudent'), noExcludedHonour: asked.includes('noExcludedHonour'), localResidence: asked.includes('localResidence') };
  const form: TRegistrationForm = { ...member, unionCode, declarations };
  return { form, checked: await checkRegistration(competition, form, now) };
}

function entryRecord(cipher: PersonalDataCipher, principal: Principal, team: TeamRecord, form: TRegistrationForm, checked: CheckedRegistration, now: Date): TeamEntryRecord {
  const person = personFields(cipher, form, checked);
  return {
    _id: new Types.ObjectId(),
    competitionId: team.competitionId,
    teamId: team._id,
    name: person.name,
    nationalIdSealed: person.nationalIdSealed,
    nationalIdHash: person.nationalIdHash,
    nationalIdMasked: person.nationalIdMasked,
    mobileSealed: person.mobileSealed,
    mobileMasked: person.mobileMasked,
    employer: form.employer,
    tradeCode: form.tradeCode,
    groupCode: form.groupCode,
    skillLevel: form.skillLevel,
    yearsInTrade: form.yearsInTrade,
    eligibilityClaims: form.eligibilityClaims,
    declarations: form.declarations,
    enteredBy: principal.userId,
    enteredAt: now,
    confirmedBy: null,
    confirmedAt: null,
    awaiting: true,
    createdAt: now,
    updatedAt: now,
  };
}

const isSamePersonEntered = (error: unknown) => isDuplicateKey(error, 'nationalIdHash');

/** One member entered by the official (e.g. on the phone with them): every rule of a registration checked. */
export async function enterMember(cipher: PersonalDataCipher, principal: Principal, teamId: string, member: TTeamMemberInput, now: Date): Promise<{ entry: TeamEntryRecord; competition: CompetitionSetupRecord }> {
  const { team, competition } = await findTeamForOfficial(principal, teamId);
  assertRegistrationOpen(competition, now);
  const { form, checked } = await checkMember(competition, (await unionOfTeam(team)).code, member, now);
  const entry = entryRecord(cipher, principal, team, form, checked, now);
  const entered = await alreadyEntered(competition._id, entry.nationalIdHash);
  if (entered) throw new AppError('ALREADY_REGISTERED', entered, [{ path: 'nationalId', message: entered }]);
  try {
    await TeamEntryModel.collection.insertOne({ ...entry, __v: 0 });
  } catch (error) {
    if (isSamePersonEntered(error)) throw new AppError('ALREADY_REGISTERED', '该身份证号已由工会代报名，等待本人确认');
    throw error;
  }
  return { entry, competition };
}

/**
 * The mini-program code that opens a waiting member's confirmation page (scene `t=<token>`), for
 * the official to show or send. Only while the member may still confirm.
 */
export async function confirmationCode(wechat: WeChatClient, cipher: PersonalDataCipher, principal: Principal, teamId: string, entryId: string, now: Date): Promise<{ png: Buffer; filename: string }> {
  const { team, competition } = await findTeamForOfficial(principal, teamId);
  const entry = Types.ObjectId.isValid(entryId) ? await TeamEntryModel.findOne({ _id: new Types.ObjectId(entryId), teamId: team._id }).lean<TeamEntryRecord>().exec() : null;
  if (!entry) throw new AppError('TEAM_ENTRY_NOT_FOUND', '该队员不在这个参赛队');
  const status = entryStatus(entry, competition, now);
  if (status === 'expired') throw new AppError('TEAM_ENTRY_EXPIRED');
  if (status === 'confirmed') throw new AppError('ACTION_NOT_ALLOWED', '该队员已确认，无需再发送确认码');
  try {
    const png = await wechat.getUnlimitedCode({ scene: teamEntryScene(confirmationToken(cipher, entry._id)), page: MINIAPP_PAGES.teamEntryConfirm, checkPath: false, width: 430 });
    return { png, filename: `${team.name}-${entry.name}-确认码.png` };
  } catch (error) {
    if (error instanceof WeChatError) throw new AppError('WECHAT_UNAVAILABLE', '暂时无法生成小程序码，请稍后再试');
    throw error;
  }
}

// ---- The team sheet ----

type SheetKey = keyof typeof TEAM_SHEET_COLUMNS;
const SHEET_KEYS = Object.keys(TEAM_SHEET_COLUMNS) as SheetKey[];
const SHEET_NAME = '参赛队报名表';

export interface TeamSheetRow {
  row: number;
  cells: Record<SheetKey, string>;
}

function sheetInvalid(message: string): AppError {
  return new AppError('TEAM_SHEET_INVALID', message, []);
}

/** Reads the sheet's first worksheet: columns found by their headers, empty rows skipped, row numbers the sheet's own. */
export async function readTeamSheet(file: Buffer): Promise<TeamSheetRow[]> {
  const workbook = await loadUploadedWorkbook(file, {
    tooLarge: sheetInvalid(`报名表过大，最多 ${TEAM_SHEET_MAX_ROWS} 行`),
    unreadable: sheetInvalid('无法读取该文件，请上传 Excel（.xlsx）格式的报名表'),
  });
  const worksheet = workbook.worksheets[0];
  const headers = SHEET_KEYS.map((key) => TEAM_SHEET_COLUMNS[key]);
  if (!worksheet || worksheet.actualRowCount === 0) throw sheetInvalid(`表格为空，第1行应为表头：${headers.join('、')}`);
  const positions = new Map<string, number>();
  worksheet.getRow(1).eachCell((cell, column) => {
    const text = cellText(cell.value);
    if (text && !positions.has(text)) positions.set(text, column);
  });
  const missing = headers.filter((label) => !positions.has(label));
  if (missing.length > 0) throw sheetInvalid(`第1行缺少表头：${missing.join('、')}（请使用报名表模板）`);
  const rows: TeamSheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = Object.fromEntries(SHEET_KEYS.map((key) => [key, cellText(row.getCell(positions.get(TEAM_SHEET_COLUMNS[key])!).value)])) as Record<SheetKey, string>;
    if (SHEET_KEYS.some((key) => cells[key])) rows.push({ row: number, cells });
  });
  if (rows.length === 0) throw sheetInvalid('表格中没有人员，请从第2行起每行填写一人');
  if (rows.length > TEAM_SHEET_MAX_ROWS) throw sheetInvalid(`报名表最多 ${TEAM_SHEET_MAX_ROWS} 行，请分成几个表格导入`);
  return rows;
}

/** The template to fill in: the header, text-formatted ID and phone columns, and the trades, groups and levels allowed. */
export async function teamSheetTemplate(principal: Principal, competitionId: string): Promise<Buffer> {
  const { competition } = await openDesk(principal, 'union', competitionId);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SHEET_KEYS.map((key) => ({ header: TEAM_SHEET_COLUMNS[key], key, width: key === 'nationalId' || key === 'employer' ? 24 : 14, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  const notes = workbook.addWorksheet('填写说明');
  notes.addRows([
    ['每行一人；身份证号、手机号请按文本填写。'],
    [`工种：${competition.trades.map((t) => t.name).join('、')}`],
    [`组别：${competition.groups.map((g) => g.name).join('、')}`],
    [`技能等级：${Object.values(SKILL_LEVELS).join('、')}`],
    ['导入后每人会收到确认链接，本人确认并同意隐私政策后报名才生效；报名截止前未确认的不计入。'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A sheet row as the member form, or what is wrong with its cells. */
function memberOfRow(competition: CompetitionSetupRecord, row: TeamSheetRow, problems: string[]): TTeamMemberInput | null {
  const { cells } = row;
  const trade = competition.trades.find((t) => t.name === cells.trade || t.code === cells.trade);
  if (!trade) problems.push(cells.trade ? `本赛事没有工种“${cells.trade}”` : '工种为空');
  const group = competition.groups.find((g) => g.name === cells.group || g.code === cells.group || COMPETITION_GROUPS[g.code] === cells.group);
  if (!group) problems.push(cells.group ? `本赛事没有组别“${cells.group}”` : '组别为空');
  const skillLevel = Object.entries(SKILL_LEVELS).find(([code, label]) => label === cells.skillLevel || code === cells.skillLevel)?.[0];
  if (!skillLevel) problems.push(cells.skillLevel ? `技能等级“${cells.skillLevel}”不在可选范围（${Object.values(SKILL_LEVELS).join('、')}）` : '技能等级为空');
  const years = cells.yearsInTrade === '' ? Number.NaN : Number(cells.yearsInTrade);
  const parsed = ZTeamMemberInput.safeParse({
    name: cells.name,
    nationalId: cells.nationalId,
    mobile: cells.mobile,
    employer: cells.employer,
    tradeCode: trade?.code ?? '-',
    groupCode: group?.code ?? 'worker',
    skillLevel: skillLevel ?? 'none',
    yearsInTrade: Number.isNaN(years) ? -1 : years,
  });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.filter((issue) => issue.path[0] !== 'yearsInTrade' || cells.yearsInTrade !== '').map((issue) => issue.message));
    if (cells.yearsInTrade === '') problems.push('从事本工种年限为空');
  }
  return problems.length === 0 && parsed.success ? parsed.data : null;
}

/**
 * A sheet of members, all or none: every row is checked as a self-registration would be (and for
 * a person twice in the sheet, or registered or entered already) before anything is written; one
 * bad row refuses the sheet, each bad row named with what is wrong in it.
 */
export async function importTeamSheet(
  cipher: PersonalDataCipher,
  principal: Principal,
  teamId: string,
  readSheet: () => Promise<TeamSheetRow[]>,
  now: Date,
): Promise<{ entered: number; team: TeamWithMembers }> {
  const { team, competition } = await findTeamForOfficial(principal, teamId);
  assertRegistrationOpen(competition, now);
  const rows = await readSheet();
  const unionCode = (await unionOfTeam(team)).code;
  const seen = new Map<string, number>();
  const planned: Array<{ row: number; problems: string[]; entry: TeamEntryRecord | null }> = [];
  for (const row of rows) {
    const problems: string[] = [];
    const member = memberOfRow(competition, row, problems);
    let entry: TeamEntryRecord | null = null;
    if (member) {
      try {
        const { form, checked } = await checkMember(competition, unionCode, member, now);
        entry = entryRecord(cipher, principal, team, form, checked, now);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(...(error.fields?.length ? error.fields.map((f) => f.message) : [error.message]));
      }
    }
    if (entry) {
      const earlier = seen.get(entry.nationalIdHash);
      if (earlier !== undefined) problems.push(`身份证号与第${earlier}行重复`);
      else seen.set(entry.nationalIdHash, row.row);
      const entered = await alreadyEntered(competition._id, entry.nationalIdHash);
      if (entered) problems.push(entered);
    }
    planned.push({ row: row.row, problems, entry: problems.length === 0 ? entry : null });
  }
  if (planned.some((p) => p.problems.length > 0)) {
    throw sheetRowsRejection('TEAM_SHEET_INVALID', planned, { sheet: '报名表', nothingApplied: '未录入任何人' });
  }
  const entries = planned.flatMap((p) => (p.entry ? [p.entry] : []));
  try {
    await TeamEntryModel.collection.insertMany(entries.map((entry) => ({ ...entry, __v: 0 })), { ordered: true });
  } catch (error) {
    // Someone entered one of these people since the check: take back what this sheet wrote, so it stays all or none.
    await TeamEntryModel.deleteMany({ _id: trusted({ $in: entries.map((e) => e._id) }) }).exec();
    if (isSamePersonEntered(error)) throw new AppError('ALREADY_REGISTERED', '报名表中有人刚被代报名，未录入任何人，请刷新后重新导入');
    throw error;
  }
  return { entered: entries.length, team: await withMembers(team, competition) };
}

// ---- The entered person's confirmation ----

/** An entry with what the confirmation page shows beside it. */
export interface EntryWithContext {
  entry: TeamEntryRecord;
  team: TeamRecord;
  union: { code: string; name: string };
  competition: CompetitionSetupRecord;
}

async function findEntryByToken(cipher: PersonalDataCipher, token: string): Promise<EntryWithContext> {
  const entryId = entryIdOfToken(cipher, token);
  const entry = entryId ? await TeamEntryModel.findById(entryId).lean<TeamEntryRecord>().exec() : null;
  if (!entry) throw new AppError('TEAM_ENTRY_NOT_FOUND');
  const team = await TeamModel.findById(entry.teamId).lean<TeamRecord>().orFail().exec();
  return { entry, team, union: await unionOfTeam(team), competition: await findCompetition(entry.competitionId.toHexString()) };
}

/**
 * What was entered, for the person who holds the link (signed in). Once confirmed only the
 * confirming account sees it: the link is no longer theirs to share.
 */
export async function readEntryForConfirmation(cipher: PersonalDataCipher, principal: Principal, token: string): Promise<EntryWithContext> {
  const found = await findEntryByToken(cipher, token);
  if (found.entry.confirmedBy && !found.entry.confirmedBy.equals(principal.userId)) throw new AppError('TEAM_ENTRY_NOT_FOUND', '这份代报名已由本人确认');
  return found;
}

/**
 * The person confirms: their own consent to the privacy notice (recorded on their account), the
 * rules checked again as they stand now, then the registration is inserted with the entry's id,
 * owned by the confirming account, with no account slot (entries do not count against the
 * per-account limit). The entry is claimed first by one conditional update, so two confirmations
 * of one link cannot both insert. A second confirmation by the same account answers as the first.
 */
export async function confirmEntry(
  cipher: PersonalDataCipher,
  principal: Principal,
  token: string,
  input: TTeamEntryConfirmInput,
  now: Date,
): Promise<EntryWithContext> {
  const found = await readEntryForConfirmation(cipher, principal, token);
  const { entry, team, union, competition } = found;
  if (entry.confirmedAt) return found;
  if (entryStatus(entry, competition, now) === 'expired') throw new AppError('TEAM_ENTRY_EXPIRED');
  assertRegistrationOpen(competition, now);
  if (input.privacyNoticeVersion !== PRIVACY_NOTICE_VERSION) throw new AppError('PRIVACY_CONSENT_REQUIRED', '隐私政策已更新，请重新阅读并同意后再确认');

  const member: TTeamMemberInput = {
    name: entry.name,
    nationalId: cipher.decrypt(entry.nationalIdSealed),
    mobile: cipher.decrypt(entry.mobileSealed),
    employer: entry.employer,
    tradeCode: entry.tradeCode,
    groupCode: entry.groupCode,
    skillLevel: entry.skillLevel,
    yearsInTrade: entry.yearsInTrade,
    eligibilityClaims: entry.eligibilityClaims ?? ZEligibilityClaims.parse({}),
  };
  const { form, checked } = await checkMember(competition, union.code, member, now);

  const claimed = await TeamEntryModel.updateOne(
    { _id: entry._id, awaiting: true },
    { $set: { awaiting: false, confirmedBy: principal.userId, confirmedAt: now } },
  ).exec();
  if (claimed.modifiedCount !== 1) return readEntryForConfirmation(cipher, principal, token);
  await acceptPrivacyNotice(principal, input.privacyNoticeVersion, now);

  const registration: RegistrationRecord = {
    ...submittedRegistration(cipher, competition, form, checked, {
      _id: entry._id,
      userId: principal.userId,
      privacyNoticeVersion: input.privacyNoticeVersion,
      now,
      confirmedBy: principal.userId,
    }),
    teamEntry: { teamId: team._id, enteredBy: entry.enteredBy, enteredAt: entry.enteredAt },
  };
  try {
    await RegistrationModel.collection.insertOne({ ...registration, __v: 0 });
  } catch (error) {
    // The person registered themselves meanwhile: the entry goes back to waiting (and lapses at the deadline).
    await TeamEntryModel.updateOne({ _id: entry._id }, { $set: { awaiting: true, confirmedBy: null, confirmedAt: null } }).exec();
    if (isDuplicateKey(error, 'nationalIdHash')) throw new AppError('ALREADY_REGISTERED');
    throw error;
  }
  return { ...found, entry: { ...entry, awaiting: false, confirmedBy: principal.userId, confirmedAt: now } };
}
