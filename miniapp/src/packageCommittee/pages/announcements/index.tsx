import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { AppError, type TAnnouncementReach } from '@contest/shared'
import { listAnnouncements, previewAnnouncement, publishAnnouncement } from '../../../api/announcements'
import { errorMessage } from '../../../api/errors'
import { newIdempotencyKey } from '../../../api/registrations'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { loadManagedCompetitions } from '../../managedCompetitions'
import Chip from '../competitions/parts/Chip'
import CompetitionChips from '../competitions/parts/CompetitionChips'
import { NOT_COMMITTEE_MESSAGE } from '../index/view'
import UnionPicker from '../invitations/UnionPicker'
import {
  ANNOUNCEMENT_BODY_MAX,
  ANNOUNCEMENT_TITLE_MAX,
  EMPTY_FORM,
  audienceChoices,
  confirmText,
  reachText,
  toAnnouncementRows,
  toAudience,
  toPublishInput,
  toggled,
  type TAnnouncementForm,
  type TChoice,
  type TFormErrors,
  type TPickedUnion,
} from './view'

import '../../committee.scss'
import '../invitations/index.scss'
import './index.scss'

/** The preview asks the BFF once the committee stops changing the audience for this long. */
const PREVIEW_DELAY_MS = 300

/** A narrowing by one field: its choices as chips, each tap adding or taking out one. */
function ChoiceChips<T extends string>({ title, choices, chosen, onChange }: { title: string; choices: TChoice<T>[]; chosen: T[]; onChange: (chosen: T[]) => void }) {
  return (
    <>
      <View className="committee__hint">{title}</View>
      <View className="committee__chips">
        {choices.map((c) => (
          <Chip key={c.value} on={chosen.includes(c.value)} label={c.label} onClick={() => onChange(toggled(chosen, c.value))} />
        ))}
      </View>
    </>
  )
}

function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none' })
}

/**
 * 大赛通知: the committee writes a notice for a competition, narrows it by trade, group, status and
 * union, sees how many people it reaches (and how many WeChat may push it to) as it narrows,
 * publishes after confirming the reach, and sees the notices published before with their counts.
 */
