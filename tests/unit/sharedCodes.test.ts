import {
  UNION_CODE_ALPHABET,
  hasValidUnionCodeCheck,
  invitationCodeFromScene,
  invitationScene,
  unionCodeCheckCharacter,
} from '@contest/shared';

const bodies = ['TJZGH', '2345', 'HXQ7K', 'BHXQ9', 'ZZZZZ'];

describe('union code check character', () => {
  it.each(bodies)('accepts %s with its check character, in any case', (body) => {
    const code = body + unionCodeCheckCharacter(body);
    expect(hasValidUnionCodeCheck(code)).toBe(true);
    expect(hasValidUnionCodeCheck(code.toLowerCase())).toBe(true);
  });

  it('rejects every single-character change', () => {
    for (const body of bodies) {
      const code = body + unionCodeCheckCharacter(body);
      for (let i = 0; i < code.length; i += 1) {
        for (const replacement of UNION_CODE_ALPHABET) {
          if (replacement === code[i]) continue;
          const typo = code.slice(0, i) + replacement + code.slice(i + 1);
          expect(hasValidUnionCodeCheck(typo)).toBe(false);
        }
      }
    }
  });

  it('rejects look-alike characters outside the alphabet', () => {
    expect(hasValidUnionCodeCheck('TJZGH0')).toBe(false);
    expect(hasValidUnionCodeCheck('TJ0GHA')).toBe(false);
    expect(() => unionCodeCheckCharacter('TJ1')).toThrow();
  });
});

it('rejects every swap of two different neighbouring characters', () => {
  for (const body of bodies) {
    const code = body + unionCodeCheckCharacter(body);
    for (let i = 0; i + 1 < code.length; i += 1) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code.charAt(i + 1) + code.charAt(i) + code.slice(i + 2);
      expect(hasValidUnionCodeCheck(swapped)).toBe(false);
    }
  }
});

describe('invitation QR scenes', () => {
  it('round-trip the code within WeChat’s 32 characters, URL-encoded or not', () => {
    const scene = invitationScene('ABCDEFGHJK');
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(invitationCodeFromScene(scene)).toBe('ABCDEFGHJK');
    expect(invitationCodeFromScene(encodeURIComponent(scene))).toBe('ABCDEFGHJK');
    expect(invitationCodeFromScene('i%3Dabcdefghjk')).toBe('ABCDEFGHJK');
  });

  it('ignore other scenes and malformed encodings', () => {
    expect(invitationCodeFromScene('u=TJZGH7')).toBeNull();
    expect(invitationCodeFromScene('i=ABC')).toBeNull();
    expect(invitationCodeFromScene('%E0%A4%A')).toBeNull();
  });
});
