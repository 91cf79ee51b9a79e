import { COMPETITION_ENTRY_KEY, ZCompetitionId, ZUnionCode, type TUnionLookup } from '@contest/shared'

/**
 * Where a worker's registration starts: the competition, and the union code their union gave
 * them. Both can arrive in a poster's mini-program code (scene `u=<UNIONCODE>&k=<key>`, drawn by
 * the BFF with the shared `registrationEntryScene`), as H5 query parameters (`?u=…&k=…`), or from
 * a scan on the page. One reader for all of them, more forgiving than the scene alone needs
 * (order, case, URL-encoded once or twice, a path or link around it).
 */

export type TScanned = { unionCode: string; competitionKey: string | null }

export type TEntryParams = {
  competitionId: string | null
  competitionKey: string | null
  unionCode: string | null
}

/** WeChat hands scenes over URL-encoded, sometimes twice. */
function decode(value: string): string {
  let current = value
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(current); i += 1) {
    try {
      current = decodeURIComponent(current)
    } catch {
      break
    }
  }
  return current
}

/** `a=1&b=2` → entries; values decoded; the first value of a name wins. */
function readPairs(query: string, into: Map<string, string>): void {
  for (const pair of query.split('&')) {
    const at = pair.indexOf('=')
    if (at <= 0) continue
    const name = decode(pair.slice(0, at)).trim()
    if (!into.has(name)) into.set(name, decode(pair.slice(at + 1)).trim())
  }
}

function unionCodeOf(value: string | undefined): string | null {
  if (!value) return null
  const parsed = ZUnionCode.safeParse(value)
  return parsed.success ? parsed.data : null
}

function competitionKeyOf(value: string | undefined): string | null {
  const key = value?.trim().toUpperCase()
  return key && COMPETITION_ENTRY_KEY.test(key) ? key : null
}

/** A scene's (or a query's) values, with a nested `scene=` (a mini-program path) read too. */
function entryPairs(query: string): Map<string, string> {
  const top = new Map<string, string>()
  readPairs(query, top)
  const scene = top.get('scene')
  if (scene === undefined) return top
  const fromScene = new Map<string, string>()
  readPairs(decode(scene), fromScene)
  for (const [name, value] of top) if (!fromScene.has(name)) fromScene.set(name, value)
  return fromScene
}

/** `u=HXQ3X&k=AB12CD` (URL-encoded or not) → the union code and competition key. */
export function parseEntryScene(scene: string): TScanned | null {
  const pairs = entryPairs(decode(scene))
  const unionCode = unionCodeOf(pairs.get('u'))
  return unionCode ? { unionCode, competitionKey: competitionKeyOf(pairs.get('k')) } : null
}

/**
 * What a scan on the entry page read, in the three forms printed on paper:
 * - this mini-program's code: a path such as `packageRegister/pages/entry/index?scene=u%3DHXQ3X%26k%3DAB12CD`;
 * - a link: `https://…?u=HXQ3X&k=AB12CD` (also the H5 form `https://…/#/…/entry/index?u=…&k=…`);
 * - the union code itself as text: `HXQ3X`.
 * Null for anything else.
 */
export function parseScanResult(text: string): TScanned | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const questionMark = trimmed.indexOf('?')
  if (questionMark < 0) {
    // No query: a bare union code, or nothing we know.
    if (/[/:=&]/.test(trimmed)) return null
    const unionCode = unionCodeOf(trimmed)
    return unionCode ? { unionCode, competitionKey: null } : null
  }
  // Every `?…` part up to its `#`: the query of a link and of an H5 hash route alike.
  const pairs = new Map<string, string>()
  for (const part of trimmed.slice(questionMark + 1).split('?')) {
    for (const [name, value] of entryPairs(part.split('#')[0] ?? '')) if (!pairs.has(name)) pairs.set(name, value)
  }
  const unionCode = unionCodeOf(pairs.get('u'))
  return unionCode ? { unionCode, competitionKey: competitionKeyOf(pairs.get('k')) } : null
}

/** What the entry page was opened with: `?competitionId=` (the competition page), a QR scene, or H5 `?u=&k=`. */
export function entryFromParams(params: Record<string, string | undefined>): TEntryParams {
  const fromScene = params.scene ? parseEntryScene(params.scene) : null
  const id = params.competitionId ? ZCompetitionId.safeParse(decode(params.competitionId)) : null
  return {
    competitionId: id?.success ? id.data : null,
    competitionKey: fromScene?.competitionKey ?? competitionKeyOf(params.k ? decode(params.k) : undefined),
    unionCode: fromScene?.unionCode ?? unionCodeOf(params.u ? decode(params.u) : undefined),
  }
}

/** The typed code, normalised (the shared ZUnionCode: full-width, spaces, lower case); or the message to show beside the field. */
export function checkTypedUnionCode(typed: string): { ok: true; code: string } | { ok: false; message: string } {
  if (typed.trim() === '') return { ok: false, message: '请输入工会代码' }
  const parsed = ZUnionCode.safeParse(typed)
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? '工会代码格式不正确' }
  return { ok: true, code: parsed.data }
}

/** 天津市总工会 › 河西区总工会 */
export function unionChainText(union: Pick<TUnionLookup, 'chain' | 'name'>): string {
  return union.chain.length > 0 ? union.chain.join(' › ') : union.name
}

/** A scan the person cancelled is not an error worth showing. */
export function isScanCancelled(error: unknown): boolean {
  const message =
    typeof error === 'object' && error !== null && 'errMsg' in error ? String(error.errMsg) : error instanceof Error ? error.message : ''
  return /cancel/i.test(message)
}
