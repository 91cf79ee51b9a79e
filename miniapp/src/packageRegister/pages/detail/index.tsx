import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { AppError, type TMyRegistration } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { getMyRegistration, withdrawRegistration } from '../../../api/registrations'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openCompetition, openPage, PAGES } from '../../../navigation/routes'
import { openPass } from '../../openPass'
import { toDetailView, WITHDRAW_CONFIRM } from './view'

import '../../register.scss'

/**
 * One registration of the signed-in worker: its status, what was sent (ID and phone masked),
 * the timeline of every step, and what the worker may do now (撤回报名, 修改后重新提交).
 */
export default function RegistrationDetail() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { state, reload, update } = usePageData(
    () => (id ? getMyRegistration(id) : Promise.reject(new AppError('REGISTRATION_NOT_FOUND'))),
    [id],
  )
  const [busy, setBusy] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)

  async function withdraw(registration: TMyRegistration) {
    setActionError(null)
    const { confirm } = await Taro.showModal({
      title: WITHDRAW_CONFIRM.title,
      content: WITHDRAW_CONFIRM.content,
      confirmText: '撤回',
      confirmColor: '#c8161d',
      cancelText: '不撤回',
    })
    if (!confirm) return
    setBusy(true)
    try {
      const saved = await withdrawRegistration(registration.id, registration.version)
      update(() => saved)
      void Taro.showToast({ title: '已撤回', icon: 'success' })
    } catch (error) {
      if (error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'ACTION_NOT_ALLOWED')) {
        // Someone (the union, the committee) acted meanwhile: show what is true now.
        await reload({ quiet: true })
        setActionError('报名状态已有变化，已为您刷新，请查看最新状态后再操作')
      } else {
        setActionError(errorMessage(error))
      }
    } finally {
      setBusy(false)
    }
  }

  if (state.kind !== 'ready') {
    return (
      <View className="register">
        <PageStatus state={state} onRetry={() => void reload()} />
      </View>
    )
  }
  const registration = state.data
  const view = toDetailView(registration)

  return (
    <View className="register register-detail">
      <View className="register__card">
        <Text className={`${view.status.className} register-detail__status`}>{view.status.label}</Text>
        <View className="register__hint register-detail__note">{view.note}</View>
        {actionError && <View className="register__error">{actionError}</View>}
        {view.canResubmit && (
          <>
            <Button
              className="register__primary register-detail__resubmit"
              disabled={busy || undefined}
              onClick={() => void openPage(PAGES.registerForm, { registrationId: registration.id })}
            >
              修改后重新提交
            </Button>
            <View className="register__hint">重新提交时需重新完整填写身份证号和手机号（报名记录中只保存部分隐藏的形式）。</View>
          </>
        )}
        {view.pass && (
          <View
            className={`register-pass-entry${view.pass.revoked ? ' register-pass-entry--revoked' : ''}`}
            onClick={() => openPass(registration)}
          >
            <Text>{view.pass.label}</Text>
            <Text>查看 ›</Text>
          </View>
        )}
        {view.canWithdraw && (
          <Button className="register__danger register-detail__withdraw" loading={busy || undefined} disabled={busy || undefined} onClick={() => void withdraw(registration)}>
            撤回报名
          </Button>
        )}
      </View>

      {registration.result && (
        <View className="register__card register-result">
          <View className="register__heading">成绩（{registration.result.status}）</View>
          {registration.result.absent ? (
            <View className="register-line">缺考</View>
          ) : (
            [
              ['理论成绩', registration.result.theory],
              ['实操成绩', registration.result.practical],
              ['总成绩', registration.result.total],
              ['名次', registration.result.rank === null ? null : `第${registration.result.rank}名`],
              ['奖项', registration.result.award],
            ].map(([label, value]) => (
              <View key={String(label)} className="register-line">
                <Text className="register-line__label">{label}</Text>
                <Text className="register-line__value">{value ?? '—'}</Text>
              </View>
            ))
          )}
          {registration.result.honours.map((honour) => (
            <View key={honour} className="register-declaration">
              {honour}
            </View>
          ))}
          {registration.result.status === '公示中' && <View className="register__hint">公示截止：{registration.result.closingDate}，成绩以公示期满后为准</View>}
          <Text className="register__link" onClick={() => void openPage(PAGES.results, { competitionId: registration.competition.id, tradeCode: registration.trade.code, groupCode: registration.group.code })}>
            查看成绩公示
          </Text>
        </View>
      )}

      <View className="register__card">
        <View className="register__heading">办理进度</View>
        <View className="register-timeline">
          {view.timeline.map((item) => (
            <View key={item.key} className={`register-timeline__entry${item.pending ? ' register-timeline__entry--pending' : ''}`}>
              <View className="register-timeline__dot" />
              <View className="register-timeline__title">{item.title}</View>
              <View className="register-timeline__meta">{item.meta}</View>
              {item.reason && <View className="register-timeline__reason">原因：{item.reason}</View>}
              {item.note && <View className="register-timeline__note">{item.note}</View>}
            </View>
          ))}
        </View>
      </View>

      <View className="register__card">
        <View className="register__heading">报名信息</View>
        {view.lines.map((line) => (
          <View key={line.label} className="register-line">
            <Text className="register-line__label">{line.label}</Text>
            <Text className="register-line__value">{line.value}</Text>
          </View>
        ))}
        {view.declarations.map((text) => (
          <View key={text} className="register-declaration">
            ✓ {text}
          </View>
        ))}
      </View>

      <View className="register__card">
        <Text className="register__link" onClick={() => void openCompetition(registration.competition.id)}>
          查看赛事
        </Text>
      </View>
    </View>
  )
}
