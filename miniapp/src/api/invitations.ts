import {
  ZCreatedInvitationResponse,
  ZInvitationListResponse,
  ZInvitationResponse,
  ZRoleGrantListResponse,
  ZRoleGrantResponse,
  type TCreatedInvitation,
  type TInvitation,
  type TInvitationCreateInput,
  type TRoleGrant,
} from '@contest/shared'
import { call } from './client'

/** What the invitation offers, before it is accepted (INVITATION_NOT_FOUND / USED / EXPIRED / REVOKED otherwise). */
export function getInvitationByCode(code: string): Promise<TInvitation> {
  return call({ method: 'POST', path: '/invitations/preview', body: { code }, schema: ZInvitationResponse })
}

/** Binds the invitation's role to the signed-in person; answers the new role grant. */
export function acceptInvitation(code: string): Promise<TRoleGrant> {
  return call({ method: 'POST', path: '/invitations/accept', body: { code }, schema: ZRoleGrantResponse })
}

/** The answer carries the code, once; the list never shows it again. */
export function createInvitation(input: TInvitationCreateInput): Promise<TCreatedInvitation> {
  return call({ method: 'POST', path: '/invitations', body: input, schema: ZCreatedInvitationResponse })
}

export async function listInvitations(): Promise<TInvitation[]> {
  return (await call({ path: '/invitations', schema: ZInvitationListResponse })).items
}

export function revokeInvitation(id: string): Promise<TInvitation> {
  return call({ method: 'POST', path: `/invitations/${encodeURIComponent(id)}/revoke`, schema: ZInvitationResponse })
}

export async function listRoleGrants(): Promise<TRoleGrant[]> {
  return (await call({ path: '/roles', schema: ZRoleGrantListResponse })).items
}

export function revokeRoleGrant(id: string): Promise<TRoleGrant> {
  return call({ method: 'POST', path: `/roles/${encodeURIComponent(id)}/revoke`, schema: ZRoleGrantResponse })
}
