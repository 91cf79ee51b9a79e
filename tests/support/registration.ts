import { randomUUID } from 'node:crypto';
import { nationalIdCheckCharacter, type TRegistrationSubmitInput } from '@contest/shared';
import { DEMO_UNIONS, demoUnionCode } from '@contest/bff/src/seed/demoData';

/** A valid ID number for a birth date (YYYYMMDD); `sequence` odd = male. */
export function validNationalId(birth: string, sequence = 123, region = '120103'): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + nationalIdCheckCharacter(first17);
}

export const HEXI_CODE = demoUnionCode(DEMO_UNIONS.children!.find((u) => u.name === '河西区总工会')!);

/** A complete, valid registration for the demo competition. */
export function registrationInput(competitionId: string, overrides: Partial<TRegistrationSubmitInput> = {}): TRegistrationSubmitInput {
  return {
    competitionId,
    unionCode: HEXI_CODE,
    name: '张伟',
    nationalId: validNationalId('19900307'),
    mobile: '13812345678',
    employer: '天津港（集团）有限公司第一码头',
    tradeCode: 'welding',
    groupCode: 'worker',
    skillLevel: 'senior',
    yearsInTrade: 8,
    declarations: { notFullTimeStudent: true, noExcludedHonour: true, localResidence: false },
    eligibilityClaims: { residence: null, skillCertificateNumber: null, honours: [] },
    ...overrides,
  };
}

export const newIdempotencyKey = () => randomUUID();
