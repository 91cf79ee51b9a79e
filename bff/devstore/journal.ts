/**
 * Write-ahead journal and snapshot.
 *
 * Files in the data directory:
 * - `journal.log`: records appended, and fdatasync'ed before a write command is answered
 *   (one fdatasync for the writes of every command run since the last, see server.ts);
 * - `snapshot.bson`: the whole state, written by compaction (temp file, fsync, rename);
 * - `devstore.lock`: the pid of the process using the directory.
 *
 * A record is `magic u32 | payload length u32 | crc32(payload) u32 | payload`, little
 * endian; the payload is a run of BSON documents, one per operation. Operations carry
 * resulting states (the document after the write, the id deleted), never the commands, so
 * replay is deterministic. A torn or corrupt tail (a crash mid-append) fails the length or
 * checksum test: replay stops there and the file is truncated to its last good record. A
 * damaged record with intact ones after it is not a torn tail: start-up refuses, naming the
 * file and offset, and `repairJournal` (`npm run db:repair`) cuts it only when told to.
 *
 * Both files start with an `epoch` record. Compaction writes a snapshot of epoch N+1 and
 * only then replaces the journal with an empty one of epoch N+1, so after a crash between
 * the two steps the older journal is recognised as already contained in the snapshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';

import { BSON } from 'bson';

import { type Doc, isPlainObject } from './documents';

export const JOURNAL_FILE = 'journal.log';
export const SNAPSHOT_FILE = 'snapshot.bson';
export const LOCK_FILE = 'devstore.lock';

const MAGIC = 0x314a5344; // "DSJ1"
const HEADER_BYTES = 12;
/** No record is larger; a bigger length field means garbage. */
const MAX_RECORD_BYTES = 1 << 30;
/** Snapshot records are cut at about this payload size. */
const SNAPSHOT_CHUNK_BYTES = 4 << 20;

/** One state change, as journaled and replayed. */
export type JournalOp =
  | { op: 'put'; db: string; coll: string; doc: Doc }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'createColl'; db: string; coll: string; options: Doc }
  | { op: 'dropColl'; db: string; coll: string }
  | { op: 'dropDb'; db: string }
  | { op: 'createIdx'; db: string; coll: string; spec: Doc }
  | { op: 'dropIdx'; db: string; coll: string; name: string }
  | { op: 'rename'; db: string; coll: string; toDb: string; toColl: string };

/** Bookkeeping records that frame the files. */
type MetaOp = { op: 'epoch'; epoch: number } | { op: 'end' };

/** Serialises operations into one framed record. */
export function encodeRecord(ops: readonly Doc[]): Buffer {
  const parts = ops.map((op) => BSON.serialize(op));
  const payloadLength = parts.reduce((sum, part) => sum + part.length, 0);
  const record = Buffer.allocUnsafe(HEADER_BYTES + payloadLength);
  let offset = HEADER_BYTES;
  for (const part of parts) {
    record.set(part, offset);
    offset += part.length;
  }
  const payload = record.subarray(HEADER_BYTES);
  record.writeUInt32LE(MAGIC, 0);
  record.writeUInt32LE(payloadLength, 4);
  record.writeUInt32LE(crc32(payload), 8);
  return record;
}

export interface DecodedRecords {
  readonly records: Doc[][];
  /** Bytes of the buffer holding whole, valid records. */
  readonly validLength: number;
  /** Why reading stopped before the end of the buffer, if it did. */
  readonly problem?: string;
}

function decodePayload(payload: Buffer): Doc[] | undefined {
  const ops: Doc[] = [];
  let offset = 0;
  while (offset < payload.length) {
    if (offset + 5 > payload.length) return undefined;
    const size = payload.readInt32LE(offset);
    if (size < 5 || offset + size > payload.length) return undefined;
    try {
      ops.push(BSON.deserialize(payload.subarray(offset, offset + size)));
    } catch {
      return undefined;
    }
    offset += size;
  }
  return ops;
}

type RecordAt = { ops: Doc[]; end: number } | { problem: string };

/** Reads the one framed record starting at `offset`. */
function decodeRecordAt(buffer: Buffer, offset: number): RecordAt {
  if (offset + HEADER_BYTES > buffer.length) return { problem: `torn record header at byte ${offset}` };
  if (buffer.readUInt32LE(offset) !== MAGIC) return { problem: `bad record magic at byte ${offset}` };
  const length = buffer.readUInt32LE(offset + 4);
  const end = offset + HEADER_BYTES + length;
  if (length > MAX_RECORD_BYTES || end > buffer.length) return { problem: `torn record at byte ${offset}` };
  const payload = buffer.subarray(offset + HEADER_BYTES, end);
  if (crc32(payload) !== buffer.readUInt32LE(offset + 8)) return { problem: `checksum mismatch at byte ${offset}` };
  const ops = decodePayload(payload);
  if (ops === undefined) return { problem: `undecodable record at byte ${offset}` };
  return { ops, end };
}

