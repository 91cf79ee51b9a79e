import { Button, Text, View } from '@tarojs/components'
import { PRIVACY_NOTICE } from '../../privacy/notice'
import { answerWeChatPrivacy, PRIVACY_AGREE_BUTTON_ID } from '../../privacy/wechat'

import './index.scss'

export type Props = {
  /** Records the consent with the BFF; without it, 同意 only answers WeChat's privacy check. */
  onAgree?: () => void
  onDisagree?: () => void
  busy?: boolean
  error?: string | null
  /** Hide the buttons (the notice read again after agreeing). */
  readOnly?: boolean
}

/**
 * The privacy notice with 同意 / 不同意. In WeChat the 同意 button is
 * open-type="agreePrivacyAuthorization", so one tap also satisfies WeChat's own privacy check.
 */
export default function PrivacyNotice({ onAgree, onDisagree, busy = false, error = null, readOnly = false }: Props) {
  const inWeapp = process.env.TARO_ENV === 'weapp'
  return (
    <View className="privacy-notice">
      <View className="privacy-notice__title">{PRIVACY_NOTICE.title}</View>
      <View className="privacy-notice__version">版本：{PRIVACY_NOTICE.version}</View>
      <View className="privacy-notice__body">
        <Text className="privacy-notice__intro">{PRIVACY_NOTICE.intro}</Text>
        {PRIVACY_NOTICE.sections.map((section) => (
          <View key={section.heading} className="privacy-notice__section">
            <View className="privacy-notice__heading">{section.heading}</View>
            <Text className="privacy-notice__text">{section.body}</Text>
          </View>
        ))}
        <Text className="privacy-notice__closing">{PRIVACY_NOTICE.closing}</Text>
      </View>
      {error && <View className="privacy-notice__error">{error}</View>}
      {!readOnly && (
        <View className="privacy-notice__actions">
          <Button
            className="privacy-notice__disagree"
            onClick={() => {
              answerWeChatPrivacy(false)
              onDisagree?.()
            }}
          >
            不同意
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="privacy-notice__agree"
            openType={inWeapp ? 'agreePrivacyAuthorization' : undefined}
            onAgreePrivacyAuthorization={() => answerWeChatPrivacy(true)}
            disabled={busy}
            loading={busy}
            onClick={() => {
              // Outside WeChat there is no agreePrivacyAuthorization event: answer here.
              if (!inWeapp) answerWeChatPrivacy(true)
              onAgree?.()
            }}
          >
            同意
          </Button>
        </View>
      )}
    </View>
  )
}
