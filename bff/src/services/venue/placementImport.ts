import ExcelJS from 'exceljs';
import { Types, trusted } from 'mongoose';
import {
  AppError,
  PLACEMENT_IMPORT_MAX_ROWS,
  PLACEMENT_SHEET_COLUMNS,
  REGISTRATION_STATUS_LABELS,
  passSerialOf,
  stationName,
  type TFieldError,
  type TPlacementImportResult,
} from '@contest/shared';
import type { Principal } from '../../auth/principal';
import type { CompetitionSetupRecord } from '../../models/competition';
import { RegistrationModel, type RegistrationRecord } from '../../models/registration';
import { VenueSessionModel, type VenueSessionRecord } from '../../models/venueSession';
import { getManagedCompetition } from '../competitionSetup';
import { cellText, loadUploadedWorkbook, sheetRowsRejection } from '../unionSheet';
import { drawSerials, hostLabel, issuePass, withPlacementLease, type PlacementDeps } from './placement';

/**
 * Placing by Excel (考场安排表): each row names a confirmed registration (准考证号 or 报名ID), a
 * session code and optionally a station (empty: the lowest free one). Every row is checked
 * before anything is written, under the competition's placement lease so the stations checked
 * stay free; errors are listed by row in Chinese and nothing is placed unless every row is good.
 * A row that already says where the pass is changes nothing, so importing a sheet twice changes
 * nothing the second time. The roster sheet (passes.xlsx) is such a sheet.
 */

// sanitizeFilter is on: operators written here are marked trusted(); request values never are.

export interface PlacementSheetRow {
  /** The sheet's own row number (header = 1). */
  row: number;
  passNumber: string;
  registrationId: string;
  sessionCode: string;
  station: string;
}


function invalid(message: string, fields: TFieldError[] = []): AppError {
  return new AppError('PLACEMENT_IMPORT_INVALID', message, fields);
}

/** A pass number cell: a number cell lost its leading zeros, which a fixed 8 digits restores. */
export function passNumberCell(value: ExcelJS.CellValue): string {
  return typeof value === 'number' && Number.isInteger(value) ? String(value).padStart(8, '0') : cellText(value);
}

/** Reads the sheet (its first worksheet); columns are found by their headers, empty rows skipped. */
export async function readPlacementSheet(file: Buffer): Promise<PlacementSheetRow[]> {
  const workbook = await loadUploadedWorkbook(file, {
    tooLarge: invalid(`考场安排表过大，最多 ${PLACEMENT_IMPORT_MAX_ROWS} 行，请分成几个表格导入`),
    unreadable: invalid('无法读取该文件，请上传 Excel（.xlsx）格式的考场安排表'),
  });
  const worksheet = workbook.worksheets[0];
  const labels = Object.values(PLACEMENT_SHEET_COLUMNS);
  if (!worksheet || worksheet.actualRowCount === 0) throw invalid(`表格为空，第1行应为表头：${labels.join('、')}`);
  const positions = new Map<string, number>();
  worksheet.getRow(1).eachCell((cell, column) => {
    const text = cellText(cell.value);
    if (text && !positions.has(text)) positions.set(text, column);
  });
  const { passNumber, registrationId, sessionCode, station } = PLACEMENT_SHEET_COLUMNS;
  if (!positions.has(sessionCode) || (!positions.has(passNumber) && !positions.has(registrationId))) {
    throw invalid(`第1行缺少表头：须有“${passNumber}”或“${registrationId}”，以及“${sessionCode}”（“${station}”可选）`);
  }
  const read = (row: ExcelJS.Row, label: string) => {
    const column = positions.get(label);
    return column ? cellText(row.getCell(column).value) : '';
  };
  const rows: PlacementSheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const passColumn = positions.get(passNumber);
    const parsed = {
      row: number,
      passNumber: passColumn ? passNumberCell(row.getCell(passColumn).value) : '',
      registrationId: read(row, registrationId),
      sessionCode: read(row, sessionCode),
      station: read(row, station),
    };
    if (parsed.passNumber || parsed.registrationId || parsed.sessionCode || parsed.station) rows.push(parsed);
  });
  if (rows.length === 0) throw invalid(`表格中没有考生，请在第2行起按“${labels.join('、')}”填写`);
  if (rows.length > PLACEMENT_IMPORT_MAX_ROWS) throw invalid(`考场安排表最多 ${PLACEMENT_IMPORT_MAX_ROWS} 行，请分成几个表格导入`);
  return rows;
}

interface PlannedRow {
  sheet: PlacementSheetRow;
  problems: string[];
  registration: RegistrationRecord | null;
  session: VenueSessionRecord | null;
  /** The station asked for; null: the lowest free one. */
  stationNumber: number | null;
  /** Already where the row says: nothing to write. */
  unchanged: boolean;
}

