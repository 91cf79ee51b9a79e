import {
  DEFAULT_WEIGHTS,
  ZResultsSettings,
  type TAward,
  type TAwardOverride,
  type TGroupCode,
  type TResultsSettings,
  type TTieRule,
} from '@contest/shared'

/**
 * The 成绩与奖项 part of the set-up form: numbers as typed, honours as rows with local keys. As a
 * request it is the set-up's `results` block, checked by the same schema (ZResultsSettings).
 */

export type THonourRow = {
  key: string
  title: string
  /** null: every group. */
  groupCode: TGroupCode | null
  by: 'rank' | 'award'
  upToRank: string
  awards: TAward[]
}

export type TResultsForm = {
  /** Per trade row (its key): theory and practical percent as typed; a row not here shows 30 / 70. */
  weights: Record<string, { theory: string; practical: string }>
  precision: string
  tieRule: TTieRule
  gold: string
  silver: string
  bronze: string
  excellenceKind: 'count' | 'share'
  /** 优胜奖 places, or percent of the ranked contestants. */
  excellence: string
  honours: THonourRow[]
  teamMethod: 'sum' | 'best_n'
  teamN: string
  announcementWorkingDays: string
  /** Per trade × group award counts set elsewhere: kept as stored (for the trades still in the form). */
  awardOverrides: TAwardOverride[]
}

export const TIE_RULE_LABELS: Record<TTieRule, string> = { practical_then_theory: '先比实操，再比理论', shared: '并列同名次' }
export const TEAM_METHOD_LABELS = { sum: '全部队员总分相加', best_n: '前 N 名总分相加' } as const
export const EXCELLENCE_KIND_LABELS = { count: '按名额', share: '按比例（%）' } as const

/** The form for stored settings (defaults filled in); `tradeKeyOf` names the trade rows by code. */
export function resultsFormOf(settings: TResultsSettings, tradeKeyOf: ReadonlyMap<string, string>, nextKey: () => string): TResultsForm {
  const weights: TResultsForm['weights'] = {}
  for (const w of settings.weights) {
    const tradeKey = tradeKeyOf.get(w.tradeCode)
    if (tradeKey) weights[tradeKey] = { theory: String(w.theoryPercent), practical: String(w.practicalPercent) }
  }
  const { excellence } = settings.awards
  return {
    weights,
    precision: String(settings.precision),
    tieRule: settings.tieRule,
    gold: String(settings.awards.gold),
    silver: String(settings.awards.silver),
    bronze: String(settings.awards.bronze),
    excellenceKind: excellence.kind,
    excellence: String(excellence.kind === 'count' ? excellence.count : excellence.percent),
    honours: settings.honours.map((h) => ({
      key: nextKey(),
      title: h.title,
      groupCode: h.groupCode,
      by: h.attachedTo.by,
      upToRank: h.attachedTo.by === 'rank' ? String(h.attachedTo.upToRank) : '1',
      awards: h.attachedTo.by === 'award' ? [...h.attachedTo.awards] : [],
    })),
    teamMethod: settings.teamStanding.method,
    teamN: settings.teamStanding.method === 'best_n' ? String(settings.teamStanding.n) : '3',
    announcementWorkingDays: String(settings.announcementWorkingDays),
    awardOverrides: settings.awardOverrides,
  }
}

/** The defaults (a new competition): every trade 30 / 70, one gold, silver and bronze, the notices' honours. */
export function emptyResultsForm(nextKey: () => string): TResultsForm {
  return resultsFormOf(ZResultsSettings.parse({}), new Map(), nextKey)
}

/** The weights shown for a trade row. */
export function weightsOfRow(form: TResultsForm, tradeKey: string): { theory: string; practical: string } {
  return form.weights[tradeKey] ?? { theory: String(DEFAULT_WEIGHTS.theoryPercent), practical: String(DEFAULT_WEIGHTS.practicalPercent) }
}

