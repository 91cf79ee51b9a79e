/**
 * A compact, lossless form of a BSON document for the store to hold: the same elements with each
 * field name replaced by its number in a process-wide table of names, and no length prefix on
 * embedded documents and arrays (they end with a 0 byte as in BSON). Field names are about half a
 * registration's BSON (the same ~70 names in every document and timeline entry); values are kept
 * byte for byte, so decoding gives back exactly the BSON that was encoded.
 *
 * Names longer than NAME_MAX_BYTES, and any once the table is full (documents using data as field
 * names), are written out in place instead.
 *
 * Two string values get shorter forms too (element types BSON does not use): a short string seen
 * before in another document (status, trade, role, a union's name…) by its number in a second
 * table, and a 64-character lowercase hex string (the keyed hashes) as its 32 bytes.
 */

const NAME_MAX_BYTES = 64;
const NAMES_MAX = 1 << 16;
/** A name written out in place: this marker, then the name as a cstring. */
const LITERAL_NAME = 0;

/** Name (raw bytes read as latin1) → number (from 1); number → the name's bytes. */
const nameNumbers = new Map<string, number>();
const nameBytes: Buffer[] = [Buffer.alloc(0)];

/** A string value from the table of short strings: name, then the value's number. */
const KNOWN_STRING = 0x80;
/** A string of 64 lowercase hex characters: name, then its 32 bytes. */
const HEX64_STRING = 0x81;
const STRING = 0x02;
const VALUE_MAX_BYTES = 24;
const VALUES_MAX = 1 << 16;
/** Short string values (raw bytes as latin1) → number; number → bytes. */
const valueNumbers = new Map<string, number>();
const valueBytes: Buffer[] = [];
/**
 * Short strings seen once: one seen again joins the table, so values unique to a document (names,
 * masked numbers) mostly stay out of it. Cleared when full, so it stays small.
 */
const seenOnce = new Set<string>();
const SEEN_ONCE_MAX = 20_000;

class Writer {
  buffer: Buffer;
  length = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length] = value;
    this.length += 1;
  }

  copy(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.buffer.set(source.subarray(start, end), this.length);
    this.length += end - start;
  }

  varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.byte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.byte(v);
  }
}

/** One writer per direction, reused: a document is encoded or decoded synchronously. */
const compactWriter = new Writer(64 * 1024);
const bsonWriter = new Writer(64 * 1024);

function int32At(bytes: Uint8Array, at: number): number {
  return (bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24);
}

function cstringEnd(bytes: Uint8Array, at: number): number {
  const end = bytes.indexOf(0, at);
  if (end < 0) throw new Error('compactBson: unterminated cstring');
  return end;
}

/** Where the value of an element of `type` starting at `at` ends (not for documents and arrays). */
function valueEnd(type: number, bytes: Uint8Array, at: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return at + 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return at + 4 + int32At(bytes, at);
    case 0x05: // binary
      return at + 5 + int32At(bytes, at);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // maxKey
    case 0xff: // minKey
      return at;
    case 0x07: // ObjectId
      return at + 12;
    case 0x08: // boolean
      return at + 1;
    case 0x0b: // regex: pattern and options
      return cstringEnd(bytes, cstringEnd(bytes, at) + 1) + 1;
    case 0x0c: // DBPointer: string, ObjectId
      return at + 4 + int32At(bytes, at) + 12;
    case 0x0f: // code with scope: its total length
      return at + int32At(bytes, at);
    case 0x10: // int32
      return at + 4;
    case 0x13: // decimal128
      return at + 16;
    default:
      throw new Error(`compactBson: unknown BSON type 0x${type.toString(16)}`);
  }
}

function writeName(bytes: Buffer, start: number, end: number): void {
  const name = bytes.toString('latin1', start, end);
  let number = nameNumbers.get(name);
  if (number === undefined && end - start <= NAME_MAX_BYTES && nameBytes.length < NAMES_MAX) {
    number = nameBytes.length;
    nameNumbers.set(name, number);
    nameBytes.push(Buffer.from(name, 'latin1'));
  }
  if (number !== undefined) {
    compactWriter.varint(number);
  } else {
    compactWriter.byte(LITERAL_NAME);
    compactWriter.copy(bytes, start, end + 1);
  }
}

