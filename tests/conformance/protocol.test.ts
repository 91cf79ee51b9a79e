/**
 * Handshake and wire protocol: what the driver's first contact and the raw message
 * formats must look like for the `mongodb` driver (and so mongoose) to work.
 */
import { BSON } from 'bson';

import { RawConnection, encodeMsg, encodeQuery } from './rawWire';
import { type Target, describeEmbedded, openTarget, serverError } from './harness';

let target: Target;

beforeAll(async () => {
  target = await openTarget('protocol');
});

afterAll(async () => {
  await target.stop();
});

describe('handshake', () => {
  it('answers ping on admin and on the database', async () => {
    expect(await target.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect(await target.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('says hello like a writable primary the driver supports', async () => {
    const hello = await target.db.command({ hello: 1 });
    expect(hello.ok).toBe(1);
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBeGreaterThanOrEqual(48_000_000);
    expect(hello.maxWriteBatchSize).toBeGreaterThanOrEqual(1000);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9); // the driver's minimum
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(typeof hello.logicalSessionTimeoutMinutes).toBe('number');
    expect(hello.readOnly).toBe(false);
  });

  it('answers the legacy isMaster spelling', async () => {
    const reply = await target.db.command({ isMaster: 1 });
    expect(reply.ismaster).toBe(true);
  });

  it('reports a version in buildInfo', async () => {
    const info = await target.client.db('admin').command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers an unknown command with CommandNotFound (59), without hanging', async () => {
    const error = await serverError(target.db.command({ noSuchCommandHere: 1 }));
    expect(error.code).toBe(59);
    expect(error.codeName).toBe('CommandNotFound');
    expect(error.message).toContain('noSuchCommandHere');
    // The connection is still usable afterwards.
    expect(await target.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('answers a bad query operator with BadValue (2)', async () => {
    const error = await serverError(target.db.collection('x').find({ a: { $noSuchOperator: 1 } }).toArray());
    expect(error.code).toBe(2);
  });
});

describe('raw wire protocol', () => {
  let raw: RawConnection;

  beforeEach(async () => {
    raw = await RawConnection.open(target.uri);
  });

  afterEach(() => {
    raw.close();
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY', async () => {
    const requestId = raw.requestId();
    raw.send(encodeQuery(requestId, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await raw.receive();
    expect(reply.opCode).toBe(1);
    expect(reply.responseTo).toBe(requestId);
    expect(reply.doc.ismaster).toBe(true);
    expect(reply.doc.ok).toBe(1);
  });

  it('merges kind-1 document sequences into the command', async () => {
    const reply = await raw.command(
      { insert: 'rawseq', $db: target.dbName },
      { sequences: { documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] } },
    );
    expect(reply.opCode).toBe(2013);
    expect(reply.doc).toMatchObject({ ok: 1, n: 3 });
  });

  it('sends no reply for moreToCome and still runs the command', async () => {
    const body = { insert: 'rawmore', documents: [{ _id: 'fire-and-forget' }], writeConcern: { w: 0 }, $db: target.dbName };
    raw.send(encodeMsg(raw.requestId(), body, { moreToCome: true }));
    // The next reply on this connection belongs to the next command.
    const reply = await raw.command({ count: 'rawmore', $db: target.dbName });
    expect(reply.doc).toMatchObject({ ok: 1, n: 1 });
  });

  it('accepts a message with a CRC-32C checksum', async () => {
    const reply = await raw.command({ ping: 1, $db: 'admin' }, { checksum: true });
    expect(reply.doc.ok).toBe(1);
  });

  it('answers unknown commands on the raw connection too', async () => {
    const reply = await raw.command({ definitelyNotACommand: 1, $db: 'admin' });
    expect(reply.doc).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
  });
});

describeEmbedded('devstore robustness', () => {
  it('answers a malformed message body with an error instead of dropping the socket', async () => {
    const raw = await RawConnection.open(target.uri);
    try {
      const good = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
      good.writeInt32LE(good.length + 100, 0); // lie about the BSON length
      const header = Buffer.alloc(21);
      header.writeInt32LE(21 + good.length, 0);
      header.writeInt32LE(7, 4);
      header.writeInt32LE(2013, 12);
      raw.send(Buffer.concat([header, good]));
      const reply = await raw.receive();
      expect(reply.doc.ok).toBe(0);
      expect((await raw.command({ ping: 1, $db: 'admin' })).doc.ok).toBe(1);
    } finally {
      raw.close();
    }
  });

  it('reports its own memory through devstoreStats', async () => {
    const stats = await target.client.db('admin').command({ devstoreStats: 1 });
    expect(stats.rss).toBeGreaterThan(0);
    expect(stats.pid).toBe(process.pid);
  });
});
