import { Text, View } from '@tarojs/components'
import type { TPublicResultRow } from '@contest/shared'
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

/** One trade × group's list of the 公示: rank, name, union, total and award, loaded on its own. */
export default function ResultList({ competitionId, tradeCode, groupCode, version, onObject }: Props) {
  const { state, reload } = usePageData(() => getPublicResultList(competitionId, tradeCode, groupCode), [competitionId, tradeCode, groupCode, version])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  return (
    <View className="results__card">
      {state.data.rows.map((row) => (
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
    </View>
  )
}