/** Reads framed records until the end or the first invalid one. */
export function decodeRecords(buffer: Buffer): DecodedRecords {
  const records: Doc[][] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const record = decodeRecordAt(buffer, offset);
    if ('problem' in record) return { records, validLength: offset, problem: record.problem };
    records.push(record.ops);
    offset = record.end;
  }
  return { records, validLength: offset };
}

/** Intact records found after a damaged one: what cutting the journal there would lose. */
export interface RecordsAfterDamage {
  readonly records: number;
  readonly operations: number;
}

/**
 * Looks for intact records after `from` (the damaged spot): each candidate starts with the
 * record magic and must pass the length, checksum and BSON tests. None means a torn tail (a
 * crash mid-append); some means damage in the middle, and cutting there would drop them.
 */
function findRecordsAfter(buffer: Buffer, from: number): RecordsAfterDamage {
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(MAGIC, 0);
  let records = 0;
  let operations = 0;
  let offset = buffer.indexOf(magic, from + 1);
  while (offset >= 0) {
    const record = decodeRecordAt(buffer, offset);
    if ('problem' in record) {
      offset = buffer.indexOf(magic, offset + 1);
    } else {
      records += 1;
      operations += record.ops.length;
      offset = buffer.indexOf(magic, record.end);
    }
  }
  return { records, operations };
}

/** Where a journal is damaged and what a repair (cutting it there) would keep and discard. */
export interface JournalDamage {
  readonly file: string;
  readonly offset: number;
  readonly problem: string;
  readonly keptOperations: number;
  readonly discardedBytes: number;
  /** Intact records after the damage; 0 for a torn tail. */
  readonly discardedRecords: RecordsAfterDamage;
}

/** The journal's damage, if it has any (undefined for an intact journal). */
function inspectJournal(file: string, buffer: Buffer, decoded = decodeRecords(buffer)): JournalDamage | undefined {
  if (decoded.problem === undefined) return undefined;
  return {
    file,
    offset: decoded.validLength,
    problem: decoded.problem,
    keptOperations: decoded.records.slice(1).reduce((sum, record) => sum + record.length, 0),
    discardedBytes: buffer.length - decoded.validLength,
    discardedRecords: findRecordsAfter(buffer, decoded.validLength),
  };
}

const REPAIR_COMMAND = 'npm run db:repair';

/** Start-up refuses a journal damaged before its last record: cutting there would drop later writes. */
export class JournalDamagedError extends Error {
  constructor(readonly damage: JournalDamage) {
    super(
      `devstore: journal ${damage.file} is damaged at byte ${damage.offset} (${damage.problem}) and ` +
        `${damage.discardedRecords.records} intact record(s) (${damage.discardedRecords.operations} operation(s)) follow it; ` +
        `refusing to start rather than drop them. \`${REPAIR_COMMAND}\` shows what a repair would discard.`,
    );
    this.name = 'JournalDamagedError';
  }
}

function epochOf(record: Doc[] | undefined): number | undefined {
  const first = record?.[0];
  if (record?.length !== 1 || first?.op !== 'epoch' || typeof first.epoch !== 'number') return undefined;
  return first.epoch;
}

const str = (v: unknown): v is string => typeof v === 'string';

/** Checks a replayed document is a well-formed operation (a bug, not a torn write, if not). */
export function parseOp(doc: Doc): JournalOp {
  const { op, db, coll } = doc;
  const bad = (): Error => new Error(`devstore journal: malformed operation ${JSON.stringify(doc)}`);
  if (!str(db)) throw bad();
  switch (op) {
    case 'put':
      if (str(coll) && isPlainObject(doc.doc)) return { op, db, coll, doc: doc.doc };
      break;
    case 'del':
      if (str(coll) && 'id' in doc) return { op, db, coll, id: doc.id };
      break;
    case 'createColl':
      if (str(coll) && isPlainObject(doc.options)) return { op, db, coll, options: doc.options };
      break;
    case 'dropColl':
      if (str(coll)) return { op, db, coll };
      break;
    case 'dropDb':
      return { op, db };
    case 'createIdx':
      if (str(coll) && isPlainObject(doc.spec)) return { op, db, coll, spec: doc.spec };
      break;
    case 'dropIdx':
      if (str(coll) && str(doc.name)) return { op, db, coll, name: doc.name };
      break;
    case 'rename':
      if (str(coll) && str(doc.toDb) && str(doc.toColl)) return { op, db, coll, toDb: doc.toDb, toColl: doc.toColl };
      break;
    default:
      break;
  }
  throw bad();
}

