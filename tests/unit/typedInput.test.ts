/**
 * Values as workers type them on phones (shared/src/typedInput.ts and the schemas that apply it):
 * each normaliser is idempotent, accepts what a person would consider the same value, and never
 * turns a wrong value into a right one that means something else.
 */
import fc from 'fast-check';
import {
  NAME_SEPARATOR,
  ZMobile,
  ZRegistrationForm,
  ZUnionCode,
  findByTypedUnionCode,
  nationalIdCheckCharacter,
  normalizeMobile,
  normalizeNationalId,
  normalizePersonName,
  normalizeUnionCode,
  parseNationalId,
  unionCodeDigitReadings,
} from '@contest/shared';

const TODAY = '2026-11-24';
const ZName = ZRegistrationForm.shape.name;
const ZNationalId = ZRegistrationForm.shape.nationalId;

/** ASCII `!`…`~` → its full-width form (U+FF01…U+FF5E). */
const fullWidth = (character: string) => String.fromCharCode(character.charCodeAt(0) + 0xfee0);

/** `text` as a phone may send it: each character ASCII or full-width, a letter in either case. */
function typedAs(text: string): fc.Arbitrary<string> {
  if (text === '') return fc.constant('');
  return fc
    .tuple(...[...text].map((c) => fc.constantFrom(c, fullWidth(c), /[A-Z]/.test(c) ? c.toLowerCase() : c, /[A-Z]/.test(c) ? fullWidth(c.toLowerCase()) : c)))
    .map((characters) => characters.join(''));
}

/** `text` with some of `separators` between its characters and around it. */
function withSeparators(text: string, separators: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom('', '', ...separators), { minLength: text.length + 1, maxLength: text.length + 1 })
    .map((gaps) => gaps.map((gap, i) => gap + (text[i] ?? '')).join(''));
}

const SPACES = [' ', '\u3000', '  ', '\t'];
const PHONE_SEPARATORS = [...SPACES, '-', '－', '—', '–'];
/** Any text at all, and text made of what these fields are made of. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'0123456789０１２３４５６７８９+＋-－ 　xXｘＸOoIl·•・．.･‧阿张a\u0301'), maxLength: 24 }),
);

const validMobile = fc
  .tuple(fc.constantFrom(...'3456789'), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }))
  .map(([second, rest]) => `1${second}${rest}`);

describe('mobile numbers', () => {
  it('normalise idempotently', () => {
    fc.assert(fc.property(anyText, (text) => normalizeMobile(normalizeMobile(text)) === normalizeMobile(text)), { numRuns: 2000 });
  });

  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['0086 138 0013 8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['＋８６　１３８－００１３－８０００', '13800138000'],
  ])('reads %s as %s', (typed, mobile) => {
    expect(ZMobile.parse(typed)).toBe(mobile);
  });

  it('accept any valid number with full-width digits, spaces, dashes and a country prefix', () => {
    const typed = validMobile.chain((mobile) =>
      fc
        .tuple(fc.constantFrom('', '+86', '0086', '86', '＋８６', '００８６'), typedAs(mobile))
        .chain(([prefix, digits]) => withSeparators(prefix + digits, PHONE_SEPARATORS))
        .map((text) => ({ mobile, text })),
    );
    fc.assert(fc.property(typed, ({ mobile, text }) => ZMobile.parse(text) === mobile), { numRuns: 1000 });
  });

  it('never drop a digit that is not a country prefix: what is accepted is what was typed', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = ZMobile.safeParse(text);
        if (!parsed.success) return true;
        const typedDigits = text.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212]/gu, '');
        return ['', '+86', '0086', '86'].some((prefix) => typedDigits.normalize('NFKC') === prefix + parsed.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuse 12 digits whatever they start with, however they are typed', () => {
    const twelve = fc
      .tuple(fc.constantFrom('', '1', '86', '861', '0', '01'), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 }))
      .map(([start, digits]) => (start + digits).slice(0, 12))
      .chain(typedAs)
      .chain((digits) => withSeparators(digits, PHONE_SEPARATORS));
    fc.assert(fc.property(twelve, (text) => !ZMobile.safeParse(text).success), { numRuns: 1000 });
    // A leading 0 (as some dial a mobile from a landline) is a twelfth digit too.
    expect(ZMobile.safeParse('０１３８００１３８０００').success).toBe(false);
  });

  it('refuse a letter inside a number, full-width or not', () => {
    const withLetter = fc
      .tuple(validMobile, fc.nat(11), fc.constantFrom(...'lOoIbxＯｌ'))
      .map(([mobile, at, letter]) => mobile.slice(0, at) + letter + mobile.slice(at));
    fc.assert(fc.property(withLetter, (text) => !ZMobile.safeParse(text).success), { numRuns: 500 });
  });
});

const REGIONS = ['110101', '120103', '650102'];
const validId = fc
  .tuple(
    fc.constantFrom(...REGIONS),
    fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2008-12-31T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, birth, sequence]) => {
    const first17 = `${region}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
    return first17 + nationalIdCheckCharacter(first17);
  });
/** A valid number whose check character is X, to type it as x and ｘ. */
const idEndingInX = validId.filter((id) => id.endsWith('X'));

