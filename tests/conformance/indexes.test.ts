/**
 * Index management and unique-index enforcement (plain, missing fields, sparse, compound,
 * partial, multikey) on insert, update, upsert and index build, through the driver.
 */
import { type Collection, type Document, Long } from 'mongodb';

import { type AnyDoc, type Target, openTarget, serverError } from './harness';

let target: Target;

beforeAll(async () => {
  target = await openTarget('indexes');
});

afterAll(async () => {
  await target.stop();
});

let seq = 0;
function fresh(): Collection<AnyDoc> {
  seq += 1;
  return target.db.collection<AnyDoc>(`i${seq}`);
}

describe('index management', () => {
  it('creates, lists and drops indexes', async () => {
    const coll = fresh();
    await coll.insertOne({ a: 1, b: 1 });
    expect(await coll.createIndex({ a: 1 })).toBe('a_1');
    expect(await coll.createIndex({ a: 1, b: -1 }, { unique: true, name: 'ab' })).toBe('ab');
    const listed = await coll.listIndexes().toArray();
    expect(listed.map((i) => i.name)).toEqual(['_id_', 'a_1', 'ab']);
    expect(listed.find((i) => i.name === 'ab')).toMatchObject({ v: 2, key: { a: 1, b: -1 }, unique: true });
    expect(listed.find((i) => i.name === '_id_')).toMatchObject({ key: { _id: 1 } });
    await coll.dropIndex('a_1');
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'ab']);
    await coll.dropIndexes();
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('is idempotent for an identical spec', async () => {
    const coll = fresh();
    await coll.createIndex({ a: 1 }, { unique: true });
    await coll.createIndex({ a: 1 }, { unique: true });
    const reply = await target.db.command({ createIndexes: coll.collectionName, indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] });
    expect(reply.numIndexesBefore).toBe(reply.numIndexesAfter);
    expect((await coll.listIndexes().toArray()).length).toBe(2);
  });

  it('creates the collection when indexing a missing one', async () => {
    const coll = fresh();
    await coll.createIndex({ z: 1 });
    const names = (await target.db.listCollections({ name: coll.collectionName }).toArray()).map((c) => c.name);
    expect(names).toEqual([coll.collectionName]);
  });

  it('rejects conflicting definitions (85/86)', async () => {
    const coll = fresh();
    await coll.createIndex({ a: 1 });
    const sameNameOtherKey = await serverError(coll.createIndex({ b: 1 }, { name: 'a_1' }));
    expect([85, 86]).toContain(sameNameOtherKey.code);
    const sameKeyOtherName = await serverError(coll.createIndex({ a: 1 }, { name: 'other' }));
    expect([85, 86]).toContain(sameKeyOtherName.code);
    const sameNameOtherOptions = await serverError(coll.createIndex({ a: 1 }, { unique: true }));
    expect([85, 86]).toContain(sameNameOtherOptions.code);
  });

  it('refuses to build a unique index over duplicate data, leaving no index behind', async () => {
    const coll = fresh();
    await coll.insertMany([{ e: 'x' }, { e: 'x' }]);
    const error = await serverError(coll.createIndex({ e: 1 }, { unique: true }));
    expect(error.code).toBe(11000);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('fails to drop the _id index, a missing index, or indexes of a missing collection', async () => {
    const coll = fresh();
    await coll.insertOne({});
    expect((await serverError(coll.dropIndex('_id_'))).code).toBe(72);
    expect((await serverError(coll.dropIndex('nope_1'))).code).toBe(27);
    expect((await serverError(target.db.collection('missing_coll').listIndexes().toArray())).code).toBe(26);
  });

  it('drops an index by key pattern', async () => {
    const coll = fresh();
    await coll.createIndex({ k: 1 }, { name: 'custom' });
    await target.db.command({ dropIndexes: coll.collectionName, index: { k: 1 } });
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });
});

describe('unique indexes', () => {
  it('rejects a duplicate with code 11000, keyPattern and keyValue', async () => {
    const coll = fresh();
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'a@x' });
    const error = await serverError(coll.insertOne({ email: 'a@x' }));
    expect(error.code).toBe(11000);
    expect(error.codeName ?? 'DuplicateKey').toBe('DuplicateKey');
    expect(error.keyPattern).toEqual({ email: 1 });
    expect(error.keyValue).toEqual({ email: 'a@x' });
    expect(error.message).toContain('email_1 dup key');
  });

  it('indexes a missing field as null, so only one document may lack it', async () => {
    const coll = fresh();
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ other: 1 });
    const error = await serverError(coll.insertOne({ other: 2 }));
    expect(error.code).toBe(11000);
    expect(error.keyValue).toEqual({ email: null });
  });

  it('lets a sparse unique index skip documents missing the field', async () => {
    const coll = fresh();
    await coll.createIndex({ email: 1 }, { unique: true, sparse: true });
    await coll.insertMany([{ other: 1 }, { other: 2 }]);
    await coll.insertOne({ email: 'a@x' });
    expect((await serverError(coll.insertOne({ email: 'a@x' }))).code).toBe(11000);
  });

  it('treats numeric types alike and strings apart', async () => {
    const coll = fresh();
    await coll.createIndex({ n: 1 }, { unique: true });
    await coll.insertOne({ n: 1 });
    expect((await serverError(coll.insertOne({ n: 1.0 }))).code).toBe(11000);
    expect((await serverError(coll.insertOne({ n: Long.fromNumber(1) }))).code).toBe(11000);
    await coll.insertOne({ n: '1' });
    expect(await coll.countDocuments({ n: 1 })).toBe(1);
    expect(await coll.countDocuments({ n: '1' })).toBe(1);
  });

  it('enforces compound uniqueness on the combination only', async () => {
    const coll = fresh();
    await coll.createIndex({ competitionId: 1, idHash: 1 }, { unique: true });
    await coll.insertMany([
      { competitionId: 'c1', idHash: 'h1' },
      { competitionId: 'c1', idHash: 'h2' },
      { competitionId: 'c2', idHash: 'h1' },
    ]);
    const error = await serverError(coll.insertOne({ competitionId: 'c1', idHash: 'h1' }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ competitionId: 1, idHash: 1 });
    expect(error.keyValue).toEqual({ competitionId: 'c1', idHash: 'h1' });
  });

  it('enforces a partial unique index only inside its filter', async () => {
    const coll = fresh();
    await coll.createIndex({ person: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll.insertMany([
      { person: 'p', active: false },
      { person: 'p', active: false },
      { person: 'p', active: true },
    ]);
    expect((await serverError(coll.insertOne({ person: 'p', active: true }))).code).toBe(11000);
    // Withdrawing the active one frees the slot.
    await coll.updateOne({ person: 'p', active: true }, { $set: { active: false } });
    await coll.insertOne({ person: 'p', active: true });
    expect(await coll.countDocuments({ person: 'p' })).toBe(4);
  });

  it('checks every element of an array field (multikey)', async () => {
    const coll = fresh();
    await coll.createIndex({ tags: 1 }, { unique: true });
    await coll.insertOne({ tags: ['a', 'b'] });
    expect((await serverError(coll.insertOne({ tags: ['c', 'b'] }))).code).toBe(11000);
    await coll.insertOne({ tags: ['c'] });
  });

  it('rejects an update that would duplicate a key, leaving the document unchanged', async () => {
    const coll = fresh();
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }]);
    const error = await serverError(coll.updateOne({ _id: 2 }, { $set: { email: 'a', touched: true } }));
    expect(error.code).toBe(11000);
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b' });
    // Setting a document's own key again is fine.
    await coll.updateOne({ _id: 1 }, { $set: { email: 'a', touched: true } });
  });

  it('stops a multi update at the first duplicate', async () => {
    const coll = fresh();
    await coll.createIndex({ slot: 1 }, { unique: true, sparse: true });
    await coll.insertMany([{ _id: 1, g: 1 }, { _id: 2, g: 1 }]);
    const error = await serverError(coll.updateMany({ g: 1 }, { $set: { slot: 'same' } }));
    expect(error.code).toBe(11000);
    expect(await coll.countDocuments({ slot: 'same' })).toBe(1);
  });

  it('rejects an upsert that would duplicate a key', async () => {
    const coll = fresh();
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'a', name: 'first' });
    const error = await serverError(coll.updateOne({ name: 'second' }, { $set: { email: 'a' } }, { upsert: true }));
    expect(error.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('frees a key when its document is deleted', async () => {
    const coll = fresh();
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ email: 'a' });
    await coll.deleteOne({ email: 'a' });
    await coll.insertOne({ email: 'a' });
    expect(await coll.countDocuments({ email: 'a' })).toBe(1);
  });
});

