import { AppError, SKILL_LEVELS, TEAM_ENTRY_STATUS_LABELS, TEAM_SHEET_COLUMNS, ZTeamMemberInput, type TCompetitionDetailData, type TSkillLevel, type TTeamMember, type TTeamMemberInput } from '@contest/shared'
import { errorMessage } from '../../../api/errors'

/** Each trade × group the competition has, as the member form's picker offers them. */
export function tradeGroupOptions(competition: Pick<TCompetitionDetailData, 'trades' | 'groups'>): Array<{ label: string; tradeCode: string; groupCode: TTeamMemberInput['groupCode'] }> {
  return competition.trades.flatMap((trade) =>
    competition.groups.filter((group) => trade.groups.includes(group.code)).map((group) => ({ label: `${trade.name} · ${group.name}`, tradeCode: trade.code, groupCode: group.code })),
  )
}

export const SKILL_LEVEL_OPTIONS = (Object.keys(SKILL_LEVELS) as TSkillLevel[]).map((code) => ({ code, label: SKILL_LEVELS[code] }))

export type TMemberForm = { name: string; nationalId: string; mobile: string; employer: string; yearsInTrade: string; tradeGroup: number; skillLevel: number }
export const EMPTY_MEMBER_FORM: TMemberForm = { name: '', nationalId: '', mobile: '', employer: '', yearsInTrade: '', tradeGroup: 0, skillLevel: 0 }

/** The member form checked by the shared schema: the input to send, or the first problem to show. */
export function memberInput(form: TMemberForm, options: ReturnType<typeof tradeGroupOptions>): { ok: true; input: TTeamMemberInput } | { ok: false; message: string } {
  const option = options[form.tradeGroup]
  const parsed = ZTeamMemberInput.safeParse({
    name: form.name,
    nationalId: form.nationalId,
    mobile: form.mobile,
    employer: form.employer,
    tradeCode: option?.tradeCode ?? '',
    groupCode: option?.groupCode ?? 'worker',
    skillLevel: SKILL_LEVEL_OPTIONS[form.skillLevel]?.code,
    yearsInTrade: form.yearsInTrade.trim() === '' ? undefined : Number(form.yearsInTrade),
  })
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? '请检查填写的内容' }
}

/** One member's row: who, what, and where their confirmation stands. */
export function memberRow(member: TTeamMember): { id: string; title: string; detail: string; status: string; tone: string; link: string | null } {
  return {
    id: member.id,
    title: `${member.name}  ${member.nationalIdMasked}`,
    detail: `${member.tradeName} · ${member.mobileMasked}`,
    status: TEAM_ENTRY_STATUS_LABELS[member.status],
    tone: member.status,
    link: member.confirmation ? `/${member.confirmation.path}` : null,
  }
}

export const SHEET_HINT = `报名表每行一人，列：${Object.values(TEAM_SHEET_COLUMNS).join('、')}。有一行有误则整表不导入。`

/** A refused import: the headline and each bad row the BFF named. */
export function sheetRefusal(error: unknown): { message: string; rows: string[] } {
  return { message: errorMessage(error), rows: error instanceof AppError ? (error.fields ?? []).map((f) => f.message) : [] }
}