describe('ID numbers', () => {
  it('normalise idempotently', () => {
    fc.assert(fc.property(anyText, (text) => normalizeNationalId(normalizeNationalId(text)) === normalizeNationalId(text)), { numRuns: 2000 });
  });

  it('read full-width digits, spaces and a lower-case x as the number', () => {
    expect(normalizeNationalId('１２０１０３ １９９０ ０３０７ １２３ｘ')).toBe('12010319900307123X');
    const typed = fc.oneof(validId, idEndingInX).chain((id) =>
      typedAs(id)
        .map((text) => text.replace(/X$/, 'x').replace(/Ｘ$/, 'ｘ'))
        .chain((text) => withSeparators(text, SPACES))
        .map((text) => ({ id, text })),
    );
    fc.assert(
      fc.property(typed, ({ id, text }) => {
        const parsed = parseNationalId(text, TODAY);
        return parsed.ok && parsed.normalized === id && ZNationalId.parse(text) === id;
      }),
      { numRuns: 1000 },
    );
  });

  it('keep a wrong check character wrong, however the number is typed', () => {
    const wrong = fc
      .tuple(validId, fc.constantFrom(...'0123456789Xx'))
      .filter(([id, check]) => check.toUpperCase() !== id.charAt(17))
      .chain(([id, check]) => typedAs(id.slice(0, 17) + check))
      .chain((text) => withSeparators(text, SPACES));
    fc.assert(fc.property(wrong, (text) => !parseNationalId(text, TODAY).ok), { numRuns: 1000 });
  });

  it('keep a letter among the first 17 characters, so the number stays invalid', () => {
    const withLetter = fc
      .tuple(validId, fc.nat(16), fc.constantFrom(...'xXｘOoIl'))
      .map(([id, at, letter]) => id.slice(0, at) + letter + id.slice(at + 1));
    fc.assert(fc.property(withLetter, (text) => !parseNationalId(text, TODAY).ok && !ZNationalId.safeParse(text).success), { numRuns: 500 });
  });
});

describe('union codes', () => {
  const code = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 4, maxLength: 16 });

  it('normalise idempotently', () => {
    fc.assert(fc.property(anyText, (text) => normalizeUnionCode(normalizeUnionCode(text)) === normalizeUnionCode(text)), { numRuns: 2000 });
  });

  it('read full-width characters, lower case and spaces as the code', () => {
    expect(ZUnionCode.parse('ｈｘｑ３ x7')).toBe('HXQ3X7');
    const typed = code.chain((c) => typedAs(c).chain((text) => withSeparators(text, SPACES)).map((text) => ({ c, text })));
    fc.assert(fc.property(typed, ({ c, text }) => ZUnionCode.parse(text) === c), { numRuns: 1000 });
  });

  it('keep every character but spaces: no digit or letter is dropped or changed', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = ZUnionCode.safeParse(text);
        return !parsed.success || parsed.data === text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
      }),
      { numRuns: 2000 },
    );
    expect(ZUnionCode.safeParse('HX-01').success).toBe(false);
  });
});