describe('indexed look-ups', () => {
  it('return the same answers as scans, for equality, $in, $and and prefixes', async () => {
    const coll = fresh();
    const docs = Array.from({ length: 60 }, (_, i) => ({ _id: i, c: `c${i % 3}`, h: `h${i % 20}`, s: i % 2 === 0 ? 'on' : 'off', v: i }));
    await coll.insertMany(docs);
    await coll.createIndex({ c: 1, h: 1 }, { unique: true });
    await coll.createIndex({ s: 1 });
    const ids = async (filter: Document): Promise<unknown[]> => (await coll.find(filter).toArray()).map((d) => d._id).sort((a, b) => Number(a) - Number(b));
    const scan = (pred: (d: (typeof docs)[number]) => boolean): unknown[] => docs.filter(pred).map((d) => d._id);
    expect(await ids({ c: 'c1', h: 'h4' })).toEqual(scan((d) => d.c === 'c1' && d.h === 'h4'));
    expect(await ids({ c: 'c2' })).toEqual(scan((d) => d.c === 'c2'));
    expect(await ids({ c: { $in: ['c0', 'c2'] }, h: 'h0' })).toEqual(scan((d) => ['c0', 'c2'].includes(d.c) && d.h === 'h0'));
    expect(await ids({ $and: [{ s: 'on' }, { v: { $gt: 50 } }] })).toEqual(scan((d) => d.s === 'on' && d.v > 50));
    expect(await ids({ s: { $eq: 'off' }, c: 'c0' })).toEqual(scan((d) => d.s === 'off' && d.c === 'c0'));
    // Later changes are reflected by the indexes.
    await coll.updateOne({ _id: 0 }, { $set: { s: 'moved' } });
    expect(await ids({ s: 'moved' })).toEqual([0]);
    await coll.deleteOne({ _id: 0 });
    expect(await ids({ s: 'moved' })).toEqual([]);
  });
});
