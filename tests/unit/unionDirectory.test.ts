import { z } from 'zod';
import ExcelJS from 'exceljs';
import {
  ISSUED_UNION_CODE_BODY_LENGTH,
  UNION_CODE_ALPHABET,
  UNION_SHEET_COLUMNS,
  ZUnionCreateInput,
  hasValidUnionCodeCheck,
  unionKindFromLabel,
  unionPlacementProblem,
} from '@contest/shared';
import { cellText, declaredUnzippedSize, readUnionSheet } from '@contest/bff/src/services/unionSheet';
import { newUnionCode } from '@contest/bff/src/services/unionDirectory';

// The BFF sets this locale globally (bff/src/app.ts); schema tests apply it per parse.
const zhCN = z.locales.zhCN().localeError;

describe('issued union codes', () => {
  const codes = Array.from({ length: 2000 }, () => newUnionCode());

  it('are short, from the look-alike-free alphabet, and pass the check', () => {
    for (const code of codes) {
      expect(code).toHaveLength(ISSUED_UNION_CODE_BODY_LENGTH + 1);
      expect([...code].every((c) => UNION_CODE_ALPHABET.includes(c))).toBe(true);
      expect(code).not.toMatch(/[01OIL]/);
      expect(hasValidUnionCodeCheck(code)).toBe(true);
    }
  });

  it('are drawn at random', () => {
    expect(new Set(codes).size).toBeGreaterThan(1990);
  });

  it('catch a mistyped character or a swap of neighbours before any look-up', () => {
    for (const code of codes.slice(0, 50)) {
      const typo = code.slice(0, 2) + (code[2] === 'A' ? 'B' : 'A') + code.slice(3);
      expect(hasValidUnionCodeCheck(typo)).toBe(false);
      if (code[0] !== code[1]) expect(hasValidUnionCodeCheck(code[1]! + code[0]! + code.slice(2))).toBe(false);
    }
  });
});

describe('where a union may sit', () => {
  it('keeps a 市总工会 at the top', () => {
    expect(unionPlacementProblem('city', null)).toBeNull();
    expect(unionPlacementProblem('city', 'city')).toBe('市总工会只能是最上级工会');
  });

  it('puts only 基层工会 below a 基层工会', () => {
    expect(unionPlacementProblem('grassroots', 'grassroots')).toBeNull();
    expect(unionPlacementProblem('district', 'grassroots')).toContain('基层工会下只能设基层工会');
    expect(unionPlacementProblem('group_company', 'bureau')).toBeNull();
  });

  it('reads the 类型 column by its Chinese label or its key', () => {
    expect(unionKindFromLabel(' 区总工会 ')).toBe('district');
    expect(unionKindFromLabel('grassroots')).toBe('grassroots');
    expect(unionKindFromLabel('街道工会')).toBeNull();
  });
});

describe('ZUnionCreateInput', () => {
  it('stores a code the union already uses in upper case and defaults to the top of the directory', () => {
    expect(ZUnionCreateInput.parse({ name: ' 南开区总工会 ', kind: 'district', code: 'nk01' })).toEqual({
      name: '南开区总工会',
      kind: 'district',
      parentId: null,
      code: 'NK01',
    });
  });

  it('answers in Chinese', () => {
    const result = ZUnionCreateInput.safeParse({ kind: 'town', code: 'x' }, { error: zhCN });
    const messages = Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
    expect(messages).toEqual({ name: '请填写工会名称', kind: '请选择工会类型', code: '工会代码应为 4–16 位字母或数字' });
  });
});

async function sheet(rows: ExcelJS.CellValue[][], header: readonly string[] = UNION_SHEET_COLUMNS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('名录');
  worksheet.addRow([...header]);
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading the directory sheet', () => {
  it('gives each row its number in the sheet and skips empty rows', async () => {
    const rows = await readUnionSheet(
      await sheet([
        ['HX01', '河西区总工会', '区总工会', ''],
        [null, null, null, null],
        [' hx02 ', '河西区友谊路街道总工会', '基层工会', 'hx01'],
      ]),
    );
    expect(rows).toEqual([
      { row: 2, code: 'HX01', name: '河西区总工会', kind: '区总工会', parentCode: '' },
      { row: 4, code: 'hx02', name: '河西区友谊路街道总工会', kind: '基层工会', parentCode: 'hx01' },
    ]);
  });

  it('finds the columns by their headers, in any order', async () => {
    const rows = await readUnionSheet(await sheet([['基层工会', '甲', 'P001', 'C001']], ['类型', '工会名称', '上级工会代码', '工会代码']));
    expect(rows).toEqual([{ row: 2, code: 'C001', name: '甲', kind: '基层工会', parentCode: 'P001' }]);
  });

  it('reads numbers, rich text and formula results as text', () => {
    expect(cellText(20240001)).toBe('20240001');
    expect(cellText({ richText: [{ text: '和平' }, { text: '区总工会 ' }] })).toBe('和平区总工会');
    expect(cellText({ formula: 'A1', result: 'AB12' })).toBe('AB12');
    expect(cellText(null)).toBe('');
  });

  it('keeps codes typed as text, leading 0 and all, and refuses code cells Excel holds as numbers', async () => {
    const rows = await readUnionSheet(
      await sheet([
        ['0123', '甲', '基层工会', '0012'],
        [123, '乙', '基层工会', { formula: '"0"&"012"', result: 12 }],
      ]),
    );
    expect(rows[0]).toEqual({ row: 2, code: '0123', name: '甲', kind: '基层工会', parentCode: '0012' });
    expect(rows[1]).toMatchObject({ row: 3, code: '', parentCode: '' });
    expect(rows[1]?.readProblems).toEqual([
      '工会代码 123 在 Excel 中是数字格式，开头的 0 会丢失：请把“工会代码”列设为文本格式，重新填写后再导入',
      '上级工会代码 12 在 Excel 中是数字格式，开头的 0 会丢失：请把“上级工会代码”列设为文本格式，重新填写后再导入',
    ]);
  });

  it('refuses a sheet without the expected headers, naming them', async () => {
    await expect(readUnionSheet(await sheet([['X', 'Y']], ['代码', '名称']))).rejects.toMatchObject({
      code: 'UNION_IMPORT_INVALID',
      message: expect.stringContaining('工会代码、工会名称、类型、上级工会代码'),
    });
  });

  it('knows how big a sheet will be once unzipped before unzipping it', async () => {
    const file = await sheet(Array.from({ length: 500 }, (_, i) => [`C${1000 + i}`, `某某街道第${i}基层工会`, '基层工会', 'P001']));
    const size = declaredUnzippedSize(file);
    expect(size).toBeGreaterThan(file.length);
    expect(size).toBeLessThan(file.length * 50);
    expect(declaredUnzippedSize(Buffer.from('not a zip'))).toBeNull();
  });

  it('refuses what is not an Excel file', async () => {
    await expect(readUnionSheet(Buffer.from('工会代码,工会名称\nA,B'))).rejects.toMatchObject({
      code: 'UNION_IMPORT_INVALID',
      message: '无法读取该文件，请上传 Excel（.xlsx）格式的工会名录',
    });
  });
});
