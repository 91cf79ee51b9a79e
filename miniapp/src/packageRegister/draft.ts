import Taro from '@tarojs/taro'
import { ZUnionLookup, type TUnionLookup } from '@contest/shared'
import { z } from 'zod'
import { ZFormFields, type TFormFields, type TFormTarget } from './pages/form/view'

/**
 * The registration being filled in, kept on the phone (Taro storage: wx storage, or localStorage
 * in H5) so that a worker who leaves the form finds it as they left it. One draft per
 * competition (a new registration) or per registration (a resubmit). Saved as the worker types,
 * removed after a successful submit, and ignored once older than DRAFT_DAYS.
 */

const PREFIX = 'contest.registerDraft.'
export const DRAFT_DAYS = 30

export type TDraftFor = TFormTarget

const ZDraft = z.object({
  savedAt: z.string(),
  /** The union the worker confirmed on the entry page (new registrations only). */
  union: ZUnionLookup.nullable(),
  fields: ZFormFields.nullable(),
})
export type TDraft = z.infer<typeof ZDraft>

export function draftKey(draftFor: TDraftFor): string {
  return 'competitionId' in draftFor ? `${PREFIX}c.${draftFor.competitionId}` : `${PREFIX}r.${draftFor.registrationId}`
}

export function readDraft(draftFor: TDraftFor, now: Date = new Date()): TDraft | null {
  let stored: unknown
  try {
    stored = Taro.getStorageSync(draftKey(draftFor))
  } catch {
    return null
  }
  const parsed = ZDraft.safeParse(stored)
  if (!parsed.success) return null
  const age = now.getTime() - Date.parse(parsed.data.savedAt)
  if (!(age < DRAFT_DAYS * 86_400_000)) {
    clearDraft(draftFor)
    return null
  }
  return parsed.data
}

function write(draftFor: TDraftFor, draft: Omit<TDraft, 'savedAt'>): void {
  try {
    Taro.setStorageSync(draftKey(draftFor), { savedAt: new Date().toISOString(), ...draft })
  } catch {
    // Storage full or unavailable: the form still works, it is only not kept.
  }
}

/** The entry page: the union the worker confirmed, keeping what was typed before. */
export function saveDraftUnion(competitionId: string, union: TUnionLookup): void {
  const draftFor = { competitionId }
  write(draftFor, { union, fields: readDraft(draftFor)?.fields ?? null })
}

/** The form page, on every change. */
export function saveDraftFields(draftFor: TDraftFor, union: TUnionLookup | null, fields: TFormFields): void {
  write(draftFor, { union, fields })
}

export function clearDraft(draftFor: TDraftFor): void {
  try {
    Taro.removeStorageSync(draftKey(draftFor))
  } catch {
    // Nothing stored.
  }
}
