/**
 * MongoDB wire protocol framing: the legacy OP_QUERY/OP_REPLY pair (still used for the
 * driver's first `isMaster` handshake) and OP_MSG for everything after it.
 *
 * Message header (16 bytes, little endian): messageLength, requestID, responseTo, opCode.
 * OP_MSG: flagBits u32, then sections until the end (minus a trailing CRC-32C when
 * checksumPresent): kind 0 = one BSON body, kind 1 = size i32, identifier cstring, BSON
 * documents (e.g. insert's `documents`), which are merged into the body under that name.
 */
import { BSON } from 'bson';

import type { Doc } from './documents';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const FLAG_CHECKSUM_PRESENT = 1 << 0;
export const FLAG_MORE_TO_COME = 1 << 1;

/** The largest message accepted (mongod's maxMessageSizeBytes). */
export const MAX_MESSAGE_BYTES = 48_000_000;
const HEADER_BYTES = 16;

/** Incoming documents are decoded like the driver decodes server replies. */
const DESERIALIZE_OPTIONS = { promoteLongs: true, promoteValues: true, promoteBuffers: false } as const;

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export interface MessageHeader {
  readonly length: number;
  readonly requestId: number;
  readonly responseTo: number;
  readonly opCode: number;
}

export type IncomingMessage =
  | { readonly kind: 'msg'; readonly header: MessageHeader; readonly moreToCome: boolean; readonly command: Doc }
  | { readonly kind: 'query'; readonly header: MessageHeader; readonly collection: string; readonly command: Doc }
  | { readonly kind: 'unsupported'; readonly header: MessageHeader };

function readDocument(buffer: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid BSON document length');
  const doc = BSON.deserialize(buffer.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return { doc, next: offset + size };
}

function readCString(buffer: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buffer.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return { value: buffer.toString('utf8', offset, zero), next: zero + 1 };
}

function parseOpMsg(header: MessageHeader, message: Buffer): IncomingMessage {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = message.length - ((flags & FLAG_CHECKSUM_PRESENT) !== 0 ? 4 : 0);
  let offset = HEADER_BYTES + 4;
  let body: Doc | undefined;
  const sequences: [string, Doc[]][] = [];
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const read = readDocument(message, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError('invalid document sequence length');
      const id = readCString(message, offset + 4, sectionEnd);
      const docs: Doc[] = [];
      let cursor = id.next;
      while (cursor < sectionEnd) {
        const read = readDocument(message, cursor, sectionEnd);
        docs.push(read.doc);
        cursor = read.next;
      }
      sequences.push([id.value, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (body === undefined) throw new ProtocolError('OP_MSG without a body section');
  for (const [name, docs] of sequences) body[name] = docs;
  return { kind: 'msg', header, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, command: body };
}

function parseOpQuery(header: MessageHeader, message: Buffer): IncomingMessage {
  let offset = HEADER_BYTES + 4; // flags
  const collection = readCString(message, offset, message.length);
  offset = collection.next + 8; // numberToSkip, numberToReturn
  let { doc } = readDocument(message, offset, message.length);
  // Old drivers wrap the command as { $query: {...}, $readPreference: ... }.
  const wrapped = doc.$query;
  if (typeof wrapped === 'object' && wrapped !== null && !Array.isArray(wrapped)) doc = wrapped as Doc;
  return { kind: 'query', header, collection: collection.value, command: doc };
}

/** Parses one complete message (header included). */
export function parseMessage(message: Buffer): IncomingMessage {
  const header: MessageHeader = {
    length: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
  switch (header.opCode) {
    case OP_MSG:
      return parseOpMsg(header, message);
    case OP_QUERY:
      return parseOpQuery(header, message);
    default:
      return { kind: 'unsupported', header };
  }
}

/**
 * Splits a TCP byte stream into whole messages. Chunks are kept in a list and joined
 * once per message, so a large message arriving in many small chunks is copied once.
 */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const length = this.peekLength();
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) throw new ProtocolError(`invalid message length ${length}`);
      if (this.buffered < length) break;
      messages.push(this.take(length));
    }
    return messages;
  }

  private peekLength(): number {
    const first = this.chunks[0] as Buffer;
    if (first.length >= 4) return first.readInt32LE(0);
    return Buffer.concat(this.chunks).readInt32LE(0);
  }

  private take(length: number): Buffer {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    const message = all.subarray(0, length);
    const rest = all.subarray(length);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return message;
  }
}

let nextRequestId = 1;

function header(buffer: Buffer, length: number, responseTo: number, opCode: number): void {
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextRequestId, 4);
  nextRequestId = (nextRequestId % 0x7fffffff) + 1;
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
}

/** An OP_MSG reply with one body section. */
export function encodeOpMsg(responseTo: number, body: Doc): Buffer {
  const bson = BSON.serialize(body);
  const message = Buffer.allocUnsafe(HEADER_BYTES + 4 + 1 + bson.length);
  header(message, message.length, responseTo, OP_MSG);
  message.writeUInt32LE(0, HEADER_BYTES);
  message.writeUInt8(0, HEADER_BYTES + 4);
  message.set(bson, HEADER_BYTES + 5);
  return message;
}

/** An OP_REPLY carrying one document (the answer to an OP_QUERY command). */
export function encodeOpReply(responseTo: number, doc: Doc): Buffer {
  const bson = BSON.serialize(doc);
  const message = Buffer.allocUnsafe(HEADER_BYTES + 20 + bson.length);
  header(message, message.length, responseTo, OP_REPLY);
  message.writeInt32LE(0, HEADER_BYTES); // responseFlags
  message.writeBigInt64LE(0n, HEADER_BYTES + 4); // cursorID
  message.writeInt32LE(0, HEADER_BYTES + 12); // startingFrom
  message.writeInt32LE(1, HEADER_BYTES + 16); // numberReturned
  message.set(bson, HEADER_BYTES + 20);
  return message;
}
