/**
 * Message framing of the devstore: a TCP stream may cut messages anywhere or carry
 * several at once; OP_MSG document sequences merge into the command.
 */
import { BSON } from 'bson';

import { MessageReader, ProtocolError, encodeOpMsg, parseMessage } from '../../bff/devstore/wire';

function opMsg(requestId: number, body: object, sequences: Record<string, object[]> = {}, flags = 0): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of Object.entries(sequences)) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags);
  const rest = Buffer.concat([flagBytes, ...parts]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + rest.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, rest]);
}

describe('MessageReader', () => {
  it('reassembles messages fed one byte at a time', () => {
    const stream = Buffer.concat([opMsg(1, { ping: 1, $db: 'admin' }), opMsg(2, { hello: 1, $db: 'admin' })]);
    const reader = new MessageReader();
    const out: Buffer[] = [];
    for (const byte of stream) out.push(...reader.push(Buffer.from([byte])));
    expect(out.map((m) => m.readInt32LE(4))).toEqual([1, 2]);
  });

  it('splits several messages arriving in one chunk', () => {
    const reader = new MessageReader();
    const messages = reader.push(Buffer.concat([opMsg(1, { a: 1 }), opMsg(2, { b: 1 }), opMsg(3, { c: 1 }).subarray(0, 10)]));
    expect(messages).toHaveLength(2);
  });

  it('rejects an impossible length instead of waiting forever', () => {
    const bad = Buffer.alloc(16);
    bad.writeInt32LE(3, 0);
    expect(() => new MessageReader().push(bad)).toThrow(ProtocolError);
  });
});

describe('parseMessage', () => {
  it('merges kind-1 sequences into the body and reads the flags', () => {
    const parsed = parseMessage(opMsg(9, { insert: 'c', $db: 'd' }, { documents: [{ _id: 1 }, { _id: 2 }] }, 2));
    expect(parsed.kind).toBe('msg');
    if (parsed.kind !== 'msg') return;
    expect(parsed.moreToCome).toBe(true);
    expect(parsed.command).toEqual({ insert: 'c', $db: 'd', documents: [{ _id: 1 }, { _id: 2 }] });
  });

  it('encodes replies as OP_MSG answering the request id', () => {
    const reply = encodeOpMsg(42, { ok: 1 });
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(8)).toBe(42);
    expect(reply.readInt32LE(12)).toBe(2013);
    expect(BSON.deserialize(reply.subarray(21))).toEqual({ ok: 1 });
  });
});
