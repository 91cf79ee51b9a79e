import '../../independentSession'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import type { TVenueSessionView } from '@contest/shared'
import { getMe } from '../../../api/account'
import { errorMessage } from '../../../api/errors'
import { listWatchedSessions } from '../../../api/venueBoard'
import { downloadVenueRoster, sendCheckIn, sendCheckInBatch } from '../../../api/venueCheckIn'
import { formatChinaDateTime } from '../../../format/date'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openInvite, openPage, PAGES } from '../../../navigation/routes'
import { CheckInDesk, NoRosterError, isNetworkFailure, type TScanAnswer, type TScanInput } from '../../checkIn/scanDesk'
import { networkAvailable, scanQrCode, taroStorage, watchNetwork } from '../../checkIn/taroDevice'
import { chooseSession, chosenSessionOf, saveSessions, sessionsOf } from '../../checkIn/venueStore'
import { NOT_VENUE_STAFF_MESSAGE, passNumberProblem, sessionLabel, toScanResultView, toVenuePosts } from './view'

import '../../../roles/staffPages.scss'
import './index.scss'

const api = { checkIn: sendCheckIn, checkInBatch: sendCheckInBatch, roster: downloadVenueRoster }

type TLoaded = { staff: boolean; sessions: TVenueSessionView[] }

/** How often to try the BFF again while the phone has a network the BFF cannot be reached over. */
const RETRY_MS = 20_000

/** The staff member's sessions: online from the BFF (and kept), else the ones kept on the phone. */
async function loadSessions(): Promise<TLoaded> {
  try {
    if (toVenuePosts(await getMe()).length === 0) return { staff: false, sessions: [] }
    const sessions = await listWatchedSessions()
    saveSessions(taroStorage, sessions)
    return { staff: true, sessions }
  } catch (error) {
    const kept = sessionsOf(taroStorage)
    if (isNetworkFailure(error) && kept.length > 0) return { staff: true, sessions: kept }
    throw error
  }
}

/** 现场签到: pick the session, scan (or type the pass number), read the answer at a glance; offline from the roster. */
export default function VenueScan() {
  const { state, reload } = usePageData(loadSessions, [])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const { staff, sessions } = state.data
  if (!staff) {
    return (
      <View className="staff venue-scan">
        <View className="staff__card">
          <View className="staff__title">现场签到</View>
          <View className="staff__note">{NOT_VENUE_STAFF_MESSAGE}</View>
          <Button className="staff__action" onClick={() => void openInvite()}>
            输入邀请码
          </Button>
        </View>
      </View>
    )
  }
  if (sessions.length === 0) {
    return (
      <View className="staff venue-scan">
        <View className="staff__card">
          <View className="staff__title">现场签到</View>
          <View className="staff__note">本赛场还没有安排场次，请联系组委会。</View>
        </View>
      </View>
    )
  }
  return <ScanDesk sessions={sessions} />
}