/** A whole number as typed: null when empty (the schema says 请填写…), NaN when not a whole number. */
function typed(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN
}

/**
 * The `results` block for the form, unparsed (the set-up schema checks it), and what the schema
 * would word less helpfully: numbers that are not whole numbers, by where the editor shows them.
 * `honours` lists the honour rows' keys in the order sent, to place the schema's problems.
 */
export function resultsRequest(
  form: TResultsForm,
  trades: readonly { key: string; code: string; groups: readonly TGroupCode[] }[],
): { results: Record<string, unknown>; problems: Record<string, string>; weightKeys: string[]; honourKeys: string[] } {
  const problems: Record<string, string> = {}
  const number = (text: string, where: string) => {
    const value = typed(text)
    if (Number.isNaN(value)) problems[where] ??= '请填写整数'
    return value
  }
  // One row per trade code: a missing or repeated code is the trades card's problem, not the weights'.
  const weighted = trades.filter((t, i) => t.code.trim() !== '' && trades.findIndex((other) => other.code.trim() === t.code.trim()) === i)
  const weights = weighted.map((t) => {
    const w = weightsOfRow(form, t.key)
    return { tradeCode: t.code.trim(), theoryPercent: number(w.theory, `weight:${t.key}`), practicalPercent: number(w.practical, `weight:${t.key}`) }
  })
  const excellence = number(form.excellence, 'results.awards.excellence')
  const groupsOf = new Map(trades.map((t) => [t.code.trim(), t.groups]))
  const results = {
    weights,
    precision: number(form.precision, 'results.precision'),
    tieRule: form.tieRule,
    awards: {
      gold: number(form.gold, 'results.awards.gold'),
      silver: number(form.silver, 'results.awards.silver'),
      bronze: number(form.bronze, 'results.awards.bronze'),
      excellence: form.excellenceKind === 'count' ? { kind: 'count', count: excellence } : { kind: 'share', percent: excellence },
    },
    // A trade or group taken out of the form takes its award counts with it.
    awardOverrides: form.awardOverrides.filter((o) => groupsOf.get(o.tradeCode)?.includes(o.groupCode)),
    honours: form.honours.map((h) => ({
      title: h.title,
      groupCode: h.groupCode,
      attachedTo: h.by === 'rank' ? { by: 'rank', upToRank: number(h.upToRank, `honour:${h.key}`) } : { by: 'award', awards: h.awards },
    })),
    teamStanding: form.teamMethod === 'sum' ? { method: 'sum' } : { method: 'best_n', n: number(form.teamN, 'results.teamStanding') },
    announcementWorkingDays: number(form.announcementWorkingDays, 'results.announcementWorkingDays'),
  }
  // Numbers left empty or mistyped go to the schema as they are (null, NaN): it refuses them in its words, or ours above.
  return { results, problems, weightKeys: weighted.map((t) => t.key), honourKeys: form.honours.map((h) => h.key) }
}

/** Where a problem of the `results` block (path after `results`) is shown. */
export function resultsErrorKey(path: readonly PropertyKey[], weightKeys: readonly string[], honourKeys: readonly string[]): string {
  const [part, i] = path
  if (part === 'weights' && typeof i === 'number' && weightKeys[i] !== undefined) return `weight:${weightKeys[i]}`
  if (part === 'honours' && typeof i === 'number' && honourKeys[i] !== undefined) return `honour:${honourKeys[i]}`
  if (part === 'awards' && typeof i === 'string') return `results.awards.${i}`
  return typeof part === 'string' ? `results.${part}` : 'results'
}

export function addHonourRow(form: TResultsForm, key: string): TResultsForm {
  return { ...form, honours: [...form.honours, { key, title: '', groupCode: null, by: 'rank', upToRank: '1', awards: [] }] }
}

export function toggleHonourAward(row: THonourRow, award: TAward): THonourRow {
  return { ...row, awards: row.awards.includes(award) ? row.awards.filter((a) => a !== award) : [...row.awards, award] }
}
