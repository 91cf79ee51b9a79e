import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { TPublicResultList, TPublicResultRow } from '@contest/shared'
import { errorMessage } from '../../../api/errors'
import { getPublicResultList } from '../../../api/results'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'

export type Props = {
  competitionId: string
  tradeCode: string
  groupCode: string
  /** The summary's version: a newer one (a result taken out, a score corrected) loads the list again. */
  version: number
  /** Offered on each row while the 公示 runs and the person is signed in. */
  onObject?: (row: TPublicResultRow) => void
}

const rankText = (row: TPublicResultRow) => row.rank ?? (row.status === 'absent' ? '缺考' : row.status === 'disqualified' ? '取消' : '—')

/**
 * One trade × group's list of the 公示 in rank order: rank, name, union, total and award. Its first
 * page (the medals) loads on its own; 加载更多 appends the next.
 */
export default function ResultList({ competitionId, tradeCode, groupCode, version, onObject }: Props) {
  const { state, reload } = usePageData(() => getPublicResultList(competitionId, tradeCode, groupCode, 1), [competitionId, tradeCode, groupCode, version])
  // Pages after the first, kept with the first page they follow (a reload starts again from it).
  const [more, setMore] = useState<{ after: TPublicResultList; pages: TPublicResultList[] } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const loaded = [state.data, ...(more?.after === state.data ? more.pages : [])]
  const last = loaded[loaded.length - 1]!

  async function loadMore() {
    setBusy(true)
    setError(null)
    try {
      const next = await getPublicResultList(competitionId, tradeCode, groupCode, last.page + 1)
      setMore({ after: loaded[0]!, pages: [...loaded.slice(1), next] })
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="results__card">
      {loaded.flatMap((page) => page.rows).map((row) => (
        <View key={row.entryId} className="results__row">
          <Text className="results__rank">{rankText(row)}</Text>
          <View className="results__who">
            <Text className="results__name">{row.name}</Text>
            <Text className="results__union">
              {row.unionName} · {row.tradeName} · {row.groupName}
            </Text>
          </View>
          <Text className="results__total">{row.total ?? ''}</Text>
          <Text className="results__award">{row.awardLabel ?? ''}</Text>
          {onObject && (
            <Text className="results__object" onClick={() => onObject(row)}>
              异议
            </Text>
          )}
        </View>
      ))}
      {error && <View className="results__error">{error}</View>}
      {last.page < last.pages && (
        <Button className="results__more" loading={busy || undefined} disabled={busy || undefined} onClick={() => void loadMore()}>
          加载更多（已显示 {loaded.reduce((n, page) => n + page.rows.length, 0)} / {last.entries} 人）
        </Button>
      )}
    </View>
  )
}