function ScanDesk({ sessions }: { sessions: TVenueSessionView[] }) {
  const kept = chosenSessionOf(taroStorage)
  const [sessionId, setSessionId] = useState(sessions.some((s) => s.id === kept) ? kept! : sessions[0]!.id)
  const session = sessions.find((s) => s.id === sessionId) ?? sessions[0]!
  const desk = useMemo(() => new CheckInDesk(taroStorage, api, session.id), [session.id])
  // Online = the phone has a network and the BFF answered the last time it was asked.
  const [phoneNetwork, setPhoneNetwork] = useState(true)
  const [reachable, setReachable] = useState(true)
  const online = phoneNetwork && reachable
  const [waiting, setWaiting] = useState(() => desk.waiting())
  const [roster, setRoster] = useState(() => desk.roster())
  const [answer, setAnswer] = useState<TScanAnswer | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)

  const upload = useCallback(async () => {
    if (desk.waiting() === 0) return
    const outcome = await desk.upload()
    setWaiting(desk.waiting())
    if (outcome.uploaded > 0) setReachable(true)
    if (outcome.failure && isNetworkFailure(outcome.failure)) setReachable(false)
    const revised = outcome.revised.map(({ result }) => `${result.person?.name ?? result.nonce}：${result.message}`)
    const stopped = outcome.failure && !isNetworkFailure(outcome.failure) ? `上传未完成：${errorMessage(outcome.failure)}` : null
    if (outcome.uploaded > 0 || stopped) setNotice([outcome.uploaded > 0 ? `已上传 ${outcome.uploaded} 条离线签到` : null, ...revised, stopped].filter(Boolean).join('\n'))
  }, [desk])

  const refreshRoster = useCallback(async () => {
    try {
      setRoster(await desk.downloadRoster())
      setReachable(true)
    } catch (error) {
      if (isNetworkFailure(error)) setReachable(false)
      else setNotice(`名单下载失败：${errorMessage(error)}`)
    }
  }, [desk])

  /** Back online (or maybe): the queue first, then a fresh roster. */
  const sync = useCallback(() => upload().then(refreshRoster), [upload, refreshRoster])

  // The network's state, and what to do when it comes back: upload the queue, refresh the roster.
  useEffect(() => {
    setRoster(desk.roster())
    setWaiting(desk.waiting())
    let live = true
    const follow = (available: boolean) => {
      if (!live) return
      setPhoneNetwork(available)
      if (!available) return
      setReachable(true)
      void sync()
    }
    void networkAvailable().then(follow)
    const stop = watchNetwork(follow)
    return () => {
      live = false
      stop()
    }
  }, [desk, sync])

  // The phone has a network but the BFF did not answer (poor signal): ask again now and then.
  useEffect(() => {
    if (!phoneNetwork || reachable) return
    const timer = setInterval(() => void sync(), RETRY_MS)
    return () => clearInterval(timer)
  }, [phoneNetwork, reachable, sync])

  const check = async (input: TScanInput) => {
    setBusy(true)
    setProblem(null)
    try {
      const answered = await desk.scan(input, online)
      if (answered.answeredBy === 'phone' && online) setReachable(false)
      setAnswer(answered)
      setWaiting(desk.waiting())
      if (answered.answeredBy === 'bff' && desk.waiting() > 0) void upload()
    } catch (error) {
      setAnswer(null)
      setProblem(error instanceof NoRosterError ? error.message : errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    const token = await scanQrCode()
    if (token !== null) await check({ token })
  }

  const submitTyped = async () => {
    const wrong = passNumberProblem(typed)
    if (wrong) {
      setProblem(wrong)
      return
    }
    await check({ passNumber: typed })
    setTyped('')
  }

  const view = answer && toScanResultView(answer.result, answer.answeredBy)
  return (
    <View className="staff venue-scan">
      <View className={`venue-scan__status venue-scan__status--${online ? 'online' : 'offline'}`}>
        <Text className="venue-scan__network">{online ? '在线' : '离线'}</Text>
        <Text className="venue-scan__waiting">{waiting > 0 ? `${waiting} 条签到待上传` : '没有待上传的签到'}</Text>
      </View>

      <View className="staff__card">
        <View className="staff__title">现场签到</View>
        <View className="staff__note venue-scan__current">{sessionLabel(session)}</View>
        {process.env.TARO_ENV === 'weapp' && (
          <Button className="staff__action venue-scan__scan" disabled={busy} onClick={() => void scan()}>
            扫码签到
          </Button>
        )}
        <View className="venue-scan__manual">
          <Input
            className="venue-scan__input"
            type="number"
            maxlength={8}
            placeholder="输入8位准考证号"
            value={typed}
            onInput={(event) => setTyped(event.detail.value)}
          />
          <Button className="venue-scan__submit" disabled={busy} onClick={() => void submitTyped()}>
            签到
          </Button>
        </View>
      </View>
      {view && (
        <View className={`venue-scan__result venue-scan__result--${view.tone}`}>
          <View className="venue-scan__headline">{view.headline}</View>
          {view.detail && <View className="venue-scan__detail">{view.detail}</View>}
          {view.lines.map((line) => (
            <View key={line.label} className="venue-scan__line">
              <Text className="venue-scan__label">{line.label}</Text>
              <Text className="venue-scan__value">{line.value}</Text>
            </View>
          ))}
          {view.offline && <View className="venue-scan__offline">离线核验，联网后自动上传</View>}
        </View>
      )}
      {problem && <View className="venue-scan__problem">{problem}</View>}
      {notice && <View className="staff__note venue-scan__notice">{notice}</View>}

      <View className="staff__card">
        <View className="staff__title">场次</View>
        <View className="venue-scan__sessions">
          {sessions.map((s) => (
            <View
              key={s.id}
              className={`venue-scan__session${s.id === session.id ? ' venue-scan__session--chosen' : ''}`}
              onClick={() => {
                chooseSession(taroStorage, s.id)
                setSessionId(s.id)
                setAnswer(null)
              }}
            >
              {sessionLabel(s)}
            </View>
          ))}
        </View>
        <View className="staff__note venue-scan__roster">
          {roster ? `离线名单：${roster.entries.length} 人，${formatChinaDateTime(roster.generatedAt)} 更新` : '未下载离线名单'}
        </View>
        {online && (
          <Button className="venue-scan__roster-action" size="mini" onClick={() => void refreshRoster()}>
            {roster ? '更新名单' : '下载名单'}
          </Button>
        )}
        {phoneNetwork && waiting > 0 && (
          <Button className="venue-scan__roster-action" size="mini" onClick={() => void upload()}>
            立即上传
          </Button>
        )}
        <Button className="venue-scan__roster-action venue-scan__board" size="mini" onClick={() => void openPage(PAGES.venueBoard, { session: session.id })}>
          签到看板
        </Button>
      </View>
    </View>
  )
}
