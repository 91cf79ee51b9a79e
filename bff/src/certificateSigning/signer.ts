import { createHmac, hkdfSync, sign, verify } from 'node:crypto';
import type { Types } from 'mongoose';
import {
  assembleCertificateToken,
  certificateTokenSigningMessage,
  decodeCertificateToken,
  encodeCertificateTokenBody,
  formatCertificateCode,
  MAX_CERTIFICATE_SERIAL,
  parseCertificateCode,
  type CertificateTokenFields,
} from '@contest/shared';
import type { Config } from '../config';
import { ed25519KeysFromSeeds, type SigningKey } from '../passSigning/signer';

/** The short code's 45 bits as two halves for the keyed permutation. */
const LEFT_BITS = 22;
const RIGHT_BITS = 23;
/** As FF1 (NIST SP 800-38G) does for small domains. */
const ROUNDS = 10;

/**
 * Signs and verifies certificate tokens (layout in shared/src/certificateToken.ts) and makes their
 * short codes. The tokens use the pass signing keys under their own message domain, so a pass's
 * signature never verifies as a certificate's; every configured key verifies the tokens naming
 * it, so a key that signed certificates stays listed as long as they should verify.
 *
 * A short code is the serial through a keyed permutation of 45-bit numbers (a 10-round Feistel
 * network, HMAC-SHA-256 rounds): distinct serials always get distinct codes, a code turns back
 * into its serial without a stored table, and without the key no code can be told from a random
 * one. The key is derived from PII_HMAC_KEY (which never rotates: the look-up hashes depend on
 * it), not from a signing key, so rotating signing keys leaves every printed code valid.
 */
export class CertificateSigner {
  private readonly keys: Map<string, SigningKey>;
  private readonly codeKey: Buffer;

  constructor(
    seeds: Map<string, Buffer>,
    readonly activeKeyId: string,
    codeSecret: Buffer,
  ) {
    this.keys = ed25519KeysFromSeeds(seeds);
    if (!this.keys.has(activeKeyId)) throw new Error('the active signing key is missing');
    this.codeKey = Buffer.from(hkdfSync('sha256', codeSecret, Buffer.alloc(0), 'contest-certificate-code/1', 32));
  }

  static fromConfig(config: Pick<Config, 'PASS_SIGNING_KEYS' | 'PASS_ACTIVE_KEY_ID' | 'PII_HMAC_KEY'>): CertificateSigner {
    return new CertificateSigner(config.PASS_SIGNING_KEYS, config.PASS_ACTIVE_KEY_ID, config.PII_HMAC_KEY);
  }

  /** A token for the certificate, signed with the active key. */
  sign(competitionId: Types.ObjectId, certificateSerial: number, certificateVersion: number): string {
    const body = encodeCertificateTokenBody({
      keyId: this.activeKeyId,
      competitionId: competitionId.toHexString(),
      certificateSerial,
      certificateVersion,
    });
    return assembleCertificateToken(body, sign(null, certificateTokenSigningMessage(body), this.keys.get(this.activeKeyId)!.privateKey));
  }

  /** The token's fields when it is well formed, names a configured key and its signature holds; else null. */
  signedFields(token: string): CertificateTokenFields | null {
    const decoded = decodeCertificateToken(token);
    const key = decoded && this.keys.get(decoded.fields.keyId);
    if (!decoded || !key) return null;
    return verify(null, certificateTokenSigningMessage(decoded.body), key.publicKey, decoded.signature) ? decoded.fields : null;
  }

  /** The certificate's short code, `XXXXX-XXXXX`. */
  shortCode(certificateSerial: number): string {
    if (!Number.isInteger(certificateSerial) || certificateSerial < 1 || certificateSerial > MAX_CERTIFICATE_SERIAL) {
      throw new Error('certificate serial outside 1 … 2³² − 1');
    }
    let left = Math.floor(certificateSerial / 2 ** RIGHT_BITS);
    let right = certificateSerial % 2 ** RIGHT_BITS;
    for (let round = 0; round < ROUNDS; round += 1) {
      const width = round % 2 === 0 ? LEFT_BITS : RIGHT_BITS;
      [left, right] = [right, (left + this.roundValue(round, right)) % 2 ** width];
    }
    return formatCertificateCode(left * 2 ** RIGHT_BITS + right);
  }

  /** The serial a typed short code names; null for a typo (check character) or a code no serial has. */
  serialOfShortCode(typed: string): number | null {
    const value = parseCertificateCode(typed);
    if (value === null) return null;
    let left = Math.floor(value / 2 ** RIGHT_BITS);
    let right = value % 2 ** RIGHT_BITS;
    for (let round = ROUNDS - 1; round >= 0; round -= 1) {
      const width = round % 2 === 0 ? LEFT_BITS : RIGHT_BITS;
      [left, right] = [(right - (this.roundValue(round, left) % 2 ** width) + 2 ** width) % 2 ** width, left];
    }
    const serial = left * 2 ** RIGHT_BITS + right;
    return serial >= 1 && serial <= MAX_CERTIFICATE_SERIAL ? serial : null;
  }

  /** 48 bits of HMAC-SHA-256 over the round and one half; reduced mod 2^width by the caller. */
  private roundValue(round: number, half: number): number {
    const input = Buffer.alloc(5);
    input.writeUInt8(round, 0);
    input.writeUInt32BE(half, 1);
    return createHmac('sha256', this.codeKey).update(input).digest().readUIntBE(0, 6);
  }
}
