/**
 * Eligibility lives in one module (shared/src/eligibility.ts). Before it did, the BFF read a
 * competition stored without the "no full-time students in 职工组" setting as on and without
 * excluded honours as none, while the form read the first as off and the detail page showed the
 * default honours: the phone and the BFF asked a worker for different declarations. These tests pin
 * that the BFF's rules, the detail it presents and the form's check now agree for such a competition.
 */
import request from 'supertest';
import { requiredDeclarations, ZCompetitionDetailResponse, type TCompetitionDetailData } from '@contest/shared';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { checkForm, EMPTY_FIELDS } from '../../miniapp/src/packageRegister/pages/form/view';
import { signInAs } from '../support/auth';
import { startHarness, type TestHarness } from '../support/bff';
import { HEXI_CODE, newIdempotencyKey, registrationInput } from '../support/registration';

let harness: TestHarness;
let competitionId: string;
let detail: TCompetitionDetailData;
const api = () => request(harness.app.callback());

beforeAll(async () => {
  harness = await startHarness({ seed: true });
  competitionId = (await CompetitionModel.findOne({}).lean().orFail())._id.toHexString();
  // As stored before these settings existed.
  await CompetitionModel.collection.updateOne(
    { _id: (await CompetitionModel.findById(competitionId).lean().orFail())._id },
    { $unset: { 'eligibility.noFullTimeStudentsInWorkerGroup': '', 'eligibility.excludedHonours': '', 'eligibility.ageRanges': '' } },
  );
  detail = ZCompetitionDetailResponse.parse((await api().get(`/api/v1/competitions/${competitionId}`).expect(200)).body).data;
});
afterAll(() => harness.stop());

it('a competition stored without the settings asks for the same declarations in the BFF, its detail and the form', async () => {
  const stored = (await CompetitionModel.findById(competitionId).lean().orFail()).eligibility;
  expect(stored?.noFullTimeStudentsInWorkerGroup).toBeUndefined();
  expect(requiredDeclarations(stored, 'worker')).toEqual(['notFullTimeStudent', 'noExcludedHonour']);
  expect(requiredDeclarations(detail.eligibility, 'worker')).toEqual(['notFullTimeStudent', 'noExcludedHonour']);
  expect(detail.eligibility).toMatchObject({ noFullTimeStudentsInWorkerGroup: true, excludedHonours: ['中华技能大奖', '全国技术能手'] });

  // The BFF refuses a 职工组 registration without them…
  const worker = await signInAs([], { privacyAccepted: true });
  const undeclared = registrationInput(competitionId, { declarations: { notFullTimeStudent: false, noExcludedHonour: false, localResidence: false } });
  const refused = await api().post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(undeclared).expect(422);
  expect(refused.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['declarations.noExcludedHonour', 'declarations.notFullTimeStudent']);

  // …and the form, given the detail the BFF presents, refuses the same before sending.
  const { competitionId: _id, unionCode: _code, declarations: _declarations, yearsInTrade, ...typed } = undeclared;
  const fields = { ...EMPTY_FIELDS, ...typed, yearsInTrade: String(yearsInTrade) };
  const checked = checkForm(fields, HEXI_CODE, detail, '2026-12-03');
  expect(checked.ok).toBe(false);
  if (!checked.ok) expect(Object.keys(checked.errors).sort()).toEqual(['declarations.noExcludedHonour', 'declarations.notFullTimeStudent']);
});
