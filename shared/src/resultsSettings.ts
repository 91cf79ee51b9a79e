import { z } from 'zod';
import { ZGroupCode } from './competition';

/**
 * How a competition turns scores into totals, ranks, awards, honours and team standings: the
 * optional `results` block of the set-up. Competitions stored without it read the defaults.
 */

const groupCode = z.enum(ZGroupCode.options, { error: '组别只能是职工组或学生组' });
const tradeCode = z.string({ error: '请选择工种' }).min(1, '请选择工种');
const percent = (label: string) =>
  z.number({ error: `请填写${label}` }).int(`${label}应为整数`).min(0, `${label}不能为负数`).max(100, `${label}不能超过 100`);
const count = (label: string) => z.number({ error: `请填写${label}名额` }).int(`${label}名额应为整数`).min(0, `${label}名额不能为负数`).max(1000, `${label}名额不能超过 1000`);

export const ZAward = z.enum(['gold', 'silver', 'bronze', 'excellence']);
export type TAward = z.infer<typeof ZAward>;
export const AWARD_LABELS: Record<TAward, string> = { gold: '金奖', silver: '银奖', bronze: '铜奖', excellence: '优胜奖' };

/** Theory and practical weights of one trade, whole percents summing to 100. */
export const ZTradeWeights = z
  .object({ tradeCode, theoryPercent: percent('理论成绩权重'), practicalPercent: percent('实操成绩权重') })
  .refine((w) => w.theoryPercent + w.practicalPercent === 100, { path: ['practicalPercent'], message: '理论与实操权重之和应为 100' });
export type TTradeWeights = z.infer<typeof ZTradeWeights>;
export const DEFAULT_WEIGHTS = { theoryPercent: 30, practicalPercent: 70 } as const;

/** 优胜奖: a number of places, or a share (whole percent) of the ranked contestants, rounded down. */
export const ZExcellenceAward = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('count'), count: count('优胜奖') }),
    z.object({ kind: z.literal('share'), percent: percent('优胜奖比例') }),
  ],
  { error: '优胜奖应按名额（count）或比例（share）设置' },
);
export type TExcellenceAward = z.infer<typeof ZExcellenceAward>;

export const ZAwardCounts = z.object({
  gold: count('金奖').default(1),
  silver: count('银奖').default(1),
  bronze: count('铜奖').default(1),
  /** The notices say 优胜奖「若干名」: none until the committee sets how many. */
  excellence: ZExcellenceAward.default({ kind: 'count', count: 0 }),
});
export type TAwardCounts = z.output<typeof ZAwardCounts>;

/** Different counts for one trade × group. */
export const ZAwardOverride = ZAwardCounts.extend({ tradeCode, groupCode });
export type TAwardOverride = z.output<typeof ZAwardOverride>;

/** An honour attached to ranks: to rank ≤ upToRank, or to the holders of some awards; optionally one group only. */
export const ZHonourRule = z.object({
  title: z.string({ error: '请填写荣誉名称' }).trim().min(1, '请填写荣誉名称').max(40, '荣誉名称最长 40 个字'),
  /** Null: every group. */
  groupCode: groupCode.nullable().default(null),
  attachedTo: z.discriminatedUnion(
    'by',
    [
      z.object({ by: z.literal('rank'), upToRank: z.number({ error: '请填写名次' }).int('名次应为整数').min(1, '名次至少为 1').max(1000, '名次不能超过 1000') }),
      z.object({ by: z.literal('award'), awards: z.array(ZAward, { error: '请选择奖项' }).min(1, '请选择至少一个奖项') }),
    ],
    { error: '荣誉应按名次（rank）或奖项（award）授予' },
  ),
});
export type THonourRule = z.output<typeof ZHonourRule>;

export const DEFAULT_HONOURS: THonourRule[] = [
  { title: '推荐申报全国技术能手', groupCode: 'worker', attachedTo: { by: 'rank', upToRank: 1 } },
  { title: '晋升一级职业技能等级', groupCode: null, attachedTo: { by: 'award', awards: ['gold', 'silver', 'bronze'] } },
];

/**
 * Team standings by union, per trade: a union's team is its ranked contestants in the trade
 * (every group). `sum`: all their totals added; `best_n`: the best `n` totals added.
 */
