import { loadConfig } from '../config';
import { connectDatabase, disconnectDatabase } from '../db';
import { seedDemoData } from './seedDemo';

/** `npm run seed`: loads the demo competition and unions into MONGODB_URI. */
async function main(): Promise<void> {
  const config = loadConfig();
  await connectDatabase(config);
  try {
    await seedDemoData(new Date());
    process.stdout.write('demo data seeded\n');
  } finally {
    await disconnectDatabase();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
