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
  const originalSync = Journal.prototype.sync;
  let syncs = 0;
  /** Journal bytes on disk as of the last fdatasync. */
  let durableBytes = 0;
  const spy = jest.spyOn(Journal.prototype, 'sync').mockImplementation(function (this: Journal) {
    const size = this.size;
    const wasUnsynced = this.unsynced;
    originalSync.call(this);
    if (wasUnsynced) syncs += 1;
    durableBytes = Math.max(durableBytes, size);
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
