/**
 * Who may enter, as one list of rules: each rule says what the competition page shows a worker
 * before they start (`describe`) and what the BFF refuses on submission (`problems`), side by side,
 * from the same settings. The page reads `describeEntryRules`, the BFF's registration rules
 * `checkEntry`, so the text and the check cannot drift apart. A new rule (e.g. months of local
 * social insurance) is one more entry of ENTRY_RULES with both halves.
 */
import { z } from 'zod';
import type { Instant } from './chinaTime';
import { ZGroupCode, type TGroupCode } from './competition';
import { ageOn } from './nationalId';
import { ageReferenceDate, checkAge, requiredDeclarations, resolveEligibility, type EligibilitySettings, type TDeclarationKey } from './eligibility';
import type { TFieldError } from './errors';
import {
  EVIDENCE_KINDS,
  eligibilityClaimProblems,
  honourChoices,
  resolveRequirements,
  type TEligibilityClaims,
  type TEligibilityRequirements,
  type TEvidenceKind,
} from './eligibilityEvidence';
import { DECLARATION_TEXT, type TDeclarations } from './registration';

/** A participating union's places for one trade × group, as the public competition detail names them. */
export const ZPublishedQuota = z.object({
  unionName: z.string(),
  tradeCode: z.string(),
  groupCode: ZGroupCode,
  places: z.number().int().min(0),
});
export type TPublishedQuota = z.infer<typeof ZPublishedQuota>;

/** What a rule line is about, for the page's styling and for tests. */
export type TEntryRuleKind = 'age' | 'declaration' | 'evidence' | 'quota';
export type TEntryRuleLine = { kind: TEntryRuleKind; text: string };
/** The rules of one group, in the order of ENTRY_RULES. */
export type TEntryRuleSection = { groupCode: TGroupCode; groupName: string; lines: TEntryRuleLine[] };

/** The parts of a competition the checks read (its stored record and its public detail both have them). */
export interface EntrySettings {
  registrationClosesAt: Instant;
  groups: readonly { code: TGroupCode; name: string }[];
  trades: readonly { code: string; name: string; groups: readonly TGroupCode[] }[];
  eligibility?: (EligibilitySettings & { requirements?: Partial<TEligibilityRequirements> | null }) | null;
}

/** What the page describes: the settings, and the quotas with union names (the BFF's presenter resolves them). */
export interface EntryRulesCompetition extends EntrySettings {
  quotas?: readonly TPublishedQuota[];
}

/** One person's entry as the BFF checks it: their trade × group, birth date and declarations. */
export interface EntryCandidate {
  groupCode: TGroupCode;
  tradeCode: string;
  tradeName: string;
  birthDate: string;
  declarations: TDeclarations;
  /** What the worker stated for the eligibility fields and which photos they uploaded. */
  claims: { skillLevel: string; stated: TEligibilityClaims; evidenceHeld: ReadonlySet<TEvidenceKind> };
}

interface EntryRule {
  /** What the competition page says about this rule for a group; nothing when it does not apply. */
  describe(competition: EntryRulesCompetition, group: { code: TGroupCode; name: string }): TEntryRuleLine[];
  /** Why an entry does not meet it (Chinese, by form field); empty when it does. */
  problems(competition: EntrySettings, entry: EntryCandidate): TFieldError[];
}

/** `2026-08-31` → `2026年8月31日`. */
function chineseDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}

const ageRule: EntryRule = {
  describe(competition, group) {
    const { ageRanges } = resolveEligibility(competition.eligibility);
    const counted = `（以${chineseDate(ageReferenceDate(competition.eligibility, competition.registrationClosesAt))}计）`;
    const tradeName = new Map(competition.trades.map((t) => [t.code, t.name]));
    return ageRanges
      .filter((range) => range.groupCode === group.code)
      .sort((a, b) => Number(Boolean(a.tradeCode)) - Number(Boolean(b.tradeCode)))
      .map((range) => ({
        kind: 'age' as const,
        text: `${range.tradeCode ? `${tradeName.get(range.tradeCode) ?? range.tradeCode}：` : ''}年龄${range.minAge}至${range.maxAge}周岁${counted}`,
      }));
  },
  problems(competition, entry) {
    const { problem } = checkAge(competition, entry, entry.birthDate);
    return problem ? [{ path: 'nationalId', message: problem }] : [];
  },
};

/** Each declaration the settings can ask for, as a condition of entry (what the worker then confirms on the form). */
const DECLARATION_RULE_TEXT: Record<TDeclarationKey, (competition: EntrySettings) => string> = {
  notFullTimeStudent: () => '全日制在校学生不能报名本组',
  localResidence: () => '须具有本市户籍，或在本市连续缴纳社会保险满12个月',
  noExcludedHonour: (competition) => `已获得${resolveEligibility(competition.eligibility).excludedHonours.join('、')}的人员不得以选手身份参赛`,
};

