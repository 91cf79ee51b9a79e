/**
 * The export under a stalled reader (`npm run bench:export`), issue 9 item 5.
 *
 * Child processes: the embedded store (journal in a temp directory) and the BFF
 * (`bff/src/server.ts`, production settings). From this process, through mongoose: the demo data,
 * then REGISTRATIONS registrations of the demo competition by insertMany (tests/support/bulkRegistrations.ts).
 * The committee's 报名汇总表 of the whole competition is opened with a raw HTTP request after a
 * warm-up export (a small one, read to the end, so exceljs and the code paths are loaded): READ_KB
 * are read, then the response is paused for PAUSE_S seconds while the BFF's resident memory
 * (/proc/<pid>/status VmRSS) is sampled and, through the probe of bench:register preloaded into it
 * (registerProbeBff.ts), the batches it has read from the store are counted; then reading resumes to the end, into a temp file that
 * exceljs's streaming reader checks: a header and REGISTRATIONS rows numbered 1… in order.
 * Prints the figures and one JSON line; exits 1 when the growth while paused reaches LIMIT_MB
 * or the sheet is wrong.
 *
 * Environment: BENCH_REGISTRATIONS (100000), BENCH_PAUSE_S (12), BENCH_READ_KB (64), BENCH_LIMIT_MB (100).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import ExcelJS from 'exceljs';
import { connectDatabase } from '@contest/bff/src/db';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { UnionModel, type UnionWithId } from '@contest/bff/src/models/union';
import { DEMO_COMPETITION } from '@contest/bff/src/seed/demoData';
import { seedDemoData } from '@contest/bff/src/seed/seedDemo';
import { REGISTRATION_SHEET_COLUMNS, REGISTRATION_SHEET_NAME } from '@contest/bff/src/services/registrationSheet';
import { signInAs } from '../support/auth';
import { placementOf, seedBulkRegistrations } from '../support/bulkRegistrations';
import { cleanUp, envInt, probeChild, procStatusMb, runBench, startBff, startStore } from './benchProcesses';
import type { ProbeStats } from './registerProbeTypes';

const REGISTRATIONS = envInt('BENCH_REGISTRATIONS', 100_000);
const PAUSE_S = envInt('BENCH_PAUSE_S', 12);
const READ_KB = envInt('BENCH_READ_KB', 64);
const LIMIT_MB = envInt('BENCH_LIMIT_MB', 100);
const SAMPLE_MS = 200;
const DB_NAME = 'bench_export';

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));

/** Reads the whole answer of `url` into `file`; answers the HTTP status. */
function download(url: string, authorization: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization } }, (res) => {
        const out = fs.createWriteStream(file);
        res.pipe(out);
        out.on('finish', () => resolve(res.statusCode ?? 0));
        out.on('error', reject);
      })
      .on('error', reject);
  });
}

interface PausedRead {
  /** The response, paused after the first READ_KB; resume() reads the rest into `file`. */
  resume(): Promise<void>;
  status: number;
}

/** Opens `url`, reads READ_KB into `file`, pauses: the socket stops being read, as a stalled client's. */
function openAndPause(url: string, authorization: string, file: string): Promise<PausedRead> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { authorization } }, (res) => {
        const out = fs.createWriteStream(file);
        let received = 0;
        let paused = false;
        const finished = new Promise<void>((done, failed) => {
          res.on('end', () => out.end(() => done()));
          res.on('error', failed);
          res.on('aborted', () => failed(new Error('the BFF closed the export before its end')));
        });
        res.on('data', (chunk: Buffer) => {
          out.write(chunk);
          received += chunk.length;
          if (!paused && received >= READ_KB * 1024) {
            paused = true;
            res.pause();
            resolve({ status: res.statusCode ?? 0, resume: () => (res.resume(), finished) });
          }
        });
      })
      .on('error', reject);
  });
}

/** Rows of the sheet through exceljs's streaming reader: the header, then how many rows numbered 1, 2, … in order. */
async function checkSheet(file: string): Promise<{ header: string[]; rows: number; inOrder: boolean }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  let header: string[] = [];
  let rows = 0;
  let inOrder = true;
  for await (const worksheet of reader) {
    if ((worksheet as unknown as { name: string }).name !== REGISTRATION_SHEET_NAME) continue;
    for await (const row of worksheet) {
      const values = (row.values as unknown[]).slice(1);
      if (row.number === 1) {
        header = values.map(String);
        continue;
      }
      rows += 1;
      if (Number(values[0]) !== rows) inOrder = false;
    }
  }
  return { header, rows, inOrder };
}

/** How many times the BFF read registrations from the store in the probe's window: the export's batches. */
function batchesRead(stats: ProbeStats | undefined): number {
  return stats?.rows.find((row) => row.name === 'find registrations')?.count ?? 0;
}