export default function Announcements() {
  // Loaded once: showing the page again must not drop a notice being written.
  const page = usePageData(loadManagedCompetitions, [], { reloadOnShow: false })
  const [chosen, setChosen] = useState<string | null>(null)
  const [form, setForm] = useState<TAnnouncementForm>(EMPTY_FORM)
  const [errors, setErrors] = useState<TFormErrors>({})
  const [reach, setReach] = useState<{ audience: string; reach: TAnnouncementReach } | { audience: string; error: string } | null>(null)
  const [publishing, setPublishing] = useState(false)
  const [publishError, setPublishError] = useState<string | null>(null)
  /** The Idempotency-Key of the publish in flight or last failed without an answer, with what it published. */
  const attempt = useRef<{ key: string; body: string } | null>(null)

  const competitions = page.state.kind === 'ready' ? page.state.data.competitions : []
  const competition = competitions.find((c) => c.id === chosen) ?? competitions[0] ?? null
  const history = usePageData(() => (competition ? listAnnouncements(competition.id) : Promise.resolve([])), [competition?.id])
  const audience = JSON.stringify([competition?.id, toAudience(form)])

  useEffect(() => {
    if (!competition) return undefined
    let current = true
    const timer = setTimeout(() => {
      previewAnnouncement(competition.id, toAudience(form)).then(
        (answer) => current && setReach({ audience, reach: answer }),
        (error: unknown) => current && setReach({ audience, error: errorMessage(error) }),
      )
    }, PREVIEW_DELAY_MS)
    return () => {
      current = false
      clearTimeout(timer)
    }
    // `audience` stands for the competition and the narrowing; the title and text do not change the reach.
  }, [audience])

  if (page.state.kind !== 'ready') return <PageStatus state={page.state} onRetry={() => void page.reload()} />
  if (!page.state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />
  if (!competition) return <StatusView kind="empty" message="暂无可发布通知的赛事" />

  const choices = audienceChoices(competition)
  const extraUnions = form.unions.filter((union) => !choices.unions.some((u) => u.id === union.id))
  const change = (patch: Partial<TAnnouncementForm>) => {
    setForm((current) => ({ ...current, ...patch }))
    setErrors({})
    setPublishError(null)
  }
  const toggleUnion = (union: TPickedUnion) =>
    setForm((current) => ({
      ...current,
      unions: current.unions.some((u) => u.id === union.id) ? current.unions.filter((u) => u.id !== union.id) : [...current.unions, union],
    }))
  const shown = reach && reach.audience === audience ? reach : null

  async function publish() {
    if (!competition) return
    const checked = toPublishInput(form)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setPublishing(true)
    setPublishError(null)
    try {
      // The reach as it is now, for the confirmation.
      const now = await previewAnnouncement(competition.id, checked.input.audience ?? {})
      if (now.reached === 0) {
        setPublishError('没有符合条件的报名人，请调整发送范围')
        return
      }
      const answer = await Taro.showModal({ title: '确认发布', content: confirmText(now), confirmText: '发布', confirmColor: '#c8161d' })
      if (!answer.confirm) return
      const body = JSON.stringify([competition.id, checked.input])
      // The same publish again after a failure without an answer: the same key, so it cannot go out twice.
      if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body }
      const published = await publishAnnouncement(competition.id, checked.input, attempt.current.key)
      attempt.current = null
      setForm(EMPTY_FORM)
      toast(published.state === 'published' ? `已发布，送达 ${published.reached} 人` : '已发布，正在发送')
      await history.reload({ quiet: true })
    } catch (error) {
      // The BFF answered: the next publish is a new one.
      if (error instanceof AppError && error.status < 500) attempt.current = null
      setPublishError(errorMessage(error))
    } finally {
      setPublishing(false)
    }
  }

  const rows = history.state.kind === 'ready' ? toAnnouncementRows(history.state.data) : []

  return (
    <View className="committee announcements">
      <View className="committee__columns">
        <View className="committee__column">
          <View className="committee__card announcement-form">
            <View className="committee__heading">发布大赛通知</View>
            <CompetitionChips
              competitions={competitions}
              chosenId={competition.id}
              onChoose={(id) => {
                setChosen(id)
                change({ tradeCodes: [], groupCodes: [], unions: [] })
              }}
            />

            <View className="committee__label">通知标题（微信消息中显示，最多{ANNOUNCEMENT_TITLE_MAX}字）</View>
            <Input
              className="committee__input"
              value={form.title}
              placeholder="例如 关于赛程安排的通知"
              maxlength={ANNOUNCEMENT_TITLE_MAX}
              onInput={(event) => change({ title: event.detail.value })}
            />
            {errors.title && <View className="committee__error">{errors.title}</View>}

            <View className="committee__label">通知内容（在小程序中完整显示）</View>
            <Textarea
              className="committee__input announcement-form__body"
              value={form.body}
              placeholder="请填写通知内容"
              maxlength={ANNOUNCEMENT_BODY_MAX}
              onInput={(event) => change({ body: event.detail.value })}
            />
            {errors.body && <View className="committee__error">{errors.body}</View>}

            <View className="committee__label">发送范围（不选即全部报名人）</View>
            <ChoiceChips title="工种" choices={choices.trades} chosen={form.tradeCodes} onChange={(tradeCodes) => change({ tradeCodes })} />
            <ChoiceChips title="组别" choices={choices.groups} chosen={form.groupCodes} onChange={(groupCodes) => change({ groupCodes })} />
            <ChoiceChips title="报名状态" choices={choices.statuses} chosen={form.statuses} onChange={(statuses) => change({ statuses })} />
            <View className="committee__hint">工会（含下级工会）</View>
            <View className="committee__chips">
              {[...choices.unions, ...extraUnions].map((union) => (
                <Chip key={union.id} on={form.unions.some((u) => u.id === union.id)} label={union.name} onClick={() => toggleUnion(union)} />
              ))}
            </View>
            <UnionPicker value={null} onChange={(union) => union && !form.unions.some((u) => u.id === union.id) && toggleUnion(union)} />

            <View className="announcement-reach">
              {shown === null && <Text className="committee__hint">正在计算发送人数…</Text>}
              {shown && 'reach' in shown && <Text className="announcement-reach__text">{reachText(shown.reach)}</Text>}
              {shown && 'error' in shown && <Text className="committee__error">{shown.error}</Text>}
            </View>

            {publishError && <View className="committee__error">{publishError}</View>}
            <Button className="committee__primary" loading={publishing} disabled={publishing || undefined} onClick={() => void publish()}>
              发布通知
            </Button>
          </View>
        </View>

        <View className="committee__column">
          <View className="committee__card announcement-list">
            <View className="committee__heading">已发布的通知</View>
            {history.state.kind !== 'ready' && <PageStatus state={history.state} onRetry={() => void history.reload()} />}
            {history.state.kind === 'ready' && rows.length === 0 && <View className="committee__empty">还没有发布通知</View>}
            {rows.map((row) => (
              <View key={row.id} className="committee__row announcement-row">
                <View className="committee__row-main">
                  <View className="committee__row-title">
                    {row.title}
                    {row.publishing && <Text className="committee__badge committee__badge--pending">发送中</Text>}
                  </View>
                  <View className="committee__row-sub">{row.meta}</View>
                  <View className="committee__row-sub announcement-row__counts">{row.counts}</View>
                </View>
              </View>
            ))}
          </View>
        </View>
      </View>
    </View>
  )
}
