import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Types } from 'mongoose';
import {
  assemblePassToken,
  decodePassToken,
  encodePassTokenBody,
  passTokenSigningMessage,
  type PassTokenFields,
} from '@contest/shared';
import type { Config } from '../config';

/** PKCS#8 DER of an Ed25519 private key is this prefix and the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key in hex: what rosters hand to phones. */
  publicKeyText: string;
}

/** Ed25519 key pairs from their 32-byte seeds, by key id (PASS_SIGNING_KEYS: passes and certificates). */
export function ed25519KeysFromSeeds(seeds: Map<string, Buffer>): Map<string, SigningKey> {
  const keys = new Map<string, SigningKey>();
  for (const [keyId, seed] of seeds) {
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);
    const raw = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url');
    keys.set(keyId, { privateKey, publicKey, publicKeyText: raw.toString('hex') });
  }
  return keys;
}

export type PassVerification = { valid: true; fields: PassTokenFields } | { valid: false };

/**
 * Signs and verifies admission-pass tokens (layout in shared/src/passToken.ts) with Ed25519. The
 * active key signs; every configured key verifies the tokens naming its id, so keys rotate without
 * re-issuing passes at once.
 */
export class PassSigner {
  private readonly keys: Map<string, SigningKey>;

  constructor(
    seeds: Map<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    this.keys = ed25519KeysFromSeeds(seeds);
    if (!this.keys.has(activeKeyId)) throw new Error('the active pass signing key is missing');
  }

  static fromConfig(config: Pick<Config, 'PASS_SIGNING_KEYS' | 'PASS_ACTIVE_KEY_ID'>): PassSigner {
    return new PassSigner(config.PASS_SIGNING_KEYS, config.PASS_ACTIVE_KEY_ID);
  }

  /** A token for the pass, signed with the active key, bound to `competitionId`. */
  sign(competitionId: Types.ObjectId, fields: Omit<PassTokenFields, 'keyId'>): string {
    const key = this.keys.get(this.activeKeyId)!;
    const body = encodePassTokenBody({ ...fields, keyId: this.activeKeyId });
    const signature = sign(null, passTokenSigningMessage(competitionId.toHexString(), body), key.privateKey);
    return assemblePassToken(body, signature);
  }

  /** The token's fields when it is well formed, names a known key and its signature holds for `competitionId`. */
  verify(competitionId: Types.ObjectId, token: string): PassVerification {
    const decoded = decodePassToken(token);
    const key = decoded && this.keys.get(decoded.fields.keyId);
    if (!decoded || !key) return { valid: false };
    const message = passTokenSigningMessage(competitionId.toHexString(), decoded.body);
    return verify(null, message, key.publicKey, decoded.signature) ? { valid: true, fields: decoded.fields } : { valid: false };
  }

  /** Every verifying key, for offline rosters. */
  publicKeys(): Array<{ keyId: string; publicKey: string }> {
    return [...this.keys].map(([keyId, key]) => ({ keyId, publicKey: key.publicKeyText }));
  }
}
