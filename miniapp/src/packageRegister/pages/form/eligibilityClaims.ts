import {
  ZEligibilityClaims,
  eligibilityClaimProblems,
  resolveRequirements,
  type TCompetitionDetailData,
  type TEligibilityClaims,
  type TEvidenceKind,
} from '@contest/shared'

/** The eligibility fields as typed (strings until checked). */
export type TClaimFields = {
  basis: '' | 'hukou' | 'insurance'
  hukouLocation: string
  insuranceMonths: string
  insuranceEmployer: string
  skillCertificateNumber: string
  honours: { name: string; year: string }[]
}

export const EMPTY_CLAIM_FIELDS: TClaimFields = {
  basis: '',
  hukouLocation: '',
  insuranceMonths: '',
  insuranceEmployer: '',
  skillCertificateNumber: '',
  honours: [],
}

/** Problems by path (`eligibilityClaims.residence.insuranceMonths`, `evidence.id_front`), in Chinese. */
export type TClaimErrors = Record<string, string>

const number = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()))

function claimsInput(fields: TClaimFields) {
  const residence =
    fields.basis === 'hukou'
      ? { basis: 'hukou' as const, hukouLocation: fields.hukouLocation }
      : fields.basis === 'insurance'
        ? { basis: 'insurance' as const, insuranceMonths: number(fields.insuranceMonths), insuranceEmployer: fields.insuranceEmployer }
        : null
  return {
    residence,
    skillCertificateNumber: fields.skillCertificateNumber.trim() || null,
    honours: fields.honours.map((h) => ({ name: h.name, year: number(h.year) })),
  }
}

/** What the competition asks this entry to state: 户籍 or insurance (职工组), the certificate's number, honours. */
export function claimsAsked(competition: TCompetitionDetailData, groupCode: string) {
  const requirements = resolveRequirements(competition.eligibility.requirements)
  return {
    residence: requirements.residence === 'hukou_or_insurance' && groupCode === 'worker',
    skillCertificate: requirements.skillCertificateRequired,
    honours: requirements.honourOptions.length > 0,
    localArea: requirements.localArea,
    minInsuranceMonths: requirements.minInsuranceMonths,
  }
}

/**
 * The fields checked on the phone by the same rules the BFF applies (shared/eligibilityEvidence):
 * the claims, or the problems by path. `evidenceHeld` null: not checked here (a resubmission keeps
 * the photos already sent, which only the BFF knows).
 */
export function checkClaims(
  fields: TClaimFields,
  competition: TCompetitionDetailData,
  entry: { groupCode: string; skillLevel: string },
  evidenceHeld: ReadonlySet<TEvidenceKind> | null,
  referenceYear: number,
): { ok: true; claims: TEligibilityClaims } | { ok: false; errors: TClaimErrors } {
  const errors: TClaimErrors = {}
  const parsed = ZEligibilityClaims.safeParse(claimsInput(fields))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[['eligibilityClaims', ...issue.path].join('.')] ??= issue.message
    return { ok: false, errors }
  }
  const held = evidenceHeld ?? new Set<TEvidenceKind>(competition.eligibility.requirements?.evidence ?? [])
  for (const problem of eligibilityClaimProblems(competition.eligibility, entry, parsed.data, held, referenceYear)) errors[problem.path] ??= problem.message
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, claims: parsed.data }
}
