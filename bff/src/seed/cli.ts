import { loadConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { PassSigner } from '../passSigning/signer';
import { PersonalDataCipher } from '../personalData/cipher';
import { seedDemoPasses } from './demoPasses';
import { seedDemoRegistrations } from './demoRegistrations';
import { seedSchoolPathDemo } from './demoSchoolPath';
import { seedTwoLevelDemo } from './demoTwoLevel';
import { seedDemoData } from './seedDemo';

/**
 * `npm run seed`: loads the demo competition, unions, a few registrations to audit, sessions and two
 * placed ones with passes, the two-level audit's district competition, and the student competition on
 * the school path (a school and a host unit with their officials), into MONGODB_URI.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await connectDatabase(config);
  try {
    const now = new Date();
    await seedDemoData(now);
    const cipher = PersonalDataCipher.fromConfig(config);
    const created = (await seedDemoRegistrations(cipher, now)) + (await seedTwoLevelDemo(cipher, now)) + (await seedSchoolPathDemo(cipher, now));
    const passes = await seedDemoPasses(PassSigner.fromConfig(config), now);
    process.stdout.write(`demo data seeded (${created} new registrations to audit, ${passes} new admission passes)\n`);
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
