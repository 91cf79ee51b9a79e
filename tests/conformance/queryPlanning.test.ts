/**
 * Index look-ups must never change an answer. The store answers equalities on a compound index's
 * leading fields from a map of that prefix (built the first time a query needs it) and a sort on
 * `_id` alone in order, with `_id` bounds applied by binary search; MongoDB plans differently but
 * answers the same. Each case runs the same query on an indexed collection and on an unindexed
 * twin holding the same documents, and compares; the planning must also follow later writes.
 */
import { type Collection, type Document, ObjectId } from 'mongodb';

import { type AnyDoc, type Target, openTarget } from './harness';

let target: Target;
let indexed: Collection<AnyDoc>;
let plain: Collection<AnyDoc>;

const competitions = [new ObjectId(), new ObjectId()];
const unions = Array.from({ length: 4 }, () => new ObjectId());
const statuses = ['submitted', 'union_approved', 'confirmed', 'withdrawn'];
const ids: ObjectId[] = [];

/** Queue-like documents: a multikey union path, ids inserted out of order. */
function docs(count: number, offset: number): AnyDoc[] {
  return Array.from({ length: count }, (_, k) => {
    const i = k + offset;
    const id = new ObjectId();
    ids.push(id);
    return {
      _id: id,
      competitionId: competitions[i % 2],
      unionPath: i % 3 === 0 ? [unions[0], unions[1]] : [unions[0], unions[2 + (i % 2)]],
      status: statuses[i % statuses.length],
      tradeCode: i % 5 === 0 ? 'welding' : 'cnc',
      n: i,
    };
  }).reverse();
}

// Made before the cases are declared: their keyset cursors are ids of these documents.
const seeded = docs(400, 0);

beforeAll(async () => {
  target = await openTarget('planning');
  indexed = target.db.collection<AnyDoc>('indexed');
  plain = target.db.collection<AnyDoc>('plain');
  await indexed.createIndex({ competitionId: 1, unionPath: 1, status: 1, _id: 1 }, { name: 'queue_by_union' });
  await indexed.createIndex({ competitionId: 1, status: 1, _id: 1 }, { name: 'queue_all' });
  await indexed.createIndex({ competitionId: 1, tradeCode: 1 });
  await indexed.insertMany(seeded);
  await plain.insertMany(seeded);
});

afterAll(async () => {
  await target.stop();
});

async function both(filter: Document, options: { sort?: Document; limit?: number; skip?: number } = {}): Promise<[unknown[], unknown[]]> {
  const run = (coll: Collection<AnyDoc>) => coll.find(filter, options).toArray();
  return [await run(indexed), await run(plain)];
}

const sortById = (rows: AnyDoc[]) => [...rows].sort((a, b) => String(a._id).localeCompare(String(b._id)));

const cursorAt = (position: number) => sortById(ids.map((_id) => ({ _id })))[position]!._id as ObjectId;

describe('equality look-ups on a prefix of a compound index', () => {
  it.each([
    ['two leading fields, multikey', { competitionId: competitions[0], unionPath: unions[1] }],
    ['three leading fields', { competitionId: competitions[1], unionPath: unions[0], status: 'submitted' }],
    ['$in on the multikey field and on status', { competitionId: competitions[0], unionPath: { $in: [unions[2], unions[3]] }, status: { $in: ['confirmed', 'withdrawn'] } }],
    ['prefix plus a field outside the index', { competitionId: competitions[0], unionPath: unions[0], n: { $gte: 100 } }],
    ['a value nobody has', { competitionId: competitions[0], unionPath: new ObjectId() }],
  ])('%s: same documents as without indexes', async (_label, filter) => {
    const [withIndex, without] = await both(filter);
    expect(sortById(withIndex as AnyDoc[])).toEqual(sortById(without as AnyDoc[]));
  });

  it('counts and aggregations answer the same', async () => {
    const filter = { competitionId: competitions[1], unionPath: unions[0], status: 'union_approved' };
    expect(await indexed.countDocuments(filter)).toBe(await plain.countDocuments(filter));
    expect(await indexed.countDocuments(filter)).toBeGreaterThan(0);
    const pipeline = [{ $match: { competitionId: competitions[0], unionPath: unions[0] } }, { $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }];
    expect(await indexed.aggregate(pipeline).toArray()).toEqual(await plain.aggregate(pipeline).toArray());
  });
});

