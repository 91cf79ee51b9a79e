import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { getReceivedAnnouncement } from '../../../api/announcements'
import PageStatus from '../../../components/PageStatus'
import { formatChinaDateTime } from '../../../format/date'
import { usePageData } from '../../../loading/usePageData'
import { openCompetition } from '../../../navigation/routes'

import './index.scss'

/**
 * A committee announcement (大赛通知) as a person it reached reads it: opened from the inbox or from
 * the WeChat message (`?id=`), in full, with the way to the competition.
 */
export default function Announcement() {
  const id = useRouter().params.id ?? ''
  const { state, reload } = usePageData(() => getReceivedAnnouncement(id), [id])
  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const notice = state.data

  return (
    <View className="notice">
      <View className="notice__card">
        <Text className="notice__competition">{notice.competition.name}</Text>
        <View className="notice__title">{notice.title}</View>
        <Text className="notice__time">大赛组委会 · {formatChinaDateTime(notice.createdAt)}</Text>
        <View className="notice__body">{notice.body}</View>
        <Button className="notice__open" onClick={() => void openCompetition(notice.competition.id)}>
          查看赛事
        </Button>
      </View>
    </View>
  )
}
