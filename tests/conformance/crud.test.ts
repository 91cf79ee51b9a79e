/**
 * Insert, find, cursors, delete, count, distinct and aggregate through the official driver.
 */
import { type Collection, type Document, Long, MongoBulkWriteError, ObjectId } from 'mongodb';

import { type AnyDoc, type Target, openTarget, serverError } from './harness';

let target: Target;

beforeAll(async () => {
  target = await openTarget('crud');
});

afterAll(async () => {
  await target.stop();
});

let seq = 0;
/** A fresh collection per test, so cases never see each other's documents. */
function fresh(): Collection<AnyDoc> {
  seq += 1;
  return target.db.collection<AnyDoc>(`c${seq}`);
}

async function bulkError(promise: Promise<unknown>): Promise<MongoBulkWriteError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MongoBulkWriteError) return err;
    throw err;
  }
  throw new Error('expected a bulk write error');
}

describe('insert', () => {
  it('inserts one document and assigns an ObjectId when none is given', async () => {
    const coll = fresh();
    const result = await coll.insertOne({ name: 'a' });
    expect(result.insertedId).toBeInstanceOf(ObjectId);
    const stored = await coll.findOne({ _id: result.insertedId });
    expect(stored).toEqual({ _id: result.insertedId, name: 'a' });
  });

  it('keeps BSON types: dates, ObjectIds, nested documents and arrays, large longs', async () => {
    const coll = fresh();
    const doc = {
      _id: new ObjectId(),
      when: new Date('2025-03-04T05:06:07.089Z'),
      ref: new ObjectId(),
      nested: { a: [1, 'two', { three: 3 }], b: null },
      big: Long.fromString('9007199254740993'),
      flag: true,
      ratio: 0.25,
    };
    await coll.insertOne(doc);
    const stored = await coll.findOne({ _id: doc._id });
    expect(stored).toEqual(doc);
  });

  it('stops an ordered insert at the first duplicate and reports it as a write error', async () => {
    const coll = fresh();
    const error = await bulkError(coll.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }], { ordered: true }));
    expect(error.code).toBe(11000);
    expect(error.result.insertedCount).toBe(2);
    const writeErrors = [error.writeErrors].flat();
    expect(writeErrors.map((e) => [e.index, e.code])).toEqual([[2, 11000]]);
    expect(await coll.countDocuments()).toBe(2);
  });

  it('continues an unordered insert past duplicates and reports each one', async () => {
    const coll = fresh();
    const error = await bulkError(coll.insertMany([{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }, { _id: 3 }], { ordered: false }));
    const writeErrors = [error.writeErrors].flat();
    expect(writeErrors.map((e) => e.index).sort()).toEqual([1, 3]);
    expect(writeErrors.every((e) => e.code === 11000)).toBe(true);
    expect(error.result.insertedCount).toBe(3);
    expect(await coll.countDocuments()).toBe(3);
  });

  it('reports the duplicate _id with keyPattern and keyValue', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 'x' });
    const error = await serverError(coll.insertOne({ _id: 'x' }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ _id: 1 });
    expect(error.keyValue).toEqual({ _id: 'x' });
    expect(error.message).toMatch(/E11000 duplicate key error collection: .*index: _id_ dup key/);
  });
});

