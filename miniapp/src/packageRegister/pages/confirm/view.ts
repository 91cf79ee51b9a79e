import { DECLARATION_TEXT, SKILL_LEVELS, TEAM_ENTRY_STATUS_LABELS, teamEntryTokenFromScene, type TTeamEntryView } from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'

/** The token from the link (`?t=`) or the QR code's scene (`t=<token>`). */
export function tokenFromParams(params: Partial<Record<string, string>>): string | null {
  if (params.t) return params.t
  return params.scene ? teamEntryTokenFromScene(params.scene) : null
}

/** What the union entered, line by line, as the person checks it before confirming. */
export function entryLines(entry: TTeamEntryView): Array<{ label: string; value: string }> {
  return [
    { label: '参赛队', value: `${entry.teamName}（${entry.unionName}）` },
    { label: '领队', value: entry.leaderName },
    { label: '姓名', value: entry.name },
    { label: '身份证号', value: entry.nationalIdMasked },
    { label: '手机号', value: entry.mobileMasked },
    { label: '工作单位', value: entry.employer },
    { label: '工种', value: `${entry.tradeName} · ${entry.groupName}` },
    { label: '技能等级', value: SKILL_LEVELS[entry.skillLevel] },
    { label: '从事本工种年限', value: `${entry.yearsInTrade}年` },
  ]
}

/** The declarations the person makes by confirming. */
export function declarationLines(entry: TTeamEntryView): string[] {
  return (Object.keys(DECLARATION_TEXT) as Array<keyof typeof DECLARATION_TEXT>).filter((key) => entry.declarations[key]).map((key) => DECLARATION_TEXT[key])
}

export function statusLine(entry: TTeamEntryView): string {
  if (entry.status === 'awaiting') return `请在 ${formatChinaDateTime(entry.confirmBy)} 前确认，逾期未确认的报名无效`
  if (entry.status === 'expired') return `${TEAM_ENTRY_STATUS_LABELS.expired}：报名截止前未确认，这份报名无效`
  return `${TEAM_ENTRY_STATUS_LABELS.confirmed}：报名已提交，等待工会审核`
}
