import { sign } from 'node:crypto';
import fc from 'fast-check';
import { Types } from 'mongoose';
import {
  CERTIFICATE_CODE_ALPHABET,
  decodeBase64Url,
  decodeCertificateToken,
  encodeBase64Url,
  encodeCertificateTokenBody,
  formatCertificateCode,
  parseCertificateCode,
  MAX_CERTIFICATE_CODE_VALUE,
  MAX_CERTIFICATE_SERIAL,
  type CertificateTokenFields,
} from '@contest/shared';
import { CertificateSigner } from '@contest/bff/src/certificateSigning/signer';
import {
  verifyCertificateCode,
  verifyCertificateToken,
  type CertificateRecordState,
} from '@contest/bff/src/certificateSigning/verification';
import { ed25519KeysFromSeeds, PassSigner } from '@contest/bff/src/passSigning/signer';

const seeds = new Map([
  ['old', Buffer.alloc(32, 3)],
  ['k1', Buffer.alloc(32, 5)],
]);
const codeSecret = Buffer.alloc(32, 9);
const signer = new CertificateSigner(seeds, 'k1', codeSecret);
const competition = new Types.ObjectId('65f0a1b2c3d4e5f601234567');
const otherCompetition = new Types.ObjectId('65f0a1b2c3d4e5f6012345ff');

/** A certificate register holding one record per serial. */
const register = (records: Record<number, CertificateRecordState>) => async (serial: number) => records[serial] ?? null;
const current = (serial: number, version = 1) => register({ [serial]: { competitionId: competition.toHexString(), version, revoked: false } });

const serialArb = fc.integer({ min: 1, max: MAX_CERTIFICATE_SERIAL });
const versionArb = fc.integer({ min: 1, max: 0xffff });

describe('the certificate token layout', () => {
  test('what is encoded decodes to the same fields', () => {
    const fieldsArb = fc.record({
      keyId: fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz019_-'), minLength: 1, maxLength: 8 }),
      competitionId: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }),
      certificateSerial: serialArb,
      certificateVersion: versionArb,
    });
    fc.assert(
      fc.property(fieldsArb, fc.uint8Array({ minLength: 64, maxLength: 64 }), (fields: CertificateTokenFields, signature) => {
        const body = encodeCertificateTokenBody(fields);
        const decoded = decodeCertificateToken(encodeBase64Url(new Uint8Array([...body, ...signature])));
        expect(decoded?.fields).toEqual(fields);
        expect(Buffer.from(decoded!.signature)).toEqual(Buffer.from(signature));
      }),
    );
  });

  test('a token is 115 characters of base64url and carries no personal data', () => {
    const token = signer.sign(competition, 42, 1);
    expect(token).toHaveLength(115);
    expect(decodeCertificateToken(token)?.fields).toEqual({
      keyId: 'k1',
      competitionId: competition.toHexString(),
      certificateSerial: 42,
      certificateVersion: 1,
    });
  });
});

describe('verifying a certificate token', () => {
  test('valid while the record is current; revoked once revoked or re-issued; unknown without a record', async () => {
    const token = signer.sign(competition, 42, 2);
    const state = { competitionId: competition.toHexString(), version: 2, revoked: false };
    expect(await verifyCertificateToken(signer, token, register({ 42: state }))).toEqual({
      status: 'valid',
      certificateSerial: 42,
      competitionId: competition.toHexString(),
    });
    expect(await verifyCertificateToken(signer, token, register({ 42: { ...state, revoked: true } }))).toMatchObject({ status: 'revoked' });
    expect(await verifyCertificateToken(signer, token, register({ 42: { ...state, version: 3 } }))).toMatchObject({ status: 'revoked' });
    expect(await verifyCertificateToken(signer, token, register({}))).toEqual({ status: 'unknown' });
    expect(
      await verifyCertificateToken(signer, token, register({ 42: { ...state, competitionId: otherCompetition.toHexString() } })),
    ).toEqual({ status: 'unknown' });
  });

  test('a token altered in any byte, cut short or lengthened is refused as forged', async () => {
    const token = signer.sign(competition, 7, 1);
    const bytes = decodeBase64Url(token)!;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const altered = bytes.slice();
        altered[at] = altered[at]! ^ flip;
        expect(await verifyCertificateToken(signer, encodeBase64Url(altered), current(7))).toEqual({ status: 'forged' });
      }),
      { numRuns: 500 },
    );
    expect(await verifyCertificateToken(signer, encodeBase64Url(bytes.slice(0, -1)), current(7))).toEqual({ status: 'forged' });
    expect(await verifyCertificateToken(signer, encodeBase64Url(new Uint8Array([...bytes, 0])), current(7))).toEqual({ status: 'forged' });
    expect(await verifyCertificateToken(signer, token, current(7))).toMatchObject({ status: 'valid' });
  });

  test('any other character in any place of the text is refused', async () => {
    const token = signer.sign(competition, 7, 1);
    const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...base64url), async (at, char) => {
        fc.pre(token[at] !== char);
        const altered = token.slice(0, at) + char + token.slice(at + 1);
        expect(await verifyCertificateToken(signer, altered, current(7))).toEqual({ status: 'forged' });
      }),
      { numRuns: 500 },
    );
  });

  test('a signature under the same key for a pass, or without the certificate domain, does not make a certificate', async () => {
    const key = ed25519KeysFromSeeds(seeds).get('k1')!;
    const body = encodeCertificateTokenBody({ keyId: 'k1', competitionId: competition.toHexString(), certificateSerial: 7, certificateVersion: 1 });
    const passDomain = Buffer.concat([Buffer.from('contest-pass/1\0'), body]);
    for (const message of [body, passDomain]) {
      const token = encodeBase64Url(new Uint8Array([...body, ...sign(null, message, key.privateKey)]));
      expect(await verifyCertificateToken(signer, token, current(7))).toEqual({ status: 'forged' });
    }
    const pass = new PassSigner(seeds, 'k1').sign(competition, { passSerial: 7, passVersion: 1, venueCode: 'main', sessionCode: 'am' });
    expect(await verifyCertificateToken(signer, pass, current(7))).toEqual({ status: 'forged' });
  });

  test('tokens of a retired key verify while it is listed; a key the BFF does not hold makes a forgery', async () => {
    const retired = new CertificateSigner(seeds, 'old', codeSecret).sign(competition, 7, 1);
    expect(await verifyCertificateToken(signer, retired, current(7))).toMatchObject({ status: 'valid' });
    const stranger = new CertificateSigner(new Map([['k1', Buffer.alloc(32, 6)]]), 'k1', codeSecret).sign(competition, 7, 1);
    expect(await verifyCertificateToken(signer, stranger, current(7))).toEqual({ status: 'forged' });
  });
});

