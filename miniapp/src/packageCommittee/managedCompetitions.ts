import { getMe } from '../api/account'
import { listSetupCompetitions } from '../api/admin'
import { hasRole } from '../roles/view'

/** The competitions a committee page works on: none, and `allowed` false, for someone without the committee's role. */
export async function loadManagedCompetitions() {
  const me = await getMe()
  if (!hasRole(me.roles, 'committee', 'admin')) return { allowed: false as const, competitions: [] }
  return { allowed: true as const, competitions: await listSetupCompetitions() }
}
