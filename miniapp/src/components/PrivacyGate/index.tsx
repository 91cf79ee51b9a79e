import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { usePrivacyConsent } from '../../privacy/usePrivacyConsent'
import PageStatus from '../PageStatus'
import PrivacyNotice from '../PrivacyNotice'

export type Props = {
  /** What only someone who accepted the notice may see, e.g. a form asking for an ID number. */
  children: ReactNode
  onDisagree?: () => void
}

/**
 * Shows the privacy notice until the signed-in person has accepted the current version, then
 * its children. For the registration pages (ID number, phone) to come.
 */
export default function PrivacyGate({ children, onDisagree }: Props) {
  const { consent, accept, accepting, acceptError, reload } = usePrivacyConsent()
  if (consent.kind === 'accepted') return <>{children}</>
  if (consent.kind === 'required') {
    return (
      <View className="privacy-gate">
        <PrivacyNotice onAgree={() => void accept()} onDisagree={onDisagree} busy={accepting} error={acceptError} />
      </View>
    )
  }
  return <PageStatus state={consent} onRetry={() => void reload()} />
}
