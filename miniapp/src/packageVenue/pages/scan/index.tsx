import { Button, Text, View } from '@tarojs/components'
import { getMe } from '../../../api/account'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openInvite } from '../../../navigation/routes'
import { NOT_VENUE_STAFF_MESSAGE, toVenuePosts } from './view'

import '../../../roles/staffPages.scss'

/** 现场签到: the competition and venue the staff member works; scanning arrives with check-in. */
export default function VenueScan() {
  const { state, reload } = usePageData(async () => toVenuePosts(await getMe()), [])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />

  const posts = state.data
  return (
    <View className="staff venue-scan">
      <View className="staff__card">
        <View className="staff__title">现场签到</View>
        {posts.length === 0 && (
          <>
            <View className="staff__note">{NOT_VENUE_STAFF_MESSAGE}</View>
            <Button className="staff__action" onClick={() => void openInvite()}>
              输入邀请码
            </Button>
          </>
        )}
        {posts.map((post) => (
          <View key={post.id} className="venue-scan__post">
            <View className="staff__line">
              <Text className="staff__label">赛事</Text>
              <Text className="staff__value">{post.competition}</Text>
            </View>
            <View className="staff__line">
              <Text className="staff__label">赛场</Text>
              <Text className="staff__value">{post.venue}</Text>
            </View>
          </View>
        ))}
      </View>
      {posts.length > 0 && (
        <View className="staff__card">
          <View className="staff__note">扫码签到将在签到功能开放后提供。</View>
        </View>
      )}
    </View>
  )
}
