/**
 * Eligibility fields and their evidence: what a competition's set-up asks a worker to state
 * (户籍 or months of local social insurance with the insuring employer, the skill certificate's
 * number, honours held with their year) and which photos prove it. The rules with data behind them
 * (`eligibilityClaimProblems`) are checked by the BFF's registration rules and shown by the form;
 * the rest (a 户籍 place, a certificate number) is for the official's eye beside the photos.
 */
import { z } from 'zod';
import { okEnvelope } from './envelope';
import type { TFieldError } from './errors';

// ——— Evidence photos ———

export const EVIDENCE_KINDS = {
  id_front: '身份证人像面',
  id_back: '身份证国徽面',
  skill_certificate: '职业技能等级证书',
  residence_proof: '户口簿或社保缴费证明',
  honour_certificate: '荣誉证书',
} as const;
export type TEvidenceKind = keyof typeof EVIDENCE_KINDS;
export const ZEvidenceKind = z.enum(Object.keys(EVIDENCE_KINDS) as [TEvidenceKind, ...TEvidenceKind[]], { error: '证明材料类型不正确' });

/** A photo compressed on the phone is far below this; the BFF refuses anything larger. */
export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** What the BFF accepts, recognised by the bytes themselves, never by a name or a declared type. */
export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type TEvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

/** An uploaded photo as its owner and the auditing desks list it (the bytes come from its own route). */
export const ZEvidenceItem = z.object({
  id: z.string(),
  kind: ZEvidenceKind,
  contentType: z.enum(EVIDENCE_CONTENT_TYPES),
  size: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  uploadedAt: z.iso.datetime({ offset: true }),
});
export type TEvidenceItem = z.infer<typeof ZEvidenceItem>;

/** One photo as a `data:` URL (like the invitations' QR images): the mini-program shows it as it is, no public URL to leak. */
export const ZEvidenceImage = z.object({ id: z.string(), kind: ZEvidenceKind, contentType: z.enum(EVIDENCE_CONTENT_TYPES), dataUrl: z.string() });
export type TEvidenceImage = z.infer<typeof ZEvidenceImage>;

export const ZEvidenceItemResponse = okEnvelope(ZEvidenceItem);
export const ZEvidenceListResponse = okEnvelope(z.object({ items: z.array(ZEvidenceItem) }));
export const ZEvidenceImageResponse = okEnvelope(ZEvidenceImage);

export const ZEvidenceUploadQuery = z.object({
  competitionId: z.string().regex(/^[0-9a-f]{24}$/i, '赛事编号不正确'),
  kind: ZEvidenceKind,
});

// ——— What the competition asks for (part of its eligibility settings) ———

/** An honour on the committee's list: always excluding its holder, excluding within recent years, or only stated. */
export const ZHonourOption = z.object({
  name: z.string({ error: '请填写荣誉名称' }).trim().min(1, '请填写荣誉名称').max(40, '荣誉名称最长 40 个字'),
  exclusion: z.enum(['none', 'always', 'recent'], { error: '请选择该荣誉是否限制参赛' }).default('none'),
  /** For `recent`: holders from this many years before the reference year on may not enter. */
  recentYears: z.number().int('年数应为整数').min(1, '年数至少为 1').max(20, '年数最多为 20').default(3),
});
export type THonourOption = z.infer<typeof ZHonourOption>;

export const ZEligibilityRequirements = z.object({
  /** 职工组: 户籍 in the area, or at least `minInsuranceMonths` of its social insurance (with the insuring employer). */
  residence: z.enum(['none', 'hukou_or_insurance'], { error: '请选择户籍或社保要求' }).default('none'),
  localArea: z.string().trim().min(1, '请填写地区名称').max(20, '地区名称最长 20 个字').default('本市'),
  minInsuranceMonths: z.number({ error: '请填写社保月数' }).int('月数应为整数').min(1, '月数至少为 1').max(120, '月数最多为 120').default(12),
  skillCertificateRequired: z.boolean().default(false),
  /** The honours a worker may state, beside the excluded honours (which are always on the list). */
  honourOptions: z.array(ZHonourOption).max(50, '荣誉最多 50 项').default([]),
  /** The photos a registration must carry (a 荣誉证书 only when honours are stated). */
  evidence: z.array(ZEvidenceKind).max(5).default([]),
});
export type TEligibilityRequirements = z.infer<typeof ZEligibilityRequirements>;

/** Stored competitions predate the requirements: read them with their defaults (nothing asked). */
export function resolveRequirements(requirements: Partial<TEligibilityRequirements> | null | undefined): TEligibilityRequirements {
  return ZEligibilityRequirements.parse(requirements ?? {});
}

// ——— What the worker states ———

const ZResidenceClaim = z.discriminatedUnion(
  'basis',
  [
    z.object({
      basis: z.literal('hukou'),
      hukouLocation: z.string({ error: '请填写户籍所在地' }).trim().min(2, '请填写户籍所在地').max(40, '户籍所在地最多 40 个字'),
    }).strict(),
    z.object({
      basis: z.literal('insurance'),
      insuranceMonths: z.number({ error: '请填写社保缴纳月数' }).int('月数请填写整数').min(0, '月数不能为负数').max(600, '月数不正确'),
      insuranceEmployer: z.string({ error: '请填写参保单位' }).trim().min(2, '请填写参保单位全称').max(60, '参保单位最多 60 个字'),
    }).strict(),
  ],
  { error: '请选择户籍或社保' },
);