/** The station a cell names: its number, or its full name in the session. */
function stationOf(text: string, session: VenueSessionRecord): number | null | 'bad' {
  if (!text) return null;
  const named = new RegExp(`^${session.stationPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`, 'i').exec(text);
  const digits = /^\d+$/.test(text) ? text : named?.[1];
  return digits ? Number(digits) : 'bad';
}

const inSlices = <T>(items: T[], size = 200): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function registrationsOf(competitionId: Types.ObjectId, rows: readonly PlacementSheetRow[]) {
  const serials = [...new Set(rows.map((r) => passSerialOf(r.passNumber)).filter((s): s is number => s !== null))];
  const ids = [...new Set(rows.map((r) => r.registrationId.toLowerCase()).filter((id) => /^[0-9a-f]{24}$/.test(id)))];
  const bySerial = new Map<number, RegistrationRecord>();
  const byId = new Map<string, RegistrationRecord>();
  for (const slice of inSlices(serials)) {
    const found = await RegistrationModel.find({ competitionId, 'pass.serial': trusted({ $in: slice }) }).lean<RegistrationRecord[]>().exec();
    for (const r of found) bySerial.set(r.pass!.serial, r);
  }
  for (const slice of inSlices(ids)) {
    const found = await RegistrationModel.find({ competitionId, _id: trusted({ $in: slice.map((id) => new Types.ObjectId(id)) }) }).lean<RegistrationRecord[]>().exec();
    for (const r of found) byId.set(r._id.toHexString(), r);
  }
  return { bySerial, byId };
}

/** The registration a row names, or why it names none. */
function identify(sheet: PlacementSheetRow, found: Awaited<ReturnType<typeof registrationsOf>>, problems: string[]): RegistrationRecord | null {
  const { passNumber, registrationId } = PLACEMENT_SHEET_COLUMNS;
  if (!sheet.passNumber && !sheet.registrationId) {
    problems.push(`请填写${passNumber}或${registrationId}`);
    return null;
  }
  let byPass: RegistrationRecord | null = null;
  if (sheet.passNumber) {
    const serial = passSerialOf(sheet.passNumber);
    if (serial === null) problems.push(`${passNumber} ${sheet.passNumber} 有误`);
    else {
      byPass = found.bySerial.get(serial) ?? null;
      if (!byPass) problems.push(`找不到${passNumber} ${sheet.passNumber} 的考生`);
    }
  }
  let byId: RegistrationRecord | null = null;
  if (sheet.registrationId) {
    if (!/^[0-9a-f]{24}$/i.test(sheet.registrationId)) problems.push(`${registrationId} ${sheet.registrationId} 格式不正确`);
    else {
      byId = found.byId.get(sheet.registrationId.toLowerCase()) ?? null;
      if (!byId) problems.push(`找不到${registrationId} ${sheet.registrationId} 的报名`);
    }
  }
  if (byPass && byId && !byPass._id.equals(byId._id)) {
    problems.push(`${passNumber}与${registrationId}不是同一人`);
    return null;
  }
  return problems.length > 0 ? null : (byPass ?? byId);
}

