import Taro from '@tarojs/taro'

/**
 * WeChat's own privacy check (weapp only; app.config.ts declares `__usePrivacyCheck__`).
 * When a page calls an API covered by the mini-program's privacy guidelines (clipboard,
 * camera, phone number…) before the person has agreed, WeChat holds the call and asks us,
 * through onNeedPrivacyAuthorization, to show our notice. The pending request waits here until
 * a PrivacyPopup on the page answers it: agree (with the id of the
 * open-type="agreePrivacyAuthorization" button that was tapped) or disagree.
 */

type TResolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void

/** The id of the agree button; WeChat checks that this very button was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

/** Calls WeChat is holding; one answer settles them all. */
let pending: TResolve[] = []
const listeners = new Set<() => void>()

function notify(): void {
  for (const listener of listeners) listener()
}

/** Called once at launch (app.ts). Does nothing outside WeChat or on base libraries without the API. */
export function listenForWeChatPrivacy(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  if (typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending.push(resolve)
    notify()
  })
}

export function weChatPrivacyPending(): boolean {
  return pending.length > 0
}

export function subscribeWeChatPrivacy(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Tells WeChat the notice is on screen (it counts this as the popup having been shown). */
export function reportPrivacyNoticeShown(): void {
  for (const resolve of pending) resolve({ event: 'exposureAuthorization' })
}

/** Lets the held call go on (agree) or fail with "privacy permission is not authorized" (disagree). */
export function answerWeChatPrivacy(agreed: boolean): void {
  const held = pending
  pending = []
  notify()
  for (const resolve of held) {
    resolve(agreed ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
  }
}
