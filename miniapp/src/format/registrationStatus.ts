import { REGISTRATION_STATUS_LABELS, type TRegistrationStatus } from '@contest/shared'

/** How a status looks, to workers and officials alike: waiting for someone, done, refused, or no longer in play. */
export type TStatusTone = 'waiting' | 'good' | 'bad' | 'off'

const TONES: Record<TRegistrationStatus, TStatusTone> = {
  submitted: 'waiting',
  union_approved: 'waiting',
  union_rejected: 'bad',
  confirmed: 'good',
  committee_rejected: 'bad',
  withdrawn: 'off',
}

export function statusBadge(status: TRegistrationStatus): { label: string; className: string } {
  return { label: REGISTRATION_STATUS_LABELS[status], className: `status-badge status-badge--${TONES[status]}` }
}
