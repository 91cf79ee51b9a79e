import { invitationCodeFromScene, ROLE_LABELS, ZInvitationCode, type TInvitation, type TRoleGrant } from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'
import { roleHome, scopeLines, scopeText, type TRoleLink } from '../../../roles/view'

/**
 * The invitation code a page was opened with: from a QR code's `scene` (`i=<CODE>`, URL-encoded
 * by WeChat), or from `?code=<CODE>` (H5 links, 我的 › 输入邀请码). Null when there is none.
 */
export function inviteCodeFromParams(params: Record<string, string | undefined>): string | null {
  const fromScene = params.scene ? invitationCodeFromScene(params.scene) : null
  if (fromScene) return fromScene
  const code = params.code ? safeDecode(params.code).trim() : ''
  return code ? code.toUpperCase() : null
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The typed code, normalised; or the message to show beside the field. */
export function checkTypedCode(typed: string): { ok: true; code: string } | { ok: false; message: string } {
  if (typed.trim() === '') return { ok: false, message: '请输入邀请码' }
  const parsed = ZInvitationCode.safeParse(typed)
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? '邀请码格式不正确' }
  return { ok: true, code: parsed.data }
}

export type TOfferView = {
  roleLabel: string
  lines: { label: string; value: string }[]
  expires: string
  note: string
}

export function toOfferView(invitation: TInvitation): TOfferView {
  return {
    roleLabel: ROLE_LABELS[invitation.role],
    lines: scopeLines(invitation.role, invitation.scope),
    expires: `有效期至 ${formatChinaDateTime(invitation.expiresAt)}`,
    note: invitation.note,
  }
}

export type TAcceptedView = { roleLabel: string; scope: string; link: TRoleLink }

export function toAcceptedView(grant: TRoleGrant): TAcceptedView {
  return { roleLabel: ROLE_LABELS[grant.role], scope: scopeText(grant.role, grant.scope), link: roleHome(grant.role) }
}
