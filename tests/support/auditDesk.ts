/**
 * The union desk and the set-up as the level-by-level audit tests use them (tests/api/audit-levels.test.ts,
 * tests/api/school-path.test.ts): one competition's queue, a registration's detail, a decision on its
 * current version, and the set-up read and sent back with changes.
 */
import request from 'supertest';
import {
  ZAuditQueueResponse,
  ZAuditRegistrationResponse,
  ZCompetitionSetupResponse,
  type TCompetitionSetupInput,
  type TCompetitionSetupView,
} from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import type { TestPerson } from './auth';
import type { TestHarness } from './bff';

/** What the helpers act on, read when each is called (the tests set it up in `beforeAll`). */
export interface AuditDeskContext {
  harness: TestHarness;
  competitionId: string;
  committee: TestPerson;
}

export function auditDesk(context: () => AuditDeskContext) {
  const api = () => request(context().harness.app.callback());

  /** The ids in `person`'s 待工会审核 tab. */
  async function waitingIds(person: TestPerson): Promise<string[]> {
    const { competitionId } = context();
    const res = await api().get(`/api/v1/audit/union/competitions/${competitionId}/registrations`).query({ limit: 100 }).set(person.auth).expect(200);
    return ZAuditQueueResponse.parse(res.body).data.items.map((item) => item.id);
  }

  async function detail(person: TestPerson, desk: 'union' | 'committee', id: string) {
    const res = await api().get(`/api/v1/audit/${desk}/registrations/${id}`).set(person.auth).expect(200);
    return ZAuditRegistrationResponse.parse(res.body).data;
  }

  /** A decision on the current version (approve unless `body` says otherwise), expecting `status`. */
  async function decide(person: TestPerson, desk: 'union' | 'committee', id: string, status: number, body: object = { decision: 'approve' }) {
    const { version } = await RegistrationModel.findById(id).lean().orFail();
    return api().post(`/api/v1/audit/${desk}/registrations/${id}/decision`).set(person.auth).send({ version, ...body }).expect(status);
  }

  async function setupView(): Promise<TCompetitionSetupView> {
    const { competitionId, committee } = context();
    return ZCompetitionSetupResponse.parse((await api().get(`/api/v1/admin/competitions/${competitionId}`).set(committee.auth).expect(200)).body).data;
  }

  /** The set-up as it is, with `overrides`, sent back on its version; expects `status`. */
  async function putSetup(overrides: Partial<TCompetitionSetupInput>, status: number) {
    const { competitionId, committee } = context();
    const view = await setupView();
    const { name, organiser, description, publication, registrationOpensAt, registrationClosesAt, groups, trades, participatingUnionIds, quotas, eligibility, venues } = view;
    const setup = { name, organiser, description, publication, registrationOpensAt, registrationClosesAt, groups, trades, participatingUnionIds, quotas, eligibility, venues, ...overrides };
    return api().put(`/api/v1/admin/competitions/${competitionId}`).set(committee.auth).send({ version: view.version, setup }).expect(status);
  }

  return { waitingIds, detail, decide, setupView, putSetup };
}
