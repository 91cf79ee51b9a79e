import type { TMe } from '@contest/shared'

/** Accepted means: the version the BFF currently asks for (an older acceptance asks again). */
export function hasAcceptedPrivacyNotice(me: TMe): boolean {
  return me.privacy.acceptedVersion !== null && me.privacy.acceptedVersion === me.privacy.currentVersion
}
