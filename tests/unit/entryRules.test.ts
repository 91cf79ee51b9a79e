/**
 * shared/src/entryRules.ts: the rules of entry the competition page shows and the BFF checks, one
 * list. A change to a setting changes the sentence the worker reads and the refusal alike.
 */
import { checkEntry, describeEntryRules, type EntryCandidate, type EntryRulesCompetition } from '@contest/shared';

const competition = (overrides: Partial<EntryRulesCompetition> = {}): EntryRulesCompetition => ({
  registrationClosesAt: '2026-08-31T23:59:59+08:00',
  groups: [
    { code: 'worker', name: '职工组' },
    { code: 'student', name: '学生组' },
  ],
  trades: [
    { code: 'welding', name: '焊工', groups: ['worker', 'student'] },
    { code: 'cnc-turning', name: '数控车工', groups: ['worker'] },
  ],
  eligibility: {
    referenceDate: '2026-09-01T00:00:00+08:00',
    ageRanges: [
      { groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 55 },
      { groupCode: 'student', tradeCode: null, minAge: 16, maxAge: 22 },
      { groupCode: 'worker', tradeCode: 'cnc-turning', minAge: 18, maxAge: 35 },
    ],
    excludedHonours: ['中华技能大奖', '全国技术能手'],
    workerResidenceRequired: false,
    noFullTimeStudentsInWorkerGroup: true,
  },
  ...overrides,
});

/** A 职工组 welder born on `birthDate` who declared everything. */
const welder = (birthDate: string, overrides: Partial<EntryCandidate> = {}): EntryCandidate => ({
  groupCode: 'worker',
  tradeCode: 'welding',
  tradeName: '焊工',
  birthDate,
  declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: true },
  claims: { skillLevel: 'none', stated: { residence: null, skillCertificateNumber: null, honours: [] }, evidenceHeld: new Set() },
  ...overrides,
});

const linesOf = (c: EntryRulesCompetition, group: string) => describeEntryRules(c).find((s) => s.groupCode === group)?.lines.map((l) => l.text);

describe('what the competition page shows', () => {
  it('says the age range of each group (a trade’s own range after it), the declarations asked for and the excluded honours', () => {
    expect(linesOf(competition(), 'worker')).toEqual([
      '年龄18至55周岁（以2026年9月1日计）',
      '数控车工：年龄18至35周岁（以2026年9月1日计）',
      '全日制在校学生不能报名本组',
      '已获得中华技能大奖、全国技术能手的人员不得以选手身份参赛',
    ]);
    expect(linesOf(competition(), 'student')).toEqual(['年龄16至22周岁（以2026年9月1日计）', '已获得中华技能大奖、全国技术能手的人员不得以选手身份参赛']);
  });

  it('counts ages on the registration deadline when no reference date is set', () => {
    const lines = linesOf(competition({ eligibility: { ...competition().eligibility, referenceDate: null } }), 'worker');
    expect(lines?.[0]).toBe('年龄18至55周岁（以2026年8月31日计）');
  });

  it('lists the places per participating union by trade, grouping unions with the same number', () => {
    const withQuotas = competition({
      quotas: [
        { unionName: '河西区总工会', tradeCode: 'welding', groupCode: 'worker', places: 2 },
        { unionName: '和平区总工会', tradeCode: 'welding', groupCode: 'worker', places: 2 },
        { unionName: '南开区总工会', tradeCode: 'welding', groupCode: 'worker', places: 3 },
        { unionName: '河西区总工会', tradeCode: 'cnc-turning', groupCode: 'worker', places: 0 },
        { unionName: '河西区总工会', tradeCode: 'welding', groupCode: 'student', places: 1 },
      ],
    });
    const quota = (group: string) => describeEntryRules(withQuotas).find((s) => s.groupCode === group)!.lines.filter((l) => l.kind === 'quota').map((l) => l.text);
    expect(quota('worker')).toEqual([
      '焊工名额：南开区总工会3名；河西区总工会、和平区总工会各2名',
      '数控车工名额：河西区总工会不设名额',
      '下级工会的报名计入所属参赛工会的名额，工会审核通过即占用；未列出的工会不限名额',
    ]);
    expect(quota('student')[0]).toBe('焊工名额：河西区总工会1名');
    expect(describeEntryRules(competition()).flatMap((s) => s.lines).some((l) => l.kind === 'quota')).toBe(false);
  });

  it('says the places once when every trade of the group has the same', () => {
    const same = competition({
      quotas: ['welding', 'cnc-turning'].flatMap((tradeCode) =>
        ['河西区总工会', '和平区总工会'].map((unionName) => ({ unionName, tradeCode, groupCode: 'worker' as const, places: 1 })),
      ),
    });
    const quota = describeEntryRules(same).find((s) => s.groupCode === 'worker')!.lines.filter((l) => l.kind === 'quota').map((l) => l.text);
    expect(quota[0]).toBe('每个工种名额：河西区总工会、和平区总工会各1名');
    expect(quota).toHaveLength(2);
  });
});

