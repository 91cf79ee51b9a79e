import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import PageStatus from '../../components/PageStatus'
import PrivacyNotice from '../../components/PrivacyNotice'
import { usePrivacyConsent } from '../../privacy/usePrivacyConsent'
import { acceptedLine } from './view'

import './index.scss'

/** The privacy notice: read it, and accept it if not yet done (POST /me/privacy-consent). */
export default function Privacy() {
  const { consent, accept, accepting, acceptError, reload } = usePrivacyConsent()

  if (consent.kind === 'accepted') {
    return (
      <View className="privacy-page">
        <View className="privacy-page__accepted">{acceptedLine(consent.me.privacy.acceptedAt)}</View>
        <PrivacyNotice readOnly />
      </View>
    )
  }
  if (consent.kind === 'required') {
    return (
      <View className="privacy-page">
        <PrivacyNotice
          onAgree={() => void accept()}
          onDisagree={() => {
            if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
          }}
          busy={accepting}
          error={acceptError}
        />
      </View>
    )
  }
  // Anyone may read the notice; accepting it needs a session.
  return (
    <View className="privacy-page">
      <PrivacyNotice readOnly />
      {consent.kind !== 'loading' && <PageStatus state={consent} onRetry={() => void reload()} />}
    </View>
  )
}
