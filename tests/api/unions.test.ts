import request from 'supertest';
import type { Types } from 'mongoose';
import { ZErrorEnvelope, ZUnionEntryResponse, ZUnionListResponse, hasValidUnionCodeCheck, type TUnionEntry } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { UnionModel } from '@contest/bff/src/models/union';
import { demoUnionCode } from '@contest/bff/src/seed/demoData';
import { signInCast, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MISSING_ID = '0123456789abcdef01234567';

let harness: TestHarness;
let root: Types.ObjectId;
let hexi: Types.ObjectId;
let hexiStreet: Types.ObjectId;
let nankai: Types.ObjectId;
let people: Record<'worker' | 'venue' | 'official' | 'committeeA' | 'committee' | 'admin', TestPerson>;

const api = () => request(harness.app.callback());
const idOf = async (name: string) => (await UnionModel.findOne({ name }).lean().orFail())._id;

beforeAll(async () => {
  harness = await startHarness({ seed: true, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  root = await idOf('天津市总工会');
  hexi = await idOf('河西区总工会');
  hexiStreet = await idOf('河西区友谊路街道总工会');
  nankai = await idOf('南开区总工会');
  const competitionA = (await CompetitionModel.findOne({}).lean().orFail())._id;
  people = await signInCast(competitionA, hexi);
});
afterAll(() => harness.stop());

describe('who may use the directory', () => {
  const reads = () => [`/api/v1/admin/unions`, `/api/v1/admin/unions/${hexi}`, `/api/v1/admin/unions?parentId=${hexi}`, '/api/v1/admin/unions/export'];
  const writes = () => [
    api().post('/api/v1/admin/unions').send({ name: '新工会', kind: 'grassroots', parentId: hexi.toHexString() }),
    api().put(`/api/v1/admin/unions/${hexiStreet}`).send({ name: '河西区友谊路街道总工会' }),
    api().post('/api/v1/admin/unions/import').set('Content-Type', XLSX).send(Buffer.from('not read')),
  ];

  it('answers 401 without a session, for every route', async () => {
    for (const path of reads()) expect((await api().get(path)).status).toBe(401);
    for (const call of writes()) {
      const res = await call;
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each(['worker', 'venue'] as const)('answers 403 to %s, for every route', async (who) => {
    for (const path of reads()) {
      const res = await api().get(path).set(people[who].auth);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    for (const call of writes()) expect((await call.set(people[who].auth)).status).toBe(403);
  });

  it('lets a union official read their own subtree, and nothing else', async () => {
    const { auth } = people.official;
    const top = ZUnionListResponse.parse((await api().get('/api/v1/admin/unions').set(auth).expect(200)).body);
    expect(top.data.items.map((u) => u.name)).toEqual(['河西区总工会']);
    await api().get(`/api/v1/admin/unions/${hexi}`).set(auth).expect(200);
    await api().get(`/api/v1/admin/unions/${hexiStreet}`).set(auth).expect(200);
    const children = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?parentId=${hexi}`).set(auth).expect(200)).body);
    expect(children.data.items.map((u) => u.name)).toEqual(['河西区友谊路街道总工会']);
    // Out of scope looks exactly like not existing.
    for (const path of [`/api/v1/admin/unions/${nankai}`, `/api/v1/admin/unions/${root}`, `/api/v1/admin/unions/${MISSING_ID}`, `/api/v1/admin/unions?parentId=${nankai}`]) {
      const res = await api().get(path).set(auth);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'UNION_NOT_FOUND']);
    }
    // A search never reaches beyond the subtree.
    const search = ZUnionListResponse.parse((await api().get('/api/v1/admin/unions?q=总工会').set(auth).expect(200)).body);
    expect(search.data.items.map((u) => u.name).sort()).toEqual(['河西区友谊路街道总工会', '河西区总工会']);
    const byCode = await api().get(`/api/v1/admin/unions?q=${demoUnionCode({ codeBody: 'NKQ4' })}`).set(auth).expect(200);
    expect(byCode.body.data.items).toEqual([]);
  });

  it('refuses union officials every write', async () => {
    for (const call of writes()) {
      const res = await call.set(people.official.auth);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it.each(['committeeA', 'committee', 'admin'] as const)('lets %s read and write the whole directory', async (who) => {
    const { auth } = people[who];
    await api().get(`/api/v1/admin/unions/${nankai}`).set(auth).expect(200);
    const created = await api().post('/api/v1/admin/unions').set(auth).send({ name: `${who}的基层工会`, kind: 'grassroots', parentId: nankai.toHexString() });
    expect(created.status).toBe(201);
    await api().put(`/api/v1/admin/unions/${created.body.data.id}`).set(auth).send({ name: `${who}的基层工会（改）` }).expect(200);
  });

  it.each([['an unknown id', MISSING_ID], ['a malformed id', 'nope'], ['an injection attempt', '{"$gt":""}']])(
    'answers 404 for %s',
    async (_label, id) => {
      const res = await api().get(`/api/v1/admin/unions/${encodeURIComponent(id)}`).set(people.admin.auth).expect(404);
      expect(ZErrorEnvelope.parse(res.body).code).toBe('UNION_NOT_FOUND');
    },
  );
});

describe('POST /api/v1/admin/unions', () => {
  it('issues a short code with a check character and places the union below its parent', async () => {
    const before = ZUnionEntryResponse.parse((await api().get(`/api/v1/admin/unions/${hexi}`).set(people.committee.auth)).body).data;
    const res = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '河西区越秀路街道总工会', kind: 'grassroots', parentId: hexi.toHexString() })
      .expect(201);
    const entry = ZUnionEntryResponse.parse(res.body).data;
    expect(entry.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(hasValidUnionCodeCheck(entry.code)).toBe(true);
    expect(entry.ancestry.map((a) => a.name)).toEqual(['天津市总工会', '河西区总工会']);
    expect(entry).toMatchObject({ parentId: hexi.toHexString(), kind: 'grassroots', childCount: 0 });
    const stored = await UnionModel.findById(entry.id).lean().orFail();
    expect(stored.ancestorIds.map(String)).toEqual([root.toHexString(), hexi.toHexString()]);
    const after = ZUnionEntryResponse.parse((await api().get(`/api/v1/admin/unions/${hexi}`).set(people.committee.auth)).body).data;
    expect(after.childCount).toBe(before.childCount + 1);
  });

  it('keeps a code the union already uses, in upper case', async () => {
    const res = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '天津市邮政工会', kind: 'bureau', parentId: root.toHexString(), code: 'tjyz01' })
      .expect(201);
    expect(res.body.data.code).toBe('TJYZ01');
    const again = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '另一个工会', kind: 'bureau', parentId: root.toHexString(), code: 'TJYZ01' })
      .expect(409);
    expect(again.body.code).toBe('UNION_CODE_TAKEN');
    expect(await UnionModel.countDocuments({ name: '另一个工会' })).toBe(0);
  });

  it('refuses a second union of the same name below the same parent', async () => {
    const res = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '南开区总工会', kind: 'district', parentId: root.toHexString() })
      .expect(409);
    expect(res.body.code).toBe('UNION_NAME_TAKEN');
  });

  it('answers field errors in Chinese: missing parent, misplaced kind, bad input', async () => {
    const missingParent = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '某工会', kind: 'grassroots', parentId: MISSING_ID })
      .expect(400);
    expect(missingParent.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'parentId', message: '上级工会不存在' }] });

    const cityBelow = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '某市总工会', kind: 'city', parentId: root.toHexString() })
      .expect(400);
    expect(cityBelow.body.fields).toEqual([{ path: 'kind', message: '市总工会只能是最上级工会' }]);

    const underGrassroots = await api()
      .post('/api/v1/admin/unions')
      .set(people.committee.auth)
      .send({ name: '某区总工会', kind: 'district', parentId: hexiStreet.toHexString() })
      .expect(400);
    expect(underGrassroots.body.fields[0].message).toContain('基层工会下只能设基层工会');

    const bad = await api().post('/api/v1/admin/unions').set(people.committee.auth).send({ kind: 'town', parentId: 'x', code: '1' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const messages = Object.fromEntries((bad.body.fields as { path: string; message: string }[]).map((f) => [f.path, f.message]));
    expect(messages).toEqual({ name: '请填写工会名称', kind: '请选择工会类型', parentId: '编号格式不正确', code: '工会代码应为 4–16 位字母或数字' });
  });
});

describe('PATCH /api/v1/admin/unions/:id', () => {
  it('renames a union, and refuses a name its sibling has', async () => {
    const res = await api().put(`/api/v1/admin/unions/${hexiStreet}`).set(people.committee.auth).send({ name: '河西区友谊路街道工会' }).expect(200);
    expect(ZUnionEntryResponse.parse(res.body).data).toMatchObject({ name: '河西区友谊路街道工会', code: demoUnionCode({ codeBody: 'HXQ3YX' }) });
    expect((await UnionModel.findById(hexiStreet).lean().orFail()).name).toBe('河西区友谊路街道工会');
    const clash = await api().put(`/api/v1/admin/unions/${nankai}`).set(people.committee.auth).send({ name: '河西区总工会' }).expect(409);
    expect(clash.body.code).toBe('UNION_NAME_TAKEN');
    expect((await UnionModel.findById(nankai).lean().orFail()).name).toBe('南开区总工会');
    await api().put(`/api/v1/admin/unions/${MISSING_ID}`).set(people.committee.auth).send({ name: '无' }).expect(404);
  });
});

describe('GET /api/v1/admin/unions', () => {
  it('starts at the top of the directory and walks down by parent', async () => {
    const top = ZUnionListResponse.parse((await api().get('/api/v1/admin/unions').set(people.committee.auth).expect(200)).body).data;
    expect(top.items.map((u) => u.name)).toEqual(['天津市总工会']);
    expect(top.items[0]?.childCount).toBeGreaterThanOrEqual(8);
    const children = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?parentId=${root}`).set(people.committee.auth).expect(200)).body).data;
    expect(children.items.map((u) => u.name)).toEqual(expect.arrayContaining(['和平区总工会', '河西区总工会', '天津港（集团）有限公司工会']));
    expect(children.items.every((u) => u.ancestry.length === 1 && u.ancestry[0]?.name === '天津市总工会')).toBe(true);
  });

  it('pages by id without gaps or repeats', async () => {
    const all = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?parentId=${root}&limit=200`).set(people.committee.auth)).body).data.items;
    const seen: TUnionEntry[] = [];
    let after: string | null = null;
    do {
      const path: string = `/api/v1/admin/unions?parentId=${root}&limit=3${after ? `&after=${after}` : ''}`;
      const page = ZUnionListResponse.parse((await api().get(path).set(people.committee.auth).expect(200)).body).data;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      after = page.next;
    } while (after);
    expect(seen.map((u) => u.id)).toEqual(all.map((u) => u.id));
  });

  it('finds by an exact code in any case, or by part of a name', async () => {
    const code = demoUnionCode({ codeBody: 'TJG8' });
    const byCode = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?q=${code.toLowerCase()}`).set(people.committee.auth)).body).data;
    expect(byCode.items.map((u) => u.name)).toEqual(['天津港（集团）有限公司工会']);
    const byName = ZUnionListResponse.parse((await api().get(`/api/v1/admin/unions?q=${encodeURIComponent('（集团）')}`).set(people.committee.auth)).body).data;
    expect(byName.items.map((u) => u.name)).toEqual(['天津港（集团）有限公司工会']);
    // Search text is matched literally, never as a pattern.
    const pattern = await api().get(`/api/v1/admin/unions?q=${encodeURIComponent('.*')}`).set(people.committee.auth).expect(200);
    expect(pattern.body.data.items).toEqual([]);
  });

  it('answers bad query parameters with field errors', async () => {
    const res = await api().get('/api/v1/admin/unions?limit=0&after=zzz').set(people.committee.auth).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['after', 'limit']);
  });
});