describe('the page and the check move together', () => {
  it('a changed age range changes the sentence and the refusal', () => {
    // 40 on 2026-09-01.
    const born = '1986-05-01';
    const before = competition();
    expect(linesOf(before, 'worker')).toContain('年龄18至55周岁（以2026年9月1日计）');
    expect(checkEntry(before, welder(born)).problems).toEqual([]);

    const lowered = competition({
      eligibility: { ...before.eligibility, ageRanges: [{ groupCode: 'worker', tradeCode: null, minAge: 18, maxAge: 35 }] },
    });
    expect(linesOf(lowered, 'worker')).toContain('年龄18至35周岁（以2026年9月1日计）');
    const { age, problems } = checkEntry(lowered, welder(born));
    expect(age).toBe(40);
    expect(problems).toEqual([{ path: 'nationalId', message: '职工组焊工参赛年龄应为18至35周岁（以2026-09-01计），您届时40周岁' }]);
  });

  it('a trade’s own range applies to that trade only, on the page and in the check', () => {
    const born = '1986-05-01';
    expect(checkEntry(competition(), welder(born, { tradeCode: 'cnc-turning', tradeName: '数控车工' })).problems.map((p) => p.path)).toEqual(['nationalId']);
    expect(checkEntry(competition(), welder(born)).problems).toEqual([]);
  });

  it('requiring residence adds the sentence and the refusal together', () => {
    const undeclared = welder('1990-03-07', { declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false } });
    expect(linesOf(competition(), 'worker')).not.toContain('须具有本市户籍，或在本市连续缴纳社会保险满12个月');
    expect(checkEntry(competition(), undeclared).problems).toEqual([]);

    const residence = competition({ eligibility: { ...competition().eligibility, workerResidenceRequired: true } });
    expect(linesOf(residence, 'worker')).toContain('须具有本市户籍，或在本市连续缴纳社会保险满12个月');
    expect(linesOf(residence, 'student')).not.toContain('须具有本市户籍，或在本市连续缴纳社会保险满12个月');
    expect(checkEntry(residence, undeclared).problems).toEqual([
      { path: 'declarations.localResidence', message: '请确认：本人具有本市户籍，或在本市连续缴纳社会保险满12个月' },
    ]);
  });

  it('no excluded honours: neither the sentence nor the declaration', () => {
    const none = competition({ eligibility: { ...competition().eligibility, excludedHonours: [] } });
    expect(linesOf(none, 'worker')?.some((line) => line.includes('不得以选手身份参赛'))).toBe(false);
    const undeclared = welder('1990-03-07', { declarations: { notFullTimeStudent: true, noExcludedHonour: false, localResidence: false } });
    expect(checkEntry(none, undeclared).problems).toEqual([]);
    expect(checkEntry(competition(), undeclared).problems.map((p) => p.path)).toEqual(['declarations.noExcludedHonour']);
  });

  it('months of local social insurance: a set minimum adds the sentence and refuses fewer months with the reason', () => {
    const insured = (months: number) =>
      welder('1990-03-07', {
        claims: { skillLevel: 'none', stated: { residence: { basis: 'insurance', insuranceMonths: months, insuranceEmployer: '天津港集团' }, skillCertificateNumber: null, honours: [] }, evidenceHeld: new Set() },
      });
    const sentence = '须具有天津市户籍，或在天津市连续缴纳社会保险满24个月（报名时填写参保单位）';
    expect(linesOf(competition(), 'worker')).not.toContain(sentence);
    expect(checkEntry(competition(), insured(6)).problems).toEqual([]);

    const required = competition({
      eligibility: { ...competition().eligibility, requirements: { residence: 'hukou_or_insurance', localArea: '天津市', minInsuranceMonths: 24 } },
    });
    expect(linesOf(required, 'worker')).toContain(sentence);
    expect(linesOf(required, 'student')).not.toContain(sentence);
    expect(checkEntry(required, insured(24)).problems).toEqual([]);
    expect(checkEntry(required, insured(23)).problems).toEqual([
      { path: 'eligibilityClaims.residence.insuranceMonths', message: '非天津市户籍须在天津市连续缴纳社会保险满24个月，您填写的是23个月' },
    ]);
  });

  it('a recently won honour on the committee’s list: said on the page, refused within its years', () => {
    const honoured = (year: number) =>
      welder('1990-03-07', { claims: { skillLevel: 'none', stated: { residence: null, skillCertificateNumber: null, honours: [{ name: '市技术能手', year }] }, evidenceHeld: new Set() } });
    const listed = competition({
      eligibility: { ...competition().eligibility, requirements: { honourOptions: [{ name: '市技术能手', exclusion: 'recent', recentYears: 3 }] } },
    });
    expect(linesOf(listed, 'worker')).toContain('近3年内获得“市技术能手”者不得以选手身份参赛');
    expect(checkEntry(listed, honoured(2023)).problems).toEqual([]);
    expect(checkEntry(listed, honoured(2024)).problems.map((p) => p.path)).toEqual(['eligibilityClaims.honours.0']);
  });
});
