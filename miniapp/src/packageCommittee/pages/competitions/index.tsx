import { Text, View } from '@tarojs/components'
import { listSetupCompetitions } from '../../../api/admin'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { toSetupCards } from './view'

import '../../committee.scss'
import './index.scss'

/** 赛事设置, read-only for now: each competition's set-up as the committee keeps it. */
export default function Competitions() {
  const { state, reload } = usePageData(async () => toSetupCards(await listSetupCompetitions()), [])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  if (state.data.length === 0) return <StatusView kind="empty" message="还没有赛事" />

  return (
    <View className="committee setups">
      <View className="committee__hint setups__note">在小程序中编辑赛事设置将在后续版本提供。</View>
      {state.data.map((card) => (
        <View key={card.id} className="committee__card setup-card">
          <View className="committee__heading">
            {card.name}
            {card.badges.map((badge) => (
              <Text key={badge} className="committee__badge">
                {badge}
              </Text>
            ))}
          </View>
          {card.lines.map((line) => (
            <View key={line.label} className="setup-card__line">
              <Text className="setup-card__label">{line.label}</Text>
              <Text className="setup-card__value">{line.value}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
