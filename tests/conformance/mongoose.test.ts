/**
 * The cases mongoose relies on: model initialisation (create + createIndexes), duplicate-key
 * errors surfacing with code 11000 / keyPattern / keyValue, timestamps on upserts, versioned
 * conditional updates, populate, insertMany, syncIndexes.
 */
import mongoose, { type Connection, Schema, Types } from 'mongoose';

import { type Target, openTarget } from './harness';

let target: Target;
let conn: Connection;

beforeAll(async () => {
  target = await openTarget('mongoose');
  conn = await mongoose.createConnection(target.uri, { dbName: target.dbName, serverSelectionTimeoutMS: 5000 }).asPromise();
});

afterAll(async () => {
  await conn.close();
  await target.stop();
});

interface DuplicateKeyLike {
  code?: unknown;
  keyPattern?: unknown;
  keyValue?: unknown;
  name?: unknown;
}

async function rejection(promise: Promise<unknown>): Promise<DuplicateKeyLike> {
  try {
    await promise;
  } catch (err) {
    return err as DuplicateKeyLike;
  }
  throw new Error('expected a rejection');
}

const registrationSchema = new Schema(
  {
    competitionId: { type: Schema.Types.ObjectId, required: true },
    idHash: { type: String, required: true },
    unionId: { type: Schema.Types.ObjectId, ref: 'Union' },
    name: String,
    status: { type: String, default: 'submitted' },
    version: { type: Number, default: 1 },
    trail: [{ to: String, by: String, at: Date }],
  },
  { timestamps: true },
);
// One *active* registration per person per competition (a partial unique index).
registrationSchema.index({ unionId: 1, status: 1 });
registrationSchema.index(
  { competitionId: 1, idHash: 1 },
  { unique: true, name: 'one_active', partialFilterExpression: { status: { $in: ['submitted', 'union_approved', 'confirmed'] } } },
);

const unionSchema = new Schema({ code: { type: String, unique: true, required: true }, name: String }, { timestamps: true });

