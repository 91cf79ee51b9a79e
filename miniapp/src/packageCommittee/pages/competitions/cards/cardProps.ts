import type { TSetupForm } from '../form'

/** What each card of the editor gets: the form, the problems to show, and how to change the form. */
export type TCardProps = {
  form: TSetupForm
  /** The problem shown at `where` (a key of `TSetupErrors.byKey`), if any. */
  errorAt: (where: string) => string | undefined
  /** Applies a change to the form and drops the problems shown at `where`. */
  change: (next: (form: TSetupForm) => TSetupForm, ...where: string[]) => void
  /** `change` for fields of the form itself. */
  set: (patch: Partial<TSetupForm>, ...where: string[]) => void
}
