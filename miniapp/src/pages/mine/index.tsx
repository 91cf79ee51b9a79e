import { Button, Text, View } from '@tarojs/components'
import { getMe } from '../../api/account'
import { listInbox } from '../../api/notifications'
import { listMyRegistrations } from '../../api/registrations'
import PageStatus from '../../components/PageStatus'
import { usePageData } from '../../loading/usePageData'
import { openInvite, openPage, PAGES } from '../../navigation/routes'
import { askForSubscriptions } from '../../notifications/subscribe'
import { signOut, usesDevSignIn } from '../../session/signIn'
import { rememberedDevUser } from '../../session/store'
import { NO_ROLES_MESSAGE, toMineView, unreadBadge } from './view'

import './index.scss'

/**
 * The account, and beside it what may fail without spoiling 我的: the unread count on 消息, and the
 * subscribe templates to ask for when 我的报名 is opened. Loaded again whenever 我的 is shown, so
 * the count drops after reading.
 */
function loadMine() {
  return Promise.all([
    getMe(),
    listInbox().then(
      (inbox) => inbox.unread,
      () => null,
    ),
    listMyRegistrations().then(
      (registrations) => registrations.subscribeTemplateIds,
      (): string[] => [],
    ),
  ]).then(([me, unread, registrationTemplateIds]) => ({
    ...toMineView(me, rememberedDevUser()),
    unread: unreadBadge(unread),
    registrationTemplateIds,
  }))
}

export default function Mine() {
  const { state, reload } = usePageData(loadMine, [])

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const view = state.data

  /** The tap asks for the grants of what 我的报名 awaits (WeChat allows it only in a tap), then opens it. */
  function openRegistrations() {
    void askForSubscriptions(view.registrationTemplateIds).then(() => openPage(PAGES.registerMine))
  }

  return (
    <View className="mine">
      <View className="mine__card mine__account">
        <Text className="mine__status">{view.status}</Text>
      </View>

      <View className="mine__card">
        <View className="mine__row mine__inbox" onClick={() => void openPage(PAGES.inbox)}>
          <Text>消息</Text>
          <View className="mine__row-end">
            {view.unread && <Text className="mine__badge">{view.unread}</Text>}
            <Text className="mine__chevron">›</Text>
          </View>
        </View>
        <View className="mine__row mine__registrations" onClick={openRegistrations}>
          <Text>我的报名</Text>
          <Text className="mine__chevron">›</Text>
        </View>
      </View>

      <View className="mine__card">
        <View className="mine__heading">我的角色</View>
        {view.roles.length === 0 && <View className="mine__empty">{NO_ROLES_MESSAGE}</View>}
        {view.roles.map((role) => (
          <View key={role.id} className="mine__role">
            <Text className="mine__role-label">{role.label}</Text>
            <Text className="mine__role-scope">{role.scope}</Text>
          </View>
        ))}
      </View>

      {view.links.length > 0 && (
        <View className="mine__card">
          <View className="mine__heading">工作入口</View>
          {view.links.map((link) => (
            <View key={link.path} className="mine__row mine__link" onClick={() => void openPage(link.path)}>
              <Text>{link.title}</Text>
              <Text className="mine__chevron">›</Text>
            </View>
          ))}
        </View>
      )}

      <View className="mine__card">
        <View className="mine__row" onClick={() => void openInvite()}>
          <Text>输入邀请码</Text>
          <Text className="mine__chevron">›</Text>
        </View>
        <View className="mine__row" onClick={() => void openPage(PAGES.privacy)}>
          <Text>隐私政策</Text>
          <Text className="mine__row-value">{view.privacy} ›</Text>
        </View>
      </View>

      {usesDevSignIn() && (
        <Button
          className="mine__sign-out"
          onClick={() => {
            void signOut().then(() => reload())
          }}
        >
          退出登录
        </Button>
      )}
    </View>
  )
}
