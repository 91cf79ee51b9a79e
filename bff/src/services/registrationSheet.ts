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
import { deskRole, type DeskScope } from './auditScope';
import { unionNamesById } from './scopeNames';

/** The registration summary sheet's columns (报名汇总表), in the notices' order. */
export const REGISTRATION_SHEET_COLUMNS = ['序号', '姓名', '性别', '身份证号', '工作单位', '工会', '工种', '组别', '技能等级', '状态', '审核意见'] as const;
export const REGISTRATION_SHEET_NAME = '报名汇总表';
export const REGISTRATION_SHEET_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The latest reason given by the union or the committee, as 审核意见. */
function latestReason(registration: RegistrationRecord): string {
  return [...registration.timeline].reverse().find((entry) => entry.reason)?.reason ?? '';
}

/**
 * Opens an export of the desk's scope. Full ID numbers are for the committee desk only, and every
 * export is written to the audit log (with its filters and whether IDs were unmasked) before a row leaves.
 */
export async function openRegistrationExport(
  principal: Principal,
  scope: DeskScope,
  query: TAuditExportQuery,
  now: Date,
): Promise<{ full: boolean }> {
  const full = query.full === '1';
  if (full && scope.desk !== 'committee') throw new AppError('FORBIDDEN', '工会导出的身份证号为脱敏格式，完整证件号仅组委会可导出');
  await AuditEventModel.create({
    kind: 'export',
    competitionId: scope.competition._id,
    actorUserId: principal.userId,
    actorRole: deskRole(principal, scope.desk),
    actorBody: scope.desk === 'committee' ? '大赛组委会' : null,
    at: now,
    detail: { desk: scope.desk satisfies TAuditDesk, filters: { ...query }, full },
  });
  return { full };
}

/** Writes the sheet to `out` a batch at a time: 100,000 rows never sit in memory together. */
export async function writeRegistrationSheet(scope: DeskScope, query: TAuditExportQuery, full: boolean, cipher: PersonalDataCipher, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(REGISTRATION_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widths = [8, 12, 6, 22, 30, 24, 14, 10, 10, 14, 30];
  sheet.columns = REGISTRATION_SHEET_COLUMNS.map((header, i) => ({ header, key: String(i), width: widths[i], style: i === 3 ? { numFmt: '@' } : {} }));
  sheet.getRow(1).font = { bold: true };
  const tradeNames = new Map(scope.competition.trades.map((t) => [t.code, t.name]));
  let serial = 0;
  for await (const batch of exportBatches(scope, query)) {
    // The sheet names each registration's own union only, not the chain above it.
    const unions = await unionNamesById(batch.map((registration) => registration.unionId));
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
          unions.get(registration.unionId.toHexString())?.name ?? '',
          tradeNames.get(registration.tradeCode) ?? registration.tradeCode,
          COMPETITION_GROUPS[registration.groupCode],
          registration.skillLevel ? SKILL_LEVELS[registration.skillLevel] : '',
          REGISTRATION_STATUS_LABELS[registration.status],
          latestReason(registration),
        ])
        .commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}
