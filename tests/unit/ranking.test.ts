import fc from 'fast-check';
import {
  ZResultsSettings,
  compareRankings,
  rankResults,
  teamStandings,
  totalOf,
  type TGroupCode,
  type TRankedGroup,
  type TResultEntry,
  type TResultRow,
  type TResultsSettingsInput,
} from '@contest/shared';

const settings = (input: TResultsSettingsInput = {}) => ZResultsSettings.parse(input);

let serial = 0;
/** A contestant of 焊工 职工组 in 河西区 unless `fields` say otherwise. */
function entry(name: string, theory: number | string | null, practical: number | string | null, fields: Partial<TResultEntry> = {}): TResultEntry {
  serial += 1;
  return {
    registrationId: `r${String(serial).padStart(4, '0')}`,
    name,
    unionId: 'u-hexi',
    unionName: '河西区总工会',
    tradeCode: 'welding',
    groupCode: 'worker',
    theory,
    practical,
    absent: false,
    disqualified: false,
    ...fields,
  };
}

const rowsOf = (ranking: TRankedGroup[], tradeCode = 'welding', groupCode: TGroupCode = 'worker'): TResultRow[] =>
  ranking.find((g) => g.tradeCode === tradeCode && g.groupCode === groupCode)?.rows ?? [];
const table = (rows: TResultRow[]) => rows.map((r) => [r.name, r.rank, r.total, r.award]);

/** Reference: the exact weighted total by BigInt arithmetic on the decimal text, rounded half up. */
function referenceTotal(theory: string, practical: string, theoryPercent: number, precision: number): string {
  const units = (text: string) => {
    const [whole, fraction = ''] = text.split('.');
    return BigInt(whole + fraction.padEnd(4, '0'));
  };
  const exact = units(theory) * BigInt(theoryPercent) + units(practical) * BigInt(100 - theoryPercent); // 10^-6
  const divisor = 10n ** BigInt(6 - precision);
  const rounded = (exact * 2n + divisor) / (2n * divisor);
  const text = rounded.toString().padStart(precision + 1, '0');
  return precision === 0 ? text : `${text.slice(0, -precision)}.${text.slice(-precision)}`;
}

describe('totals', () => {
  it('rounds half up on the decimal value, where floats round 85.345 and 1.005 down', () => {
    expect((85.345).toFixed(2)).toBe('85.34'); // what float rounding would publish
    expect(totalOf(85.345, 0, { theoryPercent: 100, practicalPercent: 0 }, 2)).toBe('85.35');
    expect(totalOf('1.005', '0', { theoryPercent: 100, practicalPercent: 0 }, 2)).toBe('1.01');
    // 0.3 × 80.15 + 0.7 × 90.35 is 87.29 exactly; in floats it is 87.28999999999999.
    expect(0.3 * 80.15 + 0.7 * 90.35).not.toBe(87.29);
    expect(totalOf(80.15, 90.35, { theoryPercent: 30, practicalPercent: 70 }, 2)).toBe('87.29');
    expect(totalOf(0.1, 0.2, { theoryPercent: 50, practicalPercent: 50 }, 2)).toBe('0.15');
    expect(totalOf(88.5, 90, { theoryPercent: 30, practicalPercent: 70 }, 0)).toBe('90');
    expect(totalOf(88, 90, { theoryPercent: 30, practicalPercent: 70 }, 1)).toBe('89.4');
  });

  it('refuses a score carrying float noise or more than 4 decimals rather than rounding it silently', () => {
    expect(() => totalOf(0.1 + 0.2, 0, { theoryPercent: 30, practicalPercent: 70 }, 2)).toThrow(RangeError);
    expect(() => totalOf('-1', 0, { theoryPercent: 30, practicalPercent: 70 }, 2)).toThrow(RangeError);
    expect(() => totalOf('1000.0001', 0, { theoryPercent: 30, practicalPercent: 70 }, 2)).toThrow(RangeError);
  });

  it('equals the exact decimal total rounded half up, for any scores, weights and precision', () => {
    const score = fc
      .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 }))
      .map(([whole, fraction, places]) => (places === 0 || whole === 100 ? String(whole) : `${whole}.${String(fraction).padStart(4, '0').slice(0, places)}`));
    fc.assert(
      fc.property(score, score, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 4 }), fc.boolean(), (theory, practical, theoryPercent, precision, asNumbers) => {
        const weights = { theoryPercent, practicalPercent: 100 - theoryPercent };
        const total = asNumbers ? totalOf(Number(theory), Number(practical), weights, precision) : totalOf(theory, practical, weights, precision);
        expect(total).toBe(referenceTotal(theory, practical, theoryPercent, precision));
      }),
    );
  });
});

