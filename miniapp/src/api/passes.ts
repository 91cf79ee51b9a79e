import { AppError, ZMyPassResponse, type TMyPass } from '@contest/shared'
import { call } from './client'

/** The worker's admission pass (准考证). */

/**
 * The pass of one of the signed-in worker's registrations, revoked or not; null while none is
 * issued (PASS_NOT_FOUND: not placed in a session yet), which is a state, not a failure.
 * REGISTRATION_NOT_FOUND for a registration that is not theirs.
 */
export async function getMyPass(registrationId: string): Promise<TMyPass | null> {
  try {
    return await call({ path: `/me/registrations/${encodeURIComponent(registrationId)}/pass`, schema: ZMyPassResponse })
  } catch (error) {
    if (error instanceof AppError && error.code === 'PASS_NOT_FOUND') return null
    throw error
  }
}
