import Taro from '@tarojs/taro'
import { MINIAPP_PAGES } from '@contest/shared'

/** Every page, written down only here and in app.config.ts. */
export const PAGES = {
  home: '/pages/index/index',
  competition: '/pages/competition/index',
  mine: '/pages/mine/index',
  /** 消息: the inbox, opened from 我的. */
  inbox: '/pages/inbox/index',
  login: '/pages/login/index',
  privacy: '/pages/privacy/index',
  /** Opened from a QR code the BFF draws (scene `i=<CODE>`), or with `?code=<CODE>`. */
  invite: `/${MINIAPP_PAGES.invite}`,
  committee: '/packageCommittee/pages/index/index',
  committeeInvitations: '/packageCommittee/pages/invitations/index',
  committeeUnions: '/packageCommittee/pages/unions/index',
  committeeCompetitions: '/packageCommittee/pages/competitions/index',
  /** 大赛通知: write, narrow, preview and publish a notice; past notices with their counts. */
  committeeAnnouncements: '/packageCommittee/pages/announcements/index',
  /** 场次与考场安排, `?competitionId=`: sessions per venue, automatic assignment per trade × group, moving one registration. */
  committeeSessions: '/packageCommittee/pages/sessions/index',
  /** 成绩录入, `?competitionId=`: scores per trade × group, one entered or corrected, its history, a trade's sheet imported. */
  committeeScores: '/packageCommittee/pages/scores/index',
  /** 成绩公示, `?competitionId=`: open the 公示, answer objections, close it (results final), the exports. */
  committeeResults: '/packageCommittee/pages/results/index',
  /** The audit desks (packageAudit), `?desk=union` (default) or `?desk=committee`: home with the dashboard, queue, one registration. */
  audit: '/packageAudit/pages/home/index',
  auditQueue: '/packageAudit/pages/queue/index',
  auditDetail: '/packageAudit/pages/detail/index',
  /** `?desk=&competitionId=`: the desk's workers WeChat cannot send the next message to (whom to phone). */
  auditReachability: '/packageAudit/pages/reachability/index',
  /** 团体报名, `?competitionId=`: the union official's teams, members entered (form or sheet), each member's status and confirmation link. */
  auditTeams: '/packageAudit/pages/teams/index',
  venue: '/packageVenue/pages/scan/index',
  /** 签到看板, `?session=` (else a session picker): counts per trade, the missing list and its sheet; venue staff and the committee. */
  venueBoard: '/packageVenue/pages/board/index',
  /** `?session=`: offline double scans of a session, which scan holds the check-in. */
  venueConflicts: '/packageVenue/pages/conflicts/index',
  /** A received announcement, `?id=`: where its inbox item and WeChat message open. */
  announcement: `/${MINIAPP_PAGES.announcement}`,
  /** A competition's public results, `?competitionId=` (no sign-in), `&tradeCode=&groupCode=` to open on that list. */
  results: `/${MINIAPP_PAGES.results}`,
  /** 证书验证, `?token=` (a certificate's QR) or a typed short code (no sign-in). */
  certificateVerify: `/${MINIAPP_PAGES.certificateVerify}`,
  /** Worker registration (packageRegister): union code (typed, scanned, or a poster's scene `u=…&k=…`) → form → 我的报名. */
  registerEntry: `/${MINIAPP_PAGES.registerEntry}`,
  registerForm: '/packageRegister/pages/form/index',
  registerMine: '/packageRegister/pages/mine/index',
  registerDetail: '/packageRegister/pages/detail/index',
  /** 准考证 of a registration, `?id=` the registration: its QR code, where and when, what to bring. */
  registerPass: `/${MINIAPP_PAGES.registrationPass}`,
  /** A person entered by their union confirms, `?t=<token>` (the link) or the QR's scene `t=<token>`. */
  registerConfirm: `/${MINIAPP_PAGES.teamEntryConfirm}`,
} as const

export type TPagePath = (typeof PAGES)[keyof typeof PAGES]

export function pageUrl(path: TPagePath, query: Record<string, string> = {}): string {
  const parts = Object.entries(query).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  return parts.length > 0 ? `${path}?${parts.join('&')}` : path
}

export function openPage(path: TPagePath, query?: Record<string, string>): Promise<TaroGeneral.CallbackResult> {
  return Taro.navigateTo({ url: pageUrl(path, query) })
}

/** Opens `path` in place of the current page (back then skips the current one). */
export function replacePage(path: TPagePath, query?: Record<string, string>): Promise<TaroGeneral.CallbackResult> {
  return Taro.redirectTo({ url: pageUrl(path, query) })
}

export function openCompetition(id: string): Promise<TaroGeneral.CallbackResult> {
  return openPage(PAGES.competition, { id })
}

export function openInvite(code?: string): Promise<TaroGeneral.CallbackResult> {
  return openPage(PAGES.invite, code ? { code } : {})
}

/**
 * The app's page a link from the BFF names (a notification's `page`: `path?query`, no leading
 * slash), with its query; null when this build has no such page.
 */
export function linkedPage(link: string): { path: TPagePath; query: Record<string, string> } | null {
  const [path = '', search = ''] = link.split('?')
  const known = Object.values(PAGES).find((page) => page === `/${path.replace(/^\//, '')}`)
  if (!known) return null
  const query: Record<string, string> = {}
  for (const pair of search.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=')
    try {
      query[decodeURIComponent(key)] = decodeURIComponent(value)
    } catch {
      return null
    }
  }
  return { path: known, query }
}

/** Back to the page that sent the person to sign in, or to 我的 when there is none. */
export function leaveSignIn(): Promise<TaroGeneral.CallbackResult> {
  if (Taro.getCurrentPages().length > 1) return Taro.navigateBack()
  return Taro.redirectTo({ url: PAGES.mine })
}
