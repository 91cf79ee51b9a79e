import { useState } from 'react'
import type { TUnionEntry } from '@contest/shared'
import { listUnions } from '../api/admin'
import { errorMessage } from '../api/errors'

/** Searching the directory by name or code (GET /admin/unions?q=), for the pages that pick unions. */
export function useUnionSearch() {
  const [q, setQ] = useState('')
  const [results, setResults] = useState<TUnionEntry[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function search() {
    const query = q.trim()
    if (query === '') return
    setSearching(true)
    setError(null)
    try {
      setResults((await listUnions({ q: query })).items)
    } catch (failure) {
      setError(errorMessage(failure))
    } finally {
      setSearching(false)
    }
  }

  return { q, setQ, results, searching, error, search }
}
