import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { getCompetition } from '../../api/competitions'
import EntryRules from '../../components/EntryRules'
import PageStatus from '../../components/PageStatus'
import { usePageData } from '../../loading/usePageData'
import { openPage, PAGES } from '../../navigation/routes'
import { toCompetitionDetail } from './view'

import './index.scss'

export default function CompetitionDetail() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { state, reload } = usePageData(async () => {
    const competition = await getCompetition(id)
    return { competition, detail: toCompetitionDetail(competition) }
  }, [id])

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const { competition, detail } = state.data
  return (
    <View className="detail">
      <View className="detail__card">
        <Text className="detail__status">{detail.statusLabel}</Text>
        <View className="detail__name competition-name">{detail.name}</View>
        <View className="detail__line">主办单位：{detail.organiser}</View>
        <View className="detail__line">{detail.window}</View>
        <View className="detail__line detail__deadline">{detail.deadline}</View>
        <View className="detail__line">参赛组别：{detail.groups.join('、')}</View>
      </View>

      <View className="detail__card detail__register">
        {detail.registration.open ? (
          <Button className="detail__register-button" onClick={() => void openPage(PAGES.registerEntry, { competitionId: id })}>
            我要报名
          </Button>
        ) : (
          <View className="detail__register-closed">{detail.registration.note}</View>
        )}
        <View className="detail__register-mine" onClick={() => void openPage(PAGES.registerMine)}>
          查看我的报名 ›
        </View>
      </View>

      <EntryRules competition={competition} className="detail__card" />

      <View className="detail__card">
        <View className="detail__heading">比赛工种</View>
        {detail.trades.map((trade) => (
          <View key={trade.key} className="detail__trade">
            <Text className="detail__trade-name">{trade.name}</Text>
            <Text className="detail__trade-groups">{trade.groups}</Text>
          </View>
        ))}
      </View>

      {detail.description !== '' && (
        <View className="detail__card">
          <View className="detail__heading">赛事简介</View>
          <Text className="detail__description">{detail.description}</Text>
        </View>
      )}
    </View>
  )
}