/** Checks every row; the live passes of the competition's sessions tell which stations are held. */
async function planRows(competition: CompetitionSetupRecord, rows: readonly PlacementSheetRow[]): Promise<PlannedRow[]> {
  const competitionId = competition._id;
  const found = await registrationsOf(competitionId, rows);
  const sessions = await VenueSessionModel.find({ competitionId }).lean<VenueSessionRecord[]>().exec();
  const sessionByCode = new Map(sessions.map((s) => [s.code, s]));
  const held = new Map<string, string>(); // `<session id>#<station>` → registration id
  const live = await RegistrationModel.find({ competitionId, pass: trusted({ $ne: null }), 'pass.revokedAt': null }, { 'pass.sessionId': 1, 'pass.stationNumber': 1, 'pass.number': 1 })
    .lean<Array<{ _id: Types.ObjectId; pass: { sessionId: Types.ObjectId; stationNumber: number; number: string } }>>()
    .exec();
  const numberOf = new Map(live.map((r) => [r._id.toHexString(), r.pass.number]));
  for (const r of live) held.set(`${r.pass.sessionId.toHexString()}#${r.pass.stationNumber}`, r._id.toHexString());

  const firstRowOf = new Map<string, number>();
  const claimedStation = new Map<string, number>();
  const planned = rows.map((sheet): PlannedRow => {
    const problems: string[] = [];
    const registration = identify(sheet, found, problems);
    if (registration) {
      const id = registration._id.toHexString();
      const first = firstRowOf.get(id);
      if (first !== undefined) problems.push(`与第${first}行是同一考生`);
      else firstRowOf.set(id, sheet.row);
      if (registration.status !== 'confirmed') {
        problems.push(`${registration.name}的报名状态为“${REGISTRATION_STATUS_LABELS[registration.status]}”，只有报名成功的考生才能安排考场`);
      }
    }
    let session: VenueSessionRecord | null = null;
    if (!sheet.sessionCode) problems.push(`${PLACEMENT_SHEET_COLUMNS.sessionCode}为空`);
    else {
      session = sessionByCode.get(sheet.sessionCode) ?? null;
      if (!session) problems.push(`本赛事没有场次代码 ${sheet.sessionCode}`);
      else if (registration && !session.hosts.some((h) => h.tradeCode === registration.tradeCode && h.groupCode === registration.groupCode)) {
        problems.push(`场次 ${session.code} 不承办${hostLabel(competition, registration)}`);
      }
    }
    let stationNumber: number | null = null;
    if (session) {
      const station = stationOf(sheet.station, session);
      if (station === 'bad') problems.push(`考位“${sheet.station}”格式不正确，应为考位号或 ${stationName(session.stationPrefix, 1)} 这样的考位`);
      else if (station !== null) {
        stationNumber = station;
        const name = stationName(session.stationPrefix, station);
        const key = `${session._id.toHexString()}#${station}`;
        const holder = held.get(key);
        if (station < 1 || station > session.capacity) problems.push(`场次 ${session.code} 只有 ${session.capacity} 个考位，没有 ${name}`);
        else if (holder && holder !== registration?._id.toHexString()) problems.push(`考位 ${name} 已安排给准考证号 ${numberOf.get(holder) ?? ''} 的考生`);
        else if (claimedStation.has(key)) problems.push(`与第${claimedStation.get(key)}行的考位 ${name} 相同`);
        else claimedStation.set(key, sheet.row);
      }
    }
    const pass = registration?.pass;
    const unchanged = Boolean(
      pass && !pass.revokedAt && session && pass.sessionId.equals(session._id) && (stationNumber === null || stationNumber === pass.stationNumber),
    );
    return { sheet, problems, registration, session, stationNumber, unchanged };
  });

  // Rows without a station take the lowest stations neither held nor named by another row.
  for (const session of sessions) {
    const waiting = planned.filter((r) => r.problems.length === 0 && r.session === session && r.stationNumber === null && !r.unchanged);
    if (waiting.length === 0) continue;
    const id = session._id.toHexString();
    const free = Array.from({ length: session.capacity }, (_, i) => i + 1).filter((n) => !held.has(`${id}#${n}`) && !claimedStation.has(`${id}#${n}`));
    for (const [i, row] of waiting.entries()) {
      if (i < free.length) row.stationNumber = free[i]!;
      else row.problems.push(`场次 ${session.code} 的 ${session.capacity} 个考位已满，本表还有 ${waiting.length - free.length} 人排不下`);
    }
  }
  return planned;
}

function invalidSheet(rows: PlannedRow[]): AppError {
  return sheetRowsRejection('PLACEMENT_IMPORT_INVALID', rows.map((r) => ({ row: r.sheet.row, problems: r.problems })), { sheet: '考场安排表', nothingApplied: '未作任何安排' });
}

/**
 * Imports the placement sheet, all rows or none. `readSheet` reads the upload, after the
 * competition is known to be the caller's. Placed and moved rows issue or re-issue their pass
 * through the placement's own update (same number, next version, the worker notified).
 */
export async function importPlacements(
  principal: Principal,
  competitionId: string,
  readSheet: () => Promise<PlacementSheetRow[]>,
  deps: PlacementDeps,
): Promise<TPlacementImportResult> {
  const competition = await getManagedCompetition(principal, competitionId);
  const sheet = await readSheet();
  return withPlacementLease(competition._id, deps.now, async () => {
    const rows = await planRows(competition, sheet);
    if (rows.some((r) => r.problems.length > 0)) throw invalidSheet(rows);
    const changing = rows.filter((r) => !r.unchanged);
    const unplaced = changing.filter((r) => !r.registration!.pass);
    const serials = unplaced.length > 0 ? await drawSerials(competition._id, unplaced.length) : [];
    const result: TPlacementImportResult = { placed: 0, moved: 0, unchanged: rows.length - changing.length };
    for (const row of changing) {
      const registration = row.registration!;
      const serial = registration.pass?.serial ?? serials[unplaced.indexOf(row)]!;
      const issued = await issuePass(
        { registration, competition, session: row.session!, stationNumber: row.stationNumber!, serial, issuedBy: principal.userId },
        deps,
      );
      // A registration disqualified since it was read is left as it is.
      if (issued) result[registration.pass ? 'moved' : 'placed'] += 1;
    }
    return result;
  });
}
