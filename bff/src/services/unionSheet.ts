import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, UNION_IMPORT_MAX_ROWS, UNION_SHEET_COLUMNS, type TErrorCode, type TFieldError } from '@contest/shared';

/** One row of the directory sheet as text, with its row number in the sheet (header = row 1). */
export interface UnionSheetRow {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
  /** What reading the row already found wrong (a code cell Excel holds as a number). */
  readProblems?: string[];
}

const SHEET_NAME = '工会名录';

/** A cell as the text a person sees: numbers typed as codes, rich text, formula results, links. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('').trim();
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('error' in value) return '';
  return '';
}

/** A number, or a formula whose result is one: Excel has already dropped any leading 0. */
function isNumberCell(value: ExcelJS.CellValue): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'object' && value !== null && 'result' in value && typeof value.result === 'number';
}

/**
 * A code column's cell: text only. `0123` typed into a cell formatted as a number is stored as
 * 123, so a number cannot be read back as the code the union uses; the row is refused instead.
 */
function codeCell(value: ExcelJS.CellValue, column: string, problems: string[]): string {
  if (!isNumberCell(value)) return cellText(value);
  problems.push(`${column} ${cellText(value)} 在 Excel 中是数字格式，开头的 0 会丢失：请把“${column}”列设为文本格式，重新填写后再导入`);
  return '';
}

function unreadable(message: string): AppError {
  return new AppError('UNION_IMPORT_INVALID', message, []);
}

/** What a sheet may expand to once unzipped; a real directory sheet of 20,000 rows is a few MB. */
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;

/**
 * The total size the zip's central directory declares for its entries, or null when it cannot
 * be read (then the workbook reader reports the file as unreadable). Checked before unzipping,
 * so a small upload cannot make the BFF inflate gigabytes.
 */
export function declaredUnzippedSize(file: Buffer): number | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 0xffff); i -= 1) {
    if (file.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = file.readUInt16LE(end + 10);
  let offset = file.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n += 1) {
    if (offset + 46 > file.length || file.readUInt32LE(offset) !== CENTRAL) return null;
    const size = file.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY; // zip64: no sheet of ours needs it
    total += size;
    offset += 46 + file.readUInt16LE(offset + 28) + file.readUInt16LE(offset + 30) + file.readUInt16LE(offset + 32);
  }
  return total;
}

/** An uploaded .xlsx, refused before unzipping when it would expand past 64 MB, or when it cannot be read. */
export async function loadUploadedWorkbook(file: Buffer, refusals: { tooLarge: AppError; unreadable: AppError }): Promise<ExcelJS.Workbook> {
  const unzipped = declaredUnzippedSize(file);
  if (unzipped !== null && unzipped > MAX_UNZIPPED_BYTES) throw refusals.tooLarge;
  const workbook = new ExcelJS.Workbook();
  try {
    // A copy as a plain ArrayBuffer: exceljs's typings predate Node's generic Buffer.
    await workbook.xlsx.load(new Uint8Array(file).buffer);
  } catch {
    throw refusals.unreadable;
  }
  return workbook;
}

/**
 * Reads the directory sheet (the workbook's first worksheet). Columns are found by their
 * headers (UNION_SHEET_COLUMNS); empty rows are skipped; row numbers are the sheet's own.
 *
 * The whole workbook is read at once (the upload is at most 5 MB): exceljs's streaming reader
 * decodes UTF-8 per chunk and garbles a Chinese character split across two chunks
 * (exceljs issues #2063, #2084), which would store wrong names.
 */
/** How many bad rows an all-or-nothing import lists; the count says how many there were. */
const MAX_LISTED_ROW_PROBLEMS = 200;

/**
 * The refusal of an all-or-nothing sheet import: each bad row named by its row number with what
 * is wrong in it, the headline saying how many and that nothing was applied.
 */
