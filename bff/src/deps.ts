import type { Config } from './config';
import type { AppDeps } from './context';
import type { Logger } from './logger';
import { createRateLimits } from './rateLimits';
import { PersonalDataCipher } from './personalData/cipher';
import { PassSigner } from './passSigning/signer';
import { CertificateSigner } from './certificateSigning/signer';
import { createWeChat } from './wechat';

/** Builds the process-wide dependencies once the database is connected. */
export async function buildDeps(config: Config, logger: Logger, clock: () => Date = () => new Date()): Promise<AppDeps> {
  const { client: wechat } = createWeChat({
    baseUrl: config.WECHAT_API_BASE,
    appId: config.WECHAT_APPID,
    appSecret: config.WECHAT_SECRET,
    timeoutMs: config.WECHAT_TIMEOUT_MS,
    logger: logger.child({ component: 'wechat' }),
  });
  const personalData = PersonalDataCipher.fromConfig(config);
  const passSigner = PassSigner.fromConfig(config);
  const certificateSigner = CertificateSigner.fromConfig(config);
  return { config, logger, clock, wechat, personalData, passSigner, certificateSigner, rateLimits: await createRateLimits(config) };
}
