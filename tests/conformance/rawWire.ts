/**
 * A minimal wire-protocol client for the cases the driver does not let us provoke directly
 * (legacy OP_QUERY, document sequences, moreToCome, checksums).
 */
import * as net from 'node:net';

import { BSON, type Document } from 'bson';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** CRC-32C (Castagnoli), which OP_MSG's optional checksum uses. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i += 1) {
    let c = i;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

export function crc32c(buffer: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export interface MsgOptions {
  /** Kind-1 sections: identifier → documents. */
  sequences?: Record<string, Document[]>;
  moreToCome?: boolean;
  checksum?: boolean;
}

export function encodeMsg(requestId: number, body: Document, options: MsgOptions = {}): Buffer {
  const sections: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of Object.entries(options.sequences ?? {})) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    sections.push(Buffer.from([1]), size, payload);
  }
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((options.checksum ? 1 : 0) | (options.moreToCome ? 2 : 0), 0);
  const bodyBytes = Buffer.concat([flags, ...sections]);
  const length = 16 + bodyBytes.length + (options.checksum ? 4 : 0);
  const message = Buffer.concat([header(length, requestId, OP_MSG), bodyBytes]);
  if (!options.checksum) return message;
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(crc32c(message), 0);
  return Buffer.concat([message, crc]);
}

export function encodeQuery(requestId: number, collection: string, query: Document): Buffer {
  const flags = Buffer.alloc(4);
  const name = Buffer.from(`${collection}\0`);
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  const body = Buffer.concat([flags, name, skipReturn, Buffer.from(BSON.serialize(query))]);
  return Buffer.concat([header(16 + body.length, requestId, OP_QUERY), body]);
}

export interface Reply {
  readonly opCode: number;
  readonly responseTo: number;
  readonly doc: Document;
}

function decodeReply(message: Buffer): Reply {
  const responseTo = message.readInt32LE(8);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_REPLY) {
    return { opCode, responseTo, doc: BSON.deserialize(message.subarray(36)) };
  }
  if (opCode === OP_MSG) {
    const flags = message.readUInt32LE(16);
    const end = message.length - (flags & 1 ? 4 : 0);
    return { opCode, responseTo, doc: BSON.deserialize(message.subarray(21, end)) };
  }
  throw new Error(`unexpected opcode ${opCode}`);
}

/** One TCP connection that sends raw messages and reads whole replies. */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiters: ((message: Buffer) => void)[] = [];
  private unclaimed: Buffer[] = [];
  private closed = false;
  private nextId = 1;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 4 && this.buffer.length >= this.buffer.readInt32LE(0)) {
        const length = this.buffer.readInt32LE(0);
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        const waiter = this.waiters.shift();
        if (waiter !== undefined) waiter(message);
        else this.unclaimed.push(message);
      }
    });
    socket.on('close', () => {
      this.closed = true;
    });
  }

  static open(uri: string): Promise<RawConnection> {
    const match = /^mongodb:\/\/(?:[^@/]*@)?([^:/,]+)(?::(\d+))?/.exec(uri);
    if (match === null) throw new Error(`cannot parse ${uri}`);
    const host = match[1] as string;
    const port = Number(match[2] ?? 27017);
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  requestId(): number {
    return this.nextId++;
  }

  send(message: Buffer): void {
    this.socket.write(message);
  }

  /** The next reply, or an error after `timeoutMs`. */
  receive(timeoutMs = 3000): Promise<Reply> {
    const ready = this.unclaimed.shift();
    if (ready !== undefined) return Promise.resolve(decodeReply(ready));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error('no reply'));
      }, timeoutMs);
      const waiter = (message: Buffer): void => {
        clearTimeout(timer);
        resolve(decodeReply(message));
      };
      this.waiters.push(waiter);
    });
  }

  async command(body: Document, options: MsgOptions = {}): Promise<Reply> {
    this.send(encodeMsg(this.requestId(), body, options));
    return this.receive();
  }

  close(): void {
    this.socket.destroy();
  }
}