describe('ranks and awards for ties', () => {
  // 30 / 70: 宋 and 陈 and 刘 total 87.00; 宋 has the higher practical; 陈 and 刘 are equal in everything.
  const contestants = () => [entry('陈', 80, 90), entry('宋', 73, 93), entry('刘', 80, 90), entry('周', 70, 80), entry('吴', 60, 70)];

  it('practical_then_theory: the higher practical ranks first, then theory; a full tie shares the rank and its award', () => {
    const rows = rowsOf(rankResults(contestants(), settings()));
    expect(table(rows)).toEqual([
      ['宋', 1, '87.00', 'gold'],
      ['陈', 2, '87.00', 'silver'],
      ['刘', 2, '87.00', 'silver'],
      ['周', 4, '77.00', null],
      ['吴', 5, '67.00', null],
    ]);
    const theoryFirst = rowsOf(rankResults([entry('甲', 90, 80), entry('乙', 80, 80), entry('丙', 85, 80)], settings({ weights: [{ tradeCode: 'welding', theoryPercent: 0, practicalPercent: 100 }] })));
    expect(table(theoryFirst)).toEqual([
      ['甲', 1, '80.00', 'gold'],
      ['丙', 2, '80.00', 'silver'],
      ['乙', 3, '80.00', 'bronze'],
    ]);
  });

  it('shared: equal totals share a rank and its award, the next rank skips, so two tied golds leave no silver', () => {
    const rows = rowsOf(rankResults(contestants(), settings({ tieRule: 'shared' })));
    expect(table(rows)).toEqual([
      ['陈', 1, '87.00', 'gold'],
      ['宋', 1, '87.00', 'gold'],
      ['刘', 1, '87.00', 'gold'],
      ['周', 4, '77.00', null],
      ['吴', 5, '67.00', null],
    ]);
    const twoGolds = rowsOf(rankResults([entry('甲', 80, 90), entry('乙', 80, 90), entry('丙', 70, 80), entry('丁', 60, 70)], settings({ tieRule: 'shared' })));
    expect(table(twoGolds).map((r) => [r[1], r[3]])).toEqual([
      [1, 'gold'],
      [1, 'gold'],
      [3, 'bronze'],
      [4, null],
    ]);
  });

  it('ranks on the published, rounded total: 87.004 and 86.996 both show 87.00 and tie', () => {
    const weights = [{ tradeCode: 'welding', theoryPercent: 100, practicalPercent: 0 }];
    const rows = rowsOf(rankResults([entry('甲', '87.004', 0), entry('乙', '86.996', 0)], settings({ weights, tieRule: 'shared' })));
    expect(table(rows)).toEqual([
      ['甲', 1, '87.00', 'gold'],
      ['乙', 1, '87.00', 'gold'],
    ]);
  });

  it('attaches honours: 职工组 first place is recommended for 全国技术能手, medallists are promoted one level', () => {
    const worker = rowsOf(rankResults(contestants(), settings()));
    expect(worker.map((r) => [r.name, r.honours])).toEqual([
      ['宋', ['推荐申报全国技术能手', '晋升一级职业技能等级']],
      ['陈', ['晋升一级职业技能等级']],
      ['刘', ['晋升一级职业技能等级']],
      ['周', []],
      ['吴', []],
    ]);
    const student = rowsOf(rankResults([entry('学生甲', 90, 90, { groupCode: 'student' })], settings()), 'welding', 'student');
    expect(student.map((r) => r.honours)).toEqual([['晋升一级职业技能等级']]);
  });

  const anyEntries = fc.array(
    fc.record({
      theory: fc.integer({ min: 0, max: 20 }).map((n) => n * 5),
      practical: fc.integer({ min: 0, max: 20 }).map((n) => n * 5),
      absent: fc.boolean(),
      disqualified: fc.constantFrom(false, false, false, true),
    }),
    { maxLength: 30 },
  );

  it('under either rule, a rank is 1 + how many rank strictly better, ties exactly as the rule says, awards follow ranks', () => {
    fc.assert(
      fc.property(anyEntries, fc.constantFrom('practical_then_theory' as const, 'shared' as const), fc.integer({ min: 0, max: 3 }), (specs, tieRule, gold) => {
        const entries = specs.map((s, i) => entry(`选手${i}`, s.theory, s.practical, { absent: s.absent, disqualified: s.disqualified }));
        const rows = rowsOf(rankResults(entries, settings({ tieRule, awards: { gold, silver: 1, bronze: 1 } })));
        expect(rows).toHaveLength(entries.length);
        const ranked = rows.filter((r) => r.rank !== null);
        const source = new Map(entries.map((e) => [e.registrationId, e]));
        const key = (r: TResultRow) => {
          const e = source.get(r.registrationId);
          const total = Number(r.total);
          return tieRule === 'shared' ? [total] : [total, Number(e?.practical), Number(e?.theory)];
        };
        const beats = (a: number[], b: number[]) => {
          const i = a.findIndex((x, j) => x !== b[j]);
          return i >= 0 && (a[i] ?? 0) > (b[i] ?? 0);
        };
        for (const row of ranked) {
          expect(row.rank).toBe(1 + ranked.filter((other) => beats(key(other), key(row))).length);
          const expected = (row.rank ?? 0) <= gold ? 'gold' : (row.rank ?? 0) <= gold + 1 ? 'silver' : (row.rank ?? 0) <= gold + 2 ? 'bronze' : null;
          expect(row.award).toBe(expected);
        }
        // Ranked first, in rank order; then the rest, with no rank, total or award.
        expect(rows.slice(0, ranked.length)).toEqual(ranked);
        expect(ranked.map((r) => r.rank)).toEqual([...ranked.map((r) => r.rank)].sort((a, b) => (a ?? 0) - (b ?? 0)));
        for (const row of rows.slice(ranked.length)) {
          const e = source.get(row.registrationId);
          expect(e?.absent || e?.disqualified).toBe(true);
          expect([row.rank, row.total, row.award, row.honours]).toEqual([null, null, null, []]);
        }
      }),
    );
  });
});

