import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { AppError, type TCompetitionSetupView } from '@contest/shared'
import {
  closeAnnouncement,
  getAnnouncement,
  listObjections,
  openAnnouncement,
  RESULTS_EXPORTS,
  saveResultsExport,
  type TResultsExport,
} from '../../../api/adminResults'
import { errorMessage } from '../../../api/errors'
import { getPublicResultsSummary } from '../../../api/results'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { loadManagedCompetitions } from '../../managedCompetitions'
import CompetitionChips from '../competitions/parts/CompetitionChips'
import { NOT_COMMITTEE_MESSAGE } from '../index/view'
import ObjectionAnswer from './ObjectionAnswer'
import { announcementView, OBJECTION_STATUS_LABELS, objectionLines, objectionStatus, openingHint, openObjections } from './view'

import '../../committee.scss'
// The set-up's switch (Toggle) is drawn by its styles.
import '../competitions/index.scss'
import './index.scss'

/** The competition's 公示 as the committee sees it (`shown` null before it opens), named by the competition it is of. */
async function loadAnnouncement(competition: TCompetitionSetupView | null) {
  if (!competition) return { competitionId: null, shown: null }
  try {
    const announcement = await getAnnouncement(competition.id)
    const [objections, published] = await Promise.all([listObjections(competition.id), getPublicResultsSummary(competition.id)])
    return { competitionId: competition.id, shown: { announcement, objections, changes: published.changes, changeCount: published.changeCount } }
  } catch (error) {
    if (error instanceof AppError && error.code === 'RESULTS_NOT_FOUND') return { competitionId: competition.id, shown: null }
    throw error
  }
}

const EXPORTS_ANNOUNCED: TResultsExport[] = ['sheet', 'awards']
const EXPORTS_FINAL: TResultsExport[] = ['sheet', 'awards', 'certificates']

/**
 * 成绩公示 (`?competitionId=`, else the first competition managed): open the 公示 (its closing date
 * on the working-day calendar), answer objections (a result may be taken out: 递补, with the change
 * notes), close it once its closing date has passed (results final, 已定稿), and the exports.
 */
