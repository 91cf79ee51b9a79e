import type { TGroupCode } from './competition';
import {
  AWARD_LABELS,
  awardCountsOf,
  weightsOf,
  type TAward,
  type TAwardCounts,
  type TResultsSettings,
} from './resultsSettings';

/**
 * Totals, ranks, awards, honours and team standings from scores: pure, the same answer for the
 * same entries and settings, so the BFF can recompute everything after any change (a corrected
 * score, a disqualification during 公示) and compare with what was shown before.
 *
 * Arithmetic is exact: scores are read as decimal text (a number through its shortest
 * round-trip text, so 85.345 is "85.345", not 85.344999…), held as whole units of 0.0001,
 * weighted by whole percents and rounded half up with integer division. Every intermediate is
 * below 2^53 (score ≤ 1000 → 10^7 units, × 100 → 10^9), so no float rounding ever happens, and
 * no BigInt is needed (the mini-program's JS engines may lack it).
 */

export const MAX_SCORE_DECIMALS = 4;
export const MAX_SCORE = 1000;
const SCORE_UNITS = 10 ** MAX_SCORE_DECIMALS;

/** Who a result belongs to, as entries carry it and rows repeat it. */
export interface TContestant {
  registrationId: string;
  /** As published lists show it. */
  name: string;
  /** The participating union the contestant represents (its team). */
  unionId: string;
  unionName: string;
  tradeCode: string;
  groupCode: TGroupCode;
}

export interface TResultEntry extends TContestant {
  /** Decimal text or a number, at most 4 decimal places, 0 … 1000; null while not scored. */
  theory: number | string | null;
  practical: number | string | null;
  absent: boolean;
  disqualified: boolean;
}

/** ranked; or not ranked: absent (缺考), disqualified (取消成绩), or a score still missing. */
export type TResultStatus = 'ranked' | 'absent' | 'disqualified' | 'unscored';

export interface TResultRow extends TContestant {
  status: TResultStatus;
  /** Competition ranking (1, 1, 3); null unless ranked. */
  rank: number | null;
  /** The weighted total at the competition's precision, e.g. "87.30"; null unless ranked. */
  total: string | null;
  award: TAward | null;
  honours: string[];
  /** Set when a previous ranking was given and this row now ranks higher (递补). */
  movedUp?: { fromRank: number };
}

export interface TRankedGroup {
  tradeCode: string;
  groupCode: TGroupCode;
  /** Ranked rows by rank, then absent, disqualified and unscored ones (no rank, no award). */
  rows: TResultRow[];
}

/** A score as whole units of 0.0001; refuses negatives, more than 4 decimals, exponents and NaN. */
export function scoreUnits(score: number | string): number {
  const text = typeof score === 'number' ? String(score) : score.trim();
  const match = /^(\d{1,4})(?:\.(\d{1,4}))?$/.exec(text);
  if (!match) throw new RangeError(`score ${text} is not a decimal 0…${MAX_SCORE} with at most ${MAX_SCORE_DECIMALS} places`);
  const units = Number(match[1]) * SCORE_UNITS + Number((match[2] ?? '').padEnd(MAX_SCORE_DECIMALS, '0'));
  if (units > MAX_SCORE * SCORE_UNITS) throw new RangeError(`score ${text} is above ${MAX_SCORE}`);
  return units;
}

/** theory × w% + practical × (100 − w)%, rounded half up to `precision` places, as units of 10^−precision. */
export function weightedTotalUnits(theoryUnits: number, practicalUnits: number, weights: { theoryPercent: number; practicalPercent: number }, precision: number): number {
  // Exact total in units of 10^-(4+2): score units times whole percents.
  const exact = theoryUnits * weights.theoryPercent + practicalUnits * weights.practicalPercent;
  const divisor = 10 ** (MAX_SCORE_DECIMALS + 2 - precision);
  const quotient = Math.floor(exact / divisor);
  return exact - quotient * divisor >= divisor / 2 ? quotient + 1 : quotient;
}

