/**
 * Sessions, confirmed registrations and their passes for the tests of placing and checking in
 * (tests/api/venue-*.test.ts): registrations written straight to the database as the committee's
 * confirmation leaves them (the audit flow has its own tests, and the demo's quotas allow one per
 * union × trade × group), sessions and placements through the committee's API.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { Types } from 'mongoose';
import { ZCommitteePassResponse, ZVenueSessionResponse, type TCommitteePass, type TVenueSessionInput, type TVenueSessionView } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import type { UnionWithId } from '@contest/bff/src/models/union';
import type { TestPerson } from './auth';
import type { TestHarness } from './bff';

let serial = 0;

export interface ConfirmedOptions {
  union: UnionWithId;
  name?: string;
  tradeCode?: string;
  groupCode?: 'worker' | 'student';
  confirmedAt?: Date;
  userId?: Types.ObjectId;
}

/** A confirmed registration (ID and phone only masked, as the desks and the venue see them); answers its id. */
export async function confirmedRegistration(competitionId: string, options: ConfirmedOptions): Promise<string> {
  serial += 1;
  const confirmedAt = options.confirmedAt ?? new Date();
  const created = await RegistrationModel.create({
    competitionId: new Types.ObjectId(competitionId),
    unionId: options.union._id,
    unionPath: [...options.union.ancestorIds, options.union._id],
    userId: options.userId ?? new Types.ObjectId(),
    name: options.name ?? `选手${serial}`,
    nationalIdHash: randomBytes(16).toString('hex'),
    nationalIdMasked: `120103********${String(1000 + serial).slice(-4)}`,
    mobileMasked: '138****5678',
    age: 30,
    sex: 'male',
    employer: '天津港（集团）有限公司',
    tradeCode: options.tradeCode ?? 'welding',
    groupCode: options.groupCode ?? 'worker',
    status: 'confirmed',
    version: 2,
    timeline: [{ at: confirmedAt, action: 'committee_confirm', actor: 'committee', actorName: '大赛组委会', from: 'union_approved', to: 'confirmed' }],
  });
  return created._id.toHexString();
}

/** A session input for the demo competition (its venue `main`): welding 职工组, 10 stations, unless said otherwise. */
export function sessionInput(overrides: Partial<TVenueSessionInput> = {}): TVenueSessionInput {
  return {
    code: 'main-am',
    venueCode: 'main',
    name: '上午场',
    date: '2027-09-20',
    startTime: '09:00',
    endTime: '12:00',
    capacity: 10,
    stationPrefix: 'A',
    hosts: [{ tradeCode: 'welding', groupCode: 'worker' }],
    instructions: '请携带身份证和准考证，提前 30 分钟到场',
    ...overrides,
  };
}

export async function createSession(harness: TestHarness, committee: TestPerson, competitionId: string, overrides: Partial<TVenueSessionInput> = {}): Promise<TVenueSessionView> {
  const res = await request(harness.app.callback()).post(`/api/v1/admin/competitions/${competitionId}/sessions`).set(committee.auth).send(sessionInput(overrides));
  if (res.status !== 201) throw new Error(`session refused: ${res.status} ${JSON.stringify(res.body)}`);
  return ZVenueSessionResponse.parse(res.body).data;
}

/** Places a registration in a session through the committee's API; answers its pass. */
export async function place(harness: TestHarness, committee: TestPerson, competitionId: string, registrationId: string, sessionCode: string, station?: number): Promise<TCommitteePass> {
  const res = await request(harness.app.callback())
    .post(`/api/v1/admin/competitions/${competitionId}/registrations/${registrationId}/placement`)
    .set(committee.auth)
    .send({ sessionCode, ...(station ? { station } : {}) });
  if (res.status !== 200) throw new Error(`placement refused: ${res.status} ${JSON.stringify(res.body)}`);
  return ZCommitteePassResponse.parse(res.body).data;
}
