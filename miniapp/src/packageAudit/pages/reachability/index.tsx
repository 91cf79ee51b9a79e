import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { AppError } from '@contest/shared'
import { getReachability } from '../../../api/audit'
import { errorMessage } from '../../../api/errors'
import PageStatus from '../../../components/PageStatus'
import { usePageData } from '../../../loading/usePageData'
import { openPage, PAGES } from '../../../navigation/routes'
import { deskOf } from '../../desk'
import { reachCard } from '../home/view'
import { reachRow } from './view'

import '../../audit.scss'

/**
 * The desk's workers WeChat cannot send their next message to (no subscription left for it): whom
 * the official should phone, with the phone masked as in the queue (a row opens the registration,
 * where the full number is a logged reveal), 加载更多 by keyset pages.
 */
export default function AuditReachability() {
  const { params } = useRouter()
  const desk = deskOf(params.desk)
  const competitionId = params.competitionId ?? ''
  const [loadingMore, setLoadingMore] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  const reach = usePageData(
    () => (competitionId ? getReachability(desk, competitionId) : Promise.reject(new AppError('COMPETITION_NOT_FOUND'))),
    [desk, competitionId],
  )

  async function loadMore(cursor: string) {
    setLoadingMore(true)
    try {
      const next = await getReachability(desk, competitionId, cursor)
      reach.update((page) => ({ ...page, unreachable: [...page.unreachable, ...next.unreachable], nextCursor: next.nextCursor }))
    } catch (error) {
      setNotice(errorMessage(error))
    } finally {
      setLoadingMore(false)
    }
  }

  if (reach.state.kind !== 'ready') return <PageStatus state={reach.state} onRetry={() => void reach.reload()} />
  const page = reach.state.data

  return (
    <View className="audit audit-reachability">
      <View className="audit__card">
        <View className="audit__title">{reachCard(page).figure}</View>
        <View className="audit__hint">以下报名人没有订阅下一条消息，微信无法推送，请电话通知。点开可查看报名详情（查看完整手机号会记入审核日志）。</View>
      </View>
      <View className="audit__card">
        {page.unreachable.length === 0 && <View className="audit__empty">所有报名人都能收到微信推送</View>}
        {page.unreachable.map(reachRow).map((row) => (
          <View key={row.id} className="audit-reach-row" onClick={() => void openPage(PAGES.auditDetail, { desk, id: row.id })}>
            <View>
              <Text className="audit-reach-row__name">{row.name}</Text>
              <Text>{row.phone}</Text>
            </View>
            <View className="audit-reach-row__line">{row.union}</View>
            <View className="audit-reach-row__line">{row.waiting}</View>
          </View>
        ))}
        {notice && <View className="audit__error">{notice}</View>}
        {page.nextCursor && (
          <Button
            className="audit__secondary audit-list__more"
            loading={loadingMore || undefined}
            disabled={loadingMore || undefined}
            onClick={() => void loadMore(page.nextCursor!)}
          >
            加载更多
          </Button>
        )}
      </View>
    </View>
  )
}