describe('short codes', () => {
  test('ten characters, XXXXX-XXXXX, naming the serial back; distinct serials get distinct codes', () => {
    fc.assert(
      fc.property(serialArb, serialArb, (a, b) => {
        const code = signer.shortCode(a);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
        expect(signer.serialOfShortCode(code)).toBe(a);
        if (a !== b) expect(signer.shortCode(b)).not.toBe(code);
      }),
    );
    const sequential = Array.from({ length: 20_000 }, (_, i) => signer.shortCode(i + 1));
    expect(new Set(sequential).size).toBe(20_000);
  });

  test('not guessable from neighbours: consecutive serials share no pattern, and another key gives other codes', () => {
    const codes = Array.from({ length: 200 }, (_, i) => signer.shortCode(i + 1).replace('-', ''));
    // Each of the 9 naming positions takes many values across consecutive serials (a counter would change only the last).
    for (let position = 0; position < 9; position += 1) expect(new Set(codes.map((c) => c[position])).size).toBeGreaterThan(16);
    const otherKey = new CertificateSigner(seeds, 'k1', Buffer.alloc(32, 10));
    const sameUnderOtherKey = codes.filter((c, i) => otherKey.shortCode(i + 1).replace('-', '') === c);
    expect(sameUnderOtherKey).toHaveLength(0);
  });

  test('every single mistyped character is caught by the check character', () => {
    fc.assert(
      fc.property(serialArb, fc.nat({ max: 9 }), fc.constantFrom(...CERTIFICATE_CODE_ALPHABET), (serial, at, char) => {
        const code = signer.shortCode(serial).replace('-', '');
        fc.pre(code[at] !== char);
        expect(parseCertificateCode(code.slice(0, at) + char + code.slice(at + 1))).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  test('typed loosely: lower case, no hyphen, spaces, O for 0 and I or L for 1 read the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_CERTIFICATE_CODE_VALUE }), (value) => {
        const code = formatCertificateCode(value);
        const loose = code.toLowerCase().replace('-', ' ').replace(/0/g, 'o').replace(/1/g, 'l');
        expect(parseCertificateCode(loose)).toBe(value);
        expect(parseCertificateCode(code.replace('-', ''))).toBe(value);
      }),
    );
    expect(parseCertificateCode('ABCDE-FGHJ')).toBeNull();
    expect(parseCertificateCode('ABCDE-FGHJKM')).toBeNull();
    expect(parseCertificateCode('ABCDE-FGHJU')).toBeNull();
  });

  test('verifying a typed code: valid, revoked, mistyped, or unknown when no certificate has it', async () => {
    const code = signer.shortCode(42);
    const state = { competitionId: competition.toHexString(), version: 3, revoked: false };
    expect(await verifyCertificateCode(signer, code.toLowerCase(), register({ 42: state }))).toEqual({
      status: 'valid',
      certificateSerial: 42,
      competitionId: competition.toHexString(),
    });
    expect(await verifyCertificateCode(signer, code, register({ 42: { ...state, revoked: true } }))).toMatchObject({ status: 'revoked' });
    expect(await verifyCertificateCode(signer, code, register({}))).toEqual({ status: 'unknown' });
    const typo = code.slice(0, 2) + (code[2] === '7' ? '8' : '7') + code.slice(3);
    expect(await verifyCertificateCode(signer, typo, register({ 42: state }))).toEqual({ status: 'mistyped' });
    // A well-formed code made up at random names no issued certificate.
    expect(await verifyCertificateCode(signer, formatCertificateCode(123_456_789), register({ 42: state }))).toEqual({ status: 'unknown' });
  });
});
