import { type TAuditDesk } from '@contest/shared';
import type { Principal } from '../auth/principal';
import { AuditEventModel } from '../models/auditEvent';
import type { RegistrationRecord } from '../models/registration';
import type { PersonalDataCipher } from '../personalData/cipher';
import { actingBody, deskRole, findForDesk } from './auditScope';

/** A desk's view of a registration's personal data (the full ID, an evidence photo), written to the audit log before it is shown. */
export async function logDeskView(
  principal: Principal,
  desk: TAuditDesk,
  registration: RegistrationRecord,
  view: { kind: 'reveal' | 'evidence_view'; at: Date; detail?: Record<string, string> },
): Promise<void> {
  await AuditEventModel.create({
    kind: view.kind,
    competitionId: registration.competitionId,
    registrationId: registration._id,
    actorUserId: principal.userId,
    actorRole: deskRole(principal, desk),
    actorBody: await actingBody(principal, desk, registration),
    at: view.at,
    detail: view.detail ?? null,
  });
}

/** The full ID number and phone, shown on purpose and written to the audit log first. */
export async function revealPersonalData(
  cipher: PersonalDataCipher,
  principal: Principal,
  desk: TAuditDesk,
  id: string,
  now: Date,
): Promise<{ nationalId: string; mobile: string }> {
  const registration = await findForDesk(principal, desk, id);
  await logDeskView(principal, desk, registration, { kind: 'reveal', at: now });
  return {
    nationalId: registration.nationalIdSealed ? cipher.decrypt(registration.nationalIdSealed) : '',
    mobile: registration.mobileSealed ? cipher.decrypt(registration.mobileSealed) : '',
  };
}