function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `records` to `file` atomically: temp file, fsync, rename, fsync directory. */
function writeFileAtomically(file: string, records: Iterable<Buffer>): void {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    for (const record of records) writeAll(fd, record);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  fsyncDirectory(path.dirname(file));
}

function isAlive(pid: number): boolean {
  // A killed process whose parent has not reaped it yet still answers kill(pid, 0);
  // on Linux its state in /proc says "Z" (zombie), which counts as dead here.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    // No /proc entry (not Linux, or no such process): fall through to kill(pid, 0).
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Data directories this process has open (a lock naming our own pid may be stale). */
const openHere = new Set<string>();

/** Takes the data directory's lock file, refusing a directory a live process holds. */
function acquireLock(dir: string): string {
  const key = path.resolve(dir);
  if (openHere.has(key)) throw new Error(`devstore: data directory ${dir} is already open in this process`);
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      openHere.add(key);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(`devstore: data directory ${dir} is in use by process ${holder}`);
      }
      fs.rmSync(file, { force: true }); // left behind by a killed process
    }
  }
  throw new Error(`devstore: cannot lock data directory ${dir}`);
}

function releaseLock(file: string): void {
  fs.rmSync(file, { force: true });
  openHere.delete(path.resolve(path.dirname(file)));
}

export interface RecoveryReport {
  readonly operations: number;
  /** Set when a torn or corrupt journal tail was cut off. */
  readonly truncated?: string;
}

export class Journal {
  readonly dir: string;
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  private readonly lockPath: string;
  private fd: number | undefined;
  private epoch = 0;
  /** Bytes in the journal, header included. */
  private bytes = 0;
  private headerBytes = 0;
  private closed = false;
  /** Records appended and not yet fdatasync'ed. */
  private dirty = false;

  private constructor(dir: string) {
    this.dir = dir;
    this.journalPath = path.join(dir, JOURNAL_FILE);
    this.snapshotPath = path.join(dir, SNAPSHOT_FILE);
    this.lockPath = acquireLock(dir);
  }

  /**
   * Opens the data directory: replays the snapshot and then the journal through `apply`,
   * cuts off a torn tail, and leaves the journal open for appending.
   */
  static open(dir: string, apply: (op: JournalOp) => void): { journal: Journal; report: RecoveryReport } {
    fs.mkdirSync(dir, { recursive: true });
    const journal = new Journal(dir);
    try {
      const report = journal.recover(apply);
      return { journal, report };
    } catch (err) {
      journal.close();
      throw err;
    }
  }

  private recover(apply: (op: JournalOp) => void): RecoveryReport {
    let operations = 0;
    let snapshotEpoch = 0;
    if (fs.existsSync(this.snapshotPath)) {
      const decoded = decodeRecords(fs.readFileSync(this.snapshotPath));
      const epoch = epochOf(decoded.records[0]);
      const last = decoded.records[decoded.records.length - 1];
      if (decoded.problem !== undefined || epoch === undefined || last?.[0]?.op !== 'end') {
        throw new Error(`devstore: snapshot ${this.snapshotPath} is damaged (${decoded.problem ?? 'incomplete'}); refusing to start`);
      }
      snapshotEpoch = epoch;
      for (const record of decoded.records.slice(1, -1)) {
        for (const op of record) {
          apply(parseOp(op));
          operations += 1;
        }
      }
    }
    this.epoch = snapshotEpoch;

    let truncated: string | undefined;
    if (fs.existsSync(this.journalPath)) {
      const buffer = fs.readFileSync(this.journalPath);
      const decoded = decodeRecords(buffer);
      const epoch = epochOf(decoded.records[0]);
      if (epoch !== undefined && epoch > snapshotEpoch) {
        throw new Error(`devstore: journal epoch ${epoch} is newer than snapshot epoch ${snapshotEpoch} (snapshot missing?); refusing to start`);
      }
      // A journal not yet folded into the snapshot (or one whose header is damaged) may be cut
      // only at a torn tail: intact records after the damage are writes that were acknowledged.
      if (epoch === undefined || epoch === snapshotEpoch) {
        const damage = inspectJournal(this.journalPath, buffer, decoded);
        if (damage !== undefined && damage.discardedRecords.records > 0) throw new JournalDamagedError(damage);
      }
      if (epoch === snapshotEpoch) {
        for (const record of decoded.records.slice(1)) {
          for (const op of record) {
            apply(parseOp(op));
            operations += 1;
          }
        }
        if (decoded.problem !== undefined) {
          truncated = decoded.problem;
          fs.truncateSync(this.journalPath, decoded.validLength);
        }
        this.openForAppend(decoded.validLength);
        return { operations, ...(truncated !== undefined ? { truncated } : {}) };
      }
      // No valid header, or a journal a completed compaction already folded in.
      if (decoded.records.length > 1 || decoded.problem !== undefined) truncated = decoded.problem ?? 'stale journal discarded';
    }
    this.startJournal(snapshotEpoch);
    return { operations, ...(truncated !== undefined ? { truncated } : {}) };
  }

