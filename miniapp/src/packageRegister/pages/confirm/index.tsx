import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { AppError } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { confirmTeamEntry, getTeamEntry } from '../../../api/teams'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { declarationLines, entryLines, statusLine, tokenFromParams } from './view'

import '../../register.scss'

/**
 * The person a union official entered confirms it (opened from the link or QR sent to them;
 * sign-in required): what was entered, the declarations, and their own consent to the privacy
 * notice. Confirmed, the entry is their registration, waiting for the union's audit.
 */
export default function ConfirmTeamEntry() {
  const { params } = useRouter()
  const token = tokenFromParams(params)
  const [agreed, setAgreed] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const entry = usePageData(() => (token ? getTeamEntry(token) : Promise.reject(new AppError('TEAM_ENTRY_NOT_FOUND'))), [token])

  async function confirm() {
    if (!token) return
    setConfirming(true)
    setProblem(null)
    try {
      const confirmed = await confirmTeamEntry(token)
      entry.update(() => confirmed)
    } catch (error) {
      setProblem(errorMessage(error))
    } finally {
      setConfirming(false)
    }
  }

  if (entry.state.kind !== 'ready') return <PageStatus state={entry.state} onRetry={() => void entry.reload()} />
  const view = entry.state.data

  return (
    <View className="register">
      <View className="register__card">
        <View className="register__competition">{view.competitionName}</View>
        <View className="register__hint">{view.unionName}为您代报名，请核对以下信息，确认后报名才生效。</View>
        {entryLines(view).map((line) => (
          <View key={line.label} className="register-line">
            <Text className="register-line__label">{line.label}</Text>
            <Text>{line.value}</Text>
          </View>
        ))}
        <View className="register__notice">{statusLine(view)}</View>
      </View>
      {view.status === 'awaiting' && (
        <View className="register__card">
          <View className="register__heading">本人声明</View>
          {declarationLines(view).map((text) => (
            <View key={text} className="register__hint">
              · {text}
            </View>
          ))}
          <View className="register__consent" onClick={() => setAgreed(!agreed)}>
            <Text>{agreed ? '☑' : '☐'} 本人已阅读并同意《隐私政策》，确认以上信息属实并作出上述声明</Text>
          </View>
          <View className="register__link" onClick={() => void openPage(PAGES.privacy)}>
            查看隐私政策
          </View>
          {problem && <View className="register__error">{problem}</View>}
          <Button className="register__primary" loading={confirming || undefined} disabled={!agreed || confirming || undefined} onClick={() => void confirm()}>
            确认报名
          </Button>
        </View>
      )}
      {view.status === 'confirmed' && view.registrationId && (
        <Button className="register__primary" onClick={() => void openPage(PAGES.registerDetail, { id: view.registrationId! })}>
          查看我的报名
        </Button>
      )}
    </View>
  )
}
