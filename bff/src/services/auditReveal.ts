import { type TAuditDesk } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { AuditEventModel } from '../models/auditEvent';
import type { PersonalDataCipher } from '../personalData/cipher';
import { actingBody, deskRole, findForDesk } from './auditScope';

/** The full ID number and phone, shown on purpose and written to the audit log first. */
export async function revealPersonalData(
  cipher: PersonalDataCipher,
  principal: Principal,
  desk: TAuditDesk,
  id: string,
  now: Date,
): Promise<{ nationalId: string; mobile: string }> {
  const registration = await findForDesk(principal, desk, id);
  await AuditEventModel.create({
    kind: 'reveal',
    competitionId: registration.competitionId,
    registrationId: registration._id,
    actorUserId: principal.userId,
    actorRole: deskRole(principal, desk),
    actorBody: await actingBody(principal, desk, registration),
    at: now,
  });
  return {
    nationalId: registration.nationalIdSealed ? cipher.decrypt(registration.nationalIdSealed) : '',
    mobile: registration.mobileSealed ? cipher.decrypt(registration.mobileSealed) : '',
  };
}
