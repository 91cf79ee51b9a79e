import ExcelJS from 'exceljs';
import { PASS_ROSTER_COLUMNS, type TCommitteePass } from '@contest/shared';

/**
 * The roster sheet (考生名单) of printed passes: one row per pass, the ID number masked. Its
 * 准考证号, 报名ID, 场次代码 and 考位 columns are the placement import's, so the committee can
 * change places in the sheet and import it back.
 */

const SHEET_NAME = '考生名单';
const WIDTHS = [12, 10, 22, 24, 14, 8, 28, 12, 26, 10, 24, 28];

function statusOf(pass: TCommitteePass): string {
  return pass.revoked ? `已作废（${pass.revoked.reason}）` : '有效';
}

function rowOf(pass: TCommitteePass): string[] {
  const { session } = pass;
  return [
    pass.passNumber,
    pass.name,
    pass.nationalIdMasked,
    pass.union.name,
    pass.trade.name,
    pass.group.name,
    pass.venue.name,
    session.code,
    `${session.name} ${session.date} ${session.startTime}–${session.endTime}`,
    pass.station,
    statusOf(pass),
    pass.registrationId,
  ];
}

export async function writePassRoster(passes: readonly TCommitteePass[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text cells throughout: pass numbers keep their leading zeros when edited in Excel.
  sheet.columns = PASS_ROSTER_COLUMNS.map((header, i) => ({ header, key: String(i), width: WIDTHS[i], style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  for (const pass of passes) sheet.addRow(rowOf(pass));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
