/**
 * A damaged record in the middle of the devstore journal: start-up refuses (naming the file and
 * the offset) instead of cutting off the acknowledged writes after it, and the repair command
 * says what it would discard and cuts only when confirmed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startDevStore } from '../../bff/devstore';
import { JOURNAL_FILE, Journal, type JournalOp, encodeRecord, repairJournal } from '../../bff/devstore/journal';

const ROOT = path.resolve(__dirname, '../..');
const put = (id: number): JournalOp => ({ op: 'put', db: 'd', coll: 'c', doc: { _id: id, v: `value ${id}` } });

const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A data directory whose journal holds puts 1 to 5, one record each, with a byte flipped inside
 * the record of put 3. Returns the byte offset where that record starts.
 */
function journalDamagedAtThirdRecord(): { dir: string; file: string; offset: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-damage-'));
  dirs.push(dir);
  const { journal } = Journal.open(dir, () => undefined);
  for (let id = 1; id <= 5; id += 1) journal.append([put(id)]);
  journal.sync();
  journal.close();
  const file = path.join(dir, JOURNAL_FILE);
  const bytes = fs.readFileSync(file);
  const third = encodeRecord([put(3)]);
  const offset = bytes.indexOf(third);
  expect(offset).toBeGreaterThan(0);
  bytes.writeUInt8(bytes.readUInt8(offset + third.length - 3) ^ 0xff, offset + third.length - 3);
  fs.writeFileSync(file, bytes);
  return { dir, file, offset };
}

function replay(dir: string): JournalOp[] {
  const replayed: JournalOp[] = [];
  Journal.open(dir, (op) => replayed.push(op)).journal.close();
  return replayed;
}

it('refuses to start on a record damaged before intact ones, naming the file and the offset, and leaves the journal as it was', async () => {
  const { dir, file, offset } = journalDamagedAtThirdRecord();
  const before = fs.readFileSync(file);

  // A store that starts anyway is stopped before the assertions, so the failure is reported cleanly.
  const outcome = await startDevStore({ dataDir: dir }).then(
    async (store) => {
      await store.stop();
      return 'started';
    },
    (error: unknown) => String(error),
  );
  expect(outcome).toContain(
    `devstore: journal ${file} is damaged at byte ${offset} (checksum mismatch at byte ${offset}) and 2 intact record(s) (2 operation(s)) follow it; refusing to start`,
  );
  expect(fs.readFileSync(file)).toEqual(before);
  // The refusal released the directory's lock: the repair (and a later start) can take it.
  expect(repairJournal(dir, { confirmed: false }).damage?.offset).toBe(offset);
});

it('still cuts a damaged last record (a crash mid-append) and starts', () => {
  const { dir, file } = journalDamagedAtThirdRecord();
  const bytes = fs.readFileSync(file);
  const fourth = bytes.indexOf(encodeRecord([put(4)]));
  fs.writeFileSync(file, bytes.subarray(0, fourth));

  expect(replay(dir)).toEqual([put(1), put(2)]);
});

it('a repair without --yes only says what it would discard; with it, cuts the journal there and saves the discarded bytes', () => {
  const { dir, file, offset } = journalDamagedAtThirdRecord();
  const before = fs.readFileSync(file);

  const dryRun = repairJournal(dir, { confirmed: false });
  expect(dryRun.damage).toMatchObject({
    file,
    offset,
    keptOperations: 2,
    discardedBytes: before.length - offset,
    discardedRecords: { records: 2, operations: 2 },
  });
  expect(dryRun.savedTo).toBeUndefined();
  expect(fs.readFileSync(file)).toEqual(before);

  const repaired = repairJournal(dir, { confirmed: true });
  expect(fs.statSync(file).size).toBe(offset);
  expect(repaired.savedTo).toBeDefined();
  expect(fs.readFileSync(repaired.savedTo ?? '')).toEqual(before.subarray(offset));
  expect(replay(dir)).toEqual([put(1), put(2)]);
  expect(repairJournal(dir, { confirmed: false }).damage).toBeUndefined();
});

it('npm run db:repair prints what it would discard and changes nothing; with --yes it cuts the journal', () => {
  const { dir, file, offset } = journalDamagedAtThirdRecord();
  const size = fs.statSync(file).size;
  const run = (...args: string[]) =>
    spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['bff/devstore/cli.ts', '--repair', ...args], {
      cwd: ROOT,
      env: { ...process.env, DEVSTORE_DATA_DIR: dir, DEVSTORE_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });

  const report = run();
  expect(report.status).toBe(0);
  expect(report.stdout).toContain(`journal ${file} is damaged at byte ${offset}`);
  expect(report.stdout).toContain(`a repair discards: ${size - offset} byte(s) from byte ${offset} to the end, including 2 intact record(s) (2 operation(s))`);
  expect(report.stdout).toContain('Nothing was changed');
  expect(fs.statSync(file).size).toBe(size);

  const cut = run('--yes');
  expect(cut.status).toBe(0);
  expect(cut.stdout).toContain(`cut journal ${file} at byte ${offset}`);
  expect(fs.statSync(file).size).toBe(offset);
});
