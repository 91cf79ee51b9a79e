/**
 * Durability of the embedded store (not applicable to a real MongoDB, so skipped when
 * MONGODB_URI is set):
 * - every write acknowledged before a `kill -9` is there after a restart;
 * - a torn or garbage journal tail is cut off at start-up, earlier data intact;
 * - a clean stop folds the journal into a snapshot that the next start reads;
 * - a data directory in use is refused.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type Document, MongoClient } from 'mongodb';

import { startDevStore } from '../../bff/devstore';
import { describeEmbedded, serverError } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const JOURNAL = 'journal.log';

jest.setTimeout(60_000);

interface Child {
  readonly process: ChildProcess;
  readonly uri: string;
  readonly output: () => string;
  readonly exited: Promise<void>;
}

/** Runs `tsx bff/devstore/cli.ts` on `dataDir` and waits for its "listening" line. */
function spawnStore(dataDir: string): Promise<Child> {
  const child = spawn(TSX, ['bff/devstore/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, DEVSTORE_PORT: '0', DEVSTORE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`store did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /devstore listening on (mongodb:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ process: child, uri: match[1] as string, output: () => output, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`store exited with ${String(code)}:\n${output}`));
    });
  });
}

/**
 * SIGKILLs the server process itself (tsx runs it as its own child: its pid comes from
 * devstoreStats), then the tsx wrapper, and waits until both are gone.
 */
async function kill9(child: Child, client: MongoClient): Promise<void> {
  const stats = await client.db('admin').command({ devstoreStats: 1 });
  const serverPid = Number(stats.pid);
  process.kill(serverPid, 'SIGKILL');
  try {
    child.process.kill('SIGKILL');
  } catch {
    // already gone
  }
  await child.exited;
  await client.close(true).catch(() => undefined);
}

async function connect(uri: string): Promise<MongoClient> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000, retryWrites: false, retryReads: false });
  await client.connect();
  return client;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-durability-'));
}

describeEmbedded('durability', () => {
  const dirs: string[] = [];
  const children: Child[] = [];

  afterAll(() => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(dir: string): Promise<{ child: Child; client: MongoClient }> {
    const child = await spawnStore(dir);
    children.push(child);
    return { child, client: await connect(child.uri) };
  }

  it('keeps every acknowledged write across kill -9', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { child, client } = await start(dir);
    const coll = client.db('app').collection('registrations');
    await coll.createIndex({ idHash: 1 }, { unique: true });
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `r${i}`, idHash: `h${i}`, version: 1 })) as Document[]);
    await coll.updateMany({ _id: { $in: ['r1', 'r2', 'r3'] } } as Document, { $inc: { version: 1 }, $set: { status: 'approved' } });
    await coll.deleteOne({ _id: 'r4' } as Document);
    await coll.findOneAndUpdate({ _id: 'up' } as Document, { $set: { idHash: 'hup' } }, { upsert: true });
    await client.db('app').collection('scratch').insertOne({ gone: true });
    await client.db('app').collection('scratch').drop();

    // Writes in flight while the process dies: only the acknowledged ones are promised.
    const acknowledged: string[] = [];
    const inFlight = Array.from({ length: 200 }, (_, i) =>
      coll.insertOne({ _id: `f${i}`, idHash: `fh${i}` } as Document).then(
        () => {
          acknowledged.push(`f${i}`);
        },
        () => undefined,
      ),
    );
    while (acknowledged.length < 20) await new Promise((resolve) => setImmediate(resolve));
    await kill9(child, client);
    await Promise.all(inFlight);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    const again = await start(dir);
    const reopened = again.client.db('app').collection('registrations');
    const ids = new Set((await reopened.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
    for (const id of acknowledged) expect(ids).toContain(id);
    for (let i = 0; i < 50; i += 1) if (i !== 4) expect(ids).toContain(`r${i}`);
    expect(ids).not.toContain('r4');
    expect(await reopened.findOne({ _id: 'r2' } as Document)).toMatchObject({ version: 2, status: 'approved' });
    expect(await reopened.findOne({ _id: 'up' } as Document)).toMatchObject({ idHash: 'hup' });
    expect(await again.client.db('app').listCollections({ name: 'scratch' }).toArray()).toEqual([]);
    // The unique index came back too, and is enforced.
    expect((await serverError(reopened.insertOne({ idHash: 'h0' }))).code).toBe(11000);
    await kill9(again.child, again.client);
  });

  it('cuts off a torn or garbage journal tail and keeps the earlier data', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const journal = path.join(dir, JOURNAL);

    // 1. Data, then garbage appended after the last record.
    let run = await start(dir);
    await run.client.db('app').collection('c').insertMany([{ _id: 'a1' }, { _id: 'a2' }] as Document[]);
    await kill9(run.child, run.client);
    fs.appendFileSync(journal, Buffer.from('this is not a journal record, just garbage bytes'));

    run = await start(dir);
    expect(run.child.output()).toMatch(/recovered/);
    let coll = run.client.db('app').collection('c');
    expect((await coll.find().toArray()).map((d) => d._id).sort()).toEqual(['a1', 'a2']);

    // 2. One more acknowledged write, then its record torn in half.
    const sizeBefore = fs.statSync(journal).size;
    await coll.insertOne({ _id: 'torn' } as Document);
    await kill9(run.child, run.client);
    const sizeAfter = fs.statSync(journal).size;
    expect(sizeAfter).toBeGreaterThan(sizeBefore);
    fs.truncateSync(journal, sizeBefore + Math.floor((sizeAfter - sizeBefore) / 2));

    run = await start(dir);
    coll = run.client.db('app').collection('c');
    expect((await coll.find().toArray()).map((d) => d._id).sort()).toEqual(['a1', 'a2']);
    // The store accepts writes after the cut, and they survive another kill.
    await coll.insertOne({ _id: 'after' } as Document);
    await kill9(run.child, run.client);

    run = await start(dir);
    coll = run.client.db('app').collection('c');
    expect((await coll.find().toArray()).map((d) => d._id).sort()).toEqual(['a1', 'a2', 'after']);
    await kill9(run.child, run.client);
  });

  it('folds the journal into a snapshot on a clean stop and reads it back', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let store = await startDevStore({ dataDir: dir });
    let client = await connect(store.uri);
    const coll = client.db('app').collection('snap');
    await coll.createIndex({ k: 1 }, { unique: true, partialFilterExpression: { live: true } });
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ k: i % 10, live: i < 10 })));
    await client.close();
    await store.stop();
    expect(fs.existsSync(path.join(dir, 'snapshot.bson'))).toBe(true);
    expect(fs.statSync(path.join(dir, JOURNAL)).size).toBeLessThan(100);

    store = await startDevStore({ dataDir: dir });
    client = await connect(store.uri);
    const reopened = client.db('app').collection('snap');
    expect(await reopened.countDocuments()).toBe(30);
    expect((await serverError(reopened.insertOne({ k: 3, live: true }))).code).toBe(11000);
    await reopened.insertOne({ k: 3, live: false });
    await client.close();
    await store.stop();
  });

  it('refuses a data directory another running store holds', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const store = await startDevStore({ dataDir: dir });
    try {
      await expect(startDevStore({ dataDir: dir })).rejects.toThrow(/already open|in use/);
    } finally {
      await store.stop();
    }
  });
});
