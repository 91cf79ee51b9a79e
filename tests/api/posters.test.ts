import request from 'supertest';
import { MINIAPP_PAGES, ZCompetitionDetailResponse, registrationEntryFromScene } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { UnionModel } from '@contest/bff/src/models/union';
import { signInAs, type TestPerson } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { HEXI_CODE } from '../support/registration';
import { EmulatorControl, decodeQrPng } from '../support/wechatEmulator';
import { createOtherCompetition } from '../support/otherCompetition';

let harness: TestHarness;
let competitionId: string;
let hexi: string;
let official: TestPerson;
const api = () => request(harness.app.callback());

/** supertest hands back binary bodies as Buffers when asked to. */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

beforeAll(async () => {
  harness = await startHarness({ seed: true, wechatEmulator: true });
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  hexi = (await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail())._id.toHexString();
  official = await signInAs([{ role: 'union_official', unionId: hexi }]);
});
afterAll(() => harness.stop());

describe('registration posters', () => {
  it('are mini-program codes that open the entry page with the union code and competition filled in', async () => {
    const res = await api()
      .get(`/api/v1/admin/unions/${hexi}/poster?competitionId=${competitionId}`)
      .set(official.auth)
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('Content-Type', 'image/png');
    expect(decodeURIComponent(res.headers['content-disposition'] as string)).toContain('河西区总工会');
    const url = new URL(decodeQrPng(res.body as Buffer)!);
    expect(url.searchParams.get('page')).toBe(MINIAPP_PAGES.registerEntry);
    const entry = registrationEntryFromScene(url.searchParams.get('scene')!);
    expect(entry?.unionCode).toBe(HEXI_CODE);
    expect(url.searchParams.get('scene')!.length).toBeLessThanOrEqual(32);

    // The key in the scene opens the same competition the poster was drawn for.
    const opened = await api().get(`/api/v1/competitions/by-key/${entry!.competitionKey.toLowerCase()}`).expect(200);
    expect(ZCompetitionDetailResponse.parse(opened.body).data.id).toBe(competitionId);
  });

  it('are refused for a union not taking part', async () => {
    const committee = await signInAs([{ role: 'committee', competitionId: null }]);
    const city = (await UnionModel.findOne({ name: '天津市总工会' }).lean().orFail())._id.toHexString();
    const res = await api().get(`/api/v1/admin/unions/${city}/poster?competitionId=${competitionId}`).set(committee.auth).expect(409);
    expect(res.body.code).toBe('UNION_NOT_PARTICIPATING');
  });

  it('are drawn by an official only for the competitions their grant covers', async () => {
    const other = await createOtherCompetition('posters-other');
    const forOther = await signInAs([{ role: 'union_official', unionId: hexi, competitionId: other }]);
    const res = await api().get(`/api/v1/admin/unions/${hexi}/poster?competitionId=${competitionId}`).set(forOther.auth).expect(404);
    expect(res.body.code).toBe('COMPETITION_NOT_FOUND');
  });

  it('are refused to an official for another union, as if it did not exist, while their own sub-union\'s is drawn', async () => {
    const heping = (await UnionModel.findOne({ name: '和平区总工会' }).lean().orFail())._id.toHexString();
    const res = await api().get(`/api/v1/admin/unions/${heping}/poster?competitionId=${competitionId}`).set(official.auth).expect(404);
    expect(res.body.code).toBe('UNION_NOT_FOUND');
    // Its code is not shown to them either (the poster card prints the code beside the poster).
    expect((await api().get(`/api/v1/admin/unions/${heping}`).set(official.auth).expect(404)).body.code).toBe('UNION_NOT_FOUND');

    const youyi = (await UnionModel.findOne({ name: '河西区友谊路街道总工会' }).lean().orFail())._id.toHexString();
    await api().get(`/api/v1/admin/unions/${youyi}/poster?competitionId=${competitionId}`).set(official.auth).buffer(true).parse(binary).expect(200);
    const own = await api().get(`/api/v1/admin/unions/${hexi}`).set(official.auth).expect(200);
    expect(own.body.data.code).toBe(HEXI_CODE);
  });

  it('answer 503 with a clear message when WeChat cannot draw the code', async () => {
    await new EmulatorControl(harness.wechat!.baseUrl).fault({ api: 'getwxacodeunlimit', errcode: 40001, times: 5 });
    const res = await api().get(`/api/v1/admin/unions/${hexi}/poster?competitionId=${competitionId}`).set(official.auth).expect(503);
    expect(res.body).toMatchObject({ code: 'WECHAT_UNAVAILABLE', message: '暂时无法生成小程序码，请稍后再试' });
  });
});

it('an unknown poster key answers 404', async () => {
  expect((await api().get('/api/v1/competitions/by-key/ZZZZZZ').expect(404)).body.code).toBe('COMPETITION_NOT_FOUND');
  expect((await api().get('/api/v1/competitions/by-key/O0O0O0').expect(404)).body.code).toBe('COMPETITION_NOT_FOUND');
});
