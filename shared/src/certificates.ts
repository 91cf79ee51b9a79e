import { z } from 'zod';
import type { TAward } from './resultsSettings';

/** The public verification page's question: a scanned QR token, or a typed short code. */
export const ZCertificateVerifyQuery = z
  .object({ token: z.string().max(200).optional(), code: z.string().max(40).optional() })
  .refine((q) => (q.token === undefined) !== (q.code === undefined), { message: '请提供证书二维码或证书编号（二者选一）' });
export type TCertificateVerifyQuery = z.infer<typeof ZCertificateVerifyQuery>;

/** What the certificate says, as the public page shows it: the name partly masked, no ID number. */
export interface TVerifiedCertificate {
  competitionName: string;
  maskedName: string;
  award: TAward;
  awardLabel: string;
  honours: string[];
  tradeName: string;
  groupName: string;
  /** YYYY-MM-DD, China time. */
  issuedDate: string;
  shortCode: string;
}

/**
 * valid; revoked (with its date); unknown (no such certificate); forged (a token not signed here,
 * or altered); mistyped (a short code whose check character fails). `message` is the page's sentence.
 */
export type TCertificateVerification =
  | { status: 'valid'; message: string; certificate: TVerifiedCertificate }
  | { status: 'revoked'; message: string; revokedDate: string; certificate: TVerifiedCertificate }
  | { status: 'unknown' | 'forged' | 'mistyped'; message: string };

/** 张伟 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜: the first and (for three or more) last character stay. */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