function describeMemory(stats: ProbeStats | undefined): string {
  if (!stats) return '';
  const mb = (bytes: number) => (bytes / 1048576).toFixed(0);
  const { memory } = stats;
  return `V8 heap ${mb(memory.heapTotal)} MB (used ${mb(memory.heapUsed)}, largest ${mb(memory.peakHeapTotal)}), external ${mb(memory.external)} MB (buffers ${mb(memory.arrayBuffers)})`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  try {
    // 1. The store, the demo data and the registrations.
    const { store, uri: storeUri } = await startStore({ tempPrefix: 'bench-export-store-' });
    await connectDatabase({ MONGODB_URI: storeUri, MONGODB_DB: DB_NAME, MONGODB_SERVER_SELECTION_MS: 5000 });
    const now = new Date();
    await seedDemoData(now);
    const competition = await CompetitionModel.findOne({ slug: DEMO_COMPETITION.slug }).lean<CompetitionSetupRecord>().orFail().exec();
    const unions = (await UnionModel.find({}).lean<UnionWithId[]>().exec()).filter((u) => u.ancestorIds.length > 0).map(placementOf);
    const seedStarted = Date.now();
    await seedBulkRegistrations(competition, { total: REGISTRATIONS, unionRows: 0, inUnion: [unions[0]!, unions[0]!], elsewhere: unions }, now);
    const stored = await RegistrationModel.countDocuments({ competitionId: competition._id }).exec();
    // The approvals were inserted, not decided, so they hold no quota places: without the quotas the
    // BFF's start-up reconciliation has nothing to repair while the export is measured.
    await CompetitionModel.updateOne({ _id: competition._id }, { $set: { quotas: [] } }).exec();
    console.log(`store ${storeUri}: ${stored} registrations inserted in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    const committee = await signInAs([{ role: 'committee', competitionId: competition._id }]);

    // 2. The BFF, warmed up with a small export read to the end.
    const { bff, bffUrl } = await startBff({ storeUri, dbName: DB_NAME, bff: { probe: 'tests/bench/registerProbeBff.ts' } });
    const pid = bff.process.pid!;
    const exportUrl = `${bffUrl}/api/v1/audit/committee/competitions/${competition._id.toHexString()}/export`;
    const warmStatus = await download(`${exportUrl}?status=withdrawn`, committee.auth.Authorization, path.join(tempDir, 'warm-up.xlsx'));
    if (warmStatus !== 200) throw new Error(`the warm-up export answered ${warmStatus}`);
    await sleep(500);
    const rssBefore = procStatusMb(pid, 'VmRSS') ?? 0;
    const atStart = await probeChild(bff, 'dump');
    await probeChild(bff, 'reset');

    // 3. The whole sheet, paused after the first READ_KB.
    const sheetFile = path.join(tempDir, 'sheet.xlsx');
    const paused = await openAndPause(exportUrl, committee.auth.Authorization, sheetFile);
    if (paused.status !== 200) throw new Error(`the export answered ${paused.status}`);
    let rssPausedMax = rssBefore;
    let rssPausedEnd = rssBefore;
    let batchesAtHalf = 0;
    for (let waited = 0; waited < PAUSE_S * 1000; waited += SAMPLE_MS) {
      await sleep(SAMPLE_MS);
      rssPausedEnd = procStatusMb(pid, 'VmRSS') ?? rssPausedEnd;
      rssPausedMax = Math.max(rssPausedMax, rssPausedEnd);
      if (waited < (PAUSE_S * 1000) / 2 && waited + SAMPLE_MS >= (PAUSE_S * 1000) / 2) batchesAtHalf = batchesRead(await probeChild(bff, 'dump'));
    }
    const growth = rssPausedMax - rssBefore;
    const atPauseEnd = await probeChild(bff, 'dump');
    const batchesPaused = batchesRead(atPauseEnd);
    console.log(
      `BFF before the export: ${describeMemory(atStart)}\n` +
        `paused ${PAUSE_S} s after ${READ_KB} KB: BFF RSS ${rssBefore.toFixed(0)} MB before, at most ${rssPausedMax.toFixed(0)} MB while paused ` +
        `(growth ${growth.toFixed(1)} MB, limit ${LIMIT_MB} MB), ${rssPausedEnd.toFixed(0)} MB at the end of the pause; ` +
        `${batchesPaused} batches of registrations read by then, ${batchesPaused - batchesAtHalf} of them in the pause's second half; ${describeMemory(atPauseEnd)}`,
    );

    // 4. Reading resumes: the sheet must complete, every row in order.
    const resumed = Date.now();
    let rssReadingMax = rssPausedEnd;
    const sampler = setInterval(() => (rssReadingMax = Math.max(rssReadingMax, procStatusMb(pid, 'VmRSS') ?? 0)), SAMPLE_MS);
    await paused.resume().finally(() => clearInterval(sampler));
    const readS = (Date.now() - resumed) / 1000;
    const batchesAll = batchesRead(await probeChild(bff, 'dump'));
    const sheet = await checkSheet(sheetFile);
    const headerOk = JSON.stringify(sheet.header) === JSON.stringify([...REGISTRATION_SHEET_COLUMNS]);
    const complete = headerOk && sheet.rows === stored && sheet.inOrder;
    const bytes = fs.statSync(sheetFile).size;
    console.log(
      `resumed: the rest read in ${readS.toFixed(1)} s, ${batchesAll} batches in all (BFF RSS at most ${rssReadingMax.toFixed(0)} MB meanwhile); sheet ${(bytes / 1e6).toFixed(1)} MB, ` +
        `${sheet.rows} rows${sheet.inOrder ? ' numbered in order' : ' NOT in order'}${headerOk ? '' : ', header wrong'} (expected ${stored}); ` +
        `store RSS ${(procStatusMb(store.process.pid!, 'VmRSS') ?? 0).toFixed(0)} MB; bench took ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    await cleanUp();
    const ok = growth < LIMIT_MB && complete;
    console.log(
      JSON.stringify({
        bench: 'export',
        registrations: stored,
        pause_s: PAUSE_S,
        read_kb: READ_KB,
        rss_before_mb: round(rssBefore),
        rss_paused_max_mb: round(rssPausedMax),
        rss_growth_paused_mb: round(growth),
        rss_reading_max_mb: round(rssReadingMax),
        batches_read_paused: batchesPaused,
        batches_read_second_half: batchesPaused - batchesAtHalf,
        batches_read_all: batchesAll,
        limit_mb: LIMIT_MB,
        sheet_rows: sheet.rows,
        sheet_bytes: bytes,
        sheet_complete: complete,
        ok,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

runBench(main);