describe('find', () => {
  let coll: Collection<AnyDoc>;

  beforeAll(async () => {
    coll = fresh();
    await coll.insertMany(
      Array.from({ length: 10 }, (_, i) => ({ _id: i, n: i, parity: i % 2 === 0 ? 'even' : 'odd', tags: i < 3 ? ['low'] : ['high', `t${i}`], sub: { v: 10 - i } })),
    );
  });

  it('filters with comparison, logical, array and nested-field operators', async () => {
    const ids = async (filter: Document): Promise<unknown[]> => (await coll.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ n: { $gte: 7 } })).toEqual([7, 8, 9]);
    expect(await ids({ parity: 'odd', n: { $lt: 5 } })).toEqual([1, 3]);
    expect(await ids({ $or: [{ n: 0 }, { n: 9 }] })).toEqual([0, 9]);
    expect(await ids({ tags: 'low' })).toEqual([0, 1, 2]);
    expect(await ids({ tags: { $all: ['high', 't4'] } })).toEqual([4]);
    expect(await ids({ 'sub.v': { $in: [1, 2] } })).toEqual([8, 9]);
    expect(await ids({ n: { $nin: [0, 1, 2, 3, 4, 5, 6, 7] } })).toEqual([8, 9]);
    expect(await ids({ missing: { $exists: false }, n: { $mod: [4, 0] } })).toEqual([0, 4, 8]);
    expect(await ids({ parity: { $regex: '^ev' }, n: { $gt: 6 } })).toEqual([8]);
  });

  it('matches null against missing fields', async () => {
    expect(await coll.countDocuments({ missing: null })).toBe(10);
  });

  it('sorts, skips and limits', async () => {
    const docs = await coll.find({}).sort({ parity: 1, n: -1 }).skip(2).limit(3).toArray();
    expect(docs.map((d) => d._id)).toEqual([4, 2, 0]);
  });

  it('projects inclusions and exclusions', async () => {
    const included = await coll.findOne({ _id: 3 }, { projection: { n: 1, 'sub.v': 1 } });
    expect(included).toEqual({ _id: 3, n: 3, sub: { v: 7 } });
    const excluded = await coll.findOne({ _id: 3 }, { projection: { _id: 0, tags: 0, sub: 0 } });
    expect(excluded).toEqual({ n: 3, parity: 'odd' });
  });

  it('an inclusion of top-level fields answers them in the document’s order, _id first', async () => {
    const stored = await coll.findOne({ _id: 3 }, { projection: { sub: 1, n: 1, parity: true } });
    expect(Object.keys(stored ?? {})).toEqual(['_id', 'n', 'parity', 'sub']);
    const withoutId = await coll.findOne({ _id: 3 }, { projection: { sub: 1, _id: 0, n: 1 } });
    expect(withoutId).toEqual({ n: 3, sub: { v: 7 } });
    expect(Object.keys(withoutId ?? {})).toEqual(['n', 'sub']);
  });

  it('returns nothing from a missing collection', async () => {
    expect(await target.db.collection('never_created').find({}).toArray()).toEqual([]);
  });
});

