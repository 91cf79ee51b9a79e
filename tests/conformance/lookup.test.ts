/**
 * `$lookup` on localField/foreignField answers the same whether or not the foreign collection
 * has an index on foreignField (the store then looks the foreign documents up through it
 * instead of copying the whole collection). Each case joins the same people to `grants_indexed`
 * and to its unindexed twin `grants_plain`, and checks both against the expected join: a missing
 * or null localField joins the grants whose userId is null or missing, an array localField joins
 * on each element, an array foreignField on each of its elements.
 */
import { type Collection, type Document, ObjectId } from 'mongodb';

import { Collection as StoreCollection } from '../../bff/devstore/collection';
import { type AnyDoc, type Target, describeEmbedded, openTarget } from './harness';

let target: Target;
let people: Collection<AnyDoc>;

const A = new ObjectId();
const B = new ObjectId();
const C = new ObjectId();
const D = new ObjectId();

const grants: AnyDoc[] = [
  { _id: 'g1', userId: A, role: 'worker' },
  { _id: 'g2', userId: A, role: 'committee' },
  { _id: 'g3', userId: C, role: 'union_official' },
  { _id: 'g4', role: 'no user' },
  { _id: 'g5', userId: null, role: 'null user' },
  { _id: 'g6', userId: [D, C], role: 'two users' },
];

/** Person → the grant ids MongoDB joins to them on userId. */
const expected: Record<number, string[]> = {
  1: ['g1', 'g2'],
  2: [],
  3: ['g4', 'g5'],
  4: ['g4', 'g5'],
  5: ['g1', 'g2', 'g3', 'g6'],
  6: ['g3', 'g6'],
};

beforeAll(async () => {
  target = await openTarget('lookup');
  people = target.db.collection<AnyDoc>('people');
  await people.insertMany([
    { _id: 1, userId: A, grantIds: ['g1', 'g3'] },
    { _id: 2, userId: B },
    { _id: 3 },
    { _id: 4, userId: null },
    { _id: 5, userId: [A, C] },
    { _id: 6, userId: C },
  ]);
  await target.db.collection<AnyDoc>('grants_indexed').createIndex({ userId: 1 });
  await target.db.collection<AnyDoc>('grants_indexed').insertMany(grants.map((g) => ({ ...g })));
  await target.db.collection<AnyDoc>('grants_plain').insertMany(grants.map((g) => ({ ...g })));
});

afterAll(async () => {
  await target.stop();
});

/** `people` joined to `from` on userId after `before`, as person id → joined grant ids (sorted: MongoDB orders a join by its plan). */
async function joined(from: string, before: Document[] = [], after: Document[] = []): Promise<Record<number, string[]>> {
  const rows = await people
    .aggregate<{ _id: number; grants: AnyDoc[] }>([...before, { $lookup: { from, localField: 'userId', foreignField: 'userId', as: 'grants' } }, ...after, { $sort: { _id: 1 } }])
    .toArray();
  return Object.fromEntries(rows.map((row) => [row._id, row.grants.map((g) => String(g._id)).sort()]));
}

it('joins on userId the same with an index on the foreign field as without', async () => {
  const indexed = await joined('grants_indexed');
  expect(indexed).toEqual(expected);
  expect(await joined('grants_plain')).toEqual(indexed);
});

it('joins the same after earlier stages, as a session look-up does ($match on the person, then $lookup)', async () => {
  const cases: Array<[Document, number[]]> = [
    [{ _id: 1 }, [1]],
    [{ _id: 3 }, [3]],
    [{ _id: 5 }, [5]],
    [{ _id: { $in: [2, 4, 6] } }, [2, 4, 6]],
  ];
  for (const [match, ids] of cases) {
    const before = [{ $match: match }, { $project: { userId: 1 } }];
    const indexed = await joined('grants_indexed', before);
    expect(indexed).toEqual(Object.fromEntries(ids.map((id) => [id, expected[id]])));
    expect(await joined('grants_plain', before)).toEqual(indexed);
  }
});

it('joins an array of ids to the foreign _id', async () => {
  const [row] = await people
    .aggregate<{ grants: AnyDoc[] }>([{ $match: { _id: 1 } }, { $lookup: { from: 'grants_indexed', localField: 'grantIds', foreignField: '_id', as: 'grants' } }])
    .toArray();
  expect(row?.grants.map((g) => g.role).sort()).toEqual(['union_official', 'worker']);
});

it('gives later stages copies: changing the joined documents leaves the stored ones as they were', async () => {
  await joined('grants_indexed', [], [{ $set: { 'grants.role': 'changed' } }]);
  await joined('grants_plain', [], [{ $set: { 'grants.role': 'changed' } }]);
  for (const name of ['grants_indexed', 'grants_plain']) {
    const stored = await target.db.collection<AnyDoc>(name).find({}, { sort: { _id: 1 } }).toArray();
    expect(stored.map((g) => g.role)).toEqual(grants.map((g) => g.role));
  }
});

describeEmbedded('the store', () => {
  it('looks the foreign documents up through the index on foreignField, not by copying the collection', async () => {
    const lookups = jest.spyOn(StoreCollection.prototype, 'indexedCandidates');
    try {
      await joined('grants_indexed', [{ $match: { _id: 1 } }]);
      const asked = lookups.mock.calls.map(([filter]) => filter);
      expect(asked).toContainEqual({ userId: { $in: [A] } });
      expect(lookups.mock.results.some((result) => result.value !== undefined)).toBe(true);
    } finally {
      lookups.mockRestore();
    }
  });
});
