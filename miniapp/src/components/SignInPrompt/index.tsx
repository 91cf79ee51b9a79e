import { Button, Text, View } from '@tarojs/components'
import { openPage, PAGES } from '../../navigation/routes'
import { usesDevSignIn } from '../../session/signIn'

import './index.scss'

export type Props = {
  /** Tries again: in WeChat this signs in silently (wx.login). */
  onRetry: () => void
}

/** Shown when a page needs a session and none could be opened without the person. */
export default function SignInPrompt({ onRetry }: Props) {
  const devSignIn = usesDevSignIn()
  return (
    <View className="sign-in-prompt">
      <Text className="sign-in-prompt__message">请先登录</Text>
      <Button
        className="sign-in-prompt__button"
        size="mini"
        onClick={() => (devSignIn ? void openPage(PAGES.login) : onRetry())}
      >
        {devSignIn ? '去登录' : '重新登录'}
      </Button>
    </View>
  )
}
