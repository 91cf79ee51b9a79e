import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { trusted } from 'mongoose';
import {
  AppError,
  SCORE_ABSENT_MARK,
  SCORE_IMPORT_MAX_ROWS,
  SCORE_REMARKS_MAX,
  SCORE_SHEET_COLUMNS,
  passSerialOf,
  scoreProblem,
  type TFieldError,
  type TScoreImportResult,
  type TScoreScale,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { CheckInModel } from '../../models/checkIn';
import type { CompetitionSetupRecord } from '../../models/competition';
import { RegistrationModel } from '../../models/registration';
import type { ScoreRecord, ScoreValuesRecord } from '../../models/score';
import { tradeOf } from '../../presenters/venue';
import { getManagedCompetition } from '../competitionSetup';
import { reRankAnnouncedResults } from '../results/announcement';
import { cellText, loadUploadedWorkbook, sheetRowsRejection } from '../unionSheet';
import { passNumberCell } from '../venue/placementImport';
import { assertScoresOpen, sameValues, scoreScaleOf, scoresOf, writeScore, type PassedRegistration } from './scoreWrites';

/**
 * The score sheet of one trade (成绩表): 准考证号, 理论成绩, 实操成绩, optional 备注 and 缺考 (是), or
 * the word 缺考 in a score cell. Every row is checked before anything is written and errors are
 * listed by row in Chinese; nothing is written unless every row is good. A row already as the
 * sheet says changes nothing, so importing a sheet twice changes nothing the second time.
 */

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

type ScoreCell = { kind: 'empty' } | { kind: 'absent' } | { kind: 'number'; value: number } | { kind: 'text'; text: string };

export interface ScoreSheetRow {
  /** The sheet's own row number (header = 1). */
  row: number;
  passNumber: string;
  theory: ScoreCell;
  practical: ScoreCell;
  /** The 缺考 column's text ('' when the sheet has none). */
  absentMark: string;
  /** null when the sheet has no 备注 column: the score's remarks are kept. */
  remarks: string | null;
}

export interface ScoreSheet {
  rows: ScoreSheetRow[];
  /** SHA-256 of the uploaded file (hex), kept with each change it makes. */
  hash: string;
}


function invalid(message: string, fields: TFieldError[] = []): AppError {
  return new AppError('SCORE_IMPORT_INVALID', message, fields);
}

function scoreCell(value: ExcelJS.CellValue): ScoreCell {
  if (typeof value === 'number') return { kind: 'number', value };
  const text = cellText(value).replace(/\s/g, '');
  if (!text) return { kind: 'empty' };
  if (text === SCORE_ABSENT_MARK) return { kind: 'absent' };
  // Full-width digits and point as some input methods type them.
  const halfWidth = text.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /^\d+(\.\d+)?$/.test(halfWidth) ? { kind: 'number', value: Number(halfWidth) } : { kind: 'text', text };
}

/** Reads the sheet (its first worksheet); columns are found by their headers, empty rows skipped. */
export async function readScoreSheet(file: Buffer): Promise<ScoreSheet> {
  const workbook = await loadUploadedWorkbook(file, {
    tooLarge: invalid(`成绩表过大，最多 ${SCORE_IMPORT_MAX_ROWS} 行，请分成几个表格导入`),
    unreadable: invalid('无法读取该文件，请上传 Excel（.xlsx）格式的成绩表'),
  });
  const worksheet = workbook.worksheets[0];
  const { passNumber, theory, practical, remarks, absent } = SCORE_SHEET_COLUMNS;
  if (!worksheet || worksheet.actualRowCount === 0) throw invalid(`表格为空，第1行应为表头：${passNumber}、${theory}、${practical}（${remarks}、${absent}可选）`);
  const positions = new Map<string, number>();
  worksheet.getRow(1).eachCell((cell, column) => {
    const text = cellText(cell.value);
    if (text && !positions.has(text)) positions.set(text, column);
  });
  const missing = [passNumber, theory, practical].filter((label) => !positions.has(label));
  if (missing.length > 0) throw invalid(`第1行缺少表头：${missing.join('、')}（${remarks}、${absent}可选）`);
  const cell = (row: ExcelJS.Row, label: string) => row.getCell(positions.get(label)!).value;
  const rows: ScoreSheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const parsed: ScoreSheetRow = {
      row: number,
      passNumber: passNumberCell(cell(row, passNumber)),
      theory: scoreCell(cell(row, theory)),
      practical: scoreCell(cell(row, practical)),
      absentMark: positions.has(absent) ? cellText(cell(row, absent)) : '',
      remarks: positions.has(remarks) ? cellText(cell(row, remarks)) : null,
    };
    if (parsed.passNumber || parsed.theory.kind !== 'empty' || parsed.practical.kind !== 'empty' || parsed.absentMark || parsed.remarks) rows.push(parsed);
  });
  if (rows.length === 0) throw invalid(`表格中没有成绩，请在第2行起按“${passNumber}、${theory}、${practical}”填写`);
  if (rows.length > SCORE_IMPORT_MAX_ROWS) throw invalid(`成绩表最多 ${SCORE_IMPORT_MAX_ROWS} 行，请分成几个表格导入`);
  return { rows, hash: createHash('sha256').update(file).digest('hex') };
}