  /** Replaces the journal with an empty one of `epoch` and opens it. */
  private startJournal(epoch: number): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    const header = encodeRecord([{ op: 'epoch', epoch } satisfies MetaOp]);
    writeFileAtomically(this.journalPath, [header]);
    // Whatever was appended before is in the snapshot now (compaction), or there was nothing.
    this.dirty = false;
    this.epoch = epoch;
    this.headerBytes = header.length;
    this.openForAppend(header.length);
  }

  private openForAppend(size: number): void {
    this.fd = fs.openSync(this.journalPath, 'a');
    this.bytes = size;
    if (this.headerBytes === 0) this.headerBytes = encodeRecord([{ op: 'epoch', epoch: this.epoch } satisfies MetaOp]).length;
  }

  /** Journal size in bytes. */
  get size(): number {
    return this.bytes;
  }

  /** True when the journal holds records beyond its header. */
  get hasRecords(): boolean {
    return this.bytes > this.headerBytes;
  }

  /** True when records were appended since the last `sync`. */
  get unsynced(): boolean {
    return this.dirty;
  }

  /** Appends one record; it is on the disk after the next `sync`. */
  append(ops: readonly JournalOp[]): void {
    if (ops.length === 0) return;
    if (this.fd === undefined) throw new Error('devstore: journal is closed');
    const record = encodeRecord(ops as readonly Doc[]);
    writeAll(this.fd, record);
    this.dirty = true;
    this.bytes += record.length;
  }

  /** Waits until every record appended so far is on the disk: one fdatasync for all of them. */
  sync(): void {
    if (!this.dirty || this.fd === undefined) return;
    fs.fdatasyncSync(this.fd);
    this.dirty = false;
  }

  /** Writes `state` (the whole store as operations) as the new snapshot, then empties the journal. */
  compact(state: Iterable<JournalOp>): void {
    const epoch = this.epoch + 1;
    function* records(): Generator<Buffer> {
      yield encodeRecord([{ op: 'epoch', epoch } satisfies MetaOp]);
      let chunk: Doc[] = [];
      let chunkBytes = 0;
      for (const op of state) {
        chunk.push(op);
        chunkBytes += op.op === 'put' ? BSON.calculateObjectSize(op.doc) : 64;
        if (chunkBytes >= SNAPSHOT_CHUNK_BYTES) {
          yield encodeRecord(chunk);
          chunk = [];
          chunkBytes = 0;
        }
      }
      if (chunk.length > 0) yield encodeRecord(chunk);
      yield encodeRecord([{ op: 'end' } satisfies MetaOp]);
    }
    writeFileAtomically(this.snapshotPath, records());
    this.startJournal(epoch);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    releaseLock(this.lockPath);
  }
}

/** What `repairJournal` found, and where it saved what it cut off. */
export interface JournalRepair {
  /** Undefined when the journal is intact (or absent): nothing to repair. */
  readonly damage?: JournalDamage;
  /** Set once the journal was cut: the discarded bytes, kept beside it. */
  readonly savedTo?: string;
}

/**
 * `npm run db:repair`: finds the first damaged record of the data directory's journal. Only when
 * `confirmed`, cuts the journal there (keeping every record before it, the state up to the
 * damage, in order) after saving the discarded bytes beside it. Later intact records are not
 * replayed over the gap: they were written on top of a state that replay can no longer rebuild.
 * Takes the directory's lock, so it refuses while the store runs.
 */
export function repairJournal(dir: string, { confirmed }: { confirmed: boolean }): JournalRepair {
  const lock = acquireLock(dir);
  try {
    const file = path.join(dir, JOURNAL_FILE);
    if (!fs.existsSync(file)) return {};
    const buffer = fs.readFileSync(file);
    const damage = inspectJournal(file, buffer);
    if (damage === undefined || !confirmed) return damage === undefined ? {} : { damage };
    const savedTo = `${file}.discarded-at-${damage.offset}`;
    writeFileAtomically(savedTo, [buffer.subarray(damage.offset)]);
    fs.truncateSync(file, damage.offset);
    const fd = fs.openSync(file, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return { damage, savedTo };
  } finally {
    releaseLock(lock);
  }
}
