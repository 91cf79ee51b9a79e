import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, AWARD_LABELS, COMPETITION_GROUPS, formatPassNumber, RESULT_STATUS_NOTES, RESULTS_STATUS_LABELS, type TResultRow, type TResultsSheetQuery } from '@contest/shared';
import type { Principal } from '../../auth/principal';
import type { CompetitionSetupRecord } from '../../models/competition';
import type { ResultSnapshotRecord } from '../../models/results';
import { ScoreModel, type ScoreRecord } from '../../models/score';
import { getManagedCompetition } from '../competitionSetup';
import { closedEarly, roomIn } from '../registrationSheet';
import { latestSnapshot } from './results';

/**
 * The committee's results exports from the latest snapshot (what the 公示 shows): the results sheet
 * (成绩汇总表) of one trade or of the whole competition, with the scores it was ranked from, and the
 * award list (获奖名单). Streamed like the registration sheet (registrationSheet.ts): rows go out at
 * the reader's pace, and a reader that goes away ends the export.
 */
export const RESULTS_SHEET_NAME = '成绩汇总表';
export const AWARD_LIST_NAME = '获奖名单';
const RESULTS_SHEET_COLUMNS = ['名次', '准考证号', '姓名', '代表队', '工种', '组别', '理论成绩', '实操成绩', '总成绩', '奖项', '荣誉', '备注'] as const;
const AWARD_LIST_COLUMNS = ['工种', '组别', '奖项', '名次', '姓名', '代表队', '总成绩', '荣誉'] as const;
/** Rows written between two looks at the reader's room. */
const ROWS_PER_BATCH = 500;

export interface ResultsExport {
  competition: CompetitionSetupRecord;
  snapshot: ResultSnapshotRecord;
  /** The trade of a per-trade sheet; null for the whole competition. */
  tradeCode: string | null;
}

/** The competition (committee scope), its latest snapshot (RESULTS_NOT_FOUND before the 公示) and the trade asked for. */
export async function openResultsExport(principal: Principal, id: string, query: TResultsSheetQuery): Promise<ResultsExport> {
  const competition = await getManagedCompetition(principal, id);
  const tradeCode = query.tradeCode ?? null;
  if (tradeCode !== null && !competition.trades.some((t) => t.code === tradeCode)) {
    throw new AppError('VALIDATION_FAILED', '本赛事没有这个工种', [{ path: 'tradeCode', message: '工种不存在' }]);
  }
  const snapshot = await latestSnapshot(competition._id);
  if (!snapshot) throw new AppError('RESULTS_NOT_FOUND');
  return { competition, snapshot, tradeCode };
}

export function resultsExportFilename({ competition, tradeCode }: ResultsExport, sheetName: string): string {
  const trade = tradeCode === null ? '' : `-${competition.trades.find((t) => t.code === tradeCode)?.name ?? tradeCode}`;
  return `${competition.name}${trade}-${sheetName}.xlsx`;
}

function namer(competition: CompetitionSetupRecord) {
  const trades = new Map(competition.trades.map((t) => [t.code, t.name]));
  return { trade: (code: string) => trades.get(code) ?? code, group: (code: TResultRow['groupCode']) => COMPETITION_GROUPS[code] };
}

/** Writes `rows` through `write`, looking at the reader's room every ROWS_PER_BATCH rows. */
async function writeRows<T>(rows: readonly T[], out: Writable, write: (row: T) => void): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_BATCH) {
    for (const row of rows.slice(start, start + ROWS_PER_BATCH)) write(row);
    await roomIn(out);
  }
}

async function finish(workbook: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  sheet.commit();
  await Promise.race([workbook.commit(), closedEarly(out)]);
}

function newSheet(out: Writable, name: string, columns: readonly string[], widths: number[]) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((header, i) => ({ header, key: String(i), width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  return { workbook, sheet };
}

/**
 * 成绩汇总表: every row of the trade's (or every trade's) lists in the 公示's order, ranked ones with
 * their total and award, then absent and disqualified ones with the reason in 备注; theory and
 * practical as scored, read once for the competition.
 */
export async function writeResultsSheet({ competition, snapshot, tradeCode }: ResultsExport, out: Writable): Promise<void> {
  const scores = await ScoreModel.find({ competitionId: competition._id, ...(tradeCode === null ? {} : { tradeCode }) }, { registrationId: 1, passSerial: 1, theory: 1, practical: 1 })
    .lean<Pick<ScoreRecord, 'registrationId' | 'passSerial' | 'theory' | 'practical'>[]>()
    .exec();
  const scoreOf = new Map(scores.map((score) => [score.registrationId.toHexString(), score]));
  const names = namer(competition);
  const rows = snapshot.groups.filter((group) => tradeCode === null || group.tradeCode === tradeCode).flatMap((group) => group.rows);
  const { workbook, sheet } = newSheet(out, RESULTS_SHEET_NAME, RESULTS_SHEET_COLUMNS, [6, 14, 12, 24, 14, 8, 10, 10, 10, 8, 24, 12]);
  await writeRows(rows, out, (row) => {
    const score = scoreOf.get(row.registrationId);
    sheet
      .addRow([
        row.rank ?? '',
        score ? formatPassNumber(score.passSerial) : '',
        row.name,
        row.unionName,
        names.trade(row.tradeCode),
        names.group(row.groupCode),
        score?.theory ?? '',
        score?.practical ?? '',
        row.total === null ? '' : Number(row.total),
        row.award ? AWARD_LABELS[row.award] : '',
        row.honours.join('、'),
        row.status === 'ranked' ? '' : RESULT_STATUS_NOTES[row.status],
      ])
      .commit();
  });
  await finish(workbook, sheet, out);
}

/** 获奖名单: the contestants with an award (of one trade, or all), by trade × group and rank; the sheet's name says whether the results are final. */
export async function writeAwardList({ competition, snapshot, tradeCode }: ResultsExport, out: Writable): Promise<void> {
  const names = namer(competition);
  const rows = snapshot.groups.filter((group) => tradeCode === null || group.tradeCode === tradeCode).flatMap((group) => group.rows.filter((row) => row.award !== null));
  const { workbook, sheet } = newSheet(out, `${AWARD_LIST_NAME}（${RESULTS_STATUS_LABELS[snapshot.status]}）`, AWARD_LIST_COLUMNS, [14, 8, 8, 6, 12, 24, 10, 24]);
  await writeRows(rows, out, (row) => {
    sheet
      .addRow([names.trade(row.tradeCode), names.group(row.groupCode), row.award ? AWARD_LABELS[row.award] : '', row.rank ?? '', row.name, row.unionName, row.total === null ? '' : Number(row.total), row.honours.join('、')])
      .commit();
  });
  await finish(workbook, sheet, out);
}