interface PlannedRow {
  sheet: ScoreSheetRow;
  problems: string[];
  /** What to write, once the row has no problems. */
  change: { registration: PassedRegistration; current: ScoreRecord | null; after: ScoreValuesRecord } | null;
}

/** A score cell's number, or why it has none (an absent contestant's are checked elsewhere). */
function scoreValue(label: string, cell: ScoreCell, scale: TScoreScale, problems: string[]): number | null {
  if (cell.kind === 'empty') problems.push(`${label}为空（缺考请填写“${SCORE_ABSENT_MARK}”）`);
  else if (cell.kind === 'text') problems.push(`${label}“${cell.text}”不是数字`);
  else if (cell.kind === 'number') {
    const problem = scoreProblem(label, cell.value, scale);
    if (problem) problems.push(problem);
    else return cell.value;
  }
  return null;
}

/** Whether the row marks the contestant absent; a 缺考 column says 是 or nothing. */
function absentOf(sheet: ScoreSheetRow, problems: string[]): boolean {
  const mark = sheet.absentMark;
  if (mark && mark !== '是' && mark !== '否') problems.push(`${SCORE_SHEET_COLUMNS.absent}列应填“是”或留空，不能填“${mark}”`);
  return mark === '是' || sheet.theory.kind === 'absent' || sheet.practical.kind === 'absent';
}

