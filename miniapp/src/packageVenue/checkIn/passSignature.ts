import * as ed25519 from '@noble/ed25519'
import { sha512 } from '@noble/hashes/sha2'
import { passTokenSigningMessage, type DecodedPassToken } from '@contest/shared'

// Pure JS: WeChat has no WebCrypto, so noble's synchronous verify runs on this SHA-512.
ed25519.hashes.sha512 = (message) => new Uint8Array(sha512(message))

const HEX_KEY = /^[0-9a-f]{64}$/i

/**
 * Whether the token's Ed25519 signature holds for this competition under the public key (64 hex
 * digits) its key id names. The same check as the BFF's (node:crypto), over the same message.
 */
export function passSignatureHolds(competitionId: string, token: DecodedPassToken, publicKeyHex: string): boolean {
  if (!HEX_KEY.test(publicKeyHex)) return false
  try {
    const message = passTokenSigningMessage(competitionId, token.body)
    // RFC 8032 strict, as OpenSSL (the BFF) verifies: both refuse the same signatures.
    return ed25519.verify(token.signature, message, ed25519.etc.hexToBytes(publicKeyHex), { zip215: false })
  } catch {
    // A signature that is not a curve point, a malformed competition id: not a pass of ours.
    return false
  }
}
