import {
  INVITATION_STATUS_LABELS,
  ROLE_LABELS,
  ZInvitationCreateInput,
  type TCreatedInvitation,
  type TInvitation,
  type TInvitationCreateInput,
  type TMe,
  type TRole,
  type TRoleGrant,
} from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'
import { hasRole, scopeText } from '../../../roles/view'

export type TInviteForm = {
  role: TRole | null
  union: { id: string; name: string } | null
  /** null: every competition (unscoped union officials, and committee members made by admins). */
  competitionId: string | null
  venue: string
  expiresInHours: number
  note: string
}

export const EMPTY_FORM: TInviteForm = {
  role: null,
  union: null,
  competitionId: null,
  venue: '',
  expiresInHours: 72,
  note: '',
}

export const EXPIRY_OPTIONS = [
  { hours: 24, label: '1 天' },
  { hours: 72, label: '3 天' },
  { hours: 168, label: '7 天' },
  { hours: 336, label: '14 天' },
] as const

export type TFormField = 'role' | 'unionId' | 'competitionId' | 'venue' | 'expiresInHours' | 'note'
export type TFormErrors = Partial<Record<TFormField, string>>

/** Everyone on the committee manages every competition (no competition-scoped grant only). */
export function managesAllCompetitions(me: TMe): boolean {
  return me.roles.some((g) => g.role === 'admin' || (g.role === 'committee' && g.scope.competitionId === null))
}

/** The roles the viewer may invite: only admins make admins. */
export function invitableRoles(me: TMe): { role: TRole; label: string }[] {
  const roles: TRole[] = ['union_official', 'committee', 'venue_staff']
  if (hasRole(me.roles, 'admin')) roles.push('admin')
  return roles.map((role) => ({ role, label: ROLE_LABELS[role] }))
}

export const needsUnion = (role: TRole | null) => role === 'union_official'
export const choosesCompetition = (role: TRole | null) => role === 'union_official' || role === 'committee' || role === 'venue_staff'
export const needsVenue = (role: TRole | null) => role === 'venue_staff'

/**
 * Whether the viewer may give this role for every competition (全部赛事): union officials by whoever
 * manages every competition, committee members by admins only (the BFF decides the same).
 */
function mayGrantAllCompetitions(role: TRole | null, me: TMe): boolean {
  if (role === 'union_official') return managesAllCompetitions(me)
  if (role === 'committee') return hasRole(me.roles, 'admin')
  return false
}

/** Competition choices for the role, with 全部赛事 first where the viewer may grant it. */
export function competitionOptions(
  role: TRole | null,
  competitions: readonly { id: string; name: string }[],
  me: TMe,
): { id: string | null; label: string }[] {
  if (!choosesCompetition(role)) return []
  const options: { id: string | null; label: string }[] = competitions.map((c) => ({ id: c.id, label: c.name }))
  if (mayGrantAllCompetitions(role, me)) options.unshift({ id: null, label: '全部赛事' })
  return options
}

/**
 * The venues of the chosen competition, to pick one for a 现场工作人员. The invitation carries
 * the venue's name (what the staff member and 我的 show).
 */
export function venueOptions(
  competitionId: string | null,
  competitions: readonly { id: string; venues: readonly { code: string; name: string; address: string }[] }[],
): { value: string; label: string; hint: string }[] {
  const competition = competitions.find((c) => c.id === competitionId)
  return (competition?.venues ?? []).map((v) => ({ value: v.name, label: v.name, hint: v.address }))
}

/** The create request, checked by the same shared schema the BFF uses; or the problems per field. */
export function toCreateInput(form: TInviteForm, me: TMe): { ok: true; input: TInvitationCreateInput } | { ok: false; errors: TFormErrors } {
  if (form.role === null) return { ok: false, errors: { role: '请选择角色' } }
  if (form.role === 'committee' || form.role === 'union_official') {
    if (form.competitionId === null && !mayGrantAllCompetitions(form.role, me)) return { ok: false, errors: { competitionId: '请选择赛事' } }
  }
  const parsed = ZInvitationCreateInput.safeParse({
    role: form.role,
    unionId: needsUnion(form.role) ? (form.union?.id ?? null) : null,
    competitionId: choosesCompetition(form.role) ? form.competitionId : null,
    venue: needsVenue(form.role) && form.venue.trim() !== '' ? form.venue.trim() : null,
    note: form.note,
    expiresInHours: form.expiresInHours,
  })
  if (parsed.success) return { ok: true, input: parsed.data }
  const errors: TFormErrors = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'role') as TFormField
    errors[field] ??= issue.message
  }
  return { ok: false, errors }
}

export type TCreatedView = {
  code: string
  roleLabel: string
  scope: string
  expires: string
  /** The mini-program code that opens the invitation (a data: URL), when WeChat drew one. */
  qrImage: string | null
}

export function toCreatedView(created: TCreatedInvitation): TCreatedView {
  return {
    code: created.code,
    roleLabel: ROLE_LABELS[created.role],
    scope: scopeText(created.role, created.scope),
    expires: `请在 ${formatChinaDateTime(created.expiresAt)} 前接受`,
    qrImage: created.qrImage,
  }
}

export type TInvitationRow = {
  id: string
  title: string
  statusLabel: string
  pending: boolean
  detail: string
}

export function toInvitationRows(items: readonly TInvitation[]): TInvitationRow[] {
  return items.map((inv) => ({
    id: inv.id,
    title: `${ROLE_LABELS[inv.role]} · ${scopeText(inv.role, inv.scope)}`,
    statusLabel: INVITATION_STATUS_LABELS[inv.status],
    pending: inv.status === 'pending',
    detail: [
      inv.status === 'pending' ? `有效期至 ${formatChinaDateTime(inv.expiresAt)}` : `创建于 ${formatChinaDateTime(inv.createdAt)}`,
      inv.note,
    ]
      .filter(Boolean)
      .join(' · '),
  }))
}

export type TGrantRow = { id: string; title: string; detail: string }

export function toGrantRows(items: readonly TRoleGrant[]): TGrantRow[] {
  return items.map((grant) => ({
    id: grant.id,
    title: `${ROLE_LABELS[grant.role]} · ${scopeText(grant.role, grant.scope)}`,
    detail: `授予于 ${formatChinaDateTime(grant.grantedAt)}`,
  }))
}