describe('mongoose', () => {
  it('initialises models: creates the collections and their indexes', async () => {
    const Union = conn.model('Union', unionSchema);
    const Registration = conn.model('Registration', registrationSchema);
    await Union.init();
    await Registration.init();
    const names = (await Registration.listIndexes()).map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['_id_', 'one_active', 'unionId_1_status_1']);
    const collections = (await conn.db!.listCollections().toArray()).map((c) => c.name).sort();
    expect(collections).toEqual(expect.arrayContaining(['registrations', 'unions']));
  });

  it('surfaces a unique violation as a duplicate-key error (11000) with keyPattern and keyValue', async () => {
    const Union = conn.model('Union');
    await Union.create({ code: 'U1', name: 'One' });
    const error = await rejection(Union.create({ code: 'U1', name: 'Again' }));
    expect(error.name).toBe('MongoServerError');
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ code: 1 });
    expect(error.keyValue).toEqual({ code: 'U1' });
  });

  it('rejects a duplicate through updateOne and findOneAndUpdate as well', async () => {
    const Union = conn.model('Union');
    await Union.create({ code: 'U2' });
    const viaUpdate = await rejection(Union.updateOne({ code: 'U2' }, { $set: { code: 'U1' } }).exec());
    expect(viaUpdate.code).toBe(11000);
    const viaFindAndModify = await rejection(Union.findOneAndUpdate({ code: 'U2' }, { $set: { code: 'U1' } }).exec());
    expect(viaFindAndModify.code).toBe(11000);
    expect(viaFindAndModify.keyValue).toEqual({ code: 'U1' });
    expect(await Union.countDocuments({ code: 'U2' })).toBe(1);
  });

  it('allows a duplicate outside a partial unique index and rejects it inside', async () => {
    const Registration = conn.model('Registration');
    const competitionId = new Types.ObjectId();
    const first = await Registration.create({ competitionId, idHash: 'h1', name: 'A' });
    // Withdrawn registrations are outside the partial filter: the person may register again.
    await Registration.updateOne({ _id: first._id }, { $set: { status: 'withdrawn' } });
    await Registration.create({ competitionId, idHash: 'h1', name: 'A again' });
    const error = await rejection(Registration.create({ competitionId, idHash: 'h1', name: 'A thrice' }));
    expect(error.code).toBe(11000);
    expect(error.keyPattern).toEqual({ competitionId: 1, idHash: 1 });
    expect(error.keyValue).toEqual({ competitionId, idHash: 'h1' });
  });

  it('sets createdAt only on insert for timestamped upserts', async () => {
    const Union = conn.model('Union');
    const created = await Union.findOneAndUpdate({ code: 'U9' }, { $set: { name: 'Nine' } }, { upsert: true, returnDocument: 'after' }).lean<{ createdAt: Date; updatedAt: Date }>();
    expect(created?.createdAt).toBeInstanceOf(Date);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await Union.findOneAndUpdate({ code: 'U9' }, { $set: { name: 'Nine!' } }, { upsert: true, returnDocument: 'after' }).lean<{ createdAt: Date; updatedAt: Date }>();
    expect(updated?.createdAt.getTime()).toBe(created?.createdAt.getTime());
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(created!.updatedAt.getTime());
  });

  it('lets exactly one of two concurrent conditional transitions win', async () => {
    const Registration = conn.model('Registration');
    const reg = await Registration.create({ competitionId: new Types.ObjectId(), idHash: 'race', name: 'R' });
    const decide = (to: string, by: string) =>
      Registration.findOneAndUpdate(
        { _id: reg._id, status: 'submitted', version: 1 },
        { $set: { status: to }, $inc: { version: 1 }, $push: { trail: { to, by, at: new Date() } } },
        { returnDocument: 'after' },
      ).lean();
    const results = await Promise.all([decide('union_approved', 'a'), decide('union_rejected', 'b')]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const stored = await Registration.findById(reg._id).lean<{ version: number; trail: unknown[] }>();
    expect(stored?.version).toBe(2);
    expect(stored?.trail).toHaveLength(1);
  });

  it('saves, modifies and re-saves a document (versioned $set)', async () => {
    const Union = conn.model('Union');
    const doc = await Union.create({ code: 'S1', name: 'before' });
    doc.set('name', 'after');
    await doc.save();
    expect((await Union.findById(doc._id).lean<{ name: string }>())?.name).toBe('after');
    await Union.deleteOne({ _id: doc._id });
    expect(await Union.findById(doc._id)).toBeNull();
  });

  it('queries with sort, skip, limit, select, countDocuments, distinct and aggregate', async () => {
    const Item = conn.model('Item', new Schema({ k: String, n: Number }));
    await Item.insertMany(Array.from({ length: 12 }, (_, i) => ({ k: i % 2 === 0 ? 'even' : 'odd', n: i })));
    const page = await Item.find({ k: 'even' }).sort({ n: -1 }).skip(1).limit(2).select({ n: 1, _id: 0 }).lean();
    expect(page).toEqual([{ n: 8 }, { n: 6 }]);
    expect(await Item.countDocuments({ k: 'odd' })).toBe(6);
    expect((await Item.distinct('k')).sort()).toEqual(['even', 'odd']);
    const sums = await Item.aggregate<{ _id: string; total: number }>([{ $group: { _id: '$k', total: { $sum: '$n' } } }, { $sort: { _id: 1 } }]);
    expect(sums).toEqual([
      { _id: 'even', total: 30 },
      { _id: 'odd', total: 36 },
    ]);
    // A cursor that needs several batches.
    const all = await Item.find().batchSize(5).lean();
    expect(all).toHaveLength(12);
  });

  it('populates references', async () => {
    const Union = conn.model('Union');
    const Registration = conn.model('Registration');
    const union = await Union.create({ code: 'POP', name: 'Populated' });
    const reg = await Registration.create({ competitionId: new Types.ObjectId(), idHash: 'pop', unionId: union._id });
    const loaded = await Registration.findById(reg._id).populate<{ unionId: { name: string } }>('unionId').lean<{ unionId: { name: string } }>();
    expect(loaded?.unionId.name).toBe('Populated');
  });

  it('reports duplicates from an unordered insertMany and keeps the rest', async () => {
    const Union = conn.model('Union');
    const error = await rejection(Union.insertMany([{ code: 'M1' }, { code: 'M1' }, { code: 'M2' }], { ordered: false }));
    expect(error.code).toBe(11000);
    expect(await Union.countDocuments({ code: { $in: ['M1', 'M2'] } })).toBe(2);
  });

  it('syncs indexes: drops undeclared ones and keeps declared ones', async () => {
    const Union = conn.model('Union');
    await Union.collection.createIndex({ name: 1 });
    const dropped = await Union.syncIndexes();
    expect(dropped).toEqual(['name_1']);
    const names = (await Union.listIndexes()).map((i: { name: string }) => i.name).sort();
    expect(names).toEqual(['_id_', 'code_1']);
  });
});
