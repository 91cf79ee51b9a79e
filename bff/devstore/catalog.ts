/**
 * All databases and collections, and the only way to change them.
 *
 * A command changes state through a WriteBatch: each mutation is applied in memory at
 * once (so later statements of the same command see it, e.g. for uniqueness) and recorded
 * both as a journal operation and as an undo step. `commit` appends the batch as one
 * journal record; if that fails the batch is undone. `sync` then makes every record appended
 * so far durable at once; the wire server calls it before sending any reply given after a
 * write (group commit), so nobody is told of a change the disk does not hold.
 *
 * Commands run synchronously from start to commit, so no other command can observe or
 * interleave with a half-done batch.
 */
import { Collection } from './collection';
import type { Doc } from './documents';
import { CommandError } from './errors';
import { type IndexSpec, parseIndexSpec } from './indexes';
import type { Journal, JournalOp } from './journal';
import { encodeValue } from './keys';

export class WriteBatch {
  readonly ops: JournalOp[] = [];
  readonly undo: (() => void)[] = [];

  record(op: JournalOp, undo: () => void): void {
    this.ops.push(op);
    this.undo.push(undo);
  }

  /** A point to roll back to, for commands that must be all-or-nothing. */
  savepoint(): number {
    return this.ops.length;
  }

  /** Undoes (in reverse) and forgets every change made after `savepoint`. */
  rollbackTo(savepoint: number): void {
    for (let i = this.undo.length - 1; i >= savepoint; i -= 1) this.undo[i]?.();
    this.ops.length = savepoint;
    this.undo.length = savepoint;
  }
}

/** Journal size after which the store folds the journal into a fresh snapshot. */
export const DEFAULT_COMPACT_BYTES = 64 << 20;

