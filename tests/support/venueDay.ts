/**
 * A competition day for the scan page's tests (the built weapp page, the H5 page): the emulator's
 * test user `staffUser` is venue staff of the demo's main venue; the committee has placed
 * contestants in a morning and an afternoon session there and one at the branch venue, revoked
 * one pass, and one registration is no longer confirmed. Answers the QR texts for each outcome.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { ZCommitteePassResponse, type TCommitteePass, type TVenueSessionInput } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { PassSigner } from '@contest/bff/src/passSigning/signer';
import { demoCompetitionId, grantToWeChatUser, signInWeChatUser } from './auditFixtures';
import type { TestBff } from './bff';
import { confirmedRegistration, sessionInput } from './passes';
import type { TWeappVenueFixture } from './weapp-venue';

const COMMITTEE = 'venue-day-committee-1';

export async function seedVenueDay(bff: TestBff, wechatBaseUrl: string, staffUser: string): Promise<TWeappVenueFixture> {
  const competitionId = await demoCompetitionId();
  const api = () => request(bff.app.callback());
  await grantToWeChatUser(wechatBaseUrl, COMMITTEE, [{ role: 'committee', competitionId }]);
  const committee = await signInWeChatUser(bff.baseUrl, wechatBaseUrl, COMMITTEE);
  await grantToWeChatUser(wechatBaseUrl, staffUser, [{ role: 'venue_staff', competitionId, venue: 'main' }], { privacyAccepted: true });

  const session = async (input: TVenueSessionInput) => {
    const res = await api().post(`/api/v1/admin/competitions/${competitionId}/sessions`).set(committee.auth).send(input);
    if (res.status !== 201) throw new Error(`session refused: ${res.status}`);
    return (res.body as { data: { id: string } }).data.id;
  };
  const morning = await session(sessionInput({ code: 'wv-am' }));
  await session(sessionInput({ code: 'wv-pm', startTime: '14:00', endTime: '17:00' }));
  await session(sessionInput({ code: 'wv-branch', venueCode: 'branch', hosts: [{ tradeCode: 'welding', groupCode: 'student' }] }));

  const hexi = await UnionModel.findOne({ name: '河西区总工会' }).lean<UnionWithId>().orFail().exec();
  const placed = async (sessionCode: string, name: string, groupCode: 'worker' | 'student' = 'worker'): Promise<TCommitteePass> => {
    const id = await confirmedRegistration(competitionId, { union: hexi, name, groupCode });
    const res = await api().post(`/api/v1/admin/competitions/${competitionId}/registrations/${id}/placement`).set(committee.auth).send({ sessionCode });
    if (res.status !== 200) throw new Error(`placement refused: ${res.status}`);
    return ZCommitteePassResponse.parse(res.body).data;
  };

  const arriving = await placed('wv-am', '张伟');
  const typed = await placed('wv-am', '李娜');
  const unconfirmed = await placed('wv-am', '王强');
  await RegistrationModel.updateOne({ 'pass.number': unconfirmed.passNumber }, { $set: { status: 'union_approved' } }).exec();
  const revoked = await placed('wv-am', '刘洋');
  const registration = await RegistrationModel.findOne({ 'pass.number': revoked.passNumber }).lean().orFail().exec();
  const disqualified = await api()
    .post(`/api/v1/admin/competitions/${competitionId}/registrations/${registration._id.toHexString()}/disqualify`)
    .set(committee.auth)
    .send({ reason: '冒名顶替', version: registration.version });
  if (disqualified.status !== 200) throw new Error(`disqualification refused: ${disqualified.status}`);
  const afternoon = await placed('wv-pm', '陈磊');
  const branch = await placed('wv-branch', '周敏', 'student');
  // Signed with the BFF's own key, for a pass that does not exist.
  const unknown = PassSigner.fromConfig(bff.config).sign(new Types.ObjectId(competitionId), { passSerial: 9_999_000, passVersion: 1, venueCode: 'main', sessionCode: 'wv-am' });
  // One character of the signature changed.
  const forged = `${arriving.token.slice(0, 60)}${arriving.token[60] === 'A' ? 'B' : 'A'}${arriving.token.slice(61)}`;

  return {
    session: morning,
    tokens: {
      checked_in: arriving.token,
      not_confirmed: unconfirmed.token,
      wrong_venue: branch.token,
      wrong_session: afternoon.token,
      revoked: revoked.token,
      unknown,
      forged,
    },
    person: { name: arriving.name, passNumber: arriving.passNumber, station: arriving.station, nationalIdMasked: arriving.nationalIdMasked },
    typedPassNumber: typed.passNumber,
  };
}
