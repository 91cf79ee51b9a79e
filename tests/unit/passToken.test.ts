import fc from 'fast-check';
import { Types } from 'mongoose';
import {
  decodeBase64Url,
  decodePassToken,
  encodeBase64Url,
  encodePassTokenBody,
  formatPassNumber,
  passSerialOf,
  passTokenSigningMessage,
  MAX_PASS_SERIAL,
  type PassTokenFields,
} from '@contest/shared';
import { PassSigner } from '@contest/bff/src/passSigning/signer';
import vectors from '../fixtures/pass-token-vectors.json';

const competition = new Types.ObjectId('65f0a1b2c3d4e5f601234567');
const signer = new PassSigner(
  new Map([
    ['old', Buffer.alloc(32, 3)],
    ['k1', Buffer.alloc(32, 5)],
  ]),
  'k1',
);

const code = (alphabet: string, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: max });
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const fieldsArb = fc.record({
  keyId: code('ABCXYZabcxyz019_-', 8),
  passSerial: fc.integer({ min: 1, max: MAX_PASS_SERIAL }),
  passVersion: fc.integer({ min: 1, max: 0xffff }),
  venueCode: code(LOWER, 32),
  sessionCode: code(LOWER, 16),
});

describe('the pass token layout', () => {
  test('what is encoded decodes to the same fields, and base64url round-trips any bytes', () => {
    fc.assert(
      fc.property(fieldsArb, fc.uint8Array({ minLength: 64, maxLength: 64 }), (fields: PassTokenFields, signature) => {
        const body = encodePassTokenBody(fields);
        const bytes = new Uint8Array([...body, ...signature]);
        const decoded = decodePassToken(encodeBase64Url(bytes));
        expect(decoded?.fields).toEqual(fields);
        expect(Buffer.from(decoded!.body)).toEqual(Buffer.from(body));
        expect(Buffer.from(decodeBase64Url(encodeBase64Url(bytes))!)).toEqual(Buffer.from(bytes));
        expect(encodeBase64Url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });

  test('short codes make a token of 110 characters: dense but scannable', () => {
    const token = signer.sign(competition, { passSerial: 1, passVersion: 1, venueCode: 'main', sessionCode: 'am' });
    expect(token).toHaveLength(110);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('base64url text that is not canonical is refused (two texts never name the same bytes)', () => {
    // 82 bytes: the last character carries 4 unused bits.
    const token = signer.sign(competition, { passSerial: 1, passVersion: 1, venueCode: 'main', sessionCode: 'am' });
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[alphabet.indexOf(last) | 1]!;
    expect(sameBytes).not.toBe(last);
    expect(Buffer.from(token.slice(0, -1) + sameBytes, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
    expect(decodePassToken(token.slice(0, -1) + sameBytes)).toBeNull();
    expect(signer.verify(competition, token).valid).toBe(true);
  });

  test.each([
    ['empty', ''],
    ['padding', 'AQ=='],
    ['a character outside the alphabet', 'AQJ2MQAABNIAAgRtYWluB21haW4tYW1+'],
    ['another format', encodeBase64Url(new Uint8Array([2, ...encodePassTokenBody({ keyId: 'k1', passSerial: 1, passVersion: 1, venueCode: 'a', sessionCode: 'b' }).slice(1), ...new Uint8Array(64)]))],
    ['no signature', encodeBase64Url(encodePassTokenBody({ keyId: 'k1', passSerial: 1, passVersion: 1, venueCode: 'a', sessionCode: 'b' }))],
    ['serial 0', encodeBase64Url(new Uint8Array([1, 2, 107, 49, 0, 0, 0, 0, 0, 1, 1, 97, 1, 98, ...new Uint8Array(64)]))],
    ['an upper-case venue code', encodeBase64Url(new Uint8Array([1, 2, 107, 49, 0, 0, 0, 1, 0, 1, 1, 65, 1, 98, ...new Uint8Array(64)]))],
  ])('refuses %s', (_, token) => {
    expect(decodePassToken(token)).toBeNull();
    expect(signer.verify(competition, token).valid).toBe(false);
  });
});

describe('signatures', () => {
  const tokens = [
    signer.sign(competition, { passSerial: 12, passVersion: 1, venueCode: 'main', sessionCode: 'am' }),
    signer.sign(competition, { passSerial: 9_999_999, passVersion: 300, venueCode: 'branch-2', sessionCode: 'branch-day2-pm' }),
  ];

  test.each(tokens)('every single-bit flip of the token’s bytes is refused (%s)', (token) => {
    const bytes = Buffer.from(token, 'base64url');
    expect(signer.verify(competition, token).valid).toBe(true);
    for (let bit = 0; bit < bytes.length * 8; bit += 1) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect({ bit, valid: signer.verify(competition, flipped.toString('base64url')).valid }).toEqual({ bit, valid: false });
    }
  });

  test.each(tokens)('every single-bit flip of the token’s text is refused (%s)', (token) => {
    for (let i = 0; i < token.length; i += 1) {
      for (let bit = 0; bit < 7; bit += 1) {
        const flipped = token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1);
        expect({ i, bit, valid: signer.verify(competition, flipped).valid }).toEqual({ i, bit, valid: false });
      }
    }
  });

  test('any change to the fields under the same signature is refused', () => {
    const token = tokens[0]!;
    const { fields, signature } = decodePassToken(token)!;
    fc.assert(
      fc.property(fieldsArb, (other) => {
        fc.pre(JSON.stringify({ ...other, keyId: 'k1' }) !== JSON.stringify(fields));
        const forged = Buffer.concat([encodePassTokenBody({ ...other, keyId: 'k1' }), signature]).toString('base64url');
        expect(signer.verify(competition, forged).valid).toBe(false);
      }),
    );
  });

  test('a pass of another competition does not verify; a retired key still does; an unknown key id does not', () => {
    const fields = { passSerial: 7, passVersion: 1, venueCode: 'main', sessionCode: 'am' };
    expect(signer.verify(new Types.ObjectId(), signer.sign(competition, fields)).valid).toBe(false);
    const retired = new PassSigner(new Map([['old', Buffer.alloc(32, 3)]]), 'old').sign(competition, fields);
    expect(signer.verify(competition, retired)).toEqual({ valid: true, fields: { ...fields, keyId: 'old' } });
    const stranger = new PassSigner(new Map([['k2', Buffer.alloc(32, 5)]]), 'k2').sign(competition, fields);
    expect(signer.verify(competition, stranger).valid).toBe(false);
  });
});

describe('the shared test vectors (tests/fixtures/pass-token-vectors.json)', () => {
  const vectorSigner = new PassSigner(new Map([[vectors.keyId, Buffer.from(vectors.seedBase64, 'base64')]]), vectors.keyId);
  const vectorCompetition = new Types.ObjectId(vectors.competitionId);

  test('the public key, the fields, the signed message and the token follow from the seed', () => {
    expect(vectorSigner.publicKeys()).toEqual([{ keyId: vectors.keyId, publicKey: vectors.publicKey }]);
    for (const vector of vectors.valid) {
      const decoded = decodePassToken(vector.token)!;
      expect(decoded.fields).toEqual(vector.fields);
      expect(formatPassNumber(vector.fields.passSerial)).toBe(vector.passNumber);
      expect(Buffer.from(passTokenSigningMessage(vectors.competitionId, decoded.body)).toString('hex')).toBe(vector.signingMessageHex);
      // Ed25519 is deterministic: the same key and fields sign the same token.
      const { keyId: _keyId, ...fields } = vector.fields;
      expect(vectorSigner.sign(vectorCompetition, fields)).toBe(vector.token);
      expect(vectorSigner.verify(vectorCompetition, vector.token).valid).toBe(true);
    }
  });

  test.each(vectors.invalid)('refuses: $why', ({ token, competitionId }) => {
    expect(vectorSigner.verify(new Types.ObjectId(competitionId), token).valid).toBe(false);
  });
});

describe('pass numbers', () => {
  test('8 digits that name their serial, with a check digit catching every single mistyped digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PASS_SERIAL }), fc.nat(7), fc.integer({ min: 1, max: 9 }), (serial, position, shift) => {
        const number = formatPassNumber(serial);
        expect(number).toMatch(/^\d{8}$/);
        expect(passSerialOf(number)).toBe(serial);
        const typo = number.slice(0, position) + String((Number(number[position]) + shift) % 10) + number.slice(position + 1);
        expect(passSerialOf(typo)).toBeNull();
      }),
    );
  });

  test('typed with full-width digits, spaces or dashes it reads the same', () => {
    expect(formatPassNumber(1234)).toBe('00012344');
    expect(passSerialOf('０００１ ２３４-４')).toBe(1234);
    expect(passSerialOf('00012345')).toBeNull();
    expect(passSerialOf('0001234')).toBeNull();
  });
});