export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal: Journal | undefined;
  private readonly compactBytes: number;

  constructor(compactBytes = DEFAULT_COMPACT_BYTES) {
    this.compactBytes = compactBytes;
  }

  attachJournal(journal: Journal): void {
    this.journal = journal;
  }

  get journalBytes(): number {
    return this.journal?.size ?? 0;
  }

  databaseNames(): string[] {
    return Array.from(this.dbs.keys()).filter((db) => (this.dbs.get(db)?.size ?? 0) > 0);
  }

  collections(db: string): Collection[] {
    return Array.from(this.dbs.get(db)?.values() ?? []);
  }

  getCollection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  // ── mutations inside a batch ──────────────────────────────────────────────

  private attach(coll: Collection): void {
    let db = this.dbs.get(coll.db);
    if (db === undefined) {
      db = new Map();
      this.dbs.set(coll.db, db);
    }
    db.set(coll.name, coll);
  }

  private detach(coll: Collection): void {
    const db = this.dbs.get(coll.db);
    db?.delete(coll.name);
    if (db?.size === 0) this.dbs.delete(coll.db);
  }

  createCollection(batch: WriteBatch, db: string, name: string, options: Doc): Collection {
    validateNamespace(db, name);
    if (this.getCollection(db, name) !== undefined) {
      throw new CommandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
    }
    const coll = new Collection(db, name, options);
    this.attach(coll);
    batch.record({ op: 'createColl', db, coll: name, options }, () => this.detach(coll));
    return coll;
  }

  setCollectionOptions(batch: WriteBatch, coll: Collection, options: Doc): void {
    const previous = coll.options;
    coll.options = options;
    batch.record({ op: 'createColl', db: coll.db, coll: coll.name, options }, () => {
      coll.options = previous;
    });
  }

  /** The collection, created implicitly (as inserts and upserts do) when missing. */
  ensureCollection(batch: WriteBatch, db: string, name: string): Collection {
    return this.getCollection(db, name) ?? this.createCollection(batch, db, name, {});
  }

  dropCollection(batch: WriteBatch, coll: Collection): void {
    this.detach(coll);
    batch.record({ op: 'dropColl', db: coll.db, coll: coll.name }, () => this.attach(coll));
  }

  dropDatabase(batch: WriteBatch, db: string): void {
    const colls = this.collections(db);
    if (colls.length === 0) return;
    this.dbs.delete(db);
    batch.record({ op: 'dropDb', db }, () => colls.forEach((coll) => this.attach(coll)));
  }

  renameCollection(batch: WriteBatch, coll: Collection, toDb: string, toName: string): void {
    validateNamespace(toDb, toName);
    const target = new Collection(toDb, toName, coll.options);
    for (const index of coll.indexes.values()) target.addIndex(index.spec, false);
    for (const doc of coll.docs.values()) target.put(doc);
    this.detach(coll);
    this.attach(target);
    batch.record({ op: 'rename', db: coll.db, coll: coll.name, toDb, toColl: toName }, () => {
      this.detach(target);
      this.attach(coll);
    });
  }

  insertDocument(batch: WriteBatch, coll: Collection, doc: Doc): void {
    const id = coll.checkedInsert(doc);
    batch.record({ op: 'put', db: coll.db, coll: coll.name, doc }, () => coll.remove(id));
  }

  replaceDocument(batch: WriteBatch, coll: Collection, id: string, next: Doc): void {
    const previous = coll.docs.get(id);
    coll.checkedReplace(id, next);
    batch.record({ op: 'put', db: coll.db, coll: coll.name, doc: next }, () => {
      if (previous !== undefined) coll.put(previous);
    });
  }

  deleteDocument(batch: WriteBatch, coll: Collection, id: string): void {
    const previous = coll.remove(id);
    if (previous === undefined) return;
    batch.record({ op: 'del', db: coll.db, coll: coll.name, id: previous._id }, () => coll.put(previous));
  }

  createIndex(batch: WriteBatch, coll: Collection, spec: IndexSpec): void {
    coll.addIndex(spec);
    batch.record({ op: 'createIdx', db: coll.db, coll: coll.name, spec }, () => coll.indexes.delete(spec.name));
  }

  dropIndex(batch: WriteBatch, coll: Collection, name: string): void {
    const index = coll.indexes.get(name);
    if (index === undefined) return;
    coll.indexes.delete(name);
    batch.record({ op: 'dropIdx', db: coll.db, coll: coll.name, name }, () => coll.indexes.set(name, index));
  }

  /** True when committed changes still wait for `sync` to reach the disk. */
  get unsynced(): boolean {
    return this.journal?.unsynced ?? false;
  }

  /** Makes every committed change durable (one fdatasync). Throws if the disk refuses. */
  sync(): void {
    this.journal?.sync();
  }

  /** Appends a batch to the journal (durable at the next `sync`), or undoes it and rethrows if the write fails. */
  commit(batch: WriteBatch): void {
    if (batch.ops.length === 0 || this.journal === undefined) return;
    try {
      this.journal.append(batch.ops);
    } catch (err) {
      batch.rollbackTo(0);
      throw new CommandError('InternalError', `journal write failed, change undone: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (this.journal.size > this.compactBytes) {
      // The batch is in the journal already; a failed compaction must not turn its reply into
      // an error. The old journal stays valid (it is only replaced after the snapshot is in place).
      try {
        this.compact();
      } catch (err) {
        process.stderr.write(`devstore: compaction failed, journal kept: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }

  // ── persistence ──────────────────────────────────────────────────────────

  /** Applies a replayed operation (no uniqueness checks: it was valid when written). */
  applyOp(op: JournalOp): void {
    switch (op.op) {
      case 'put':
        this.replayCollection(op.db, op.coll).put(op.doc);
        return;
      case 'del':
        this.getCollection(op.db, op.coll)?.remove(encodeValue(op.id));
        return;
      case 'createColl': {
        const existing = this.getCollection(op.db, op.coll);
        if (existing !== undefined) existing.options = op.options;
        else this.attach(new Collection(op.db, op.coll, op.options));
        return;
      }
      case 'dropColl': {
        const coll = this.getCollection(op.db, op.coll);
        if (coll !== undefined) this.detach(coll);
        return;
      }
      case 'dropDb':
        this.dbs.delete(op.db);
        return;
      case 'createIdx': {
        const spec = parseIndexSpec(op.spec);
        const coll = this.replayCollection(op.db, op.coll);
        if (!coll.indexes.has(spec.name)) coll.addIndex(spec, false);
        return;
      }
      case 'dropIdx':
        this.getCollection(op.db, op.coll)?.indexes.delete(op.name);
        return;
      case 'rename': {
        const coll = this.getCollection(op.db, op.coll);
        if (coll === undefined) return;
        const existing = this.getCollection(op.toDb, op.toColl);
        if (existing !== undefined) this.detach(existing);
        const batch = new WriteBatch();
        this.renameCollection(batch, coll, op.toDb, op.toColl);
        return;
      }
    }
  }

  private replayCollection(db: string, name: string): Collection {
    let coll = this.getCollection(db, name);
    if (coll === undefined) {
      coll = new Collection(db, name, {});
      this.attach(coll);
    }
    return coll;
  }

  /** The whole state as operations that rebuild it (the snapshot's content). */
  *stateOps(): Generator<JournalOp> {
    for (const [db, colls] of this.dbs) {
      for (const coll of colls.values()) {
        yield { op: 'createColl', db, coll: coll.name, options: coll.options };
        for (const index of coll.indexes.values()) yield { op: 'createIdx', db, coll: coll.name, spec: index.spec };
        for (const doc of coll.docs.values()) yield { op: 'put', db, coll: coll.name, doc };
      }
    }
  }

  /** Folds the journal into a snapshot (on clean stop and when the journal grows large). */
  compact(): void {
    this.journal?.compact(this.stateOps());
  }

  /** Compacts if anything was journaled since the last snapshot, then closes the journal. */
  close(): void {
    const journal = this.journal;
    if (journal === undefined) return;
    this.journal = undefined;
    try {
      if (journal.hasRecords) journal.compact(this.stateOps());
    } finally {
      journal.close();
    }
  }

  /** Counts for the `devstoreStats` command. */
  stats(): { databases: number; collections: number; documents: number } {
    let collections = 0;
    let documents = 0;
    for (const colls of this.dbs.values()) {
      collections += colls.size;
      for (const coll of colls.values()) documents += coll.docs.size;
    }
    return { databases: this.dbs.size, collections, documents };
  }
}

/** Rejects names mongod rejects (empty, `$`, NUL, `/\. "` in database names). */
export function validateNamespace(db: string, coll: string): void {
  if (db === '' || /[/\\. "$\0]/.test(db)) throw new CommandError('InvalidNamespace', `Invalid database name: '${db}'`);
  if (coll === '' || coll.includes('\0') || coll.startsWith('.') || (coll.includes('$') && !coll.startsWith('system.'))) {
    throw new CommandError('InvalidNamespace', `Invalid collection name: ${coll}`);
  }
}
