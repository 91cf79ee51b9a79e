/**
 * Server-side cursors for find, aggregate, listCollections and listIndexes.
 *
 * A cursor holds the list of result documents, fixed when it was opened (stored documents
 * are immutable, so holding references is a consistent snapshot), and hands them out in
 * batches limited by count and by reply size. Projection is applied per batch, so a large
 * result is not copied up front. Idle cursors are dropped after ten minutes like mongod's.
 */
import { randomBytes } from 'node:crypto';

import { BSON, Long } from 'bson';

import type { Doc } from './documents';
import { CommandError } from './errors';

/** Documents in a first batch when the client does not say (mongod's default). */
export const DEFAULT_FIRST_BATCH = 101;
/** Reply payload budget: under the 16 MiB BSON limit with room for the envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  readonly ns: string;
  readonly docs: readonly Doc[];
  position: number;
  readonly project: (docs: Doc[]) => Doc[];
  lastUsed: number;
}

export interface Batch {
  readonly batch: Doc[];
  /** 0 when the cursor is exhausted (or was never kept open). */
  readonly id: Long;
}

const identity = (docs: Doc[]): Doc[] => docs;

export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(Date.now()), 60_000);
    this.sweeper.unref();
  }

  /**
   * Returns the first batch of `docs` and keeps a cursor for the rest, unless everything
   * fit or `singleBatch` was asked for.
   */
  open(ns: string, docs: readonly Doc[], options: { batchSize?: number; singleBatch?: boolean; project?: (docs: Doc[]) => Doc[] } = {}): Batch {
    const cursor: OpenCursor = { ns, docs, position: 0, project: options.project ?? identity, lastUsed: Date.now() };
    // batchSize 0 on the opening command means "open the cursor, return nothing yet".
    const batch = options.batchSize === 0 ? [] : takeBatch(cursor, options.batchSize ?? DEFAULT_FIRST_BATCH);
    const exhausted = cursor.position >= docs.length && options.batchSize !== 0;
    if (exhausted || options.singleBatch === true) return { batch, id: Long.ZERO };
    const id = newCursorId();
    this.cursors.set(id.toString(), cursor);
    return { batch, id };
  }

  getMore(id: Long, ns: string, batchSize: number | undefined): Batch {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (cursor === undefined) throw new CommandError('CursorNotFound', `cursor id ${key} not found`);
    if (cursor.ns !== ns) {
      throw new CommandError('Unauthorized', `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor, batchSize ?? 0);
    if (cursor.position >= cursor.docs.length) {
      this.cursors.delete(key);
      return { batch, id: Long.ZERO };
    }
    return { batch, id };
  }

  kill(ids: readonly Long[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) (this.cursors.delete(id.toString()) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  get size(): number {
    return this.cursors.size;
  }

  private sweep(now: number): void {
    for (const [key, cursor] of this.cursors) if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) this.cursors.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.cursors.clear();
  }
}

/** A random positive 63-bit id, like mongod's (never 0, which means "no cursor"). */
function newCursorId(): Long {
  const bytes = randomBytes(8);
  bytes[7] = (bytes[7] ?? 0) & 0x7f;
  const id = Long.fromBytesLE(Array.from(bytes));
  return id.isZero() ? Long.ONE : id;
}

/** Takes up to `batchSize` documents (0 = no count limit) within the size budget. */
function takeBatch(cursor: OpenCursor, batchSize: number): Doc[] {
  const remaining = cursor.docs.length - cursor.position;
  const count = batchSize > 0 ? Math.min(batchSize, remaining) : remaining;
  if (count === 0) return [];
  const slice = cursor.docs.slice(cursor.position, cursor.position + count) as Doc[];
  const projected = cursor.project(slice);
  let bytes = 0;
  let taken = 0;
  for (const doc of projected) {
    bytes += BSON.calculateObjectSize(doc);
    if (taken > 0 && bytes > MAX_BATCH_BYTES) break;
    taken += 1;
  }
  cursor.position += taken;
  return taken === projected.length ? projected : projected.slice(0, taken);
}