describe('absent, disqualified and unscored contestants', () => {
  it('are listed after the ranked ones without rank, total or award, and take no place from anyone', () => {
    const rows = rowsOf(
      rankResults(
        [entry('缺考者', null, null, { absent: true }), entry('违规者', 99, 99, { disqualified: true }), entry('待录入', 80, null), entry('甲', 70, 70), entry('乙', 60, 60)],
        settings(),
      ),
    );
    expect(rows.map((r) => [r.name, r.status, r.rank, r.total, r.award])).toEqual([
      ['甲', 'ranked', 1, '70.00', 'gold'],
      ['乙', 'ranked', 2, '60.00', 'silver'],
      ['缺考者', 'absent', null, null, null],
      ['违规者', 'disqualified', null, null, null],
      ['待录入', 'unscored', null, null, null],
    ]);
  });
});

describe('a disqualification during 公示 (递补)', () => {
  it('moves the next contestants up, recomputes awards and honours, and says so in Chinese', () => {
    const entries = [entry('张一', 95, 95), entry('李二', 90, 90), entry('王三', 85, 85), entry('张三', 80, 80), entry('赵五', 75, 75)];
    const counts = settings({ awards: { excellence: { kind: 'count', count: 1 } } });
    const before = rankResults(entries, counts);
    expect(table(rowsOf(before)).map((r) => r[3])).toEqual(['gold', 'silver', 'bronze', 'excellence', null]);

    const disqualified = entries.map((e) => (e.name === '张一' ? { ...e, disqualified: true } : e));
    const after = rankResults(disqualified, counts, before);
    const rows = rowsOf(after);
    expect(rows.map((r) => [r.name, r.rank, r.award, r.movedUp?.fromRank ?? null])).toEqual([
      ['李二', 1, 'gold', 2],
      ['王三', 2, 'silver', 3],
      ['张三', 3, 'bronze', 4],
      ['赵五', 4, 'excellence', 5],
      ['张一', null, null, null],
    ]);
    expect(rows[0]?.honours).toEqual(['推荐申报全国技术能手', '晋升一级职业技能等级']);
    expect(rows.find((r) => r.name === '张一')?.honours).toEqual([]);
    expect(compareRankings(before, after).map((c) => c.note)).toEqual([
      '李二 递补为第1名，获金奖',
      '王三 递补为第2名，获银奖',
      '张三 递补为第3名，获铜奖',
      '赵五 递补为第4名，获优胜奖',
      '张一 取消成绩（原第1名，金奖）',
    ]);
    expect(compareRankings(after, after)).toEqual([]);
  });
});

describe('优胜奖 as a share', () => {
  it('is the share of the ranked contestants rounded down, after the medals', () => {
    // 7 ranked × 30 % = 2.1 → 2 places: ranks 4 and 5. The absent one is not counted.
    const entries = [...Array.from({ length: 7 }, (_, i) => entry(`选手${i}`, 90 - i, 90 - i)), entry('缺考', null, null, { absent: true })];
    const rows = rowsOf(rankResults(entries, settings({ awards: { excellence: { kind: 'share', percent: 30 } } })));
    expect(rows.map((r) => r.award)).toEqual(['gold', 'silver', 'bronze', 'excellence', 'excellence', null, null, null]);
  });

  it('never gives more 优胜奖 than the share allows (without ties)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 100 }), (n, percent) => {
        const entries = Array.from({ length: n }, (_, i) => entry(`选手${i}`, 0, (1000 - i) / 10));
        const rows = rowsOf(rankResults(entries, settings({ awards: { excellence: { kind: 'share', percent } } })));
        const excellence = rows.filter((r) => r.award === 'excellence').length;
        expect(excellence).toBe(Math.min(Math.max(n - 3, 0), Math.floor((n * percent) / 100)));
        expect(excellence * 100).toBeLessThanOrEqual(n * percent);
      }),
    );
  });

  it('uses a trade × group’s own counts where set', () => {
    const entries = [entry('甲', 90, 90), entry('乙', 80, 80), entry('丙', 70, 70, { groupCode: 'student' }), entry('丁', 60, 60, { groupCode: 'student' })];
    const ranking = rankResults(entries, settings({ awardOverrides: [{ tradeCode: 'welding', groupCode: 'student', gold: 2, silver: 0, bronze: 0 }] }));
    expect(rowsOf(ranking).map((r) => r.award)).toEqual(['gold', 'silver']);
    expect(rowsOf(ranking, 'welding', 'student').map((r) => r.award)).toEqual(['gold', 'gold']);
  });
});

