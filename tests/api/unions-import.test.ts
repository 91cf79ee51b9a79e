import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Types } from 'mongoose';
import {
  UNION_SHEET_COLUMNS,
  ZErrorEnvelope,
  ZUnionImportResponse,
  ZUnionListResponse,
  hasValidUnionCodeCheck,
  type TFieldError,
} from '@contest/shared';
import { UnionModel } from '@contest/bff/src/models/union';
import { demoUnionCode } from '@contest/bff/src/seed/demoData';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROOT_CODE = demoUnionCode({ codeBody: 'TJZGH' });
const HEXI_CODE = demoUnionCode({ codeBody: 'HXQ3' });

type Row = (string | number | null)[];

let harness: TestHarness;
let committee: TestPerson;
let official: TestPerson;
let hexi: Types.ObjectId;

const api = () => request(harness.app.callback());

async function sheet(rows: Row[], header: readonly string[] = UNION_SHEET_COLUMNS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('工会名录');
  worksheet.addRow([...header]);
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function upload(file: Buffer, person: TestPerson = committee) {
  return api().post('/api/v1/admin/unions/import').set(person.auth).set('Content-Type', XLSX).send(file);
}

function download(path: string, person: TestPerson) {
  return api()
    .get(path)
    .set(person.auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

async function rowsOf(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(file).buffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push([1, 2, 3, 4].map((c) => String(row.getCell(c).value ?? ''))));
  return rows;
}

async function findByCode(code: string) {
  const res = await api().get(`/api/v1/admin/unions?q=${code}`).set(committee.auth).expect(200);
  return ZUnionListResponse.parse(res.body).data.items;
}

beforeAll(async () => {
  harness = await startHarness({ seed: true, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  committee = await signInAs([{ role: 'committee' }]);
  hexi = (await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail())._id;
  official = await signInAs([{ role: 'union_official', unionId: hexi }]);
});
afterAll(() => harness.stop());

describe('importing a good sheet', () => {
  it('adds every row, parents in the sheet before or after their children, and issues missing codes', async () => {
    const before = await UnionModel.countDocuments();
    const file = await sheet([
      ['XQ0101', '西青区张家窝镇总工会', '基层工会', 'XQ01'], // parent comes later in the sheet
      ['xq01', '西青区总工会', '区总工会', ROOT_CODE], // parent already in the directory; lower case
      [null, '西青区杨柳青镇总工会', '基层工会', 'XQ01'], // no code: one is issued
      ['HX0199', '河西区尖山街道总工会', '基层工会', HEXI_CODE],
    ]);
    const res = await upload(file).expect(200);
    expect(ZUnionImportResponse.parse(res.body).data).toEqual({ imported: 4, unchanged: 0 });
    expect(await UnionModel.countDocuments()).toBe(before + 4);

    const [town] = await findByCode('XQ0101');
    expect(town?.ancestry.map((a) => a.name)).toEqual(['天津市总工会', '西青区总工会']);
    const issued = await UnionModel.findOne({ name: '西青区杨柳青镇总工会' }).lean().orFail();
    expect(hasValidUnionCodeCheck(issued.code)).toBe(true);
    expect((await findByCode(issued.code))[0]?.ancestry.map((a) => a.name)).toEqual(['天津市总工会', '西青区总工会']);
    expect((await findByCode('HX0199'))[0]?.parentId).toBe(hexi.toHexString());
  });

  it('counts rows already in the directory as unchanged, so importing again changes nothing', async () => {
    const before = await UnionModel.countDocuments();
    const file = await sheet([
      ['XQ01', '西青区总工会', '区总工会', ROOT_CODE],
      ['XQ0101', '西青区张家窝镇总工会', '基层工会', 'XQ01'],
      [null, '西青区杨柳青镇总工会', '基层工会', 'XQ01'], // the same union, listed without its code again
    ]);
    const res = await upload(file).expect(200);
    expect(res.body.data).toEqual({ imported: 0, unchanged: 3 });
    expect(await UnionModel.countDocuments()).toBe(before);
  });
});

describe('importing a sheet with bad rows', () => {
  it('imports nothing when one row is bad, and names that row', async () => {
    const before = await UnionModel.countDocuments();
    const file = await sheet([
      ['JN01', '津南区总工会', '区总工会', ROOT_CODE],
      ['JN0101', '津南区咸水沽镇总工会', '基层工会', 'JN01'],
      ['JN0102', '津南区双港镇总工会', '基层工会', 'JN01'],
      ['JN0103', '津南区辛庄镇总工会', '基层工会', 'JN01'],
      ['JN0104', '津南区八里台镇总工会', '基层工会', 'JN99'],
      ['JN0105', '津南区北闸口镇总工会', '基层工会', 'JN01'],
    ]);
    const res = await upload(file).expect(400);
    const body = ZErrorEnvelope.parse(res.body);
    expect(body.code).toBe('UNION_IMPORT_INVALID');
    expect(body.fields).toEqual([{ path: 'row 6', message: '第6行：上级工会代码 JN99 不存在' }]);
    expect(body.message).toContain('1 行有误');
    expect(await UnionModel.countDocuments()).toBe(before);
    expect(await UnionModel.countDocuments({ code: /^JN/ })).toBe(0);
  });

  it('lists every bad row with its reasons', async () => {
    const before = await UnionModel.countDocuments();
    const file = await sheet([
      ['BC01', '北辰区总工会', '区总工会', ROOT_CODE], // row 2: fine
      ['BC0101', null, '基层工会', 'BC01'], // 3: no name
      ['BC0102', '北辰区某街道工会', '街道工会', 'BC01'], // 4: unknown type
      ['BC0101', '北辰区另一街道工会', '基层工会', 'BC01'], // 5: code repeats row 3
      [HEXI_CODE, '河西区工会', '区总工会', ROOT_CODE], // 6: code of another union
      ['BC0104', '北辰区甲', '基层工会', 'BC0105'], // 7: cycle with row 8
      ['BC0105', '北辰区乙', '基层工会', 'BC0104'], // 8
      ['B-1', '北辰区丙', '基层工会', 'BC01'], // 9: malformed code
      ['BC0106', '北辰区丁', '市总工会', 'BC01'], // 10: a city union below another
      ['BC0107', '北辰区总工会', '局工会', ROOT_CODE], // 11: same name as row 2 below the same parent
      ['BC0108', '南开区总工会', '区总工会', ROOT_CODE], // 12: same name as a union in the directory
      ['BC0109', '北辰区戊', '基层工会', 'BC0109'], // 13: its own parent
    ]);
    const res = await upload(file).expect(400);
    const fields = ZErrorEnvelope.parse(res.body).fields as TFieldError[];
    const byRow = Object.fromEntries(fields.map((f) => [f.path, f.message]));
    expect(Object.keys(byRow)).toEqual(['row 3', 'row 4', 'row 5', 'row 6', 'row 7', 'row 8', 'row 9', 'row 10', 'row 11', 'row 12', 'row 13']);
    expect(byRow['row 3']).toBe('第3行：工会名称为空');
    expect(byRow['row 4']).toMatch(/^第4行：类型“街道工会”无效/);
    expect(byRow['row 5']).toBe('第5行：工会代码 BC0101 与第3行重复');
    expect(byRow['row 6']).toBe(`第6行：工会代码 ${HEXI_CODE} 已被“河西区总工会”使用`);
    expect(byRow['row 7']).toBe('第7行：上级工会关系形成循环（第7、8行）');
    expect(byRow['row 8']).toBe('第8行：上级工会关系形成循环（第7、8行）');
    expect(byRow['row 9']).toBe('第9行：工会代码“B-1”格式不正确，应为 4–16 位字母或数字');
    expect(byRow['row 10']).toBe('第10行：市总工会只能是最上级工会');
    expect(byRow['row 11']).toBe('第11行：与第2行属于同一上级工会且名称相同');
    expect(byRow['row 12']).toMatch(/^第12行：上级工会下已有同名工会“南开区总工会”/);
    expect(byRow['row 13']).toBe('第13行：上级工会代码不能是本工会的代码');
    expect(await UnionModel.countDocuments()).toBe(before);
  });

  it('refuses a row that would move a union to another parent', async () => {
    const res = await upload(await sheet([[HEXI_CODE, '河西区总工会', '区总工会', '']])).expect(400);
    expect(res.body.fields).toEqual([
      { path: 'row 2', message: `第2行：工会代码 ${HEXI_CODE} 在名录中的上级工会代码是 ${ROOT_CODE}，导入不能改变上级工会` },
    ]);
  });

  it('refuses an empty sheet, a sheet without the headers and a file that is not a sheet', async () => {
    const empty = await upload(await sheet([])).expect(400);
    expect(empty.body.code).toBe('UNION_IMPORT_INVALID');
    const noHeaders = await upload(await sheet([['A001', '某工会', '基层工会', '']], ['代码', '名称'])).expect(400);
    expect(noHeaders.body.message).toContain('第1行缺少表头');
    const garbage = await upload(Buffer.from('PK\u0003\u0004 not really a zip')).expect(400);
    expect(garbage.body.message).toBe('无法读取该文件，请上传 Excel（.xlsx）格式的工会名录');
  });

  it('answers 415 to another content type and 413 to a file over 5 MB, storing nothing', async () => {
    const before = await UnionModel.countDocuments();
    const json = await api().post('/api/v1/admin/unions/import').set(committee.auth).send({ rows: [] }).expect(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 1, 1)).expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await UnionModel.countDocuments()).toBe(before);
  });

  it('takes back what it inserted when an insert fails midway (a concurrent import took a code)', async () => {
    const before = await UnionModel.countDocuments();
    const rows: Row[] = [['WQ00', '武清区总工会', '区总工会', ROOT_CODE]];
    for (let i = 1; i <= 1500; i += 1) rows.push([`WQ${String(i).padStart(4, '0')}`, `武清区第${i}基层工会`, '基层工会', 'WQ00']);
    const file = await sheet(rows);
    const insertMany = UnionModel.insertMany.bind(UnionModel);
    let batches = 0;
    const spy = jest.spyOn(UnionModel, 'insertMany').mockImplementation((async (docs: unknown, options: unknown) => {
      batches += 1;
      // Between this import's check and its second batch, someone else takes one of its codes.
      if (batches === 2) await UnionModel.create({ code: 'WQ1400', name: '别处导入的工会', kind: 'grassroots', parentId: null, ancestorIds: [] });
      return insertMany(docs as never, options as never);
    }) as never);
    try {
      const res = await upload(file).expect(409);
      expect(res.body.code).toBe('UNION_CODE_TAKEN');
      expect(res.body.message).toContain('WQ1400');
    } finally {
      spy.mockRestore();
    }
    expect(batches).toBe(2);
    expect(await UnionModel.countDocuments()).toBe(before + 1);
    expect(await UnionModel.countDocuments({ name: /^武清区/ })).toBe(0);
    // 1,500 rows imported and taken back: seconds on a busy 2-core machine (it ran past jest's 5 s default).
  }, 30_000);
});

describe('schools beside unions (the student group’s school path)', () => {
  it('imports a 学校 below a district with its code, exports it as 学校, and refuses anything below a school', async () => {
    const res = await upload(await sheet([['XX0001', '天津市第二商业学校', '学校', HEXI_CODE]])).expect(200);
    expect(res.body.data).toEqual({ imported: 1, unchanged: 0 });
    const [school] = await findByCode('XX0001');
    expect([school?.kind, school?.parentId]).toEqual(['school', hexi.toHexString()]);

    const below = await upload(await sheet([['XX000101', '商业学校工会', '基层工会', 'XX0001']])).expect(400);
    expect(ZErrorEnvelope.parse(below.body).fields).toEqual([{ path: 'row 2', message: expect.stringContaining('学校下不能再设下级单位') }]);

    const exported = await rowsOf((await download('/api/v1/admin/unions/export', committee).expect(200)).body as Buffer);
    expect(exported.find((row) => row[0] === 'XX0001')).toEqual(['XX0001', '天津市第二商业学校', '学校', HEXI_CODE]);
  });
});

describe('exporting the directory', () => {
  it('downloads the visible directory as a sheet, parents first, that imports back unchanged', async () => {
    const res = await download('/api/v1/admin/unions/export', committee).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('工会名录.xlsx')}`);
    const rows = await rowsOf(res.body as Buffer);
    expect(rows[0]).toEqual([...UNION_SHEET_COLUMNS]);
    expect(rows[1]).toEqual([ROOT_CODE, '天津市总工会', '市总工会', '']);
    expect(rows).toHaveLength((await UnionModel.countDocuments()) + 1);
    const seen = new Set<string>();
    for (const [code, , , parentCode] of rows.slice(1)) {
      if (parentCode) expect(seen.has(parentCode)).toBe(true);
      seen.add(code!);
    }

    const before = await UnionModel.countDocuments();
    const again = await upload(res.body as Buffer).expect(200);
    expect(again.body.data).toEqual({ imported: 0, unchanged: before });
    expect(await UnionModel.countDocuments()).toBe(before);
  });

  it('gives a union official only their own subtree', async () => {
    const res = await download('/api/v1/admin/unions/export', official).expect(200);
    const rows = await rowsOf(res.body as Buffer);
    const names = rows.slice(1).map((r) => r[1]);
    expect(names[0]).toBe('河西区总工会');
    expect(names).toEqual(expect.arrayContaining(['河西区友谊路街道总工会', '河西区尖山街道总工会']));
    expect(names).not.toContain('天津市总工会');
    expect(names).not.toContain('南开区总工会');
    expect(rows[1]?.[3]).toBe(ROOT_CODE);
  });
});

describe('a directory of 5,000 unions', () => {
  it('imports in one go and its codes resolve', async () => {
    const before = await UnionModel.countDocuments();
    const rows: Row[] = [];
    const districts = Array.from({ length: 20 }, (_, d) => ({ code: `BIG${String(d).padStart(2, '0')}`, name: `测试第${d + 1}区总工会` }));
    for (let i = 0; i < 4980; i += 1) {
      const district = districts[i % districts.length]!;
      // Half the unions bring their own codes, half get issued ones.
      rows.push([i % 2 === 0 ? `G${String(i).padStart(6, '0')}` : null, `${district.name}第${i}基层工会`, '基层工会', district.code]);
    }
    // The districts come last: children may precede their parents.
    for (const district of districts) rows.push([district.code, district.name, '区总工会', ROOT_CODE]);
    const file = await sheet(rows);

    const started = Date.now();
    const res = await upload(file).expect(200);
    const elapsed = Date.now() - started;
    console.log(`imported 5,000 unions in ${elapsed} ms (${file.length} bytes)`);
    expect(res.body.data).toEqual({ imported: 5000, unchanged: 0 });
    expect(await UnionModel.countDocuments()).toBe(before + 5000);
    expect(elapsed).toBeLessThan(20_000);

    const imported = await UnionModel.find({ name: /^测试第\d+区总工会第\d+基层工会$/ }, { code: 1 }).lean();
    expect(imported).toHaveLength(4980);
    for (let pick = 0; pick < 3; pick += 1) {
      const { code } = imported[Math.floor(Math.random() * imported.length)]!;
      const [entry] = await findByCode(code);
      const district = /^(测试第\d+区总工会)/.exec(entry!.name)![1];
      expect(entry!.code).toBe(code);
      expect(entry!.ancestry.map((a) => a.name)).toEqual(['天津市总工会', district]);
    }
    const issued = await UnionModel.find({ name: '测试第2区总工会第1基层工会' }).lean();
    expect(hasValidUnionCodeCheck(issued[0]!.code)).toBe(true);

    // Browsing the big directory stays quick: a search, one district's children, the districts with their child counts.
    const browseStarted = Date.now();
    const top = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?q=${encodeURIComponent('测试第')}&limit=200`).set(committee.auth).expect(200)).body).data;
    expect(top.items).toHaveLength(200);
    const districtsPage = await UnionModel.findOne({ code: 'BIG07' }).lean().orFail();
    const children = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?parentId=${districtsPage._id}&limit=200`).set(committee.auth).expect(200)).body).data;
    expect(children.items).toHaveLength(200);
    expect(children.next).not.toBeNull();
    const rootId = (await UnionModel.findOne({ code: ROOT_CODE }).lean().orFail())._id;
    const rootPage = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?parentId=${rootId}&limit=200`).set(committee.auth).expect(200)).body).data;
    const testDistricts = rootPage.items.filter((u) => u.name.startsWith('测试第'));
    expect(testDistricts).toHaveLength(20);
    expect(testDistricts.every((u) => u.childCount === 249)).toBe(true);
    console.log(`browsed the 5,000-union directory (3 pages) in ${Date.now() - browseStarted} ms`);

    // The same sheet again (half of it without codes) finds every union already there.
    const againStarted = Date.now();
    const again = await upload(file).expect(200);
    console.log(`re-imported the same 5,000 rows (all unchanged) in ${Date.now() - againStarted} ms`);
    expect(again.body.data).toEqual({ imported: 0, unchanged: 5000 });
    expect(await UnionModel.countDocuments()).toBe(before + 5000);
  }, 60_000);
});