describe('cursors', () => {
  let coll: Collection<AnyDoc>;
  /** Raw commands keep cursor ids as Long (getMore requires the long type). */
  const run = (command: Document): Promise<Document> => target.db.command(command, { promoteLongs: false });

  beforeAll(async () => {
    coll = fresh();
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i })));
  });

  it('returns every document across batches of 2 via getMore', async () => {
    const reply = await run({ find: coll.collectionName, filter: {}, sort: { _id: 1 }, batchSize: 2 });
    const firstBatch = reply.cursor.firstBatch as Document[];
    expect(firstBatch.map((d) => d._id)).toEqual([0, 1]);
    let id = reply.cursor.id as Long;
    expect(id.isZero()).toBe(false);
    const seen = firstBatch.map((d) => d._id);
    while (!id.isZero()) {
      const more = await run({ getMore: id, collection: coll.collectionName, batchSize: 2 });
      const next = more.cursor.nextBatch as Document[];
      expect(next.length).toBeLessThanOrEqual(2);
      seen.push(...next.map((d) => d._id));
      id = more.cursor.id as Long;
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('iterates through the driver with a small batch size', async () => {
    const docs = await coll.find({}, { batchSize: 2 }).sort({ _id: -1 }).toArray();
    expect(docs.map((d) => d._id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('closes the cursor (id 0) when the first batch holds everything', async () => {
    const reply = await run({ find: coll.collectionName, filter: { _id: { $lt: 3 } } });
    expect((reply.cursor.id as Long).isZero()).toBe(true);
    expect(reply.cursor.ns).toBe(`${target.dbName}.${coll.collectionName}`);
  });

  it('respects limit across batches and singleBatch', async () => {
    const limited = await coll.find({}, { batchSize: 2 }).limit(5).toArray();
    expect(limited).toHaveLength(5);
    const single = await run({ find: coll.collectionName, batchSize: 3, singleBatch: true });
    expect(single.cursor.firstBatch).toHaveLength(3);
    expect((single.cursor.id as Long).isZero()).toBe(true);
  });

  it('kills a cursor, after which getMore fails with CursorNotFound', async () => {
    const reply = await run({ find: coll.collectionName, batchSize: 2 });
    const id = reply.cursor.id as Long;
    const killed = await run({ killCursors: coll.collectionName, cursors: [id] });
    expect((killed.cursorsKilled as Long[]).map(String)).toEqual([id.toString()]);
    const error = await serverError(run({ getMore: id, collection: coll.collectionName }));
    expect(error.code).toBe(43);
  });

  it('closes a driver cursor early without error', async () => {
    const cursor = coll.find({}, { batchSize: 2 });
    expect(await cursor.next()).not.toBeNull();
    await cursor.close();
  });
});

describe('delete', () => {
  it('deletes one or many', async () => {
    const coll = fresh();
    await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await coll.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ k: 1 })).deletedCount).toBe(2);
    expect((await coll.deleteMany({ k: 99 })).deletedCount).toBe(0);
    expect(await coll.countDocuments()).toBe(1);
  });
});

describe('count, distinct and aggregate', () => {
  let coll: Collection<AnyDoc>;

  beforeAll(async () => {
    coll = fresh();
    await coll.insertMany([
      { trade: 'welding', group: 'worker', score: 80, union: 'u1' },
      { trade: 'welding', group: 'student', score: 90, union: 'u1' },
      { trade: 'electric', group: 'worker', score: 70, union: 'u2' },
      { trade: 'electric', group: 'worker', score: 75, union: 'u2', tags: ['a', 'b'] },
      { trade: 'cnc', group: 'student', score: 60, union: 'u3', tags: ['b', 'c'] },
    ]);
    await target.db.collection('unions_for_lookup').insertMany([
      { code: 'u1', name: 'Union One' },
      { code: 'u2', name: 'Union Two' },
    ]);
  });

  it('counts with countDocuments, estimatedDocumentCount and the count command', async () => {
    expect(await coll.countDocuments({ group: 'worker' })).toBe(3);
    expect(await coll.countDocuments({ group: 'worker' }, { skip: 1, limit: 1 })).toBe(1);
    expect(await coll.countDocuments({ group: 'nobody' })).toBe(0);
    expect(await coll.estimatedDocumentCount()).toBe(5);
    const reply = await target.db.command({ count: coll.collectionName, query: { trade: 'welding' } });
    expect(reply.n).toBe(2);
  });

  it('returns distinct values, unwinding arrays', async () => {
    expect((await coll.distinct('trade')).sort()).toEqual(['cnc', 'electric', 'welding']);
    expect((await coll.distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
    expect((await coll.distinct('trade', { group: 'student' })).sort()).toEqual(['cnc', 'welding']);
  });

  it('aggregates with $match, $group, $sort, $project, $skip, $limit and $count', async () => {
    const byTrade = await coll
      .aggregate([
        { $match: { score: { $gte: 65 } } },
        { $group: { _id: '$trade', n: { $sum: 1 }, best: { $max: '$score' } } },
        { $sort: { _id: 1 } },
        { $project: { _id: 0, trade: '$_id', n: 1, best: 1 } },
      ])
      .toArray();
    expect(byTrade).toEqual([
      { n: 2, best: 75, trade: 'electric' },
      { n: 2, best: 90, trade: 'welding' },
    ]);
    const page = await coll.aggregate([{ $sort: { score: -1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 0, score: 1 } }]).toArray();
    expect(page).toEqual([{ score: 80 }, { score: 75 }]);
    const counted = await coll.aggregate([{ $match: { group: 'worker' } }, { $count: 'workers' }]).toArray();
    expect(counted).toEqual([{ workers: 3 }]);
  });

  it('joins another collection of the same database with $lookup', async () => {
    const joined = await coll
      .aggregate([
        { $match: { trade: 'welding', group: 'worker' } },
        { $lookup: { from: 'unions_for_lookup', localField: 'union', foreignField: 'code', as: 'unionDoc' } },
        { $project: { _id: 0, union: 1, name: { $arrayElemAt: ['$unionDoc.name', 0] } } },
      ])
      .toArray();
    expect(joined).toEqual([{ union: 'u1', name: 'Union One' }]);
  });

  it('pages an aggregation result through a cursor', async () => {
    const docs = await coll.aggregate([{ $sort: { score: 1 } }], { batchSize: 2 }).toArray();
    expect(docs.map((d) => d.score)).toEqual([60, 70, 75, 80, 90]);
  });

  it('does not let an aggregation change the stored documents', async () => {
    await coll.aggregate([{ $match: { trade: 'cnc' } }, { $addFields: { 'extra.flag': true, score: 0 } }]).toArray();
    const stored = await coll.findOne({ trade: 'cnc' }, { projection: { _id: 0, score: 1, extra: 1 } });
    expect(stored).toEqual({ score: 60 });
  });
});