async function planRows(competition: CompetitionSetupRecord, tradeCode: string, rows: readonly ScoreSheetRow[]): Promise<PlannedRow[]> {
  const competitionId = competition._id;
  const scale = scoreScaleOf(competition);
  const serials = [...new Set(rows.map((r) => passSerialOf(r.passNumber)).filter((s): s is number => s !== null))];
  const registrations = await RegistrationModel.find({ competitionId, 'pass.serial': trusted({ $in: serials }) })
    .lean<PassedRegistration[]>()
    .exec();
  const bySerial = new Map(registrations.map((r) => [r.pass.serial, r]));
  const checkedIn = new Set(
    (await CheckInModel.find({ competitionId, passSerial: trusted({ $in: serials }) }, { passSerial: 1 }).lean<Array<{ passSerial: number }>>().exec()).map((c) => c.passSerial),
  );
  const scores = await scoresOf(
    competitionId,
    registrations.map((r) => r._id),
  );
  const label = SCORE_SHEET_COLUMNS.passNumber;
  const firstRowOf = new Map<number, number>();

  return rows.map((sheet): PlannedRow => {
    const problems: string[] = [];
    let registration: PassedRegistration | null = null;
    /** The pass is of this sheet's trade and live: only then does its check-in matter. */
    let scoreable = false;
    const serial = passSerialOf(sheet.passNumber);
    if (!sheet.passNumber) problems.push(`请填写${label}`);
    else if (serial === null) problems.push(`${label} ${sheet.passNumber} 有误`);
    else {
      const first = firstRowOf.get(serial);
      if (first !== undefined) problems.push(`与第${first}行是同一考生（${label} ${sheet.passNumber}）`);
      else firstRowOf.set(serial, sheet.row);
      registration = bySerial.get(serial) ?? null;
      if (!registration) problems.push(`找不到${label} ${sheet.passNumber} 的考生`);
      else if (registration.tradeCode !== tradeCode) {
        problems.push(`${label} ${sheet.passNumber} 的考生参赛工种为${tradeOf(competition, registration.tradeCode).name}，不是本表的${tradeOf(competition, tradeCode).name}`);
      } else if (registration.pass.revokedAt) {
        problems.push(`${label} ${sheet.passNumber} 已作废（${registration.pass.revokedReason ?? '已取消参赛资格'}），不能录入成绩`);
      } else scoreable = true;
    }
    const absent = absentOf(sheet, problems);
    let theory: number | null = null;
    let practical: number | null = null;
    if (absent) {
      if (sheet.theory.kind === 'number' || sheet.theory.kind === 'text' || sheet.practical.kind === 'number' || sheet.practical.kind === 'text') {
        problems.push('标记缺考的考生不应填写成绩');
      }
    } else {
      theory = scoreValue(SCORE_SHEET_COLUMNS.theory, sheet.theory, scale, problems);
      practical = scoreValue(SCORE_SHEET_COLUMNS.practical, sheet.practical, scale, problems);
      if (scoreable && registration && !checkedIn.has(registration.pass.serial)) problems.push(`${label} ${sheet.passNumber} 的考生没有签到记录，只能标记为缺考`);
    }
    if (sheet.remarks !== null && sheet.remarks.length > SCORE_REMARKS_MAX) problems.push(`备注最长 ${SCORE_REMARKS_MAX} 个字`);
    if (problems.length > 0 || !registration) return { sheet, problems, change: null };
    const current = scores.get(registration._id.toHexString()) ?? null;
    const after = { theory, practical, absent, remarks: sheet.remarks ?? current?.remarks ?? '' };
    return { sheet, problems, change: { registration, current, after } };
  });
}

function invalidSheet(rows: PlannedRow[]): AppError {
  return sheetRowsRejection('SCORE_IMPORT_INVALID', rows.map((r) => ({ row: r.sheet.row, problems: r.problems })), { sheet: '成绩表', nothingApplied: '未录入任何成绩' });
}

/**
 * Imports one trade's score sheet, all rows or none. `readSheet` reads the upload after the
 * competition is known to be the caller's. Each created or changed score adds its history entry.
 */
export async function importScores(principal: Principal, competitionId: string, tradeCode: string, readSheet: () => Promise<ScoreSheet>, now: Date): Promise<TScoreImportResult> {
  const competition = await getManagedCompetition(principal, competitionId);
  assertScoresOpen(competition);
  if (!competition.trades.some((t) => t.code === tradeCode)) throw new AppError('VALIDATION_FAILED', '本赛事没有这个工种', [{ path: 'tradeCode', message: '工种不存在' }]);
  const sheet = await readSheet();
  const rows = await planRows(competition, tradeCode, sheet.rows);
  if (rows.some((r) => r.problems.length > 0)) throw invalidSheet(rows);
  const result: TScoreImportResult = { created: 0, changed: 0, unchanged: 0 };
  const lost: number[] = [];
  for (const row of rows) {
    if (!row.change) continue;
    const { registration, current, after } = row.change;
    if (current && sameValues(current, after)) {
      result.unchanged += 1;
      continue;
    }
    const written = await writeScore({ competitionId: competition._id, registration, current, after, by: principal.userId, at: now, via: 'import', sheetHash: sheet.hash });
    if (!written) lost.push(row.sheet.row);
    else result[current ? 'changed' : 'created'] += 1;
  }
  if (result.created + result.changed > 0) await reRankAnnouncedResults(competition, now);
  // Someone changed these scores between the check and the write: theirs stand, and the person importing is told.
  if (lost.length > 0) throw new AppError('CONFLICT', `第${lost.join('、')}行的成绩在导入时被他人修改，未覆盖；其余已导入，请核对后重新导入`);
  return result;
}
