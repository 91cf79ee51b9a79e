import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import type { TPublicResultChanges, TPublicResultRow, TPublicResultSection } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { getPublicResultChanges, getPublicResultsSummary, lodgeObjection } from '../../../api/results'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { isSignedIn } from '../../../session/signIn'
import ResultList from './ResultList'

import './index.scss'

const sectionLabel = (s: TPublicResultSection) => `${s.tradeName} · ${s.groupName}（${s.entries}人）`

/**
 * A competition's results as published (`?competitionId=`, optionally `&tradeCode=&groupCode=` to
 * open on that list), open to anyone: the summary first (公示中 with its closing date or 已确定, what
 * changed since it opened, the team standings), then the trade × group chosen in the picker — its
 * rank, name, union, total and award. While the 公示 runs a signed-in person may object to one result.
 */
export default function Results() {
  const params = useRouter().params
  const competitionId = params.competitionId ?? ''
  const { state, reload } = usePageData(() => getPublicResultsSummary(competitionId), [competitionId])
  const [picked, setPicked] = useState<number | null>(null)
  const [objecting, setObjecting] = useState<TPublicResultRow | null>(null)
  const [reason, setReason] = useState('')
  const [contact, setContact] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState<string | null>(null)
  const [allChanges, setAllChanges] = useState<TPublicResultChanges | null>(null)
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const results = state.data
  const asked = results.sections.findIndex((s) => s.tradeCode === params.tradeCode && s.groupCode === params.groupCode)
  const sectionIndex = Math.min(picked ?? Math.max(asked, 0), results.sections.length - 1)
  const section = results.sections[sectionIndex]
  const announced = results.status === 'announced'
  const canObject = announced && isSignedIn()
  const changes = allChanges?.version === results.version ? allChanges.changes : results.changes

  async function showAllChanges() {
    try {
      setAllChanges(await getPublicResultChanges(competitionId))
    } catch (failure) {
      setError(errorMessage(failure))
    }
  }

  async function send(row: TPublicResultRow) {
    setBusy(true)
    setError(null)
    try {
      await lodgeObjection(competitionId, { registrationId: row.entryId, reason, contact })
      setSent(`已提交对 ${row.name} 成绩的异议，组委会将予以答复`)
      setObjecting(null)
      setReason('')
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="results">
      <View className="results__card">
        <View className="results__title">{results.competitionName}</View>
        <Text className={`results__status results__status--${results.status}`}>{results.statusLabel}</Text>
        <View className="results__hint">{announced ? `公示截止：${results.closingDate}` : '公示期满，成绩已确定'}</View>
        {sent && <View className="results__sent">{sent}</View>}
      </View>

      {section && (
        <Picker mode="selector" range={results.sections.map(sectionLabel)} value={sectionIndex} onChange={(e) => setPicked(Number(e.detail.value))}>
          <View className="results__picker">
            <Text>{sectionLabel(section)}</Text>
            <Text>切换工种组别 ›</Text>
          </View>
        </Picker>
      )}

      {section && (
        <ResultList
          competitionId={competitionId}
          tradeCode={section.tradeCode}
          groupCode={section.groupCode}
          version={results.version}
          onObject={
            canObject
              ? (row) => {
                  setObjecting(row)
                  setError(null)
                }
              : undefined
          }
        />
      )}

      {objecting && (
        <View className="results__card results__form">
          <View className="results__heading">对 {objecting.name} 的成绩提出异议</View>
          <Textarea className="results__reason" value={reason} placeholder="异议理由" maxlength={500} onInput={(e) => setReason(e.detail.value)} />
          <Input className="results__contact" value={contact} placeholder="联系方式" maxlength={60} onInput={(e) => setContact(e.detail.value)} />
          {error && <View className="results__error">{error}</View>}
          <Button className="results__send" loading={busy || undefined} disabled={busy || undefined} onClick={() => void send(objecting)}>
            提交异议
          </Button>
        </View>
      )}
      {announced && !isSignedIn() && <View className="results__hint">登录后可对公示的成绩提出异议</View>}

      {changes.length > 0 && (
        <View className="results__card">
          <View className="results__heading">变更说明</View>
          {changes.length < results.changeCount && (
            <Text className="results__object" onClick={() => void showAllChanges()}>
              共 {results.changeCount} 条，查看全部
            </Text>
          )}
          {error && !objecting && <View className="results__error">{error}</View>}
          {changes.map((change) => (
            <View key={`${change.at}-${change.note}`} className="results__change">
              {change.note}
            </View>
          ))}
        </View>
      )}

      {results.teams.length > 0 && (
        <View className="results__card">
          <View className="results__heading">团体排名</View>
          {results.teams.map((trade) => (
            <View key={trade.tradeCode}>
              <View className="results__hint">{trade.tradeName}</View>
              {trade.standings.map((s) => (
                <View key={s.unionName} className="results__row">
                  <Text className="results__rank">{s.rank}</Text>
                  <Text className="results__name">{s.unionName}</Text>
                  <Text className="results__total">{s.total}</Text>
                </View>
              ))}
            </View>
          ))}
        </View>
      )}

      <View className="results__footer">
        <Text className="results__link" onClick={() => void openPage(PAGES.certificateVerify)}>
          验证证书
        </Text>
      </View>
    </View>
  )
}
