/**
 * Child-process entry for tests/miniapp/weapp-evidence.test.ts (through `startTestBffProcess(…,
 * entry)`): the seeded test BFF with the WeChat emulator, its demo competition asking for photos of
 * both sides of the ID card.
 */
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { serveTestBffToParent } from './weapp-bff-child';

serveTestBffToParent(async () => {
  await CompetitionModel.updateMany({}, { $set: { 'eligibility.requirements': { evidence: ['id_front', 'id_back'] } } }).exec();
});