export function sheetRowsRejection(
  code: TErrorCode,
  rows: readonly { row: number; problems: readonly string[] }[],
  wording: { sheet: string; nothingApplied: string },
): AppError {
  const bad = rows.filter((r) => r.problems.length > 0);
  const fields: TFieldError[] = bad.slice(0, MAX_LISTED_ROW_PROBLEMS).map((r) => ({ path: `row ${r.row}`, message: `第${r.row}行：${r.problems.join('；')}` }));
  const listed = bad.length > MAX_LISTED_ROW_PROBLEMS ? `，以下列出前 ${MAX_LISTED_ROW_PROBLEMS} 行` : '';
  return new AppError(code, `${wording.sheet}有 ${bad.length} 行有误${listed}，${wording.nothingApplied}，请修改后重新导入`, fields);
}

export async function readUnionSheet(file: Buffer): Promise<UnionSheetRow[]> {
  const workbook = await loadUploadedWorkbook(file, {
    tooLarge: unreadable(`工会名录解压后过大，最多 ${UNION_IMPORT_MAX_ROWS} 行，请分成几个表格导入`),
    unreadable: unreadable('无法读取该文件，请上传 Excel（.xlsx）格式的工会名录'),
  });
  const worksheet = workbook.worksheets[0];
  if (!worksheet || worksheet.actualRowCount === 0) throw unreadable(`表格为空，第1行应为表头：${UNION_SHEET_COLUMNS.join('、')}`);
  const columns = headerColumns(worksheet.getRow(1));
  const rows: UnionSheetRow[] = [];
  worksheet.eachRow((row, number) => {
    if (number === 1) return;
    const [codeColumn = 0, nameColumn = 0, kindColumn = 0, parentCodeColumn = 0] = columns;
    const readProblems: string[] = [];
    const code = codeCell(row.getCell(codeColumn).value, UNION_SHEET_COLUMNS[0], readProblems);
    const name = cellText(row.getCell(nameColumn).value);
    const kind = cellText(row.getCell(kindColumn).value);
    const parentCode = codeCell(row.getCell(parentCodeColumn).value, UNION_SHEET_COLUMNS[3], readProblems);
    if (!code && !name && !kind && !parentCode && readProblems.length === 0) return;
    rows.push({ row: number, code, name, kind, parentCode, ...(readProblems.length ? { readProblems } : {}) });
  });
  if (rows.length > UNION_IMPORT_MAX_ROWS) throw unreadable(`工会名录最多 ${UNION_IMPORT_MAX_ROWS} 行，请分成几个表格导入`);
  return rows;
}

/** Where each of UNION_SHEET_COLUMNS is in the header row; refuses a sheet missing one. */
function headerColumns(header: ExcelJS.Row): number[] {
  const positions = new Map<string, number>();
  header.eachCell((cell, column) => {
    const text = cellText(cell.value);
    if (text && !positions.has(text)) positions.set(text, column);
  });
  const missing = UNION_SHEET_COLUMNS.filter((label) => !positions.has(label));
  if (missing.length) {
    throw unreadable(`第1行缺少表头：${missing.join('、')}（应为 ${UNION_SHEET_COLUMNS.join('、')}）`);
  }
  return UNION_SHEET_COLUMNS.map((label) => positions.get(label) ?? 0);
}

/** Writes the directory sheet to `out` as rows arrive, without holding the workbook in memory. */
export async function writeUnionSheet(rows: AsyncIterable<UnionSheetRow>, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: UNION_SHEET_COLUMNS[0], key: 'code', width: 16, style: { numFmt: '@' } },
    { header: UNION_SHEET_COLUMNS[1], key: 'name', width: 40 },
    { header: UNION_SHEET_COLUMNS[2], key: 'kind', width: 14 },
    { header: UNION_SHEET_COLUMNS[3], key: 'parentCode', width: 16, style: { numFmt: '@' } },
  ];
  sheet.getRow(1).font = { bold: true };
  for await (const row of rows) {
    sheet.addRow({ code: row.code, name: row.name, kind: row.kind, parentCode: row.parentCode }).commit();
  }
  sheet.commit();
  await workbook.commit();
}
