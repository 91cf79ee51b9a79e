import { Text, View } from '@tarojs/components'
import { listCompetitions } from '../../api/competitions'
import PageStatus from '../../components/PageStatus'
import StatusView from '../../components/StatusView'
import { usePageData } from '../../loading/usePageData'
import { openCompetition, openPage, PAGES } from '../../navigation/routes'
import { EMPTY_MESSAGE, toCompetitionCards, type TCompetitionCard } from './view'

import './index.scss'

function CompetitionCard({ card }: { card: TCompetitionCard }) {
  return (
    <View className="competition-card" onClick={() => void openCompetition(card.id)}>
      <View className="competition-card__head">
        <Text className="competition-name">{card.name}</Text>
        <Text className="competition-status">{card.statusLabel}</Text>
      </View>
      <View className="competition-organiser">主办单位：{card.organiser}</View>
      <View className="competition-deadline">{card.deadline}</View>
      <View className="competition-row">
        <Text className="competition-row__label">比赛工种</Text>
        <View className="competition-tags competition-trades">
          {card.trades.map((name) => (
            <Text key={name} className="competition-tag">
              {name}
            </Text>
          ))}
        </View>
      </View>
      <View className="competition-row">
        <Text className="competition-row__label">参赛组别</Text>
        <View className="competition-tags competition-groups">
          {card.groups.map((name) => (
            <Text key={name} className="competition-tag competition-tag--group">
              {name}
            </Text>
          ))}
        </View>
      </View>
    </View>
  )
}

export default function Index() {
  // Loaded again whenever the page is shown again: competitions open and close meanwhile.
  const { state, reload } = usePageData(async () => toCompetitionCards(await listCompetitions()), [])

  return (
    <View className="home">
      <View className="home__head">
        <Text className="home__title">正在报名的赛事</Text>
        <Text className="home__mine" onClick={() => void openPage(PAGES.mine)}>
          我的
        </Text>
      </View>
      {state.kind !== 'ready' && <PageStatus state={state} onRetry={() => void reload()} />}
      {state.kind === 'ready' && state.data.length === 0 && <StatusView kind="empty" message={EMPTY_MESSAGE} />}
      {state.kind === 'ready' && state.data.map((card) => <CompetitionCard key={card.id} card={card} />)}
    </View>
  )
}