describe('a sort on _id alone, with keyset bounds', () => {
  const queue = { competitionId: competitions[0], unionPath: unions[0], status: 'submitted' };

  it.each([
    ['first page', queue, { sort: { _id: 1 }, limit: 7 }],
    ['descending', queue, { sort: { _id: -1 }, limit: 7 }],
    ['after a cursor ($gt)', { ...queue, _id: { $gt: cursorAt(150) } }, { sort: { _id: 1 }, limit: 5 }],
    ['from a cursor ($gte, existing id)', { ...queue, _id: { $gte: cursorAt(200) } }, { sort: { _id: 1 }, limit: 5 }],
    ['before a cursor, descending ($lt)', { ...queue, _id: { $lt: cursorAt(250) } }, { sort: { _id: -1 }, limit: 5 }],
    ['between two bounds ($gt and $lte)', { ...queue, _id: { $gt: cursorAt(40), $lte: cursorAt(300) } }, { sort: { _id: 1 } }],
    ['skip and limit', { competitionId: competitions[1], status: { $in: ['union_approved', 'withdrawn'] } }, { sort: { _id: 1 }, skip: 9, limit: 4 }],
    ['past the last id', { ...queue, _id: { $gt: cursorAt(ids.length - 1) } }, { sort: { _id: 1 }, limit: 5 }],
    ['an extra condition the index does not hold', { ...queue, n: { $mod: [2, 0] } }, { sort: { _id: 1 }, limit: 6 }],
  ])('%s: same rows in the same order as without indexes', async (_label, filter, options) => {
    const [withIndex, without] = await both(filter, options);
    expect(withIndex).toEqual(without);
    if (!_label.startsWith('past')) expect(withIndex.length).toBeGreaterThan(0);
  });

  it('walks a whole queue by keyset pages, every row once, in order', async () => {
    const seen: unknown[] = [];
    let after: ObjectId | undefined;
    for (;;) {
      const page = await indexed.find(after ? { ...queue, _id: { $gt: after } } : queue, { sort: { _id: 1 }, limit: 6 }).toArray();
      if (page.length === 0) break;
      seen.push(...page.map((row) => row._id));
      after = page[page.length - 1]!._id as ObjectId;
    }
    expect(seen).toEqual((await plain.find(queue, { sort: { _id: 1 } }).toArray()).map((row) => row._id));
  });

  it('orders mixed _id types as MongoDB does (falls back to a full sort)', async () => {
    const mixed = target.db.collection<AnyDoc>('mixed');
    await mixed.createIndex({ k: 1, _id: 1 });
    await mixed.insertMany([{ _id: 'b', k: 1 }, { _id: 10, k: 1 }, { _id: new ObjectId(), k: 1 }, { _id: 2, k: 1 }, { _id: 'a', k: 2 }]);
    const rows = await mixed.find({ k: 1 }, { sort: { _id: 1 } }).toArray();
    expect(rows.map((row) => typeof row._id)).toEqual(['number', 'number', 'string', 'object']);
    expect(rows.slice(0, 2).map((row) => row._id)).toEqual([2, 10]);
  });
});

describe('the planning follows writes', () => {
  it('inserts, updates that move a document between prefixes, and deletes are seen by later look-ups', async () => {
    const queue = { competitionId: competitions[1], unionPath: unions[1], status: 'union_approved' };
    const page = async (coll: Collection<AnyDoc>) => coll.find(queue, { sort: { _id: 1 }, limit: 50 }).toArray();
    expect(await page(indexed)).toEqual(await page(plain)); // builds the prefix's map
    const added = docs(30, 1000);
    await indexed.insertMany(added);
    await plain.insertMany(added);
    for (const coll of [indexed, plain]) {
      await coll.updateMany({ competitionId: competitions[1], status: 'submitted', n: { $lt: 200 } }, { $set: { status: 'union_approved' } });
      await coll.updateMany({ competitionId: competitions[1], unionPath: unions[1], n: { $gte: 300, $lt: 1000 } }, { $set: { unionPath: [unions[0], unions[2]] } });
      await coll.deleteMany({ competitionId: competitions[1], n: { $mod: [7, 0] } });
    }
    const after = await page(indexed);
    expect(after).toEqual(await page(plain));
    expect(after.length).toBeGreaterThan(0);
    const count = { competitionId: competitions[1], unionPath: unions[2], status: 'union_approved' };
    expect(await indexed.countDocuments(count)).toBe(await plain.countDocuments(count));
  });
});

describe('look-ups through a partial index', () => {
  let partial: Collection<AnyDoc>;
  let twin: Collection<AnyDoc>;
  const competition = new ObjectId();

  beforeAll(async () => {
    partial = target.db.collection<AnyDoc>('partial');
    twin = target.db.collection<AnyDoc>('partial_twin');
    await partial.createIndex({ competitionId: 1, 'pass.serial': 1 }, { unique: true, partialFilterExpression: { 'pass.serial': { $exists: true } } });
    await partial.createIndex({ competitionId: 1, stationKey: 1 }, { unique: true, partialFilterExpression: { stationKey: { $type: 'string' } } });
    await partial.createIndex({ competitionId: 1, person: 1 }, { unique: true, partialFilterExpression: { active: true } });
    const rows = Array.from({ length: 120 }, (_, i) => ({
      _id: new ObjectId(),
      competitionId: competition,
      person: `p${i % 60}`,
      active: i < 60,
      ...(i % 3 === 0 ? {} : { pass: { serial: i }, stationKey: `s#${i}` }),
      ...(i % 3 === 1 ? { stationKey: null } : {}),
    }));
    await partial.insertMany(rows.map((row) => ({ ...row })));
    await twin.insertMany(rows.map((row) => ({ ...row })));
  });

  it.each([
    ['equality implying $exists', { competitionId: competition, 'pass.serial': 5 }],
    ['$in implying $exists', { competitionId: competition, 'pass.serial': { $in: [4, 5, 6, 7] } }],
    ['null: documents outside the index match', { competitionId: competition, 'pass.serial': null }],
    ['a string implying $type string', { competitionId: competition, stationKey: 's#8' }],
    ['null where the index holds strings only', { competitionId: competition, stationKey: null }],
    ['the literal the filter asks for', { competitionId: competition, person: 'p7', active: true }],
    ['without the filter’s field', { competitionId: competition, person: 'p7' }],
    ['the other value of that field', { competitionId: competition, person: 'p7', active: false }],
  ])('%s: same documents as without indexes', async (_label, filter) => {
    const [withIndex, without] = [await partial.find(filter).toArray(), await twin.find(filter).toArray()];
    expect(sortById(withIndex)).toEqual(sortById(without));
    expect(withIndex.length).toBeGreaterThan(0);
  });
});
