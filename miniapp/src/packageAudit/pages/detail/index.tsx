import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import {
  AppError,
  DECISION_LABELS,
  REGISTRATION_STATUS_LABELS,
  type TAuditDecision,
  type TRejectionKind,
  type TRevealedPersonalData,
} from '@contest/shared'
import { decideRegistration, getAuditRegistration, revealPersonalData } from '../../../api/audit'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import NationalIdInUse from '../../components/NationalIdInUse'
import ReasonSheet from '../../components/ReasonSheet'
import { statusBadge } from '../../../format/registrationStatus'
import AuditLines from '../../components/AuditLines'
import EvidencePanel from '../../components/EvidencePanel'
import { DESK_TITLES, conflictMessage, deskOf } from '../../desk'
import { REVEAL_CONFIRM, declarationTexts, detailLines, levelView, quotaText, trailItems } from './view'

import '../../audit.scss'

/**
 * One registration at a desk: what was sent (ID and phone masked; 查看完整证件号 is a deliberate,
 * logged action), the quota's places left, the audit trail, and the desk's decision. Two columns
 * on a PC (H5, ≥ 900 px): the registration and its trail, the decision beside them.
 */
export default function AuditDetail() {
  const { params } = useRouter()
  const desk = deskOf(params.desk)
  const id = params.id ?? ''
  const labels = DECISION_LABELS[desk]
  const { state, reload, update } = usePageData(
    () => (id ? getAuditRegistration(desk, id) : Promise.reject(new AppError('REGISTRATION_NOT_FOUND'))),
    [desk, id],
  )
  const [revealed, setRevealed] = useState<TRevealedPersonalData | null>(null)
  const [rejecting, setRejecting] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  useEffect(() => {
    if (desk === 'committee') void Taro.setNavigationBarTitle({ title: DESK_TITLES.committee })
  }, [desk])

  async function reveal() {
    const { confirm } = await Taro.showModal({ title: REVEAL_CONFIRM.title, content: REVEAL_CONFIRM.content, confirmText: '查看' })
    if (!confirm) return
    setProblem(null)
    try {
      setRevealed(await revealPersonalData(desk, id))
      // The view is now in the trail.
      await reload({ quiet: true })
    } catch (error) {
      setProblem(errorMessage(error))
    }
  }

  async function decide(decision: TAuditDecision, reason: string | null, version: number, rejectionKind: TRejectionKind = 'other') {
    setBusy(true)
    setProblem(null)
    setDone(null)
    try {
      const saved = await decideRegistration(desk, id, { decision, reason, rejectionKind, version })
      update(() => saved)
      setRejecting(false)
      // A 基层工会's approval in a two-level audit goes on to the union above, not to the committee.
      setDone(
        saved.auditLevel && decision === 'approve'
          ? `已${labels[decision]}，已报${saved.auditLevel.unionName}审核`
          : `已${labels[decision]}，当前状态：${REGISTRATION_STATUS_LABELS[saved.status]}`,
      )
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') {
        // Someone decided first: show what is true now, and nothing was changed.
        setRejecting(false)
        setProblem(conflictMessage(error.current))
        await reload({ quiet: true })
      } else if (error instanceof AppError && error.code === 'ACTION_NOT_ALLOWED') {
        setRejecting(false)
        setProblem(error.message)
        await reload({ quiet: true })
      } else {
        setProblem(errorMessage(error))
      }
    } finally {
      setBusy(false)
    }
  }

  async function approve(name: string, version: number) {
    const { confirm } = await Taro.showModal({ title: labels.approve, content: `确定${labels.approve}${name}的报名吗？`, confirmText: labels.approve })
    if (confirm) await decide('approve', null, version)
  }

  if (state.kind !== 'ready') {
    return (
      <View className="audit">
        <PageStatus state={state} onRetry={() => void reload()} />
      </View>
    )
  }
  const registration = state.data
  const decidable = registration.allowedDecisions.length > 0
  const level = levelView(registration.auditLevel)

  return (
    <View className="audit audit-detail">
      <View className="audit-detail__columns">
        <View className="audit-detail__main">
          <View className="audit__card">
            <View className="audit__title">{registration.name}</View>
            <View className="audit__hint">{registration.competition.name}</View>
            {registration.nationalIdInUse && <NationalIdInUse desk={desk} inUse={registration.nationalIdInUse} />}
            <AuditLines lines={detailLines(registration, revealed)} />
            {declarationTexts(registration).map((text) => (
              <View key={text} className="audit-declaration">
                ✓ {text}
              </View>
            ))}
            {!revealed && (
              <Text className="audit__link audit-detail__reveal" onClick={() => void reveal()}>
                查看完整证件号和手机号
              </Text>
            )}
          </View>

          <EvidencePanel desk={desk} registration={registration} />

          <View className="audit__card">
            <View className="audit__heading">审核记录</View>
            <View className="audit-trail">
              {trailItems(registration.trail).map((item) => (
                <View key={item.key} className="audit-trail__entry">
                  <View className="audit-trail__dot" />
                  <View className="audit-trail__title">{item.title}</View>
                  <View className="audit-trail__meta">
                    {item.who} · {item.when}
                  </View>
                  {item.change && <View className="audit-trail__change">{item.change}</View>}
                  {item.reason && <View className="audit-trail__reason">原因：{item.reason}</View>}
                  {item.note && <View className="audit-trail__note">{item.note}</View>}
                </View>
              ))}
            </View>
          </View>
        </View>

        <View className="audit-detail__side">
          <View className="audit__card">
            <Text className={`${statusBadge(registration.status).className} audit-detail__status`}>
              {statusBadge(registration.status).label}
            </Text>
            {level && (
              <View className="audit-detail__level">
                <Text className="audit-line__label">审核层级</Text>
                <View className="audit-detail__level-current">{level.current}</View>
                {level.earlier && <View className="audit-detail__level-earlier">{level.earlier}</View>}
                {!decidable && <View className="audit__hint">不在您所在工会的审核层级，您可以查看，不能审核</View>}
              </View>
            )}
            <View className="audit-detail__quota-block">
              <Text className="audit-line__label">剩余名额</Text>
              <View className={`audit-detail__quota${registration.quota?.left === 0 ? ' audit-detail__quota--full' : ''}`}>{quotaText(registration)}</View>
            </View>
            {problem && <View className="audit__error audit-detail__problem">{problem}</View>}
            {done && <View className="audit__done audit-detail__done">{done}</View>}
            {decidable && (
              <View className="audit-detail__actions">
                <Button className="audit__danger audit-detail__reject" disabled={busy || undefined} onClick={() => setRejecting(true)}>
                  {labels.reject}
                </Button>
                <Button
                  className="audit__primary audit-detail__approve"
                  loading={busy || undefined}
                  disabled={busy || undefined}
                  onClick={() => void approve(registration.name, registration.version)}
                >
                  {labels.approve}
                </Button>
              </View>
            )}
          </View>
        </View>
      </View>

      {rejecting && (
        <ReasonSheet
          title={`${labels.reject} · ${registration.name}`}
          busy={busy}
          error={problem}
          onCancel={() => setRejecting(false)}
          onConfirm={(reason, kind) => void decide('reject', reason, registration.version, kind)}
        />
      )}
    </View>
  )
}
