/**
 * Exports that cannot exhaust the BFF (issue 9, item 5): the sheet is written at the reader's pace
 * (a paused reader pauses the reading of the database), and a person has at most
 * EXPORTS_PER_PERSON exports running, across BFF processes, each freed however it ends.
 * On 20,000 registrations; `npm run bench:export` measures the memory on 100,000 over a real socket.
 */
import * as http from 'node:http';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { ZErrorEnvelope } from '@contest/shared';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { ExportLeaseModel } from '@contest/bff/src/models/exportLease';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { PersonalDataCipher } from '@contest/bff/src/personalData/cipher';
import { REGISTRATION_SHEET_NAME, writeRegistrationSheet } from '@contest/bff/src/services/registrationSheet';
import { signInAs, type TestPerson } from '../support/auth';
import { startTestBff, type TestBff } from '../support/bff';
import { placementOf, seedBulkRegistrations } from '../support/bulkRegistrations';

jest.setTimeout(90_000);

const REGISTRATIONS = 20_000;
let bff: TestBff;
let competition: CompetitionSetupRecord;
let committee: TestPerson;

beforeAll(async () => {
  bff = await startTestBff({ seed: true, env: { RATE_LIMIT_WRITES_PER_MINUTE: '100000' } });
  competition = await CompetitionModel.findOne({}).lean<CompetitionSetupRecord>().orFail().exec();
  const unions = (await UnionModel.find({}).lean<UnionWithId[]>().exec()).filter((u) => u.ancestorIds.length > 0).map(placementOf);
  await seedBulkRegistrations(competition, { total: REGISTRATIONS, unionRows: 0, inUnion: [unions[0]!, unions[0]!], elsewhere: unions }, new Date());
  committee = await signInAs([{ role: 'committee', competitionId: competition._id }]);
});
afterAll(() => bff.stop());
afterEach(() => jest.restoreAllMocks());

/** Counts the BFF's reads of registrations from the store (the export reads a batch at a time). */
const countReads = () => jest.spyOn(RegistrationModel, 'find');

/** Waits until `count` has not changed for a second (at most 30 s); answers it. */
async function settled(count: () => number): Promise<number> {
  let last = count();
  let stableSince = Date.now();
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    if (count() !== last) [last, stableSince] = [count(), Date.now()];
    else if (Date.now() - stableSince >= 1000) return last;
  }
  return count();
}

async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer as ArrayBuffer);
  const rows: string[][] = [];
  workbook.getWorksheet(REGISTRATION_SHEET_NAME)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

const exportPath = () => `/api/v1/audit/committee/competitions/${competition._id.toHexString()}/export`;

/** Opens the export as a browser would, and stops reading once the answer's head has arrived. */
function openExport(person: TestPerson): Promise<{ request: http.ClientRequest; response: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${bff.baseUrl}${exportPath()}`, { headers: person.auth, agent: false }, (response) => {
      response.pause();
      resolve({ request, response });
    });
    request.on('error', reject);
  });
}

function readToEnd(response: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.resume();
  });
}

const leasesOf = (person: TestPerson) => ExportLeaseModel.countDocuments({ userId: person.userId }).exec();

async function untilNoLeases(person: TestPerson): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) if ((await leasesOf(person)) === 0) return;
  throw new Error(`${await leasesOf(person)} export slots still held`);
}

it('a paused reader pauses the reading of the database; when it reads again the sheet completes, every row in order', async () => {
  const reads = countReads();
  const scope = { desk: 'committee' as const, competition, unionRoots: 'all' as const };
  const reader = new PassThrough();
  const writing = writeRegistrationSheet(scope, { full: '0' }, false, PersonalDataCipher.fromConfig(bff.config), reader);

  const readWhilePaused = await settled(() => reads.mock.calls.length);
  // A few batches fill the buffers between the sheet and its reader (3 here); then nothing more is read.
  expect(readWhilePaused).toBeLessThan(10);

  const chunks: Buffer[] = [];
  reader.on('data', (chunk: Buffer) => chunks.push(chunk));
  await Promise.all([writing, finished(reader)]);
  expect(reads.mock.calls.length).toBeGreaterThanOrEqual(REGISTRATIONS / 500);
  const rows = await sheetRows(Buffer.concat(chunks));
  expect(rows).toHaveLength(REGISTRATIONS + 1);
  expect(rows.slice(1).every((row, i) => row[0] === String(i + 1))).toBe(true);
});

it('a third export while two are running answers 429 in Chinese; another person still exports; read to the end or given up, the slots are free again', async () => {
  const running = [await openExport(committee), await openExport(committee)];
  expect(running.map(({ response }) => response.statusCode)).toEqual([200, 200]);

  const third = await openExport(committee);
  expect(third.response.statusCode).toBe(429);
  const refusal = ZErrorEnvelope.parse(JSON.parse((await readToEnd(third.response)).toString('utf8')));
  expect(refusal.code).toBe('RATE_LIMITED');
  expect(refusal.message).toContain('导出');

  const colleague = await signInAs([{ role: 'committee', competitionId: competition._id }]);
  const theirs = await openExport(colleague);
  expect(theirs.response.statusCode).toBe(200);
  theirs.request.destroy();

  // One read to the end, one given up: either way its slot comes back.
  running[1]!.request.destroy();
  expect((await sheetRows(await readToEnd(running[0]!.response))).length).toBe(REGISTRATIONS + 1);
  await untilNoLeases(committee);
  const again = await openExport(committee);
  expect(again.response.statusCode).toBe(200);
  again.request.destroy();
  await untilNoLeases(committee);
});

it('a reader who goes away frees the slot, and the BFF stops reading', async () => {
  const reads = countReads();
  const { request } = await openExport(committee);
  expect(await leasesOf(committee)).toBe(1);
  request.destroy();
  await untilNoLeases(committee);
  expect(await settled(() => reads.mock.calls.length)).toBeLessThan(REGISTRATIONS / 500 / 2);
});

it('an export that fails frees its slot, and its reader sees the download cut short', async () => {
  const find = RegistrationModel.find.bind(RegistrationModel);
  jest
    .spyOn(RegistrationModel, 'find')
    .mockImplementationOnce(find)
    .mockImplementationOnce(() => {
      throw new Error('the store went away');
    });
  const { response } = await openExport(committee);
  expect(response.statusCode).toBe(200);
  await expect(readToEnd(response)).rejects.toThrow();
  await untilNoLeases(committee);
});

it('slots are shared by BFF processes: exports running elsewhere count, and a slot whose BFF died is taken over', async () => {
  const later = new Date(Date.now() + 60_000);
  const [elsewhere, died] = await ExportLeaseModel.create([
    { userId: committee.userId, slot: 0, holder: 'another BFF', expiresAt: later },
    { userId: committee.userId, slot: 1, holder: 'a BFF that died', expiresAt: later },
  ]);
  const refused = await openExport(committee);
  expect(refused.response.statusCode).toBe(429);
  refused.request.destroy();

  await ExportLeaseModel.updateOne({ _id: died!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
  const taken = await openExport(committee);
  expect(taken.response.statusCode).toBe(200);
  const holders = await ExportLeaseModel.find({ userId: committee.userId }).sort({ slot: 1 }).lean();
  expect(holders.map((lease) => lease.holder)).toEqual(['another BFF', expect.not.stringMatching('a BFF that died')]);
  taken.request.destroy();
  await ExportLeaseModel.deleteOne({ _id: elsewhere!._id });
  await untilNoLeases(committee);
});
