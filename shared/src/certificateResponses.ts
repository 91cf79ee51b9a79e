import { z } from 'zod';
import { okEnvelope } from './envelope';
import { ZAward } from './resultsSettings';
import type { TCertificateVerification, TVerifiedCertificate } from './certificates';

/** The public certificate check as the mini-program checks it (the shapes of certificates.ts). */

const ZVerifiedCertificate = z.object({
  competitionName: z.string(),
  maskedName: z.string(),
  award: ZAward,
  awardLabel: z.string(),
  honours: z.array(z.string()),
  tradeName: z.string(),
  groupName: z.string(),
  issuedDate: z.string(),
  shortCode: z.string(),
}) satisfies z.ZodType<TVerifiedCertificate>;

export const ZCertificateVerification = z.discriminatedUnion('status', [
  z.object({ status: z.literal('valid'), message: z.string(), certificate: ZVerifiedCertificate }),
  z.object({ status: z.literal('revoked'), message: z.string(), revokedDate: z.string(), certificate: ZVerifiedCertificate }),
  z.object({ status: z.enum(['unknown', 'forged', 'mistyped']), message: z.string() }),
]) satisfies z.ZodType<TCertificateVerification>;
export const ZCertificateVerificationResponse = okEnvelope(ZCertificateVerification);
