import { loadConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { PassSigner } from '../passSigning/signer';
import { PersonalDataCipher } from '../personalData/cipher';
import { seedDemoPasses } from './demoPasses';
import { seedDemoRegistrations } from './demoRegistrations';
import { seedSchoolPathDemo } from './demoSchoolPath';
import { seedTeamDemo } from './demoTeam';
import { seedTwoLevelDemo } from './demoTwoLevel';
import { seedDemoData } from './seedDemo';

/**
 * `npm run seed`: loads the demo competition, unions, a few registrations to audit, sessions and two
 * placed ones with passes, the two-level audit's district competition, and the student competition on
 * the school path (a school and a host unit with their officials), and a union's team with two
 * entered members awaiting their confirmation, into MONGODB_URI.
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
    const entered = await seedTeamDemo(cipher, now);
    process.stdout.write(`demo data seeded (${created} new registrations to audit, ${passes} new admission passes, ${entered} new team members awaiting confirmation)\n`);
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
