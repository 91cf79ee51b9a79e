import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { leaveSignIn } from '../../navigation/routes'
import { signInAsTestUser, signInWithWeChat, usesDevSignIn } from '../../session/signIn'
import { rememberedDevUser } from '../../session/store'
import { signInErrorMessage, SUGGESTED_TEST_USERS, testUserProblem } from './view'

import './index.scss'

/**
 * Sign-in. In WeChat it is one tap (wx.login). In the H5 build (development) the developer
 * names a test user of the WeChat emulator, and the same code exchange runs as on a phone.
 */
export default function Login() {
  const devSignIn = usesDevSignIn()
  const [user, setUser] = useState(() => rememberedDevUser() ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(name: string) {
    const problem = devSignIn ? testUserProblem(name) : null
    if (problem) {
      setError(problem)
      return
    }
    setBusy(true)
    setError(null)
    try {
      if (devSignIn) await signInAsTestUser(name)
      else await signInWithWeChat()
      await leaveSignIn()
    } catch (failure) {
      setError(signInErrorMessage(failure))
    } finally {
      setBusy(false)
    }
  }

  if (!devSignIn) {
    return (
      <View className="login">
        <View className="login__card">
          <View className="login__title">登录职工职业技能大赛</View>
          {error && <View className="login__error">{error}</View>}
          <Button className="login__submit" loading={busy} disabled={busy} onClick={() => void submit('')}>
            微信一键登录
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="login">
      <View className="login__card">
        <View className="login__title">开发环境登录</View>
        <View className="login__hint">
          浏览器中没有微信登录。输入微信模拟服务中的测试用户名，即以该用户身份登录（与手机上的微信登录走同一流程）。
        </View>
        <View className="login__label">测试用户名</View>
        <Input
          className="login__input"
          value={user}
          placeholder="例如 committee-1"
          maxlength={32}
          onInput={(event) => setUser(event.detail.value)}
          onConfirm={() => void submit(user)}
        />
        <View className="login__suggestions">
          {SUGGESTED_TEST_USERS.map((name) => (
            <Text key={name} className="login__suggestion" onClick={() => setUser(name)}>
              {name}
            </Text>
          ))}
        </View>
        {error && <View className="login__error">{error}</View>}
        <Button className="login__submit" loading={busy} disabled={busy} onClick={() => void submit(user)}>
          登录
        </Button>
      </View>
    </View>
  )
}
