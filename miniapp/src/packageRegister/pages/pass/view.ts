import { PASS_WHAT_TO_BRING, type TMyPass } from '@contest/shared'
import { formatChinaDateTime } from '../../../format/date'

export type TPassView = {
  competition: string
  /** 8 digits in two groups of 4, as staff read them out and type them in. */
  passNumber: string
  /** The QR's text; null once revoked (its QR would only be refused at the gate). */
  token: string | null
  /** 已作废: why, and since when (China time). */
  revoked: { reason: string; at: string } | null
  /** Who, what, where and when: shown only while the pass is valid. */
  lines: { label: string; value: string }[]
  whatToBring: string[]
}

export const NO_PASS_YET = '尚未安排考场。组委会安排考点、场次和工位后即发放准考证，届时将通过微信通知您，也可随时回到这里查看。'
export const REVOKED_NOTE = '此准考证已作废，不能凭它入场。如有疑问，请联系所在工会或大赛组委会。'

/** The session's own instructions when it has any, one line each; otherwise the usual list. */
function whatToBring(instructions: string): string[] {
  const lines = instructions
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.length > 0 ? lines : [...PASS_WHAT_TO_BRING]
}

export function toPassView(pass: TMyPass): TPassView {
  const { session } = pass
  return {
    competition: pass.competition.name,
    passNumber: `${pass.passNumber.slice(0, 4)} ${pass.passNumber.slice(4)}`,
    token: pass.revoked || pass.token === '' ? null : pass.token,
    revoked: pass.revoked ? { reason: pass.revoked.reason, at: formatChinaDateTime(pass.revoked.at) } : null,
    lines: pass.revoked
      ? []
      : [
          { label: '姓名', value: pass.name },
          { label: '身份证号', value: pass.nationalIdMasked },
          { label: '工种', value: `${pass.trade.name} · ${pass.group.name}` },
          { label: '考点', value: pass.venue.name },
          { label: '地址', value: pass.venue.address },
          { label: '场次', value: session.name },
          { label: '时间', value: `${formatChinaDateTime(session.startsAt)}–${session.endTime}` },
          { label: '工位', value: pass.station },
        ],
    whatToBring: whatToBring(pass.instructions),
  }
}
