/**
 * Update operators, replacements, upserts and their error cases, through the driver.
 */
import { type Collection, type Document, ObjectId } from 'mongodb';

import { type AnyDoc, type Target, openTarget, serverError, untypedUpdate } from './harness';

let target: Target;

beforeAll(async () => {
  target = await openTarget('update');
});

afterAll(async () => {
  await target.stop();
});

let seq = 0;
function fresh(): Collection<AnyDoc> {
  seq += 1;
  return target.db.collection<AnyDoc>(`u${seq}`);
}

/** Inserts `doc` as _id 1, applies `update`, returns the stored result without _id. */
async function applied(doc: Document, update: Document, options: Document = {}): Promise<Document | null> {
  const coll = fresh();
  await coll.insertOne({ _id: 1, ...doc });
  await coll.updateOne({ _id: 1 }, update, options);
  return coll.findOne({ _id: 1 }, { projection: { _id: 0 } });
}

describe('update operators', () => {
  it('$set, including nested paths and new fields', async () => {
    expect(await applied({ a: 1, n: { x: 1 } }, { $set: { a: 2, 'n.y': 3, b: 'new' } })).toEqual({ a: 2, n: { x: 1, y: 3 }, b: 'new' });
  });

  it('$unset', async () => {
    expect(await applied({ a: 1, b: 2, n: { x: 1, y: 2 } }, { $unset: { a: '', 'n.y': '' } })).toEqual({ b: 2, n: { x: 1 } });
  });

  it('$inc on existing and missing fields, and $mul', async () => {
    expect(await applied({ a: 1, f: 1.5 }, { $inc: { a: 2, b: 5, f: 0.25 } })).toEqual({ a: 3, f: 1.75, b: 5 });
    expect(await applied({ a: 3 }, { $mul: { a: 4, z: 2 } })).toEqual({ a: 12, z: 0 });
  });

  it('$min and $max', async () => {
    expect(await applied({ lo: 5, hi: 5 }, { $min: { lo: 3, hi: 9 }, $max: { m: 1 } })).toEqual({ lo: 3, hi: 5, m: 1 });
    expect(await applied({ lo: 5, hi: 5 }, { $max: { lo: 3, hi: 9 } })).toEqual({ lo: 5, hi: 9 });
  });

  it('$push, with $each, $sort and $slice', async () => {
    expect(await applied({ xs: [1] }, { $push: { xs: 2, ys: 'first' } })).toEqual({ xs: [1, 2], ys: ['first'] });
    expect(await applied({ xs: [5, 1] }, { $push: { xs: { $each: [4, 2, 3], $sort: 1, $slice: 3 } } })).toEqual({ xs: [1, 2, 3] });
  });

  it('$push of an audit-trail entry (a document) onto an array of documents', async () => {
    const entry = { by: 'official', role: 'union', at: new Date('2025-01-01T00:00:00Z'), reason: null };
    expect(await applied({ trail: [] }, { $push: { trail: entry } })).toEqual({ trail: [entry] });
  });

  it('$addToSet, with $each', async () => {
    expect(await applied({ s: ['a'] }, { $addToSet: { s: 'a' } })).toEqual({ s: ['a'] });
    expect(await applied({ s: ['a'] }, { $addToSet: { s: { $each: ['a', 'b', 'c'] } } })).toEqual({ s: ['a', 'b', 'c'] });
  });

  it('$pull by value and by condition, $pullAll, $pop', async () => {
    expect(await applied({ xs: [1, 2, 3, 2] }, { $pull: { xs: 2 } })).toEqual({ xs: [1, 3] });
    expect(await applied({ xs: [1, 5, 9] }, { $pull: { xs: { $gte: 5 } } })).toEqual({ xs: [1] });
    expect(await applied({ items: [{ k: 'a' }, { k: 'b' }] }, { $pull: { items: { k: 'a' } } })).toEqual({ items: [{ k: 'b' }] });
    expect(await applied({ xs: [1, 2, 3, 1] }, { $pullAll: { xs: [1, 3] } })).toEqual({ xs: [2] });
    expect(await applied({ xs: [1, 2, 3] }, { $pop: { xs: 1 } })).toEqual({ xs: [1, 2] });
    expect(await applied({ xs: [1, 2, 3] }, { $pop: { xs: -1 } })).toEqual({ xs: [2, 3] });
  });

  it('$rename', async () => {
    expect(await applied({ old: 1, keep: 2 }, { $rename: { old: 'renamed' } })).toEqual({ keep: 2, renamed: 1 });
  });

  it('$currentDate sets a date close to now', async () => {
    const before = Date.now();
    const doc = await applied({}, { $currentDate: { touched: true } });
    expect(doc?.touched).toBeInstanceOf(Date);
    expect((doc?.touched as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect((doc?.touched as Date).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('the positional $ operator and arrayFilters', async () => {
    const items = [
      { k: 'a', q: 1 },
      { k: 'b', q: 2 },
    ];
    const coll = fresh();
    await coll.insertOne({ _id: 1, items });
    await coll.updateOne({ _id: 1, 'items.k': 'b' }, { $set: { 'items.$.q': 20 } });
    await coll.updateOne({ _id: 1 }, { $inc: { 'items.$[e].q': 100 } }, { arrayFilters: [{ 'e.k': 'a' }] });
    expect((await coll.findOne({ _id: 1 }))?.items).toEqual([
      { k: 'a', q: 101 },
      { k: 'b', q: 20 },
    ]);
  });

  it('a conditional transition: status + version guard, $set, $inc and $push together', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, status: 'submitted', version: 1, trail: [] });
    const transition = untypedUpdate({ $set: { status: 'union_approved' }, $inc: { version: 1 }, $push: { trail: { to: 'union_approved' } } });
    const first = await coll.updateOne({ _id: 1, status: 'submitted', version: 1 }, transition);
    const second = await coll.updateOne({ _id: 1, status: 'submitted', version: 1 }, transition);
    expect([first.modifiedCount, second.matchedCount]).toEqual([1, 0]);
    expect(await coll.findOne({ _id: 1 }, { projection: { _id: 0 } })).toEqual({ status: 'union_approved', version: 2, trail: [{ to: 'union_approved' }] });
  });
});

describe('update statements', () => {
  it('reports matched and modified counts, and no modification for a no-op $set', async () => {
    const coll = fresh();
    await coll.insertMany([{ g: 1, v: 0 }, { g: 1, v: 0 }, { g: 2, v: 0 }]);
    const many = await coll.updateMany({ g: 1 }, { $set: { v: 1 } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const noop = await coll.updateMany({ g: 1 }, { $set: { v: 1 } });
    expect([noop.matchedCount, noop.modifiedCount]).toEqual([2, 0]);
    const none = await coll.updateOne({ g: 9 }, { $set: { v: 1 } });
    expect([none.matchedCount, none.modifiedCount, none.upsertedCount]).toEqual([0, 0, 0]);
  });

  it('replaces a whole document, keeping its _id', async () => {
    const coll = fresh();
    const { insertedId } = await coll.insertOne({ a: 1, b: 2 });
    const result = await coll.replaceOne({ _id: insertedId }, { c: 3 });
    expect(result.modifiedCount).toBe(1);
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
  });

  it('upserts with the filter equalities and $setOnInsert, reporting the new _id', async () => {
    const coll = fresh();
    const created = new Date('2025-01-01T00:00:00Z');
    const first = await coll.updateOne(
      { code: 'U1', kind: { $eq: 'city' } },
      { $set: { name: 'First' }, $setOnInsert: { createdAt: created } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    expect(first.upsertedId).toBeInstanceOf(ObjectId);
    const second = await coll.updateOne({ code: 'U1' }, { $set: { name: 'Second' }, $setOnInsert: { createdAt: new Date() } }, { upsert: true });
    expect([second.matchedCount, second.upsertedCount]).toEqual([1, 0]);
    const stored = await coll.findOne({ code: 'U1' }, { projection: { _id: 0 } });
    expect(stored).toEqual({ code: 'U1', kind: 'city', name: 'Second', createdAt: created });
  });

  it('upserts a replacement, taking _id from the filter', async () => {
    const coll = fresh();
    const result = await coll.replaceOne({ _id: 'fixed' }, { v: 1 }, { upsert: true });
    expect(result.upsertedId).toBe('fixed');
    expect(await coll.findOne({ _id: 'fixed' })).toEqual({ _id: 'fixed', v: 1 });
  });

  it('reports upserted entries with their statement index in a bulk write', async () => {
    const coll = fresh();
    await coll.insertOne({ k: 'exists' });
    const result = await coll.bulkWrite([
      { updateOne: { filter: { k: 'exists' }, update: { $set: { seen: true } }, upsert: true } },
      { updateOne: { filter: { k: 'new' }, update: { $set: { seen: true } }, upsert: true } },
    ]);
    expect(result.upsertedCount).toBe(1);
    expect(Object.keys(result.upsertedIds)).toEqual(['1']);
    expect(result.matchedCount).toBe(1);
  });
});

describe('update errors', () => {
  it('refuses $inc on a non-numeric field (TypeMismatch 14) and changes nothing', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, s: 'text', n: 1 });
    const error = await serverError(coll.updateOne({ _id: 1 }, { $inc: { s: 1, n: 1 } }));
    expect(error.code).toBe(14);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, s: 'text', n: 1 });
  });

  it('refuses to change _id (ImmutableField 66)', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, a: 1 });
    const error = await serverError(coll.updateOne({ _id: 1 }, { $set: { _id: 2 } }));
    expect(error.code).toBe(66);
    const replaced = await serverError(coll.replaceOne({ _id: 1 }, { _id: 3, a: 2 }));
    expect(replaced.code).toBe(66);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, a: 1 });
  });

  it('refuses two operators on the same path (ConflictingUpdateOperators 40)', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, a: 1 });
    const error = await serverError(coll.updateOne({ _id: 1 }, { $set: { a: 2 }, $inc: { a: 1 } }));
    expect(error.code).toBe(40);
  });

  it('refuses $push onto a non-array', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, a: 'x' });
    const error = await serverError(coll.updateOne({ _id: 1 }, untypedUpdate({ $push: { a: 1 } })));
    expect(error.code).toBe(2);
  });

  it('refuses an unknown update operator (FailedToParse 9)', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1 });
    const error = await serverError(coll.updateOne({ _id: 1 }, { $frobnicate: { a: 1 } }));
    expect(error.code).toBe(9);
  });
});