export const ZHonourClaim = z
  .object({
    name: z.string({ error: '请选择荣誉' }).trim().min(1, '请选择荣誉').max(40),
    year: z.number({ error: '请填写获得年份' }).int('年份请填写整数').min(1950, '年份不正确').max(2100, '年份不正确'),
  })
  .strict();

export const ZEligibilityClaims = z
  .object({
    residence: ZResidenceClaim.nullable().default(null),
    skillCertificateNumber: z.string().trim().max(40, '证书编号最多 40 位').nullable().default(null),
    honours: z.array(ZHonourClaim).max(20, '荣誉最多 20 项').default([]),
  })
  .strict();
export type TEligibilityClaims = z.infer<typeof ZEligibilityClaims>;
export type TEligibilityClaimsInput = z.input<typeof ZEligibilityClaims>;

// ——— The rules ———

interface ClaimRuleSettings {
  requirements?: Partial<TEligibilityRequirements> | null;
  excludedHonours?: readonly string[];
}

/** The honours a worker may choose from: the excluded ones first (always excluding), then the committee's list. */
export function honourChoices(settings: ClaimRuleSettings | null | undefined): THonourOption[] {
  const excluded = (settings?.excludedHonours ?? []).map((name) => ({ name, exclusion: 'always' as const, recentYears: 3 }));
  const listed = resolveRequirements(settings?.requirements).honourOptions.filter((o) => !excluded.some((e) => e.name === o.name));
  return [...excluded, ...listed];
}

/** The photos this registration must carry: the set-up's kinds, a 荣誉证书 only when honours are stated. */
export function requiredEvidence(settings: ClaimRuleSettings | null | undefined, claims: { honours: readonly unknown[] }): TEvidenceKind[] {
  return resolveRequirements(settings?.requirements).evidence.filter((kind) => kind !== 'honour_certificate' || claims.honours.length > 0);
}

/**
 * Why the stated fields do not meet the competition's requirements, one field error each (in
 * Chinese); empty when they do. `evidenceHeld`: the kinds of photo uploaded for the registration.
 */
export function eligibilityClaimProblems(
  settings: ClaimRuleSettings | null | undefined,
  entry: { groupCode: string; skillLevel: string },
  claims: TEligibilityClaims,
  evidenceHeld: ReadonlySet<TEvidenceKind>,
  referenceYear: number,
): TFieldError[] {
  const requirements = resolveRequirements(settings?.requirements);
  const problems: TFieldError[] = [];
  if (requirements.residence === 'hukou_or_insurance' && entry.groupCode === 'worker') {
    const residence = claims.residence;
    if (!residence) {
      problems.push({ path: 'eligibilityClaims.residence', message: `请填写${requirements.localArea}户籍所在地，或在${requirements.localArea}缴纳社会保险的月数和参保单位` });
    } else if (residence.basis === 'insurance' && residence.insuranceMonths < requirements.minInsuranceMonths) {
      problems.push({
        path: 'eligibilityClaims.residence.insuranceMonths',
        message: `非${requirements.localArea}户籍须在${requirements.localArea}连续缴纳社会保险满${requirements.minInsuranceMonths}个月，您填写的是${residence.insuranceMonths}个月`,
      });
    }
  }
  if (requirements.skillCertificateRequired && entry.skillLevel !== 'none' && !claims.skillCertificateNumber) {
    problems.push({ path: 'eligibilityClaims.skillCertificateNumber', message: '请填写职业技能等级证书编号' });
  }
  const choices = honourChoices(settings);
  claims.honours.forEach((honour, i) => {
    const path = `eligibilityClaims.honours.${i}`;
    const choice = choices.find((c) => c.name === honour.name);
    if (!choice) problems.push({ path: `${path}.name`, message: `“${honour.name}”不在本赛事列出的荣誉中，请从列表中选择` });
    else if (honour.year > referenceYear) problems.push({ path: `${path}.year`, message: `获得年份不能晚于${referenceYear}年` });
    else if (choice.exclusion === 'always') problems.push({ path, message: `获得“${choice.name}”者不得以选手身份参赛` });
    else if (choice.exclusion === 'recent' && honour.year > referenceYear - choice.recentYears) {
      problems.push({ path, message: `近${choice.recentYears}年内（${referenceYear - choice.recentYears + 1}年以来）获得“${choice.name}”者不得以选手身份参赛` });
    }
  });
  for (const kind of requiredEvidence(settings, claims)) {
    if (!evidenceHeld.has(kind)) problems.push({ path: `evidence.${kind}`, message: `请上传${EVIDENCE_KINDS[kind]}照片` });
  }
  return problems;
}

/** The stated fields as lines for people (the audit screens, the form's review), in Chinese. */
export function describeClaims(claims: TEligibilityClaims): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  const residence = claims.residence;
  if (residence?.basis === 'hukou') lines.push({ label: '户籍所在地', value: residence.hukouLocation });
  if (residence?.basis === 'insurance') {
    lines.push({ label: '社保缴纳', value: `${residence.insuranceMonths}个月（参保单位：${residence.insuranceEmployer}）` });
  }
  if (claims.skillCertificateNumber) lines.push({ label: '技能等级证书编号', value: claims.skillCertificateNumber });
  lines.push({ label: '所获荣誉', value: claims.honours.length > 0 ? claims.honours.map((h) => `${h.name}（${h.year}年）`).join('、') : '无' });
  return lines;
}
