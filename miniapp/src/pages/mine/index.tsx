import { Button, Text, View } from '@tarojs/components'
import { getMe } from '../../api/account'
import PageStatus from '../../components/PageStatus'
import { usePageData } from '../../loading/usePageData'
import { openInvite, openPage, PAGES } from '../../navigation/routes'
import { signOut, usesDevSignIn } from '../../session/signIn'
import { rememberedDevUser } from '../../session/store'
import { NO_ROLES_MESSAGE, toMineView } from './view'

import './index.scss'

export default function Mine() {
  const { state, reload } = usePageData(async () => toMineView(await getMe(), rememberedDevUser()), [])

  if (state.kind !== 'ready') return <PageStatus state={state} onRetry={() => void reload()} />
  const view = state.data

  return (
    <View className="mine">
      <View className="mine__card mine__account">
        <Text className="mine__status">{view.status}</Text>
      </View>

      <View className="mine__card">
        <View className="mine__row mine__registrations" onClick={() => void openPage(PAGES.registerMine)}>
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