function isLowerHex(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    const c = bytes[i] as number;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** The number of a short string value (bytes `start`…`end`) in the table, once it has been seen twice. */
function valueNumber(bytes: Buffer, start: number, end: number): number | undefined {
  if (end - start > VALUE_MAX_BYTES) return undefined;
  const value = bytes.toString('latin1', start, end);
  const known = valueNumbers.get(value);
  if (known !== undefined || valueBytes.length >= VALUES_MAX) return known;
  if (!seenOnce.has(value)) {
    if (seenOnce.size >= SEEN_ONCE_MAX) seenOnce.clear();
    seenOnce.add(value);
    return undefined;
  }
  seenOnce.delete(value);
  valueNumbers.set(value, valueBytes.length);
  valueBytes.push(Buffer.from(value, 'latin1'));
  return valueBytes.length - 1;
}

/** A string element in a shorter form, if it has one; true when written. */
function compactString(bytes: Buffer, nameStart: number, nameEnd: number, valueAt: number): boolean {
  const start = valueAt + 4;
  const end = start + int32At(bytes, valueAt) - 1; // without the 0 byte
  if (end - start === 64 && isLowerHex(bytes, start, end)) {
    compactWriter.byte(HEX64_STRING);
    writeName(bytes, nameStart, nameEnd);
    compactWriter.reserve(32);
    compactWriter.length += compactWriter.buffer.write(bytes.toString('latin1', start, end), compactWriter.length, 'hex');
    return true;
  }
  const number = valueNumber(bytes, start, end);
  if (number === undefined) return false;
  compactWriter.byte(KNOWN_STRING);
  writeName(bytes, nameStart, nameEnd);
  compactWriter.varint(number);
  return true;
}

/** The elements of the BSON document at `at` (past its length), up to and including its 0 byte; returns the end. */
function compactElements(bytes: Buffer, at: number): number {
  let i = at;
  for (;;) {
    const type = bytes[i] as number;
    i += 1;
    if (type === 0) {
      compactWriter.byte(0);
      return i;
    }
    const nameStart = i;
    const nameEnd = cstringEnd(bytes, i);
    i = nameEnd + 1;
    if (type === STRING && compactString(bytes, nameStart, nameEnd, i)) {
      i = valueEnd(type, bytes, i);
      continue;
    }
    compactWriter.byte(type);
    writeName(bytes, nameStart, nameEnd);
    if (type === 0x03 || type === 0x04) {
      i = compactElements(bytes, i + 4);
    } else {
      const end = valueEnd(type, bytes, i);
      compactWriter.copy(bytes, i, end);
      i = end;
    }
  }
}

/** The compact form of a BSON document (a view of a shared buffer: valid until the next call). */
export function compactFromBson(bson: Uint8Array): Buffer {
  compactWriter.length = 0;
  compactElements(Buffer.from(bson.buffer, bson.byteOffset, bson.byteLength), 4);
  return compactWriter.buffer.subarray(0, compactWriter.length);
}

function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const b = bytes[i] as number;
    i += 1;
    value |= (b & 0x7f) << shift;
    if (b < 0x80) return { value, next: i };
    shift += 7;
  }
}

/** A BSON string value (length, bytes, 0) from `source`'s bytes read as `encoding`. */
function writeString(source: Buffer, start: number, end: number, encoding: 'latin1' | 'hex'): void {
  const text = source.toString(encoding, start, end);
  const length = encoding === 'hex' ? text.length : end - start;
  bsonWriter.reserve(4 + length + 1);
  bsonWriter.buffer.writeInt32LE(length + 1, bsonWriter.length);
  bsonWriter.length += 4;
  bsonWriter.length += bsonWriter.buffer.write(text, bsonWriter.length, 'latin1');
  bsonWriter.byte(0);
}

/** Rebuilds one document's BSON from its compact elements at `at`; returns where they end. */
function bsonElements(bytes: Uint8Array, at: number): number {
  const start = bsonWriter.length;
  bsonWriter.reserve(4);
  bsonWriter.length += 4; // its length, filled in below
  let i = at;
  for (;;) {
    const type = bytes[i] as number;
    bsonWriter.byte(type === KNOWN_STRING || type === HEX64_STRING ? STRING : type);
    i += 1;
    if (type === 0) break;
    const { value: number, next } = readVarint(bytes, i);
    i = next;
    if (number === LITERAL_NAME) {
      const nameEnd = cstringEnd(bytes, i);
      bsonWriter.copy(bytes, i, nameEnd + 1);
      i = nameEnd + 1;
    } else {
      const name = nameBytes[number];
      if (name === undefined) throw new Error(`compactBson: unknown field name ${number}`);
      bsonWriter.copy(name, 0, name.length);
      bsonWriter.byte(0);
    }
    if (type === 0x03 || type === 0x04) {
      i = bsonElements(bytes, i);
    } else if (type === KNOWN_STRING) {
      const { value: number, next: after } = readVarint(bytes, i);
      const value = valueBytes[number];
      if (value === undefined) throw new Error(`compactBson: unknown string value ${number}`);
      writeString(value, 0, value.length, 'latin1');
      i = after;
    } else if (type === HEX64_STRING) {
      writeString(Buffer.from(bytes.buffer, bytes.byteOffset + i, 32), 0, 32, 'hex');
      i += 32;
    } else {
      const end = valueEnd(type, bytes, i);
      bsonWriter.copy(bytes, i, end);
      i = end;
    }
  }
  bsonWriter.buffer.writeInt32LE(bsonWriter.length - start, start);
  return i;
}

/** The BSON of a compact document, in a buffer of its own (decoded Binary values are views of it). */
export function bsonFromCompact(compact: Uint8Array): Buffer {
  bsonWriter.length = 0;
  bsonElements(compact, 0);
  return Buffer.from(bsonWriter.buffer.subarray(0, bsonWriter.length));
}
