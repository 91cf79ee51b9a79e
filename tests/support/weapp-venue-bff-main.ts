/**
 * Child-process entry for tests/miniapp/weapp-venue.test.ts (through `startTestBffProcess(…,
 * entry)`): the seeded test BFF with the WeChat emulator and the competition day of ./venueDay.ts
 * for the emulator's test user VENUE_STAFF; the QR texts for each outcome go to the file
 * VENUE_FIXTURE_ENV names.
 */
import { writeFileSync } from 'node:fs';
import { seedVenueDay } from './venueDay';
import { serveTestBffToParent } from './weapp-bff-child';
import { VENUE_FIXTURE_ENV, VENUE_STAFF } from './weapp-venue';

serveTestBffToParent(async (bff, wechatBaseUrl) => {
  const fixtureFile = process.env[VENUE_FIXTURE_ENV];
  if (!fixtureFile) throw new Error(`${VENUE_FIXTURE_ENV} names no file`);
  writeFileSync(fixtureFile, JSON.stringify(await seedVenueDay(bff, wechatBaseUrl, VENUE_STAFF)));
});
