/**
 * Group commit in the devstore: concurrent writes share one journal fdatasync, and none is
 * acknowledged before the fdatasync that covers its record.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { type Document, MongoClient } from 'mongodb';

import { startDevStore } from '../../bff/devstore';
import { JOURNAL_FILE, Journal } from '../../bff/devstore/journal';

it('acknowledges 200 concurrent inserts after the fdatasync that covers each, with far fewer fdatasyncs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-group-commit-'));
  const journal = path.join(dir, JOURNAL_FILE);
  const store = await startDevStore({ dataDir: dir });
  const client = new MongoClient(store.uri, { maxPoolSize: 20 });
  const originalSync = Journal.prototype.syncInBackground;
  let syncs = 0;
  /** Journal bytes on disk as of the last completed fdatasync. */
  let durableBytes = 0;
  const spy = jest.spyOn(Journal.prototype, 'syncInBackground').mockImplementation(function (this: Journal, done: (error: Error | null) => void) {
    const size = this.size;
    const wasUnsynced = this.unsynced;
    originalSync.call(this, (error) => {
      if (wasUnsynced && !error) syncs += 1;
      if (!error) durableBytes = Math.max(durableBytes, size);
      done(error);
    });
  });
  try {
    const coll = client.db('app').collection('c');
    await coll.insertOne({ _id: 'warm-up' } as Document);
    syncs = 0;
    const early: string[] = [];
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const marker = `group-commit-${String(i).padStart(3, '0')}`;
        await coll.insertOne({ _id: marker } as Document);
        const at = fs.readFileSync(journal).indexOf(Buffer.from(marker));
        if (at < 0 || at >= durableBytes) early.push(marker);
      }),
    );
    expect(early).toEqual([]);
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(100);
  } finally {
    spy.mockRestore();
    await client.close();
    await store.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Polls `test` until it holds (2 s at most). */
async function until(test: () => boolean): Promise<void> {
  for (let waited = 0; !test(); waited += 5) {
    if (waited > 2000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

it('keeps running commands while a sync is pending; none is acknowledged before the fdatasync after it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devstore-background-sync-'));
  const journal = path.join(dir, JOURNAL_FILE);
  const store = await startDevStore({ dataDir: dir });
  // Two clients, connected before: while a sync is under way no reply goes out, handshakes included.
  const client = new MongoClient(store.uri);
  const other = new MongoClient(store.uri);
  const realSync = Journal.prototype.syncInBackground;
  /** fdatasyncs asked for and not yet let through. */
  const gate: Array<() => void> = [];
  try {
    const coll = client.db('app').collection('c');
    await coll.insertOne({ _id: 'warm-up' } as Document);
    await other.db('app').collection('c').findOne({});
    jest.spyOn(Journal.prototype, 'syncInBackground').mockImplementation(function (this: Journal, done: (error: Error | null) => void) {
      gate.push(() => realSync.call(this, done));
    });
    let firstAcknowledged = false;
    const first = coll.insertOne({ _id: 'first-write' } as Document).then(() => (firstAcknowledged = true));
    await until(() => gate.length === 1);
    let secondAcknowledged = false;
    const second = other.db('app').collection('c').insertOne({ _id: 'second-write' } as Document).then(() => (secondAcknowledged = true));
    // Run (it is in the journal) while the first write's sync is still pending.
    await until(() => fs.readFileSync(journal).includes('second-write'));
    expect([firstAcknowledged, secondAcknowledged]).toEqual([false, false]);
    // The fdatasync let through now begins after both writes: it covers both.
    gate.shift()!();
    await Promise.all([first, second]);
    expect(gate).toEqual([]);
  } finally {
    jest.restoreAllMocks();
    for (const release of gate) release();
    await client.close();
    await other.close();
    await store.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
