import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { listCheckInConflicts } from '../../../api/venueBoard'
import PageStatus from '../../../components/PageStatus'
import StatusView from '../../../components/StatusView'
import { usePageData } from '../../../loading/usePageData'
import { toConflictViews } from './view'

import '../../../roles/staffPages.scss'
import './index.scss'

/**
 * 重复扫码记录 (`?session=<id>`), for the venue supervisor: passes scanned on two phones while
 * offline. The earlier scan by scan time holds the check-in; both scans are shown (time, staff, device).
 */
export default function CheckInConflicts() {
  const { params } = useRouter()
  const session = params.session ?? ''
  const { state, reload } = usePageData(async () => toConflictViews(session ? await listCheckInConflicts(session) : []), [session])
  if (!session) return <StatusView kind="empty" message="请从签到看板进入" />
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  if (state.data.length === 0) return <StatusView kind="empty" message="本场次没有离线重复扫码" />

  return (
    <View className="staff conflicts">
      <View className="staff__card">
        <View className="staff__note">同一准考证在两台设备离线扫码：以扫码时间在先的一次为准，另一次不计签到。</View>
      </View>
      {state.data.map((conflict) => (
        <View key={conflict.id} className="staff__card conflict">
          <View className="conflict__title">{conflict.title}</View>
          {conflict.scans.map((scan) => (
            <View key={scan.key} className={`conflict__scan conflict__scan--${scan.key}`}>
              <Text className="conflict__verdict">{scan.verdict}</Text>
              <Text className="conflict__text">{scan.text}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
