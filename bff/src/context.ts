import type { ParameterizedContext } from 'koa';
import type { Principal } from './auth/principal';
import type { Config } from './config';
import type { Logger } from './logger';
import type { RateLimits } from './rateLimits';
import type { PersonalDataCipher } from './personalData/cipher';
import type { PassSigner } from './passSigning/signer';
import type { CertificateSigner } from './certificateSigning/signer';
import type { WeChatClient } from './wechat/client';

/** What every request can reach through `ctx.state`. */
export interface AppState {
  requestId: string;
  log: Logger;
  /** Set by `authenticate` when the request carries a valid session token. */
  principal?: Principal;
}

/** Process-wide dependencies, built once and handed to createApp. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Injected so tests can freeze time. */
  clock: () => Date;
  wechat: WeChatClient;
  rateLimits: RateLimits;
  /** Seals and hashes ID numbers and phones. */
  personalData: PersonalDataCipher;
  /** Signs and verifies admission passes' QR tokens. */
  passSigner: PassSigner;
  /** Signs and verifies award certificates' QR tokens and makes their short codes. */
  certificateSigner: CertificateSigner;
}

export type AppContext = ParameterizedContext<AppState>;