/** Units of 10^−precision as decimal text with exactly `precision` places. */
export function formatUnits(units: number, precision: number): string {
  if (precision === 0) return String(units);
  const digits = String(units).padStart(precision + 1, '0');
  return `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

/** The weighted total of two scores as the published text, e.g. totalOf(85.345, 0, {100, 0}, 2) = "85.35". */
export function totalOf(theory: number | string, practical: number | string, weights: { theoryPercent: number; practicalPercent: number }, precision: number): string {
  return formatUnits(weightedTotalUnits(scoreUnits(theory), scoreUnits(practical), weights, precision), precision);
}

/** How many 优胜奖 places: a count as set, or the share of the ranked contestants rounded down (never above the share). */
export function excellencePlaces(counts: TAwardCounts, rankedCount: number): number {
  const excellence = counts.excellence;
  return excellence.kind === 'count' ? excellence.count : Math.floor((rankedCount * excellence.percent) / 100);
}

/**
 * Awards follow ranks: rank ≤ gold → 金奖, ≤ gold + silver → 银奖, ≤ gold + silver + bronze → 铜奖,
 * ≤ that + 优胜奖 places → 优胜奖. Everyone sharing a rank gets its award, and the next rank skips
 * (1, 1, 3): two tied golds with one gold, one silver, one bronze leave no silver, and rank 3 is bronze.
 */
export function awardForRank(rank: number, counts: TAwardCounts, excellence: number): TAward | null {
  let limit = counts.gold;
  if (rank <= limit) return 'gold';
  limit += counts.silver;
  if (rank <= limit) return 'silver';
  limit += counts.bronze;
  if (rank <= limit) return 'bronze';
  limit += excellence;
  if (rank <= limit) return 'excellence';
  return null;
}

const GROUP_ORDER: Record<TGroupCode, number> = { worker: 0, student: 1 };
const UNRANKED_ORDER: Record<Exclude<TResultStatus, 'ranked'>, number> = { absent: 0, disqualified: 1, unscored: 2 };

interface Scored {
  entry: TResultEntry;
  total: number;
  theory: number;
  practical: number;
}

function statusOf(entry: TResultEntry): TResultStatus {
  if (entry.disqualified) return 'disqualified';
  if (entry.absent) return 'absent';
  if (entry.theory === null || entry.practical === null) return 'unscored';
  return 'ranked';
}

function rankGroup(tradeCode: string, groupCode: TGroupCode, entries: TResultEntry[], settings: TResultsSettings): TRankedGroup {
  const weights = weightsOf(settings, tradeCode);
  const scored: Scored[] = [];
  const unranked: TResultEntry[] = [];
  for (const entry of entries) {
    if (statusOf(entry) !== 'ranked') {
      unranked.push(entry);
      continue;
    }
    const theory = scoreUnits(entry.theory ?? 0);
    const practical = scoreUnits(entry.practical ?? 0);
    scored.push({ entry, theory, practical, total: weightedTotalUnits(theory, practical, weights, settings.precision) });
  }
  // Ranks go by the published (rounded) total, so equal totals on the list never rank apart
  // unless the tie rule says why: practical first, then theory.
  const breaksTies = settings.tieRule === 'practical_then_theory';
  const better = (a: Scored, b: Scored): number =>
    b.total - a.total || (breaksTies ? b.practical - a.practical || b.theory - a.theory : 0);
  scored.sort((a, b) => better(a, b) || (a.entry.registrationId < b.entry.registrationId ? -1 : a.entry.registrationId > b.entry.registrationId ? 1 : 0));

  const counts = awardCountsOf(settings, tradeCode, groupCode);
  const excellence = excellencePlaces(counts, scored.length);
  const rows: TResultRow[] = [];
  let previous: { scored: Scored; rank: number } | null = null;
  scored.forEach((s, i) => {
    const rank: number = previous && better(previous.scored, s) === 0 ? previous.rank : i + 1;
    previous = { scored: s, rank };
    const award = awardForRank(rank, counts, excellence);
    rows.push({ ...identity(s.entry), status: 'ranked', rank, total: formatUnits(s.total, settings.precision), award, honours: honoursFor(settings, groupCode, rank, award) });
  });
  unranked
    .map((entry) => ({ ...identity(entry), status: statusOf(entry), rank: null, total: null, award: null, honours: [] }))
    .sort((a, b) => UNRANKED_ORDER[a.status as Exclude<TResultStatus, 'ranked'>] - UNRANKED_ORDER[b.status as Exclude<TResultStatus, 'ranked'>] || (a.registrationId < b.registrationId ? -1 : 1))
    .forEach((row) => rows.push(row));
  return { tradeCode, groupCode, rows };
}

function identity(entry: TResultEntry): TContestant {
  const { registrationId, name, unionId, unionName, tradeCode, groupCode } = entry;
  return { registrationId, name, unionId, unionName, tradeCode, groupCode };
}

function honoursFor(settings: TResultsSettings, groupCode: TGroupCode, rank: number, award: TAward | null): string[] {
  return settings.honours
    .filter((honour) => honour.groupCode === null || honour.groupCode === groupCode)
    .filter((honour) => (honour.attachedTo.by === 'rank' ? rank <= honour.attachedTo.upToRank : award !== null && honour.attachedTo.awards.includes(award)))
    .map((honour) => honour.title);
}

/**
 * Ranks every trade × group of `entries` (trades by code, 职工组 before 学生组). Absent,
 * disqualified and unscored contestants are listed after the ranked ones without rank or award,
 * so recomputing after a disqualification moves the next contestants up (递补). With `previous`
 * (the ranking shown before), rows that now rank higher carry `movedUp`.
 */
export function rankResults(entries: readonly TResultEntry[], settings: TResultsSettings, previous?: readonly TRankedGroup[]): TRankedGroup[] {
  const byGroup = new Map<string, TResultEntry[]>();
  for (const entry of entries) {
    const key = `${entry.tradeCode}|${entry.groupCode}`;
    const list = byGroup.get(key);
    if (list) list.push(entry);
    else byGroup.set(key, [entry]);
  }
  const groups = [...byGroup.values()]
    .flatMap(([first, ...rest]) => (first ? [rankGroup(first.tradeCode, first.groupCode, [first, ...rest], settings)] : []))
    .sort((a, b) => (a.tradeCode < b.tradeCode ? -1 : a.tradeCode > b.tradeCode ? 1 : GROUP_ORDER[a.groupCode] - GROUP_ORDER[b.groupCode]));
  if (!previous) return groups;
  const before = rowsById(previous);
  for (const group of groups) {
    for (const row of group.rows) {
      const was = before.get(row.registrationId);
      if (row.rank !== null && was?.rank != null && row.rank < was.rank) row.movedUp = { fromRank: was.rank };
    }
  }
  return groups;
}

function rowsById(groups: readonly TRankedGroup[]): Map<string, TResultRow> {
  return new Map(groups.flatMap((g) => g.rows.map((row) => [row.registrationId, row] as const)));
}

export interface TRankingChange {
  registrationId: string;
  tradeCode: string;
  groupCode: TGroupCode;
  /** For people, in Chinese, e.g. “张三 递补为第3名，获铜奖”. */
  note: string;
}

export const RESULT_STATUS_NOTES: Record<Exclude<TResultStatus, 'ranked'>, string> = { absent: '缺考', disqualified: '取消成绩', unscored: '成绩待录入' };

function standing(row: TResultRow): string {
  return `第${row.rank}名${row.award ? `，${AWARD_LABELS[row.award]}` : ''}`;
}

/**
 * What changed for each contestant between two rankings of the same competition, as notes for
 * the 公示 page, in the order of the new ranking: results taken away (取消成绩), contestants moving
 * up (递补), and other changes of rank or award. Unchanged rows give no note.
 */
export function compareRankings(before: readonly TRankedGroup[], after: readonly TRankedGroup[]): TRankingChange[] {
  const was = rowsById(before);
  const changes: TRankingChange[] = [];
  for (const group of after) {
    for (const row of group.rows) {
      const old = was.get(row.registrationId);
      const note = changeNote(old, row);
      if (note) changes.push({ registrationId: row.registrationId, tradeCode: row.tradeCode, groupCode: row.groupCode, note });
    }
  }
  return changes;
}

function changeNote(old: TResultRow | undefined, row: TResultRow): string | null {
  const award = row.award ? `，获${AWARD_LABELS[row.award]}` : '';
  if (row.rank === null) {
    if (old?.rank == null) return null;
    return `${row.name} ${RESULT_STATUS_NOTES[row.status as Exclude<TResultStatus, 'ranked'>]}（原${standing(old)}）`;
  }
  if (old?.rank == null) return `${row.name} 列入排名，第${row.rank}名${award}`;
  if (row.rank < old.rank) return `${row.name} 递补为第${row.rank}名${award}`;
  if (row.rank > old.rank) return `${row.name} 名次调整为第${row.rank}名${row.award ? award : old.award ? '，不再获奖' : ''}`;
  if (row.award !== old.award) return `${row.name} 第${row.rank}名${row.award ? `，奖项改为${AWARD_LABELS[row.award]}` : '，不再获奖'}`;
  return null;
}

export interface TTeamStanding {
  unionId: string;
  unionName: string;
  /** Shared on equal team totals (1, 1, 3). */
  rank: number;
  /** The counted totals added, at the competition's precision. */
  total: string;
  /** The contestants whose totals were counted, best first. */
  counted: string[];
}

export interface TTradeTeamStandings {
  tradeCode: string;
  standings: TTeamStanding[];
}

/**
 * Team standings by union per trade. A union's team in a trade is its ranked contestants in
 * that trade, every group together; absent, disqualified and unscored ones count nothing.
 * `sum` adds all their totals, `best_n` the best n (a union with fewer adds what it has). The
 * totals added are the published, rounded ones, so the team total is exact at the same precision.
 */
export function teamStandings(ranking: readonly TRankedGroup[], settings: TResultsSettings): TTradeTeamStandings[] {
  const byTrade = new Map<string, Map<string, { unionName: string; rows: { id: string; units: number }[] }>>();
  for (const group of ranking) {
    const unions = byTrade.get(group.tradeCode) ?? new Map();
    byTrade.set(group.tradeCode, unions);
    for (const row of group.rows) {
      if (row.total === null) continue;
      const team = unions.get(row.unionId) ?? { unionName: row.unionName, rows: [] };
      unions.set(row.unionId, team);
      team.rows.push({ id: row.registrationId, units: Number(row.total.replace('.', '')) });
    }
  }
  const rule = settings.teamStanding;
  return [...byTrade].map(([tradeCode, unions]) => {
    const teams = [...unions].map(([unionId, team]) => {
      const best = [...team.rows].sort((a, b) => b.units - a.units);
      const counted = rule.method === 'best_n' ? best.slice(0, rule.n) : best;
      return { unionId, unionName: team.unionName, units: counted.reduce((sum, r) => sum + r.units, 0), counted: counted.map((r) => r.id) };
    });
    teams.sort((a, b) => b.units - a.units || a.unionName.localeCompare(b.unionName, 'zh') || (a.unionId < b.unionId ? -1 : 1));
    const standings: TTeamStanding[] = [];
    teams.forEach((team, i) => {
      const above = standings[i - 1];
      const rank = above && teams[i - 1]?.units === team.units ? above.rank : i + 1;
      standings.push({ unionId: team.unionId, unionName: team.unionName, rank, total: formatUnits(team.units, settings.precision), counted: team.counted });
    });
    return { tradeCode, standings };
  });
}
