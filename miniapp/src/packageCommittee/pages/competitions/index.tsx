import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { getMe } from '../../../api/account'
import { listSetupCompetitions } from '../../../api/admin'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { hasRole } from '../../../roles/view'
import { NOT_COMMITTEE_MESSAGE } from '../index/view'
import { managesAllCompetitions } from '../invitations/view'
import Editor from './Editor'
import { toSetupCards } from './view'

import '../../committee.scss'
import './index.scss'

async function loadList() {
  const me = await getMe()
  if (!hasRole(me.roles, 'committee', 'admin')) return { allowed: false as const }
  return { allowed: true as const, canCreate: managesAllCompetitions(me), cards: toSetupCards(await listSetupCompetitions()) }
}

/**
 * 赛事设置: the competitions the viewer manages, and the editor for one of them (or a new one).
 * `?edit=<id>` (or `?edit=new`) opens the editor directly.
 */
export default function Competitions() {
  const { params } = useRouter()
  const [editing, setEditing] = useState<{ id: string | null } | null>(
    params.edit ? { id: params.edit === 'new' ? null : params.edit } : null,
  )
  const { state, reload } = usePageData(loadList, [])

  if (editing) {
    return (
      <View className="committee setups">
        <Editor
          competitionId={editing.id}
          onClose={() => {
            setEditing(null)
            void reload({ quiet: true })
          }}
          onSaved={() => void reload({ quiet: true })}
        />
      </View>
    )
  }

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  if (!state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />
  const { cards, canCreate } = state.data

  return (
    <View className="committee setups">
      {canCreate && (
        <View className="setups__actions">
          <Button className="committee__primary setups__create" onClick={() => setEditing({ id: null })}>
            新建赛事
          </Button>
        </View>
      )}
      {cards.length === 0 && <StatusView kind="empty" message="还没有赛事" />}
      <View className="setups__cards">
        {cards.map((card) => (
          <View key={card.id} className="committee__card setup-card">
            <View className="setup-card__head">
              <View className="committee__heading setup-card__name">
                {card.name}
                {card.badges.map((badge) => (
                  <Text key={badge} className="committee__badge">
                    {badge}
                  </Text>
                ))}
              </View>
              <View className="setup-card__buttons">
                <Button className="committee__small setup-card__edit" size="mini" onClick={() => setEditing({ id: card.id })}>
                  编辑
                </Button>
                <Button className="committee__small setup-card__sessions" size="mini" onClick={() => void openPage(PAGES.committeeSessions, { competitionId: card.id })}>
                  场次与考场
                </Button>
                <Button className="committee__small setup-card__scores" size="mini" onClick={() => void openPage(PAGES.committeeScores, { competitionId: card.id })}>
                  成绩录入
                </Button>
              </View>
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
    </View>
  )
}
