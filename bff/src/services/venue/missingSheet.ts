import ExcelJS from 'exceljs';
import type { Principal } from '../../auth/principal';
import { venueOf } from '../../presenters/venue';
import { venueMissing } from './roster';

export const MISSING_SHEET_COLUMNS = ['准考证号', '姓名', '工会', '工种', '组别', '考位', '手机号（脱敏）'] as const;
const SHEET_NAME = '未签到名单';

/**
 * The board's missing list of a session as an .xlsx workbook, and the file's name. A session has
 * at most its capacity of passes, so the sheet is built in memory rather than streamed like the
 * registration export.
 */
export async function venueMissingSheet(principal: Principal, sessionId: string): Promise<{ fileName: string; sheet: Buffer }> {
  const { where, rows } = await venueMissing(principal, sessionId);
  const { competition, session } = where;
  const venue = venueOf(competition, session.venueCode).name;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.mergeCells(1, 1, 1, MISSING_SHEET_COLUMNS.length);
  const title = sheet.getCell(1, 1);
  title.value = `${competition.name} ${venue} ${session.name || session.code} ${session.date} ${session.startTime}-${session.endTime} ${SHEET_NAME}`;
  title.font = { bold: true, size: 14 };
  const header = sheet.getRow(2);
  header.values = [...MISSING_SHEET_COLUMNS];
  header.font = { bold: true };
  [12, 12, 28, 16, 10, 10, 16].forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });
  // Pass numbers and phones are text: as numbers, a pass number would lose its leading zeros.
  sheet.getColumn(1).numFmt = '@';
  sheet.getColumn(7).numFmt = '@';
  for (const row of rows) sheet.addRow([row.passNumber, row.name, row.union, row.trade, row.group, row.station, row.mobileMasked]);
  return { fileName: `${venue}-${session.date}-${session.code}-${SHEET_NAME}.xlsx`, sheet: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