export const ZTeamStandingRule = z.discriminatedUnion(
  'method',
  [
    z.object({ method: z.literal('sum') }),
    z.object({ method: z.literal('best_n'), n: z.number({ error: '请填写计入团体成绩的人数' }).int('人数应为整数').min(1, '人数至少为 1').max(100, '人数不能超过 100') }),
  ],
  { error: '团体成绩应按总和（sum）或前 N 名（best_n）计算' },
);
export type TTeamStandingRule = z.infer<typeof ZTeamStandingRule>;

export const ZTieRule = z.enum(['practical_then_theory', 'shared'], { error: '并列规则只能是先比实操再比理论，或并列同名次' });
export type TTieRule = z.infer<typeof ZTieRule>;

export const ZResultsSettings = z.object({
  /** Trades not listed weigh DEFAULT_WEIGHTS (30 / 70). */
  weights: z.array(ZTradeWeights).max(200).default([]),
  /** Decimal places of the total, rounded half up. */
  precision: z.number({ error: '请填写总分保留的小数位数' }).int('小数位数应为整数').min(0, '小数位数不能为负数').max(4, '小数位数最多 4 位').default(2),
  tieRule: ZTieRule.default('practical_then_theory'),
  awards: ZAwardCounts.prefault({}),
  awardOverrides: z.array(ZAwardOverride).max(400).default([]),
  honours: z.array(ZHonourRule).max(20).default(DEFAULT_HONOURS),
  teamStanding: ZTeamStandingRule.default({ method: 'sum' }),
  /** How many working days the 公示 runs: at least the notices' 5. */
  announcementWorkingDays: z.number({ error: '请填写公示的工作日数' }).int('工作日数应为整数').min(5, '公示至少 5 个工作日').max(30, '公示最多 30 个工作日').default(5),
});
export type TResultsSettingsInput = z.input<typeof ZResultsSettings>;
export type TResultsSettings = z.output<typeof ZResultsSettings>;

type IssueSink = { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void };

/** The set-up's cross-field checks of its results block: trades and groups must exist, each set once. */
export function checkResultsSettings(
  results: TResultsSettings,
  trades: readonly { code: string; groups: readonly string[] }[],
  ctx: IssueSink,
): void {
  const groupsOf = new Map(trades.map((t) => [t.code, new Set(t.groups)]));
  const weighted = new Set<string>();
  results.weights.forEach((w, i) => {
    const path = ['results', 'weights', i];
    if (!groupsOf.has(w.tradeCode)) ctx.addIssue({ code: 'custom', path: [...path, 'tradeCode'], message: '工种不存在' });
    if (weighted.has(w.tradeCode)) ctx.addIssue({ code: 'custom', path, message: '同一工种的权重重复设置' });
    weighted.add(w.tradeCode);
  });
  const overridden = new Set<string>();
  results.awardOverrides.forEach((o, i) => {
    const path = ['results', 'awardOverrides', i];
    const groups = groupsOf.get(o.tradeCode);
    if (!groups) ctx.addIssue({ code: 'custom', path: [...path, 'tradeCode'], message: '工种不存在' });
    else if (!groups.has(o.groupCode)) ctx.addIssue({ code: 'custom', path: [...path, 'groupCode'], message: '该工种不设此组别' });
    const key = `${o.tradeCode}|${o.groupCode}`;
    if (overridden.has(key)) ctx.addIssue({ code: 'custom', path, message: '同一工种、组别的奖项重复设置' });
    overridden.add(key);
  });
}

/**
 * The results settings of a stored competition: defaults for what is missing, and settings of
 * trades or groups no longer in the set-up left out (a set-up change that drops a trade does
 * not have to repeat the results block).
 */
export function resolveResultsSettings(
  stored: unknown,
  trades: readonly { code: string; groups: readonly string[] }[],
): TResultsSettings {
  const settings = ZResultsSettings.parse(stored ?? {});
  const groupsOf = new Map(trades.map((t) => [t.code, new Set<string>(t.groups)]));
  return {
    ...settings,
    weights: settings.weights.filter((w) => groupsOf.has(w.tradeCode)),
    awardOverrides: settings.awardOverrides.filter((o) => groupsOf.get(o.tradeCode)?.has(o.groupCode)),
  };
}

export function weightsOf(settings: TResultsSettings, tradeCode: string): { theoryPercent: number; practicalPercent: number } {
  return settings.weights.find((w) => w.tradeCode === tradeCode) ?? DEFAULT_WEIGHTS;
}

export function awardCountsOf(settings: TResultsSettings, tradeCode: string, groupCode: string): TAwardCounts {
  return settings.awardOverrides.find((o) => o.tradeCode === tradeCode && o.groupCode === groupCode) ?? settings.awards;
}
