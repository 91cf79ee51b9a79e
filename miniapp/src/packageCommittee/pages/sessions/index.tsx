import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import type { TVenueSessionView } from '@contest/shared'
import { listSessions } from '../../../api/venueSessions'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { loadManagedCompetitions } from '../../managedCompetitions'
import CompetitionChips from '../competitions/parts/CompetitionChips'
import { NOT_COMMITTEE_MESSAGE } from '../index/view'
import AssignmentCard from './AssignmentCard'
import MoveCard from './MoveCard'
import SessionEditor from './SessionEditor'
import { sessionsByVenue } from './view'

import '../../committee.scss'
import './index.scss'

/**
 * 场次与考场安排 (`?competitionId=`, else the first competition managed): the sessions of each
 * venue with their day, time window and stations (new, changed, their board), automatic
 * assignment per trade × group, and moving one registration to another session or station.
 */
export default function Sessions() {
  const { params } = useRouter()
  // Loaded once: showing the page again (back from a board) must not drop a session being edited.
  const page = usePageData(loadManagedCompetitions, [], { reloadOnShow: false })
  const [chosen, setChosen] = useState<string | null>(params.competitionId ?? null)
  const [editing, setEditing] = useState<{ session: TVenueSessionView | null } | null>(null)

  const competitions = page.state.kind === 'ready' ? page.state.data.competitions : []
  const competition = competitions.find((c) => c.id === chosen) ?? (chosen ? null : (competitions[0] ?? null))
  const sessions = usePageData(() => (competition ? listSessions(competition.id) : Promise.resolve([])), [competition?.id])

  if (page.state.kind !== 'ready') return <PageStatus state={page.state} onRetry={() => void page.reload()} />
  if (!page.state.data.allowed) return <StatusView kind="empty" message={NOT_COMMITTEE_MESSAGE} />
  if (!competition) return <StatusView kind="empty" message="没有可安排考场的赛事" />

  const list = sessions.state.kind === 'ready' ? sessions.state.data : []
  const refresh = () => void sessions.reload({ quiet: true })

  return (
    <View className="committee sessions">
      {competitions.length > 1 && (
        <View className="committee__card">
          <CompetitionChips
            competitions={competitions}
            chosenId={competition.id}
            onChoose={(id) => {
              setChosen(id)
              setEditing(null)
            }}
          />
        </View>
      )}

      {editing ? (
        <SessionEditor
          competition={competition}
          session={editing.session}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            refresh()
          }}
        />
      ) : (
        <View className="committee__card">
          <View className="sessions__head">
            <View className="committee__heading">场次</View>
            <Button className="committee__small" size="mini" onClick={() => setEditing({ session: null })}>
              新增场次
            </Button>
          </View>
          {competition.venues.length === 0 && <View className="committee__hint">本赛事还没有赛场，请先在“赛事设置”中添加赛场。</View>}
          {sessions.state.kind !== 'ready' && <PageStatus state={sessions.state} onRetry={() => void sessions.reload()} />}
          {sessions.state.kind === 'ready' && list.length === 0 && <View className="committee__empty">还没有场次</View>}
          {sessionsByVenue(competition, list).map((group) => (
            <View key={group.venue} className="sessions__venue">
              <View className="sessions__venue-name">{group.venue}</View>
              {group.rows.map((row) => (
                <View key={row.id} className="committee__row session-row">
                  <View className="committee__row-main">
                    <View className="committee__row-title">{row.title}</View>
                    <View className="committee__row-sub">{row.when}</View>
                    <View className="committee__row-sub">{row.capacity}</View>
                    <View className="committee__row-sub">{row.hosts}</View>
                  </View>
                  <View className="session-row__actions">
                    <Button className="committee__small" size="mini" onClick={() => setEditing({ session: row.session })}>
                      修改
                    </Button>
                    <Button className="committee__small" size="mini" onClick={() => void openPage(PAGES.venueBoard, { session: row.id })}>
                      签到看板
                    </Button>
                  </View>
                </View>
              ))}
            </View>
          ))}
        </View>
      )}

      <AssignmentCard competition={competition} onAssigned={refresh} />
      <MoveCard competition={competition} sessions={list} onMoved={refresh} />
    </View>
  )
}
