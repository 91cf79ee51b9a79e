/**
 * A collection's documents by canonical `_id`, held as their BSON bytes in one-byte strings and
 * decoded on every read.
 *
 * A decoded registration is ~40 JS objects (sub-documents, Dates, ObjectIds with their byte
 * arrays) costing several times its BSON size; its bytes as a latin1 string cost the BSON size
 * plus a 16-byte header, live in the V8 heap (compacted by the GC, no per-document ArrayBuffer)
 * and decode back exactly as the wire decodes a request. Every read gets a fresh copy, so no
 * caller can change a stored document.
 */
import { BSON } from 'bson';

import { bsonFromCompact, compactFromBson } from './compactBson';
import type { Doc } from './documents';

/** As wire.ts decodes requests: what a document reads back as is what a client sent. */
const DECODE_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;

export function encodeDocument(doc: Doc): string {
  return compactFromBson(BSON.serialize(doc)).toString('latin1');
}

export function decodeDocument(stored: string): Doc {
  return BSON.deserialize(bsonFromCompact(Buffer.from(stored, 'latin1')), DECODE_OPTIONS);
}

export class StoredDocuments {
  private readonly bytes = new Map<string, string>();

  get size(): number {
    return this.bytes.size;
  }

  has(id: string): boolean {
    return this.bytes.has(id);
  }

  /** A fresh copy of document `id`. */
  get(id: string): Doc | undefined {
    const stored = this.bytes.get(id);
    return stored === undefined ? undefined : decodeDocument(stored);
  }

  set(id: string, doc: Doc): void {
    this.bytes.set(id, encodeDocument(doc));
  }

  delete(id: string): boolean {
    return this.bytes.delete(id);
  }

  keys(): IterableIterator<string> {
    return this.bytes.keys();
  }

  /** Decoded one at a time as the caller goes (a scan that stops early decodes no more). */
  *values(): Generator<Doc> {
    for (const stored of this.bytes.values()) yield decodeDocument(stored);
  }

  *entries(): Generator<[string, Doc]> {
    for (const [id, stored] of this.bytes) yield [id, decodeDocument(stored)];
  }

  [Symbol.iterator](): Generator<[string, Doc]> {
    return this.entries();
  }

  /** The bytes every document takes in its stored (compact) form. */
  storedBytes(): number {
    let total = 0;
    for (const stored of this.bytes.values()) total += stored.length;
    return total;
  }
}
