/**
 * The devstore journal: record framing with checksums, recovery from torn tails, and the
 * snapshot/journal epochs that make compaction crash-safe.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { BSON } from 'bson';

import { JOURNAL_FILE, Journal, type JournalOp, SNAPSHOT_FILE, decodeRecords, encodeRecord } from '../../bff/devstore/journal';

const put = (id: number): JournalOp => ({ op: 'put', db: 'd', coll: 'c', doc: { _id: id, v: `value ${id}` } });

const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-journal-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens `dir`, collecting the replayed operations. */
function open(dir: string): { journal: Journal; replayed: JournalOp[]; truncated: string | undefined } {
  const replayed: JournalOp[] = [];
  const { journal, report } = Journal.open(dir, (op) => replayed.push(op));
  return { journal, replayed, truncated: report.truncated };
}

describe('record framing', () => {
  it('round-trips several records of several operations', () => {
    const buffer = Buffer.concat([encodeRecord([put(1), put(2)]), encodeRecord([{ op: 'del', db: 'd', coll: 'c', id: 1 }])]);
    const decoded = decodeRecords(buffer);
    expect(decoded.problem).toBeUndefined();
    expect(decoded.validLength).toBe(buffer.length);
    expect(decoded.records).toEqual([[put(1), put(2)], [{ op: 'del', db: 'd', coll: 'c', id: 1 }]]);
  });

  it('stops at a torn last record and reports where the valid part ends', () => {
    const first = encodeRecord([put(1)]);
    const second = encodeRecord([put(2)]);
    for (let cut = 1; cut < second.length; cut += 7) {
      const decoded = decodeRecords(Buffer.concat([first, second.subarray(0, cut)]));
      expect(decoded.records).toHaveLength(1);
      expect(decoded.validLength).toBe(first.length);
      expect(decoded.problem).toBeDefined();
    }
  });

  it('detects a flipped byte with the checksum', () => {
    const record = encodeRecord([put(1)]);
    record.writeUInt8(record.readUInt8(record.length - 3) ^ 0xff, record.length - 3);
    const decoded = decodeRecords(record);
    expect(decoded.records).toHaveLength(0);
    expect(decoded.problem).toMatch(/checksum/);
  });

  it('rejects garbage that does not start with the record magic', () => {
    const decoded = decodeRecords(Buffer.concat([encodeRecord([put(1)]), Buffer.from('garbage garbage garbage')]));
    expect(decoded.records).toHaveLength(1);
    expect(decoded.problem).toMatch(/magic|torn/);
  });
});

describe('Journal', () => {
  it('replays appended records after a reopen', () => {
    const dir = tempDir();
    const first = open(dir);
    first.journal.append([put(1), put(2)]);
    first.journal.append([{ op: 'del', db: 'd', coll: 'c', id: 1 }]);
    first.journal.close();
    const second = open(dir);
    expect(second.replayed).toEqual([put(1), put(2), { op: 'del', db: 'd', coll: 'c', id: 1 }]);
    second.journal.close();
  });

  it('truncates a torn tail so later appends follow the last good record', () => {
    const dir = tempDir();
    const first = open(dir);
    first.journal.append([put(1)]);
    first.journal.close();
    fs.appendFileSync(path.join(dir, JOURNAL_FILE), encodeRecord([put(2)]).subarray(0, 10));
    const second = open(dir);
    expect(second.truncated).toBeDefined();
    expect(second.replayed).toEqual([put(1)]);
    second.journal.append([put(3)]);
    second.journal.close();
    const third = open(dir);
    expect(third.truncated).toBeUndefined();
    expect(third.replayed).toEqual([put(1), put(3)]);
    third.journal.close();
  });

  it('compacts into a snapshot and starts an empty journal', () => {
    const dir = tempDir();
    const first = open(dir);
    first.journal.append([put(1)]);
    first.journal.append([put(2)]);
    first.journal.compact([put(1), put(2)]);
    expect(first.journal.hasRecords).toBe(false);
    first.journal.append([put(3)]);
    first.journal.close();
    const second = open(dir);
    expect(second.replayed).toEqual([put(1), put(2), put(3)]);
    second.journal.close();
  });

  it('ignores a journal the snapshot already contains (crash between the two compaction steps)', () => {
    const dir = tempDir();
    const first = open(dir);
    first.journal.append([put(1)]);
    first.journal.close();
    const oldJournal = fs.readFileSync(path.join(dir, JOURNAL_FILE));
    const second = open(dir);
    second.journal.compact([put(1)]);
    second.journal.close();
    // Put the pre-compaction journal back, as if the crash came before it was replaced.
    fs.writeFileSync(path.join(dir, JOURNAL_FILE), oldJournal);
    const third = open(dir);
    expect(third.replayed).toEqual([put(1)]);
    third.journal.close();
  });

  it('refuses to start on a damaged snapshot rather than lose data silently', () => {
    const dir = tempDir();
    const first = open(dir);
    first.journal.compact([put(1)]);
    first.journal.close();
    const snapshot = path.join(dir, SNAPSHOT_FILE);
    fs.truncateSync(snapshot, fs.statSync(snapshot).size - 5);
    expect(() => open(dir)).toThrow(/snapshot/);
  });

  it('writes records whose payload is plain BSON', () => {
    const record = encodeRecord([put(7)]);
    expect(BSON.deserialize(record.subarray(12))).toEqual(put(7));
  });
});
