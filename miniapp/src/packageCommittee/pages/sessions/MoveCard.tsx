import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { TCommitteePass, TCompetitionSetupView, TVenueSessionView } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { listPasses, placeRegistration } from '../../../api/venueSessions'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import Chip from '../competitions/parts/Chip'
import LabelledInput from '../competitions/parts/LabelledInput'
import { passLine } from './view'

export type Props = { competition: TCompetitionSetupView; sessions: TVenueSessionView[]; onMoved: () => void }

/**
 * 调整考场: pick a pass from the list (100 at a time, 加载更多), a session (and a station, else the lowest free one), move.
 * The pass is re-issued: same number, next version, the worker told.
 */
export default function MoveCard({ competition, sessions, onMoved }: Props) {
  const passes = usePageData(() => listPasses(competition.id, { limit: 100 }), [competition.id])
  const [chosen, setChosen] = useState<TCommitteePass | null>(null)
  const [sessionCode, setSessionCode] = useState<string | null>(null)
  const [station, setStation] = useState('')
  const [moving, setMoving] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  async function loadMore(cursor: string) {
    setLoadingMore(true)
    try {
      const next = await listPasses(competition.id, { limit: 100, cursor })
      passes.update((page) => ({ items: [...page.items, ...next.items], nextCursor: next.nextCursor }))
    } catch (error) {
      setOutcome({ ok: false, text: errorMessage(error) })
    } finally {
      setLoadingMore(false)
    }
  }

  const choose = (pass: TCommitteePass) => {
    setChosen(pass)
    setSessionCode(null)
    setStation('')
    setOutcome(null)
  }

  async function move() {
    if (!chosen || !sessionCode) return
    const number = station.trim() === '' ? undefined : Number(station)
    if (number !== undefined && !(Number.isInteger(number) && number >= 1)) {
      setOutcome({ ok: false, text: '考位号应为正整数，留空则安排最小的空考位' })
      return
    }
    setMoving(true)
    setOutcome(null)
    try {
      const moved = await placeRegistration(competition.id, chosen.registrationId, { sessionCode, ...(number ? { station: number } : {}) })
      setOutcome({ ok: true, text: `${moved.name} 已安排到 ${moved.venue.name} ${moved.session.name || moved.session.code} ${moved.station}，准考证已重新发放` })
      setChosen(null)
      onMoved()
      await passes.reload({ quiet: true })
    } catch (error) {
      setOutcome({ ok: false, text: errorMessage(error) })
    } finally {
      setMoving(false)
    }
  }

  const nextCursor = passes.state.kind === 'ready' ? passes.state.data.nextCursor : null

  return (
    <View className="committee__card move-card">
      <View className="committee__heading">调整考场</View>
      {outcome && <View className={outcome.ok ? 'committee__hint move-card__done' : 'committee__error'}>{outcome.text}</View>}
      {chosen && (
        <View className="move-card__form">
          <View className="committee__row-title">{passLine(chosen).title}</View>
          <View className="committee__row-sub">现在：{passLine(chosen).sub}</View>
          <View className="committee__label">移至场次</View>
          <View className="committee__chips">
            {sessions.map((s) => (
              <Chip key={s.code} on={sessionCode === s.code} label={`${s.venue.name} ${s.name || s.code}（${s.code}）`} onClick={() => setSessionCode(s.code)} />
            ))}
          </View>
          <LabelledInput label="考位号（留空则安排最小的空考位）" className="move-card__station" type="number" value={station} placeholder="例如 3" onInput={setStation} />
          <Button className="committee__primary" loading={moving} disabled={moving || !sessionCode || undefined} onClick={() => void move()}>
            确认调整
          </Button>
        </View>
      )}
      <View className="committee__label">已发放的准考证（点选一位考生）</View>
      {passes.state.kind !== 'ready' && <PageStatus state={passes.state} onRetry={() => void passes.reload()} />}
      {passes.state.kind === 'ready' && passes.state.data.items.length === 0 && <View className="committee__empty">还没有发放准考证</View>}
      {passes.state.kind === 'ready' &&
        passes.state.data.items.map((pass) => {
          const line = passLine(pass)
          return (
            <View key={pass.passNumber} className="committee__row move-card__pass" onClick={() => choose(pass)}>
              <View className="committee__row-main">
                <View className="committee__row-title">{line.title}</View>
                <View className="committee__row-sub">{line.sub}</View>
              </View>
              <Text className="committee__hint">调整 ›</Text>
            </View>
          )
        })}
      {nextCursor && (
        <Button className="committee__small move-card__more" loading={loadingMore} disabled={loadingMore || undefined} onClick={() => void loadMore(nextCursor)}>
          加载更多
        </Button>
      )}
    </View>
  )
}