export default function ResultsAnnouncement() {
  const { params } = useRouter()
  const page = usePageData(loadManagedCompetitions, [], { reloadOnShow: false })
  const [chosen, setChosen] = useState<string | null>(params.competitionId ?? null)
  const [answering, setAnswering] = useState<string | null>(null)
  const [busy, setBusy] = useState<'open' | 'close' | TResultsExport | null>(null)
  const [error, setError] = useState<string | null>(null)

  const competitions = page.state.kind === 'ready' ? page.state.data.competitions : []
  const competition = competitions.find((c) => c.id === chosen) ?? (chosen ? null : (competitions[0] ?? null))
  const current = usePageData(() => loadAnnouncement(competition), [competition?.id])

  if (page.state.kind !== 'ready') return <PageStatus state={page.state} onRetry={() => void page.reload()} />
  if (!page.state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />
  if (!competition) return <StatusView kind="empty" message="没有可公示成绩的赛事" />

  const refresh = () => void current.reload({ quiet: true })

  /** Runs `run` with its button busy; the BFF's refusal is shown in its words. */
  async function attempt(kind: NonNullable<typeof busy>, run: () => Promise<unknown>, after?: () => void) {
    setBusy(kind)
    setError(null)
    try {
      await run()
      after?.()
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(null)
    }
  }

  /** A step that changes the 公示, asked first. */
  async function step(kind: 'open' | 'close', title: string, content: string, run: () => Promise<unknown>) {
    const answer = await Taro.showModal({ title, content, confirmText: title })
    if (answer.confirm) await attempt(kind, run, refresh)
  }

  // What a load for another competition (or none, while the list loaded) found is not shown.
  const loaded = current.state.kind === 'ready' && current.state.data.competitionId === competition.id ? current.state.data : null
  const data = loaded?.shown ?? null
  const view = data ? announcementView(data.announcement, new Date()) : null
  const waiting = data ? openObjections(data.objections) : 0

  return (
    <View className="committee results-desk">
      {competitions.length > 1 && (
        <View className="committee__card">
          <CompetitionChips
            competitions={competitions}
            chosenId={competition.id}
            onChoose={(id) => {
              setChosen(id)
              setAnswering(null)
              setError(null)
            }}
          />
        </View>
      )}

      {!loaded && <PageStatus state={current.state.kind === 'ready' ? { kind: 'loading' } : current.state} onRetry={() => void current.reload()} />}
      {error && <View className="committee__error results-desk__error">{error}</View>}

      {loaded && !data && (
        <View className="committee__card results-desk__opening">
          <View className="committee__heading">成绩公示</View>
          <View className="committee__hint">{openingHint(competition.results.announcementWorkingDays)}</View>
          <Button
            className="committee__primary results-desk__open"
            loading={busy === 'open' || undefined}
            disabled={busy !== null || undefined}
            onClick={() => void step('open', '发布公示', openingHint(competition.results.announcementWorkingDays), () => openAnnouncement(competition.id))}
          >
            发布公示
          </Button>
          <Button className="committee__small results-desk__scores" size="mini" onClick={() => void openPage(PAGES.committeeScores, { competitionId: competition.id })}>
            去成绩录入
          </Button>
        </View>
      )}

      {data && view && (
        <>
          <View className="committee__card results-desk__state">
            <View className="committee__heading">
              成绩公示 <Text className={`committee__badge results-desk__status results-desk__status--${data.announcement.status}`}>{view.statusLabel}</Text>
            </View>
            {view.lines.map((line) => (
              <View key={line} className="committee__hint results-desk__line">
                {line}
              </View>
            ))}
            <Button className="committee__small results-desk__public" size="mini" onClick={() => void openPage(PAGES.results, { competitionId: competition.id })}>
              查看公示页面
            </Button>
            {!view.final && (
              <>
                <View className="committee__hint results-desk__close-hint">{waiting > 0 && view.canClose ? `还有 ${waiting} 条异议待答复` : view.closeHint}</View>
                <Button
                  className="committee__primary results-desk__close"
                  loading={busy === 'close' || undefined}
                  disabled={!view.canClose || busy !== null || undefined}
                  onClick={() =>
                    void step('close', '结束公示', '结束后成绩定稿，不能再修改，并通知考生、生成荣誉证书。确定吗？', () => closeAnnouncement(competition.id))
                  }
                >
                  结束公示
                </Button>
              </>
            )}
          </View>

          <View className="committee__card results-desk__objections">
            <View className="committee__heading">异议（{data.objections.length} 条，待答复 {waiting} 条）</View>
            {data.objections.length === 0 && <View className="committee__empty">还没有异议</View>}
            {data.objections.map((objection) => {
              const status = objectionStatus(objection)
              const text = objectionLines(objection)
              return (
                <View key={objection.id} className={`committee__row objection-row objection-row--${status}`}>
                  <View className="committee__row-main">
                    <View className="committee__row-title">
                      {text.title} <Text className="committee__badge objection-row__status">{OBJECTION_STATUS_LABELS[status]}</Text>
                    </View>
                    {text.lines.map((line) => (
                      <View key={line} className="committee__row-sub">
                        {line}
                      </View>
                    ))}
                    {answering === objection.id && (
                      <ObjectionAnswer
                        competitionId={competition.id}
                        objection={objection}
                        onCancel={() => setAnswering(null)}
                        onAnswered={() => {
                          setAnswering(null)
                          refresh()
                        }}
                      />
                    )}
                  </View>
                  {status === 'open' && !view.final && answering !== objection.id && (
                    <Button className="committee__small objection-row__answer" size="mini" onClick={() => setAnswering(objection.id)}>
                      答复
                    </Button>
                  )}
                </View>
              )
            })}
          </View>

          <View className="committee__card results-desk__changes">
            <View className="committee__heading">变更说明</View>
            {data.changes.length === 0 && <View className="committee__empty">公示以来名次和奖项没有变更</View>}
            {data.changeCount > data.changes.length && (
              <View className="committee__hint">共 {data.changeCount} 条变更，以下是最新 {data.changes.length} 条；全部变更见公示页。</View>
            )}
            {data.changes.map((change) => (
              <View key={`${change.at}-${change.note}`} className="committee__row-sub results-desk__change">
                {change.note}
              </View>
            ))}
          </View>

          <View className="committee__card results-desk__exports">
            <View className="committee__heading">导出</View>
            {!view.final && <View className="committee__hint">荣誉证书在结束公示、成绩定稿后生成。</View>}
            <View className="committee__chips">
              {(view.final ? EXPORTS_FINAL : EXPORTS_ANNOUNCED).map((which) => (
                <Button
                  key={which}
                  className={`committee__small results-desk__export results-desk__export--${which}`}
                  size="mini"
                  loading={busy === which || undefined}
                  disabled={busy !== null || undefined}
                  onClick={() => void attempt(which, () => saveResultsExport(competition.id, which))}
                >
                  {RESULTS_EXPORTS[which].label}
                </Button>
              ))}
            </View>
          </View>
        </>
      )}
    </View>
  )
}
