import { askForSubscriptions } from '../notifications/subscribe'
import { openPage, PAGES } from '../navigation/routes'

/**
 * Opens a registration's 准考证. Call it in the tap itself: it first asks for grants of the
 * messages still ahead of the registration (a re-issued pass's 考场安排 among them), which WeChat
 * allows only inside a tap, and opens the page once the dialog is closed.
 */
export function openPass(registration: { id: string; subscribeTemplateIds: readonly string[] }): void {
  void askForSubscriptions(registration.subscribeTemplateIds).then(() => openPage(PAGES.registerPass, { id: registration.id }))
}
