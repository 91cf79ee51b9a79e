import { Types } from 'mongoose';
import { AppError } from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { CertificateModel, type CertificateRecord } from '../../models/certificate';
import { getManagedCompetition } from '../competitionSetup';
import { getMyRegistration } from '../registrations';
import type { CertificatePrint } from './certificatePdf';

/** The worker's own certificate for a registration; refused plainly when there is none (no award, or not final yet). */
export async function myCertificate(principal: Principal, registrationId: string): Promise<CertificatePrint> {
  const { registration, competition } = await getMyRegistration(principal, registrationId);
  const certificate = await CertificateModel.findOne({ registrationId: registration._id, revokedAt: null }).lean<CertificateRecord>().exec();
  if (!certificate) throw new AppError('CERTIFICATE_NOT_FOUND');
  return { certificate, competition };
}

/** The committee's print of a competition's certificates (one trade when asked), not revoked ones, by trade, group and serial. */
export async function competitionCertificates(principal: Principal, competitionId: string, tradeCode?: string): Promise<CertificatePrint[]> {
  const competition = await getManagedCompetition(principal, competitionId);
  const filter = { competitionId: new Types.ObjectId(competition._id), revokedAt: null, ...(tradeCode ? { tradeCode } : {}) };
  const certificates = await CertificateModel.find(filter).sort({ tradeCode: 1, groupCode: 1, serial: 1 }).lean<CertificateRecord[]>().exec();
  if (certificates.length === 0) throw new AppError('CERTIFICATE_NOT_FOUND', '没有可打印的证书：成绩尚未确定，或该工种没有获奖者');
  return certificates.map((certificate) => ({ certificate, competition }));
}
