import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config';

const SEALED_BYTES_MAGIC = Buffer.from('PDB1', 'ascii');

export interface PersonalDataKeys {
  /** AES-256-GCM keys by id; the active one encrypts, all decrypt (for key rotation). */
  encryptionKeys: Map<string, Buffer>;
  activeKeyId: string;
  hmacKey: Buffer;
}

/**
 * Encryption and keyed hashing of sensitive personal information (ID numbers, phones).
 * Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so a record names the key
 * that sealed it. Hashes are HMAC-SHA256 over a purpose label and the value, so equal IDs can be
 * found and kept unique without decrypting anything, and a stolen table cannot be brute-forced
 * without the key.
 */
export class PersonalDataCipher {
  constructor(private readonly keys: PersonalDataKeys) {}

  /** The cipher the configuration's PII_* keys make. */
  static fromConfig(config: Pick<Config, 'PII_ENCRYPTION_KEYS' | 'PII_ACTIVE_KEY_ID' | 'PII_HMAC_KEY'>): PersonalDataCipher {
    return new PersonalDataCipher({ encryptionKeys: config.PII_ENCRYPTION_KEYS, activeKeyId: config.PII_ACTIVE_KEY_ID, hmacKey: config.PII_HMAC_KEY });
  }

  encrypt(plaintext: string): string {
    const key = this.keys.encryptionKeys.get(this.keys.activeKeyId);
    if (!key) throw new Error('the active personal-data key is missing');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.keys.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    const key = keyId ? this.keys.encryptionKeys.get(keyId) : undefined;
    if (version !== 'v1' || !key || !iv || !tag || ciphertext === undefined) throw new Error('unreadable personal-data record');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /**
   * Files (evidence photos) sealed with the same keys: `PDB1`, the key id's length and the key id,
   * then iv, tag and ciphertext, so a stored file names the key that sealed it like a text record.
   */
  encryptBytes(plaintext: Buffer): Buffer {
    const key = this.keys.encryptionKeys.get(this.keys.activeKeyId);
    if (!key) throw new Error('the active personal-data key is missing');
    const keyId = Buffer.from(this.keys.activeKeyId, 'utf8');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([SEALED_BYTES_MAGIC, Buffer.from([keyId.length]), keyId, iv, cipher.getAuthTag(), ciphertext]);
  }

  decryptBytes(sealed: Buffer): Buffer {
    const magic = SEALED_BYTES_MAGIC.length;
    const keyIdLength = sealed[magic] ?? 0;
    const keyId = sealed.subarray(magic + 1, magic + 1 + keyIdLength).toString('utf8');
    const key = this.keys.encryptionKeys.get(keyId);
    const ivAt = magic + 1 + keyIdLength;
    if (!sealed.subarray(0, magic).equals(SEALED_BYTES_MAGIC) || !key || sealed.length < ivAt + 28) throw new Error('unreadable personal-data file');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(ivAt, ivAt + 12));
    decipher.setAuthTag(sealed.subarray(ivAt + 12, ivAt + 28));
    return Buffer.concat([decipher.update(sealed.subarray(ivAt + 28)), decipher.final()]);
  }

  /** The key new records are sealed with. */
  get activeKeyId(): string {
    return this.keys.activeKeyId;
  }

  /** The id of the key a text record or a file was sealed with (undefined: not a sealed record). */
  keyIdOf(sealed: string | Buffer): string | undefined {
    if (typeof sealed === 'string') return sealed.startsWith('v1.') ? sealed.split('.')[1] : undefined;
    const magic = SEALED_BYTES_MAGIC.length;
    if (!sealed.subarray(0, magic).equals(SEALED_BYTES_MAGIC)) return undefined;
    return sealed.subarray(magic + 1, magic + 1 + (sealed[magic] ?? 0)).toString('utf8');
  }

  /** Whether a record is sealed with a key other than the active one (key rotation re-seals it). */
  sealedWithRetiredKey(sealed: string | Buffer): boolean {
    return this.keyIdOf(sealed) !== this.keys.activeKeyId;
  }

  /** 'request': a request body that holds personal data (idempotency keys compare bodies by it). 'team-entry': the signature of a team entry's confirmation token. */
  hash(purpose: 'national-id' | 'mobile' | 'request' | 'team-entry', value: string): string {
    return createHmac('sha256', this.keys.hmacKey).update(`${purpose}:${value}`).digest('hex');
  }
}