describe('reading O, I and L in a typed code as 0 and 1', () => {
  /** A directory of codes, the look-up the BFF does against it, and a typed code. */
  const lookAlikeHeavy = fc.string({ unit: fc.constantFrom(...'0O1IL2A'), minLength: 4, maxLength: 6 });
  const scenario = fc.record({ stored: fc.uniqueArray(lookAlikeHeavy, { maxLength: 12 }), typed: lookAlikeHeavy });
  const lookUp = (stored: readonly string[], typed: string) =>
    findByTypedUnionCode(typed, async (codes) => stored.filter((c) => codes.includes(c)).map((c) => ({ code: c })));
  /** `code` is what `typed` says once some of its O, I, L are read as 0, 1. */
  const isReadingOf = (code: string, typed: string) =>
    code.length === typed.length &&
    [...typed].every((t, i) => code[i] === t || (t === 'O' && code[i] === '0') || ((t === 'I' || t === 'L') && code[i] === '1'));

  it('finds a code as typed first, and never reads it as another', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stored, typed }) => {
        const found = await lookUp(stored, typed);
        if (stored.includes(typed)) expect(found?.code).toBe(typed);
      }),
      { numRuns: 1000 },
    );
  });

  it('folds only when exactly one stored code is a reading of what was typed', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stored, typed }) => {
        fc.pre(!stored.includes(typed));
        const readings = stored.filter((c) => c !== typed && isReadingOf(c, typed));
        const found = await lookUp(stored, typed);
        expect(found?.code ?? null).toBe(readings.length === 1 ? readings[0] : null);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds O123 as 0123 when only 0123 exists, and nothing when 0I23 and 0123 both could be meant', async () => {
    expect((await lookUp(['0123', 'ABCD'], 'O123'))?.code).toBe('0123');
    expect(await lookUp(['0123', '0I23'], 'OI23')).toBeNull();
    expect((await lookUp(['O123', '0123'], 'O123'))?.code).toBe('O123');
    // Issued codes contain none of the look-alikes: nothing to read differently.
    expect(unionCodeDigitReadings('HXQ3X7')).toEqual([]);
    expect(unionCodeDigitReadings('LO12').sort()).toEqual(['1012', '1O12', 'L012']);
  });
});

const SEPARATORS = ['·', '•', '・', '‧', '．', '･', '.'];
const namePart = fc.string({ unit: fc.constantFrom(...'阿依古丽买买提张三热合曼'), minLength: 1, maxLength: 5 });

describe('names', () => {
  it('normalise idempotently', () => {
    fc.assert(fc.property(anyText, (text) => normalizePersonName(normalizePersonName(text)) === normalizePersonName(text)), { numRuns: 3000 });
  });

  it.each([
    ['阿依古丽•买买提', '阿依古丽·买买提'],
    ['阿依古丽 ・ 买买提', '阿依古丽·买买提'],
    ['阿依古丽.买买提', '阿依古丽·买买提'],
    ['阿依古丽．买买提', '阿依古丽·买买提'],
    ['阿依古丽･买买提', '阿依古丽·买买提'],
    ['阿依古丽‧买买提', '阿依古丽·买买提'],
    ['  张伟 ', '张伟'],
    ['ＪＯＨＮ　　SMITH', 'JOHN SMITH'],
  ])('reads %s as %s', (typed, name) => {
    expect(ZName.parse(typed)).toBe(name);
  });

  it('fold every separator people type between parts into one ·', () => {
    const typed = fc
      .array(namePart, { minLength: 2, maxLength: 4 })
      .chain((parts) =>
        fc
          .array(fc.tuple(fc.constantFrom('', ' ', '　'), fc.constantFrom(...SEPARATORS), fc.constantFrom('', ' ')), {
            minLength: parts.length - 1,
            maxLength: parts.length - 1,
          })
          .map((gaps) => ({ parts, text: parts.map((part, i) => part + (gaps[i] ? gaps[i].join('') : '')).join('') })),
      );
    fc.assert(fc.property(typed, ({ parts, text }) => ZName.parse(text) === parts.join(NAME_SEPARATOR)), { numRuns: 500 });
  });

  it('change nothing but separators and spaces', () => {
    const bare = (text: string) => text.normalize('NFKC').replace(/[\s·•・‧.]/gu, '');
    fc.assert(fc.property(anyText, (text) => bare(normalizePersonName(text)) === bare(text)), { numRuns: 2000 });
  });

  it('refuse a name that is only separators, or starts or ends with one, in Chinese', () => {
    expect(ZName.safeParse('·张三').error?.issues[0]?.message).toBe('间隔号“·”只能写在名字中间，不能在开头或结尾');
    expect(ZName.safeParse('张三 •').error?.issues[0]?.message).toBe('间隔号“·”只能写在名字中间，不能在开头或结尾');
    expect(ZName.safeParse(' ･ ．').error?.issues[0]?.message).toBe('姓名不能只有间隔号');
    const atAnEnd = fc
      .tuple(namePart, namePart, fc.constantFrom(...SEPARATORS), fc.boolean())
      .map(([a, b, separator, atStart]) => (atStart ? `${separator}${a}${b}` : `${a}${b} ${separator}`));
    fc.assert(fc.property(atAnEnd, (text) => !ZName.safeParse(text).success), { numRuns: 500 });
  });
});
