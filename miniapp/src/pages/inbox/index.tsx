import { useRef, useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { errorMessage } from '../../api/errors'
import { listInbox, markAllNotificationsRead, markNotificationRead } from '../../api/notifications'
import PageStatus from '../../components/PageStatus'
import StatusView from '../../components/StatusView'
import { usePageData } from '../../loading/usePageData'
import { linkedPage, openPage, PAGES } from '../../navigation/routes'
import { NO_MESSAGES, toInboxItem, withAllRead, withNextPage, withRead, type TInboxItem } from './view'

import './index.scss'

type TMore = 'idle' | 'loading' | 'failed'

/**
 * 消息: every notification the worker received, pushed by WeChat or not, newest first; more load
 * as the list is scrolled to its end. A tap marks a message read and opens what it is about.
 */
export default function Inbox() {
  // Not reloaded when shown again (back from a message): that would drop the pages scrolled through
  // and could race the read mark just sent. 我的 reloads its count when shown.
  const { state, reload, update } = usePageData(() => listInbox(), [], { reloadOnShow: false })
  const [more, setMore] = useState<TMore>('idle')
  const loadingMore = useRef(false)

  function loadMore() {
    if (state.kind !== 'ready' || !state.data.nextCursor || loadingMore.current) return
    loadingMore.current = true
    setMore('loading')
    listInbox(state.data.nextCursor)
      .then((next) => {
        update((current) => withNextPage(current, next))
        setMore('idle')
      })
      .catch(() => setMore('failed'))
      .finally(() => {
        loadingMore.current = false
      })
  }

  useReachBottom(loadMore)

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const { items, nextCursor, unread } = state.data

  function open(item: TInboxItem) {
    if (item.unread) {
      update((current) => withRead(current, item.id))
      markNotificationRead(item.id).then(
        (left) => update((current) => withRead(current, item.id, left)),
        () => undefined,
      )
    }
    const target = linkedPage(item.page)
    // 我的 is where the inbox was opened from: the message itself is all there is to read.
    if (target && target.path !== PAGES.mine) void openPage(target.path, target.query)
  }

  function readAll() {
    markAllNotificationsRead().then(
      (left) => update((current) => withAllRead(current, left)),
      (error: unknown) => void Taro.showToast({ title: errorMessage(error), icon: 'none' }),
    )
  }

  if (items.length === 0) return <StatusView kind="empty" message={NO_MESSAGES} />

  return (
    <View className="inbox">
      <View className="inbox__bar">
        <Text className="inbox__count">{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
        {unread > 0 && (
          <Text className="inbox__read-all" onClick={readAll}>
            全部已读
          </Text>
        )}
      </View>

      {items.map(toInboxItem).map((item) => (
        <View key={item.id} className={`inbox-item${item.unread ? ' inbox-item--unread' : ''}`} onClick={() => open(item)}>
          <View className="inbox-item__top">
            {item.unread && <View className="inbox-item__dot" />}
            <Text className="inbox-item__title">{item.title}</Text>
          </View>
          {item.summary && <View className="inbox-item__summary">{item.summary}</View>}
          <View className="inbox-item__meta">
            <Text className="inbox-item__competition">{item.competition}</Text>
            <Text className="inbox-item__time">{item.time}</Text>
          </View>
        </View>
      ))}

      <View className="inbox__footer" onClick={more === 'loading' ? undefined : loadMore}>
        {more === 'loading' ? '加载中…' : more === 'failed' ? '加载失败，点击重试' : nextCursor ? '加载更多' : '没有更多消息了'}
      </View>
    </View>
  )
}