const declarationRule: EntryRule = {
  describe(competition, group) {
    return requiredDeclarations(competition.eligibility, group.code).map((key) => ({ kind: 'declaration' as const, text: DECLARATION_RULE_TEXT[key](competition) }));
  },
  problems(competition, entry) {
    return requiredDeclarations(competition.eligibility, entry.groupCode)
      .filter((key) => !entry.declarations[key])
      .map((key) => ({ path: `declarations.${key}`, message: `请确认：${DECLARATION_TEXT[key]}` }));
  },
};

/** The eligibility fields and photos the set-up asks for (shared/src/eligibilityEvidence.ts). */
const claimsRule: EntryRule = {
  describe(competition, group) {
    const requirements = resolveRequirements(competition.eligibility?.requirements);
    const lines: string[] = [];
    if (requirements.residence === 'hukou_or_insurance' && group.code === 'worker') {
      lines.push(`须具有${requirements.localArea}户籍，或在${requirements.localArea}连续缴纳社会保险满${requirements.minInsuranceMonths}个月（报名时填写参保单位）`);
    }
    if (requirements.skillCertificateRequired) lines.push('已取得职业技能等级的，须填写证书编号');
    for (const honour of honourChoices({ requirements, excludedHonours: [] })) {
      if (honour.exclusion === 'always') lines.push(`获得“${honour.name}”者不得以选手身份参赛`);
      if (honour.exclusion === 'recent') lines.push(`近${honour.recentYears}年内获得“${honour.name}”者不得以选手身份参赛`);
    }
    const photos = requirements.evidence.map((kind) => EVIDENCE_KINDS[kind] + (kind === 'honour_certificate' ? '（填写荣誉时）' : ''));
    if (photos.length > 0) lines.push(`报名时须上传照片：${photos.join('、')}`);
    return lines.map((text) => ({ kind: 'evidence' as const, text }));
  },
  problems(competition, entry) {
    const referenceYear = Number(ageReferenceDate(competition.eligibility, competition.registrationClosesAt).slice(0, 4));
    const settings = { requirements: competition.eligibility?.requirements, excludedHonours: resolveEligibility(competition.eligibility).excludedHonours };
    const { skillLevel, stated, evidenceHeld } = entry.claims;
    return eligibilityClaimProblems(settings, { groupCode: entry.groupCode, skillLevel }, stated, evidenceHeld, referenceYear);
  },
};

/**
 * Places per participating union: held from the union's approval (the BFF's quota counters, which
 * read the same stored quotas), so nothing to refuse at submission.
 */
const quotaRule: EntryRule = {
  describe(competition, group) {
    const quotas = (competition.quotas ?? []).filter((quota) => quota.groupCode === group.code);
    if (quotas.length === 0) return [];
    const perTrade = competition.trades.flatMap((trade) => {
      const byPlaces = new Map<number, string[]>();
      for (const quota of quotas.filter((q) => q.tradeCode === trade.code)) {
        byPlaces.set(quota.places, [...(byPlaces.get(quota.places) ?? []), quota.unionName]);
      }
      if (byPlaces.size === 0) return [];
      const parts = [...byPlaces].sort(([a], [b]) => b - a).map(([places, unions]) => `${unions.join('、')}${places === 0 ? '不设名额' : `${unions.length > 1 ? '各' : ''}${places}名`}`);
      return [{ tradeName: trade.name, places: parts.join('；') }];
    });
    // Every trade of the group with the same places (the usual 每工种每单位 N 名): one line, not one per trade.
    const tradesOfGroup = competition.trades.filter((trade) => trade.groups.includes(group.code)).length;
    const same = perTrade.length > 1 && perTrade.length === tradesOfGroup && perTrade.every((t) => t.places === perTrade[0]!.places);
    const lines = same
      ? [{ kind: 'quota' as const, text: `每个工种名额：${perTrade[0]!.places}` }]
      : perTrade.map((t) => ({ kind: 'quota' as const, text: `${t.tradeName}名额：${t.places}` }));
    return [...lines, { kind: 'quota' as const, text: '下级工会的报名计入所属参赛工会的名额，工会审核通过即占用；未列出的工会不限名额' }];
  },
  problems: () => [],
};

/** Every rule of entry, in the order the page shows them. */
const ENTRY_RULES: readonly EntryRule[] = [ageRule, declarationRule, claimsRule, quotaRule];

/** Who may enter each group, as the competition page shows it before the form. */
export function describeEntryRules(competition: EntryRulesCompetition): TEntryRuleSection[] {
  return competition.groups.map((group) => ({
    groupCode: group.code,
    groupName: group.name,
    lines: ENTRY_RULES.flatMap((rule) => rule.describe(competition, group)),
  }));
}

/** The BFF's check of one entry against every rule: the age on the reference date, and what it breaks. */
export function checkEntry(competition: EntrySettings, entry: EntryCandidate): { age: number; problems: TFieldError[] } {
  return {
    age: ageOn(entry.birthDate, ageReferenceDate(competition.eligibility, competition.registrationClosesAt)),
    problems: ENTRY_RULES.flatMap((rule) => rule.problems(competition, entry)),
  };
}
