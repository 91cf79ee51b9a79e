/**
 * findAndModify through the driver's findOneAndUpdate/Replace/Delete: new vs old image,
 * upsert, remove, sort, projection, and a duplicate key failing the whole command.
 */
import { type Collection, ObjectId } from 'mongodb';

import { type AnyDoc, type Target, openTarget, serverError } from './harness';

let target: Target;

beforeAll(async () => {
  target = await openTarget('fam');
});

afterAll(async () => {
  await target.stop();
});

let seq = 0;
async function seeded(): Promise<Collection<AnyDoc>> {
  seq += 1;
  const coll = target.db.collection<AnyDoc>(`f${seq}`);
  await coll.insertMany([
    { _id: 1, q: 'a', rank: 3, n: 0 },
    { _id: 2, q: 'a', rank: 1, n: 0 },
    { _id: 3, q: 'b', rank: 2, n: 0 },
  ]);
  return coll;
}

describe('findAndModify', () => {
  it('returns the document before the update by default, and after it with returnDocument', async () => {
    const coll = await seeded();
    const before = await coll.findOneAndUpdate({ _id: 3 }, { $inc: { n: 1 } });
    expect(before).toMatchObject({ _id: 3, n: 0 });
    const after = await coll.findOneAndUpdate({ _id: 3 }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    expect(after).toMatchObject({ _id: 3, n: 2 });
  });

  it('picks the first document in sort order', async () => {
    const coll = await seeded();
    const low = await coll.findOneAndUpdate({ q: 'a' }, { $set: { picked: true } }, { sort: { rank: 1 }, returnDocument: 'after' });
    expect(low?._id).toBe(2);
    const high = await coll.findOneAndDelete({ q: 'a' }, { sort: { rank: -1 } });
    expect(high?._id).toBe(1);
    expect(await coll.countDocuments({ q: 'a' })).toBe(1);
  });

  it('applies the projection to the returned document', async () => {
    const coll = await seeded();
    const doc = await coll.findOneAndUpdate({ _id: 1 }, { $set: { n: 5 } }, { projection: { n: 1, _id: 0 }, returnDocument: 'after' });
    expect(doc).toEqual({ n: 5 });
  });

  it('returns null when nothing matches and upsert is off', async () => {
    const coll = await seeded();
    expect(await coll.findOneAndUpdate({ q: 'zzz' }, { $set: { n: 1 } })).toBeNull();
    expect(await coll.findOneAndDelete({ q: 'zzz' })).toBeNull();
  });

  it('upserts, with $setOnInsert, and reports it in lastErrorObject', async () => {
    const coll = await seeded();
    const reply = await coll.findOneAndUpdate(
      { q: 'new' },
      { $set: { n: 1 }, $setOnInsert: { born: 'now' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(reply.ok).toBe(1);
    expect(reply.lastErrorObject?.updatedExisting).toBe(false);
    expect(reply.lastErrorObject?.upserted).toBeInstanceOf(ObjectId);
    expect(reply.value).toMatchObject({ q: 'new', n: 1, born: 'now' });
    const again = await coll.findOneAndUpdate(
      { q: 'new' },
      { $set: { n: 2 }, $setOnInsert: { born: 'later' } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(again.lastErrorObject?.updatedExisting).toBe(true);
    expect(again.value).toMatchObject({ n: 2, born: 'now' });
  });

  it('upserting without returnDocument after returns null', async () => {
    const coll = await seeded();
    expect(await coll.findOneAndUpdate({ q: 'fresh' }, { $set: { n: 1 } }, { upsert: true })).toBeNull();
    expect(await coll.countDocuments({ q: 'fresh' })).toBe(1);
  });

  it('replaces with findOneAndReplace', async () => {
    const coll = await seeded();
    const doc = await coll.findOneAndReplace({ _id: 2 }, { whole: 'new' }, { returnDocument: 'after' });
    expect(doc).toEqual({ _id: 2, whole: 'new' });
  });

  it('fails the whole command with 11000 on a duplicate key, changing nothing', async () => {
    const coll = await seeded();
    await coll.createIndex({ q: 1, rank: 1 }, { unique: true });
    const error = await serverError(coll.findOneAndUpdate({ _id: 1 }, { $set: { rank: 1 } }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ q: 1, rank: 1 });
    expect(error.keyValue).toEqual({ q: 'a', rank: 1 });
    expect(await coll.findOne({ _id: 1 })).toMatchObject({ rank: 3 });
  });
});
