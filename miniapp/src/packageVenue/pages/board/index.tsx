import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { errorMessage } from '../../../api/errors'
import { exportMissingList, getVenueBoard, listWatchedSessions } from '../../../api/venueBoard'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { useAutoRefresh } from './useAutoRefresh'
import { BOARD_REFRESH_MS, toBoardView, toSessionChoices } from './view'

import '../../../roles/staffPages.scss'
import './index.scss'

/** No `?session=`: the sessions the person works or oversees, to pick one. */
function SessionPicker({ onPick }: { onPick: (id: string) => void }) {
  const { state, reload } = usePageData(async () => toSessionChoices(await listWatchedSessions()), [])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  if (state.data.length === 0) return <StatusView kind="empty" message="没有可查看的场次" />
  return (
    <View className="staff">
      <View className="staff__card">
        <View className="staff__title">选择场次</View>
        {state.data.map((choice) => (
          <View key={choice.id} className="board__choice" onClick={() => onPick(choice.id)}>
            <View className="board__choice-title">{choice.title}</View>
            <View className="staff__note">{choice.sub}</View>
          </View>
        ))}
      </View>
    </View>
  )
}

/**
 * 签到看板 (`?session=<id>`): expected, checked in and missing for a session, per trade × group, and
 * who is missing, refreshed every BOARD_REFRESH_MS while the page is on screen; the missing list
 * saved as a sheet. Venue staff see their venue's sessions, the committee every venue's.
 */
export default function VenueBoard() {
  const { params } = useRouter()
  const [sessionId, setSessionId] = useState<string | null>(params.session ?? null)
  const board = useAutoRefresh(sessionId ? () => getVenueBoard(sessionId) : null, BOARD_REFRESH_MS, [sessionId])
  const [exporting, setExporting] = useState(false)

  if (!sessionId) return <SessionPicker onPick={setSessionId} />
  if (board.state.kind !== 'ready') return <PageStatus state={board.state} onRetry={board.refresh} />
  const view = toBoardView(board.state.data)

  async function saveMissing() {
    if (!sessionId) return
    setExporting(true)
    try {
      await exportMissingList(sessionId, view.sheetName)
    } catch (error) {
      void Taro.showToast({ title: errorMessage(error), icon: 'none' })
    } finally {
      setExporting(false)
    }
  }

  return (
    <View className="staff board">
      <View className="staff__card">
        <View className="staff__title">{view.venue}</View>
        <View className="staff__note">{view.competition}</View>
        <View className="staff__note">{view.session}</View>
        <View className="board__totals">
          <View className="board__total">
            <Text className="board__number">{view.totals.expected}</Text>
            <Text className="board__caption">应到</Text>
          </View>
          <View className="board__total board__total--in">
            <Text className="board__number">{view.totals.checkedIn}</Text>
            <Text className="board__caption">已签到</Text>
          </View>
          <View className="board__total board__total--missing">
            <Text className="board__number">{view.totals.missing}</Text>
            <Text className="board__caption">未到</Text>
          </View>
        </View>
        <View className="board__updated">
          <Text>{view.updatedAt}</Text>
          {board.lastFailure && <Text className="board__stale">（刷新失败：{board.lastFailure}）</Text>}
        </View>
        {view.conflicts && (
          <View className="board__conflicts" onClick={() => void openPage(PAGES.venueConflicts, { session: sessionId })}>
            {view.conflicts}，查看 ›
          </View>
        )}
      </View>

      <View className="staff__card">
        <View className="staff__title">按工种</View>
        {view.trades.length === 0 && <View className="staff__note">本场次还没有安排考生</View>}
        {view.trades.map((row) => (
          <View key={row.key} className="board__trade">
            <Text className="board__trade-name">{row.label}</Text>
            <Text className="board__trade-counts">
              应到 {row.expected} · 已签到 {row.checkedIn} · 未到 {row.missing}
            </Text>
          </View>
        ))}
      </View>

      <View className="staff__card">
        <View className="staff__title">未签到名单（{view.missing.length}）</View>
        {view.missing.length === 0 && <View className="staff__note">全部考生已签到</View>}
        {view.missing.map((person) => (
          <View key={person.passNumber} className="board__missing">
            <Text className="board__missing-name">{person.name}</Text>
            <Text className="staff__note">{person.detail}</Text>
          </View>
        ))}
        {view.missing.length > 0 && (
          <Button className="staff__action" loading={exporting} disabled={exporting || undefined} onClick={() => void saveMissing()}>
            导出未签到名单
          </Button>
        )}
      </View>
    </View>
  )
}
