import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Picker, Text, View } from '@tarojs/components'
import { getMe } from '../../../api/account'
import { getAuditSummary, getReachability, listAuditCompetitions } from '../../../api/audit'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { formatChinaDate } from '../../../format/date'
import { usePageData } from '../../../loading/usePageData'
import { openInvite, openPage, PAGES } from '../../../navigation/routes'
import { DESK_TITLES, NOT_AT_DESK_MESSAGE, deskOf, worksAtDesk } from '../../desk'
import PosterCard from './PosterCard'
import { posterUnionsFor, posterUnionsOf, quotaLines, reachCard, statusBars, toAuditHome, tradeBars, unionBars, type TBar, type TReachCard } from './view'

import '../../audit.scss'

function Bars({ title, bars, onTap }: { title: string; bars: TBar[]; onTap?: (bar: TBar) => void }) {
  return (
    <View className="audit__card audit-bars">
      <View className="audit__heading">{title}</View>
      {bars.length === 0 && <View className="audit__empty">暂无报名</View>}
      {bars.map((bar) => (
        <View key={bar.key} className="audit-bar" onClick={onTap ? () => onTap(bar) : undefined}>
          <Text className="audit-bar__label">{bar.label}</Text>
          <View className="audit-bar__track">
            {/* A few registrations among thousands still show as a sliver; none shows an empty track. */}
            <View
              className={`audit-bar__fill audit-bar__fill--${bar.status ?? 'all'}`}
              style={{ width: `${bar.count > 0 ? Math.max(bar.percent, 2) : 0}%` }}
            />
          </View>
          <Text className="audit-bar__count">{bar.count}</Text>
        </View>
      ))}
    </View>
  )
}

/** How many of the desk's workers WeChat can send their next message to, and the way to those it cannot. */
function ReachCard({ card, onOpen }: { card: TReachCard; onOpen: () => void }) {
  return (
    <View className="audit__card audit-reach">
      <View className="audit__heading">微信消息可达</View>
      <View className="audit-reach__figure">{card.figure}</View>
      <View className="audit__hint">审核结果、确认结果和大赛通知需要报名人在小程序中订阅才能通过微信推送；未订阅的只能在小程序“消息”中看到。</View>
      {card.link && (
        <Text className="audit__link audit-reach__open" onClick={onOpen}>
          {card.link}
        </Text>
      )}
    </View>
  )
}

/**
 * The audit desk's home (审核工作台 for union officials; 组委会报名确认 with `?desk=committee`):
 * the competition, counts by status, by trade × group and by union as bars, places left per quota,
 * how many workers WeChat can reach (with the way to whom to phone), and the way into the queue.
 */
