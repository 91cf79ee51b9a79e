import Taro from '@tarojs/taro'
import { MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST, ZSubscribeAnswer, type TSubscribeAnswer } from '@contest/shared'
import { reportSubscribeAnswers } from '../api/notifications'

/**
 * Asking for WeChat subscribe grants (一次性订阅) at taps the worker makes anyway: each accepted
 * template lets the BFF push one message. WeChat shows its dialog only when asked inside a tap
 * handler, so call `askForSubscriptions` synchronously, before the handler's first `await`.
 */

/** The answers WeChat gave for the templates asked for; other keys (errMsg) are not answers. */
export function subscribeAnswers(result: object, templateIds: readonly string[]): Record<string, TSubscribeAnswer> {
  const given = new Map<string, unknown>(Object.entries(result))
  const answers: Record<string, TSubscribeAnswer> = {}
  for (const id of templateIds) {
    const answer = ZSubscribeAnswer.safeParse(given.get(id))
    if (answer.success) answers[id] = answer.data
  }
  return answers
}

/**
 * Asks for `templateIds` (at most 3, from the BFF) and reports the answers to the BFF in the
 * background. Resolves once WeChat has answered (the dialog is closed), so the caller may then
 * navigate; never rejects: a cancel, a refusal, H5 (no such API) or no templates only mean no push.
 */
export function askForSubscriptions(templateIds: readonly string[]): Promise<void> {
  const asked = templateIds.slice(0, MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST)
  if (asked.length === 0 || process.env.TARO_ENV === 'h5' || typeof Taro.requestSubscribeMessage !== 'function') return Promise.resolve()
  let answered: ReturnType<typeof Taro.requestSubscribeMessage>
  try {
    // Promise.resolve: whatever the platform hands back, this never throws past the tap.
    answered = Promise.resolve(Taro.requestSubscribeMessage({ tmplIds: [...asked], entityIds: [] }))
  } catch {
    return Promise.resolve()
  }
  return answered.then(
    (result) => {
      const answers = subscribeAnswers(result, asked)
      if (Object.keys(answers).length > 0) reportSubscribeAnswers(answers).catch(() => undefined)
    },
    () => undefined,
  )
}
