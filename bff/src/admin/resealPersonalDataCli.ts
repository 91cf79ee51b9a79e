import { loadPersonalDataConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { PersonalDataCipher } from '../personalData/cipher';
import { describeResealing } from '../presenters/personalDataResealing';
import { resealPersonalData } from '../services/personalDataResealing';

/**
 * `npm run pii:reseal [-- --dry-run]`: after PII_ACTIVE_KEY_ID names a new key, seals every ID
 * number, phone and evidence photo still sealed with an older key again with the new one (with
 * `--dry-run`, only counts them by key). Safe beside a running BFF and to run again.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--dry-run');
  if (unknown.length > 0) throw new Error(`unknown arguments ${unknown.join(' ')}; usage: npm run pii:reseal [-- --dry-run]`);
  const config = loadPersonalDataConfig();
  if (!config.PII_ENCRYPTION_KEYS.has(config.PII_ACTIVE_KEY_ID)) throw new Error('PII_ACTIVE_KEY_ID must name a key in PII_ENCRYPTION_KEYS');
  await connectDatabase(config);
  try {
    const report = await resealPersonalData(PersonalDataCipher.fromConfig(config), { dryRun: args.includes('--dry-run') });
    process.stdout.write(`${describeResealing(report).join('\n')}\n`);
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`pii:reseal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
