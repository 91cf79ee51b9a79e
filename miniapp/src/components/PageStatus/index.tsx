import type { TPageData } from '../../loading/usePageData'
import SignInPrompt from '../SignInPrompt'
import StatusView from '../StatusView'

export type Props = {
  state: Exclude<TPageData<unknown>, { kind: 'ready' }>
  onRetry: () => void
}

/** Loading, sign-in and error states of a page that loads data. */
export default function PageStatus({ state, onRetry }: Props) {
  if (state.kind === 'loading') return <StatusView kind="loading" />
  if (state.kind === 'signed-out') return <SignInPrompt onRetry={onRetry} />
  return <StatusView kind="error" message={state.message} onRetry={onRetry} />
}