export default function AuditHome() {
  const desk = deskOf(useRouter().params.desk)
  const [chosen, setChosen] = useState<string | null>(null)

  useEffect(() => {
    if (desk === 'committee') void Taro.setNavigationBarTitle({ title: DESK_TITLES.committee })
  }, [desk])

  const home = usePageData(async () => {
    const me = await getMe()
    if (!worksAtDesk(me, desk)) return { allowed: false as const, unions: [], posterUnions: [], competitions: [] }
    return {
      allowed: true as const,
      unions: toAuditHome(me).unions,
      posterUnions: desk === 'union' ? posterUnionsOf(me) : [],
      competitions: await listAuditCompetitions(desk),
    }
  }, [desk])

  const competitions = home.state.kind === 'ready' ? home.state.data.competitions : []
  const competition = competitions.find((c) => c.id === chosen) ?? competitions[0] ?? null
  const summary = usePageData(
    () => (competition ? getAuditSummary(desk, competition.id) : Promise.resolve(null)),
    [desk, competition?.id],
  )
  const reach = usePageData(
    () => (competition ? getReachability(desk, competition.id) : Promise.resolve(null)),
    [desk, competition?.id],
  )

  if (home.state.kind !== 'ready') return <PageStatus state={home.state} onRetry={() => void home.reload()} />
  const { allowed, unions, posterUnions } = home.state.data

  if (!allowed) {
    return (
      <View className="audit audit-home">
        <View className="audit__card">
          <View className="audit__title">{DESK_TITLES[desk]}</View>
          <View className="audit__hint">{NOT_AT_DESK_MESSAGE[desk]}</View>
          {desk === 'union' && (
            <Button className="audit__primary" onClick={() => void openInvite()}>
              输入邀请码
            </Button>
          )}
        </View>
      </View>
    )
  }

  const openQueue = (status?: string) =>
    competition && void openPage(PAGES.auditQueue, { desk, competitionId: competition.id, ...(status ? { status } : {}) })

  return (
    <View className="audit audit-home">
      <View className="audit__card">
        <View className="audit__title">{DESK_TITLES[desk]}</View>
        {unions.map((name) => (
          <View key={name} className="audit-line">
            <Text className="audit-line__label">负责工会</Text>
            <Text className="audit-line__value audit-home__union">{name}</Text>
          </View>
        ))}
        {desk === 'union' && <View className="audit__hint">您审核本工会及其下级工会的报名；审核通过后自动转大赛组委会确认。</View>}
        {desk === 'committee' && <View className="audit__hint">工会审核通过的报名在这里确认；确认即报名成功，确认时再次核对名额。</View>}
      </View>

      {competitions.length === 0 && <StatusView kind="empty" message="暂无可审核的赛事" />}

      {competition && (
        <View className="audit__card">
          <View className="audit-line">
            <Text className="audit-line__label">赛事</Text>
            {competitions.length > 1 ? (
              <Picker
                mode="selector"
                range={competitions.map((c) => c.name)}
                value={competitions.indexOf(competition)}
                onChange={(event) => setChosen(competitions[Number(event.detail.value)]?.id ?? null)}
              >
                <Text className="audit-line__value audit-home__competition">{competition.name} ▾</Text>
              </Picker>
            ) : (
              <Text className="audit-line__value audit-home__competition">{competition.name}</Text>
            )}
          </View>
          <View className="audit-line">
            <Text className="audit-line__label">报名截止</Text>
            <Text className="audit-line__value">{formatChinaDate(competition.registrationClosesAt)}</Text>
          </View>
          <Button className="audit__primary audit-home__open" onClick={() => openQueue()}>
            {desk === 'union' ? '审核报名' : '确认报名'}
            {competition.waiting > 0 ? `（${competition.waiting}条待处理）` : ''}
          </Button>
          {desk === 'union' && (
            <Button className="audit__secondary" onClick={() => void openPage(PAGES.auditTeams, { competitionId: competition.id })}>
              团体报名
            </Button>
          )}
        </View>
      )}

      {competition && <PosterCard unions={posterUnionsFor(posterUnions, competition.id)} competition={competition} />}

      {competition && reach.state.kind === 'ready' && reach.state.data && (
        <ReachCard
          card={reachCard(reach.state.data)}
          onOpen={() => void openPage(PAGES.auditReachability, { desk, competitionId: competition.id })}
        />
      )}
      {competition && reach.state.kind === 'error' && (
        <View className="audit__card audit-reach">
          <View className="audit__heading">微信消息可达</View>
          <View className="audit__error">{reach.state.message}</View>
        </View>
      )}

      {competition && summary.state.kind !== 'ready' && <PageStatus state={summary.state} onRetry={() => void summary.reload()} />}
      {summary.state.kind === 'ready' && summary.state.data && (
        <View className="audit-dashboard">
          <Bars title="按状态" bars={statusBars(summary.state.data)} onTap={(bar) => openQueue(bar.status)} />
          <Bars title="按工种组别" bars={tradeBars(summary.state.data)} />
          {summary.state.data.byUnion.length > 0 && <Bars title={desk === 'union' ? '按下级工会' : '按工会'} bars={unionBars(summary.state.data)} />}
          <View className="audit__card audit-quotas">
            <View className="audit__heading">名额使用</View>
            {summary.state.data.quotas.length === 0 && <View className="audit__empty">本赛事未设名额限制</View>}
            {quotaLines(summary.state.data).map((line) => (
              <View key={line.key} className={`audit-quota${line.full ? ' audit-quota--full' : ''}`}>
                <View className="audit-quota__what">
                  <Text>{line.label}</Text>
                  <Text className="audit-quota__union">{line.union}</Text>
                </View>
                <Text className="audit-quota__text">{line.text}</Text>
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}
