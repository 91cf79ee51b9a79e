import { useCallback, useState } from 'react'
import type { TMe } from '@contest/shared'
import { acceptPrivacyNotice, getMe } from '../api/account'
import { errorMessage } from '../api/errors'
import { usePageData, type TPageData } from '../loading/usePageData'
import { hasAcceptedPrivacyNotice } from './consent'

export type TPrivacyConsent =
  | Exclude<TPageData<TMe>, { kind: 'ready' }>
  | { kind: 'required'; me: TMe }
  | { kind: 'accepted'; me: TMe }

/**
 * Whether the signed-in person has accepted the current privacy notice, and `accept()` to
 * record it (POST /me/privacy-consent with the version this build shows). Pages that collect
 * an ID number or phone wrap their form in <PrivacyGate>, which uses this.
 */
export function usePrivacyConsent() {
  const { state, reload, update } = usePageData(getMe, [])
  const [accepting, setAccepting] = useState(false)
  const [acceptError, setAcceptError] = useState<string | null>(null)

  const accept = useCallback(async () => {
    setAccepting(true)
    setAcceptError(null)
    try {
      const me = await acceptPrivacyNotice()
      update(() => me)
    } catch (error) {
      setAcceptError(errorMessage(error))
    } finally {
      setAccepting(false)
    }
  }, [update])

  const consent: TPrivacyConsent =
    state.kind === 'ready'
      ? { kind: hasAcceptedPrivacyNotice(state.data) ? 'accepted' : 'required', me: state.data }
      : state

  return { consent, accept, accepting, acceptError, reload }
}
