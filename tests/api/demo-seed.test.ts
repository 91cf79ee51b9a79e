import request from 'supertest';
import { ZAuditQueueResponse } from '@contest/shared';
import { UnionModel } from '@contest/bff/src/models/union';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { seedDemoRegistrations } from '@contest/bff/src/seed/demoRegistrations';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { signInAs } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';

let harness: TestHarness;

beforeAll(async () => {
  harness = await startHarness({ seed: true });
});
afterAll(() => harness.stop());

it('a fresh demo has registrations waiting at 河西区, and seeding again adds none', async () => {
  const cipher = PersonalDataCipher.fromConfig(harness.config);
  expect(await seedDemoRegistrations(cipher, new Date())).toBe(8);
  expect(await seedDemoRegistrations(cipher, new Date())).toBe(0);

  const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean().orFail();
  const official = await signInAs([{ role: 'union_official', unionId: hexi._id }]);
  const competition = await CompetitionModel.findOne({}).lean().orFail();
  const res = await request(harness.app.callback())
    .get(`/api/v1/audit/union/competitions/${competition._id.toHexString()}/registrations`)
    .set(official.auth)
    .expect(200);
  const names = ZAuditQueueResponse.parse(res.body).data.items.map((item) => item.name);
  expect(names.sort()).toEqual(['刘洋', '张伟', '李强', '王芳'].sort());
});
