/**
 * Databases and collections: create, listCollections, listDatabases, rename, drop,
 * dropDatabase.
 */
import { type Target, openTarget, serverError } from './harness';

let target: Target;

beforeAll(async () => {
  target = await openTarget('ns');
});

afterAll(async () => {
  await target.stop();
});

describe('collections', () => {
  it('creates collections explicitly and implicitly and lists them', async () => {
    await target.db.createCollection('explicit');
    await target.db.collection('implicit').insertOne({ a: 1 });
    const all = await target.db.listCollections().toArray();
    expect(all.map((c) => c.name).sort()).toEqual(expect.arrayContaining(['explicit', 'implicit']));
    const one = await target.db.listCollections({ name: 'explicit' }).toArray();
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ name: 'explicit', type: 'collection' });
    expect(one[0]).toHaveProperty('options');
    const names = await target.db.listCollections({}, { nameOnly: true }).toArray();
    expect(names.every((c) => typeof c.name === 'string')).toBe(true);
  });

  it('refuses to create an existing collection with other options (NamespaceExists 48)', async () => {
    await target.db.createCollection('twice');
    const error = await serverError(target.db.createCollection('twice', { capped: true, size: 4096 }));
    expect(error.code).toBe(48);
  });

  it('accepts creating an existing collection again with identical options, or says 48 (before 7.0)', async () => {
    await target.db.createCollection('again');
    const outcome = await target.db.createCollection('again').then(
      () => 'ok',
      (err: { code?: unknown }) => err.code,
    );
    expect(['ok', 48]).toContain(outcome);
  });

  it('renames a collection with its documents and indexes', async () => {
    const source = target.db.collection('rename_from');
    await source.insertMany([{ k: 1 }, { k: 2 }]);
    await source.createIndex({ k: 1 }, { unique: true });
    await source.rename('rename_to');
    const renamed = target.db.collection('rename_to');
    expect(await renamed.countDocuments()).toBe(2);
    expect((await renamed.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'k_1']);
    expect((await serverError(renamed.insertOne({ k: 1 }))).code).toBe(11000);
    expect(await target.db.listCollections({ name: 'rename_from' }).toArray()).toEqual([]);
  });

  it('drops a collection, and treats dropping a missing one as done', async () => {
    const coll = target.db.collection('to_drop');
    await coll.insertOne({ a: 1 });
    expect(await coll.drop()).toBe(true);
    expect(await target.db.listCollections({ name: 'to_drop' }).toArray()).toEqual([]);
    expect(await coll.countDocuments()).toBe(0);
    // Older servers answer NamespaceNotFound, which the driver maps to false; newer ones ok.
    await expect(target.db.collection('never_there').drop()).resolves.toEqual(expect.any(Boolean));
  });
});

describe('databases', () => {
  it('lists databases that hold data', async () => {
    await target.db.collection('listed').insertOne({ a: 1 });
    const { databases } = await target.client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(target.dbName);
  });

  it('drops a database with everything in it', async () => {
    const other = target.client.db(`${target.dbName}_drop`);
    await other.collection('x').insertOne({ a: 1 });
    await other.collection('y').createIndex({ b: 1 });
    expect(await other.dropDatabase()).toBe(true);
    expect(await other.listCollections().toArray()).toEqual([]);
    const { databases } = await target.client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).not.toContain(`${target.dbName}_drop`);
  });
});