describe('team standings', () => {
  const nankai = { unionId: 'u-nankai', unionName: '南开区总工会' };
  const entries = () => [
    entry('河西1', 90, 90),
    entry('河西2', 60, 60),
    entry('河西3', 50, 50, { groupCode: 'student' }),
    entry('南开1', 80, 80, nankai),
    entry('南开2', 75, 75, nankai),
    entry('南开3', 99, 99, { ...nankai, absent: true }),
    entry('南开4', 10, 10, { ...nankai, tradeCode: 'cnc-turning' }),
  ];

  it('sum: every ranked contestant of the union in the trade, all groups; absent ones count nothing', () => {
    const standings = teamStandings(rankResults(entries(), settings()), settings());
    expect(standings.map((t) => [t.tradeCode, t.standings.map((s) => [s.unionName, s.rank, s.total, s.counted.length])])).toEqual([
      ['cnc-turning', [['南开区总工会', 1, '10.00', 1]]],
      [
        'welding',
        [
          ['河西区总工会', 1, '200.00', 3],
          ['南开区总工会', 2, '155.00', 2],
        ],
      ],
    ]);
  });

  it('best_n: the best n totals; equal team totals share a rank', () => {
    const rule = settings({ teamStanding: { method: 'best_n', n: 1 } });
    const welding = teamStandings(rankResults(entries(), rule), rule).find((t) => t.tradeCode === 'welding');
    expect(welding?.standings.map((s) => [s.unionName, s.rank, s.total])).toEqual([
      ['河西区总工会', 1, '90.00'],
      ['南开区总工会', 2, '80.00'],
    ]);
    const two = settings({ teamStanding: { method: 'best_n', n: 2 } });
    const tied = [entry('河西1', 90, 90), entry('河西2', 60, 60), entry('南开1', 80, 80, nankai), entry('南开2', 70, 70, nankai)];
    expect(teamStandings(rankResults(tied, two), two)[0]?.standings.map((s) => [s.unionName, s.rank, s.total])).toEqual([
      ['河西区总工会', 1, '150.00'], // tied teams listed by name (pinyin: he before nan)
      ['南开区总工会', 1, '150.00'],
    ]);
  });
});

describe('the results settings schema', () => {
  it('defaults: 30 / 70, 2 places, practical then theory, one gold, silver and bronze, no 优胜奖, the notices’ honours, team sum, a 公示 of at least 5 working days', () => {
    expect(settings()).toEqual({
      weights: [],
      precision: 2,
      tieRule: 'practical_then_theory',
      awards: { gold: 1, silver: 1, bronze: 1, excellence: { kind: 'count', count: 0 } },
      awardOverrides: [],
      honours: [
        { title: '推荐申报全国技术能手', groupCode: 'worker', attachedTo: { by: 'rank', upToRank: 1 } },
        { title: '晋升一级职业技能等级', groupCode: null, attachedTo: { by: 'award', awards: ['gold', 'silver', 'bronze'] } },
      ],
      teamStanding: { method: 'sum' },
      announcementWorkingDays: 5,
    });
    expect(ZResultsSettings.safeParse({ announcementWorkingDays: 4 }).error?.issues[0]?.message).toBe('公示至少 5 个工作日');
    expect(totalOf(80, 90, { theoryPercent: 30, practicalPercent: 70 }, 2)).toBe(rowsOf(rankResults([entry('甲', 80, 90)], settings()))[0]?.total);
  });

  it('refuses weights not summing to 100 and precision beyond 4 places, in Chinese', () => {
    const result = ZResultsSettings.safeParse({ weights: [{ tradeCode: 'welding', theoryPercent: 40, practicalPercent: 70 }], precision: 5 });
    expect(Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]))).toEqual({
      'weights.0.practicalPercent': '理论与实操权重之和应为 100',
      precision: '小数位数最多 4 位',
    });
  });
});
