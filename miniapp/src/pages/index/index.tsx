import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { listCompetitions } from '../../api/competitions'
import { errorMessage } from '../../api/errors'
import StatusView from '../../components/StatusView'
import { openCompetition, openPage, PAGES } from '../../navigation/routes'
import { EMPTY_MESSAGE, toCompetitionCards, type TCompetitionCard } from './view'

import './index.scss'

type TState =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; cards: TCompetitionCard[] }

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
  const [state, setState] = useState<TState>({ kind: 'loading' })
  const mounted = useRef(true)

  const load = useCallback(async () => {
    setState({ kind: 'loading' })
    try {
      const cards = toCompetitionCards(await listCompetitions())
      if (mounted.current) setState({ kind: 'ready', cards })
    } catch (error) {
      if (mounted.current) setState({ kind: 'error', message: errorMessage(error) })
    }
  }, [])

  useEffect(() => {
    mounted.current = true
    void load()
    return () => {
      mounted.current = false
    }
  }, [load])

  return (
    <View className="home">
      <View className="home__head">
        <Text className="home__title">正在报名的赛事</Text>
        <Text className="home__mine" onClick={() => void openPage(PAGES.mine)}>
          我的
        </Text>
      </View>
      {state.kind === 'loading' && <StatusView kind="loading" />}
      {state.kind === 'error' && (
        <StatusView kind="error" message={state.message} onRetry={() => void load()} />
      )}
      {state.kind === 'ready' && state.cards.length === 0 && (
        <StatusView kind="empty" message={EMPTY_MESSAGE} />
      )}
      {state.kind === 'ready' &&
        state.cards.map((card) => <CompetitionCard key={card.id} card={card} />)}
    </View>
  )
}
