import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { acceptPrivacyNotice } from '../../api/account'
import { reportPrivacyNoticeShown, subscribeWeChatPrivacy, weChatPrivacyPending } from '../../privacy/wechat'
import { isSignedIn } from '../../session/signIn'
import PrivacyNotice from '../PrivacyNotice'

import './index.scss'

/**
 * Put on every page that calls a WeChat API covered by the privacy guidelines (clipboard,
 * camera, phone number…). When WeChat holds such a call (onNeedPrivacyAuthorization), this shows
 * the notice over the page; 同意 lets the call go on and, when signed in, records the consent
 * with the BFF too. Renders nothing otherwise, and nothing outside WeChat.
 */
export default function PrivacyPopup() {
  const [open, setOpen] = useState(weChatPrivacyPending)

  useEffect(() => subscribeWeChatPrivacy(() => setOpen(weChatPrivacyPending())), [])
  useEffect(() => {
    if (open) reportPrivacyNoticeShown()
  }, [open])

  if (!open) return null
  return (
    <View className="privacy-popup">
      <View className="privacy-popup__sheet">
        <PrivacyNotice
          onAgree={() => {
            if (isSignedIn()) void acceptPrivacyNotice().catch(() => undefined)
          }}
        />
      </View>
    </View>
  )
}
