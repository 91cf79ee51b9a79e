import fc from 'fast-check';
import { ageOn, maskMobile, maskNationalId, nationalIdCheckCharacter, parseNationalId } from '@contest/shared';

const TODAY = '2026-11-24';
const REGIONS = ['110101', '120103', '310115', '440305', '650102', '820000'];

/** A valid number for a region, birth date and sequence. */
function makeId(region: string, birth: Date, sequence: number): string {
  const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + nationalIdCheckCharacter(first17);
}

const validId = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    birth: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2010-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, sequence }) => ({ id: makeId(region, birth, sequence), birth, sequence }));

const ID_CHARACTERS = '0123456789X';

describe('national ID numbers (GB 11643)', () => {
  it('accepts valid numbers from random birth dates and regions, deriving birth date and sex', () => {
    fc.assert(
      fc.property(validId, ({ id, birth, sequence }) => {
        const parsed = parseNationalId(id.toLowerCase(), TODAY);
        expect(parsed).toEqual({
          ok: true,
          normalized: id,
          birthDate: birth.toISOString().slice(0, 10),
          sex: sequence % 2 === 1 ? 'male' : 'female',
        });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every single-character change of a valid number', () => {
    fc.assert(
      fc.property(validId, fc.nat(17), fc.constantFrom(...ID_CHARACTERS), ({ id }, position, replacement) => {
        fc.pre(id.charAt(position) !== replacement);
        const typo = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(parseNationalId(typo, TODAY).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(validId, fc.nat(16), ({ id }, position) => {
        fc.pre(id.charAt(position) !== id.charAt(position + 1));
        const swapped = id.slice(0, position) + id.charAt(position + 1) + id.charAt(position) + id.slice(position + 2);
        expect(parseNationalId(swapped, TODAY).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['too short', '11010119900307123', '身份证号应为18位，前17位为数字，最后一位为数字或X'],
    ['letters inside', '1101011990030712AX', '身份证号应为18位，前17位为数字，最后一位为数字或X'],
    ['unknown region', '990101199003071234', '身份证号的地区码不正确'],
    ['31 February', makeIdUnchecked('110101', '19900231', '123'), '身份证号中的出生日期不正确'],
    ['born after today', makeIdUnchecked('110101', '20270101', '123'), '身份证号中的出生日期不正确'],
  ])('explains %s', (_label, id, message) => {
    expect(parseNationalId(id, TODAY)).toEqual({ ok: false, message });
  });

  it('counts full years of age on a date', () => {
    expect(ageOn('1990-08-31', '2027-08-30')).toBe(36);
    expect(ageOn('1990-08-31', '2027-08-31')).toBe(37);
    expect(ageOn('2000-02-29', '2027-02-28')).toBe(26);
  });

  it('masks the ID (first 6, last 4) and the mobile (first 3, last 4)', () => {
    expect(maskNationalId('11010119900307123X')).toBe('110101********123X');
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
});

function makeIdUnchecked(region: string, birth: string, sequence: string): string {
  const first17 = region + birth + sequence;
  return first17 + nationalIdCheckCharacter(first17);
}
