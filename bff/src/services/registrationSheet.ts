import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  AppError,
  COMPETITION_GROUPS,
  REGISTRATION_STATUS_LABELS,
  SKILL_LEVELS,
  type TAuditDesk,
  type TAuditExportQuery,
} from '@contest/shared';
import type { Principal } from '../auth/principal';
import { AuditEventModel } from '../models/auditEvent';
import type { RegistrationRecord } from '../models/registration';
import type { PersonalDataCipher } from '../personalData/cipher';
import { exportBatches } from './auditQueue';
import { takeExportSlot, type ExportSlot } from './exportSlots';
import { deskRole, type DeskScope } from './auditScope';
import { unionNamesById } from './scopeNames';

/** The registration summary sheet's columns (报名汇总表), in the notices' order. */
export const REGISTRATION_SHEET_COLUMNS = ['序号', '姓名', '性别', '身份证号', '工作单位', '工会', '工种', '组别', '技能等级', '状态', '审核意见'] as const;
export const REGISTRATION_SHEET_NAME = '报名汇总表';
export const REGISTRATION_SHEET_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a row reads of a registration, and nothing more: 100,000 rows make that count. */
type SheetRegistration = Pick<
  RegistrationRecord,
  '_id' | 'name' | 'sex' | 'nationalIdMasked' | 'nationalIdSealed' | 'employer' | 'unionId' | 'tradeCode' | 'groupCode' | 'skillLevel' | 'status'
> & { timeline: Array<{ reason: string | null }> };

function sheetFields(full: boolean): Record<string, 1> {
  return {
    name: 1,
    sex: 1,
    employer: 1,
    unionId: 1,
    tradeCode: 1,
    groupCode: 1,
    skillLevel: 1,
    status: 1,
    'timeline.reason': 1,
    nationalIdMasked: 1,
    // The sealed number is read only for a full export.
    ...(full ? { nationalIdSealed: 1 } : {}),
  };
}

/** The latest reason given by the union or the committee, as 审核意见. */
function latestReason(registration: SheetRegistration): string {
  return [...registration.timeline].reverse().find((entry) => entry.reason)?.reason ?? '';
}

/**
 * Opens an export of the desk's scope. Full ID numbers are for the committee desk only; the export
 * takes one of the person's concurrent export slots (the caller releases it when the stream closes),
 * and is written to the audit log (with its filters and whether IDs were unmasked) before a row leaves.
 */
export async function openRegistrationExport(
  principal: Principal,
  scope: DeskScope,
  query: TAuditExportQuery,
  limits: { clock: () => Date; exportsPerPerson: number },
): Promise<{ full: boolean; slot: ExportSlot }> {
  const full = query.full === '1';
  if (full && scope.desk !== 'committee') throw new AppError('FORBIDDEN', '工会导出的身份证号为脱敏格式，完整证件号仅组委会可导出');
  const slot = await takeExportSlot(principal.userId, limits.exportsPerPerson, limits.clock);
  try {
    await AuditEventModel.create({
      kind: 'export',
      competitionId: scope.competition._id,
      actorUserId: principal.userId,
      actorRole: deskRole(principal, scope.desk),
      actorBody: scope.desk === 'committee' ? '大赛组委会' : null,
      at: limits.clock(),
      detail: { desk: scope.desk satisfies TAuditDesk, filters: { ...query }, full },
    });
  } catch (error) {
    await slot.release();
    throw error;
  }
  return { full, slot };
}

/** The reader of an export went away (closed the connection) before the sheet was complete. */
export class ExportAbandoned extends Error {
  constructor() {
    super('the reader closed the export before its end');
    this.name = 'ExportAbandoned';
  }
}

/**
 * Resolves once `out` takes more (at once, unless its buffer is full: then when it drains); rejects
 * with ExportAbandoned once it is closed.
 */
export function roomIn(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(new ExportAbandoned());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new ExportAbandoned());
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/** Rejects with ExportAbandoned when `out` closes before it has finished; never resolves otherwise. */
export function closedEarly(out: Writable): Promise<never> {
  return new Promise((_resolve, reject) => {
    out.once('close', () => {
      if (!out.writableFinished) reject(new ExportAbandoned());
    });
  });
}

/**
 * Writes the sheet to `out` a batch at a time, with back-pressure: the next batch is read from the
 * database only when `out` has room, so a reader that stalls stalls the export, and its rows never
 * pile up in memory. Rejects with ExportAbandoned when `out` is closed first.
 */
export async function writeRegistrationSheet(scope: DeskScope, query: TAuditExportQuery, full: boolean, cipher: PersonalDataCipher, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(REGISTRATION_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [8, 12, 6, 22, 30, 24, 14, 10, 10, 14, 30];
  sheet.columns = REGISTRATION_SHEET_COLUMNS.map((header, i) => ({ header, key: String(i), width: widths[i], style: i === 3 ? { numFmt: '@' } : {} }));
  sheet.getRow(1).font = { bold: true };
  const tradeNames = new Map(scope.competition.trades.map((t) => [t.code, t.name]));
  // The sheet names each registration's own union only, not the chain above it; each read once.
  const unionNames = new Map<string, string>();
  let serial = 0;
  for await (const batch of exportBatches<SheetRegistration>(scope, query, sheetFields(full))) {
    const unread = batch.filter((registration) => !unionNames.has(registration.unionId.toHexString()));
    for (const [id, union] of await unionNamesById(unread.map((registration) => registration.unionId))) unionNames.set(id, union.name);
    for (const registration of batch) {
      serial += 1;
      const nationalId = full && registration.nationalIdSealed ? cipher.decrypt(registration.nationalIdSealed) : (registration.nationalIdMasked ?? '');
      sheet
        .addRow([
          serial,
          registration.name,
          registration.sex === 'female' ? '女' : '男',
          nationalId,
          registration.employer,
          unionNames.get(registration.unionId.toHexString()) ?? '',
          tradeNames.get(registration.tradeCode) ?? registration.tradeCode,
          COMPETITION_GROUPS[registration.groupCode],
          registration.skillLevel ? SKILL_LEVELS[registration.skillLevel] : '',
          REGISTRATION_STATUS_LABELS[registration.status],
          latestReason(registration),
        ])
        .commit();
    }
    await roomIn(out);
  }
  sheet.commit();
  // The zip's last entries: done once `out` has taken them (exceljs waits for its 'finish', which never comes if it closes first).
  await Promise.race([workbook.commit(), closedEarly(out)]);
}
