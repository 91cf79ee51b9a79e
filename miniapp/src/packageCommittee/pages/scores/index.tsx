import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { TScoreHistory } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { listScores, scoreHistory } from '../../../api/scores'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { loadManagedCompetitions } from '../../managedCompetitions'
import Chip from '../competitions/parts/Chip'
import CompetitionChips from '../competitions/parts/CompetitionChips'
import { NOT_COMMITTEE_MESSAGE } from '../index/view'
import { hostChoices } from '../sessions/view'
import ImportCard from './ImportCard'
import ScoreEditor from './ScoreEditor'
import { changeLine, EMPTY_SCORE_FORM, scoreForm, scoreLine, type TScoreForm } from './view'

import '../../committee.scss'
import './index.scss'

const PAGE_SIZE = 50

type THistoryShown = { passNumber: string; history: TScoreHistory | null; error: string | null }

/**
 * 成绩录入 (`?competitionId=`, else the first competition managed): per trade × group, the scores
 * page by page; one score entered or corrected, a score's history, the trade's sheet imported.
 */
export default function Scores() {
  const { params } = useRouter()
  const page = usePageData(loadManagedCompetitions, [], { reloadOnShow: false })
  const [chosen, setChosen] = useState<string | null>(params.competitionId ?? null)
  const [hostKey, setHostKey] = useState<string | null>(null)
  const [editing, setEditing] = useState<{ key: string; form: TScoreForm } | null>(null)
  const [shown, setShown] = useState<THistoryShown | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<string | null>(null)

  const competitions = page.state.kind === 'ready' ? page.state.data.competitions : []
  const competition = competitions.find((c) => c.id === chosen) ?? (chosen ? null : (competitions[0] ?? null))
  const choices = competition ? hostChoices(competition) : []
  const host = choices.find((c) => c.key === hostKey) ?? choices[0] ?? null
  const query = host ? { tradeCode: host.host.tradeCode, groupCode: host.host.groupCode, limit: PAGE_SIZE } : null
  const scores = usePageData(
    () => (competition && query ? listScores(competition.id, query) : Promise.resolve({ items: [], nextCursor: null })),
    [competition?.id, host?.key],
  )

  if (page.state.kind !== 'ready') return <PageStatus state={page.state} onRetry={() => void page.reload()} />
  if (!page.state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />
  if (!competition) return <StatusView kind="empty" message="没有可录入成绩的赛事" />
  if (!host || !query) return <StatusView kind="empty" message="本赛事还没有工种，请先在“赛事设置”中添加" />

  const trade = competition.trades.find((t) => t.code === host.host.tradeCode) ?? { code: host.host.tradeCode, name: host.host.tradeCode }
  const refresh = () => void scores.reload({ quiet: true })
  const nextCursor = scores.state.kind === 'ready' ? scores.state.data.nextCursor : null

  const reset = () => {
    setEditing(null)
    setShown(null)
    setMoreError(null)
  }

  async function more(cursor: string) {
    if (!competition || !query) return
    setLoadingMore(true)
    setMoreError(null)
    try {
      const next = await listScores(competition.id, { ...query, cursor })
      scores.update((current) => ({ items: [...current.items, ...next.items], nextCursor: next.nextCursor }))
    } catch (error) {
      setMoreError(errorMessage(error))
    } finally {
      setLoadingMore(false)
    }
  }

  async function showHistory(passNumber: string) {
    if (!competition) return
    if (shown?.passNumber === passNumber) {
      setShown(null)
      return
    }
    setShown({ passNumber, history: null, error: null })
    try {
      const history = await scoreHistory(competition.id, passNumber)
      setShown((current) => (current?.passNumber === passNumber ? { passNumber, history, error: null } : current))
    } catch (error) {
      setShown((current) => (current?.passNumber === passNumber ? { passNumber, history: null, error: errorMessage(error) } : current))
    }
  }

  return (
    <View className="committee scores">
      <View className="committee__card">
        <CompetitionChips
          competitions={competitions}
          chosenId={competition.id}
          onChoose={(id) => {
            setChosen(id)
            setHostKey(null)
            reset()
          }}
        />
        <View className="committee__label">工种与组别</View>
        <View className="committee__chips">
          {choices.map((choice) => (
            <Chip
              key={choice.key}
              on={choice.key === host.key}
              label={choice.label}
              onClick={() => {
                setHostKey(choice.key)
                reset()
              }}
            />
          ))}
        </View>
      </View>

      {editing ? (
        <ScoreEditor key={editing.key} competitionId={competition.id} initial={editing.form} onCancel={() => setEditing(null)} onChanged={refresh} />
      ) : (
        <Button className="committee__primary scores__enter" onClick={() => setEditing({ key: 'new', form: EMPTY_SCORE_FORM })}>
          录入一个成绩
        </Button>
      )}

      <View className="committee__card">
        <View className="committee__heading">{host.label}成绩</View>
        {scores.state.kind !== 'ready' && <PageStatus state={scores.state} onRetry={() => void scores.reload()} />}
        {scores.state.kind === 'ready' && scores.state.data.items.length === 0 && <View className="committee__empty">还没有成绩</View>}
        {scores.state.kind === 'ready' &&
          scores.state.data.items.map((score) => {
            const line = scoreLine(score)
            const history = shown?.passNumber === score.passNumber ? shown : null
            return (
              <View key={score.passNumber} className="committee__row score-row">
                <View className="committee__row-main">
                  <View className="committee__row-title">{line.title}</View>
                  <View className="committee__row-sub score-row__values">{line.sub}</View>
                  <View className="committee__row-sub">{line.when}</View>
                  {history && (
                    <View className="score-history">
                      {!history.history && !history.error && <View className="committee__hint">正在载入修改记录…</View>}
                      {history.error && <View className="committee__error">{history.error}</View>}
                      {history.history?.changes.map((change) => {
                        const text = changeLine(change)
                        return (
                          <View key={change.version} className="score-history__change">
                            <View className="committee__row-sub">{text.head}</View>
                            <View className="score-history__values">{text.change}</View>
                          </View>
                        )
                      })}
                    </View>
                  )}
                </View>
                <View className="score-row__actions">
                  <Button
                    className="committee__small score-row__correct"
                    size="mini"
                    onClick={() => setEditing({ key: `${score.passNumber}@${score.version}`, form: scoreForm(score.passNumber, score, score.version) })}
                  >
                    更正
                  </Button>
                  <Button className="committee__small score-row__history" size="mini" onClick={() => void showHistory(score.passNumber)}>
                    {history ? '收起记录' : '修改记录'}
                  </Button>
                </View>
              </View>
            )
          })}
        {moreError && <View className="committee__error">{moreError}</View>}
        {nextCursor && (
          <Button className="committee__small scores__more" loading={loadingMore} disabled={loadingMore || undefined} onClick={() => void more(nextCursor)}>
            加载更多
          </Button>
        )}
      </View>

      <ImportCard competitionId={competition.id} trade={trade} onImported={refresh} />

      <View className="committee__card">
        <View className="committee__row scores__announcement" onClick={() => void openPage(PAGES.committeeResults, { competitionId: competition.id })}>
          <View className="committee__row-main">
            <View className="committee__row-title">成绩公示</View>
            <View className="committee__row-sub">成绩录入完毕后发布公示，答复异议，期满结束公示</View>
          </View>
          <Text className="committee__hint">›</Text>
        </View>
      </View>
    </View>
  )
}
