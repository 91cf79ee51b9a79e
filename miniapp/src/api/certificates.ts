import { ZCertificateVerificationResponse, type TCertificateVerification } from '@contest/shared'
import { call } from './client'

/** The public certificate check (/public/certificates/verify, no session, limited per address). */

/** A certificate's QR token or its typed short code: valid, revoked, unknown, forged or mistyped, each with the sentence to show. */
export function verifyCertificate(question: { token: string } | { code: string }): Promise<TCertificateVerification> {
  return call({ path: '/public/certificates/verify', query: question, schema: ZCertificateVerificationResponse, auth: 'public' })
}
