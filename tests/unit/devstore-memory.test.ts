/**
 * What the devstore holds per registration (issue #15 item 4: at most 3 KB of RSS each at 100,000,
 * measured by `npm run bench:store`), here as heap after a full GC with every index the model
 * declares; and that the compact forms behind it lose nothing: documents read back exactly as
 * written, index look-ups and unique checks stay right when two keys share a hash.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

import { BSON, Binary, BSONRegExp, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

import { Collection } from '../../bff/devstore/collection';
import { bsonFromCompact, compactFromBson } from '../../bff/devstore/compactBson';
import { type IndexSpec, defaultIndexName, parseIndexSpec, slotOf } from '../../bff/devstore/indexes';
import { encodeValue } from '../../bff/devstore/keys';
import { RegistrationModel } from '../../bff/src/models/registration';
import { registration, setting } from '../bench/registrationDocument';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

const modelIndexes = (): IndexSpec[] =>
  RegistrationModel.schema.indexes().map(([key, options]) => parseIndexSpec({ key, name: defaultIndexName(key), ...options }));

describe('devstore memory per registration', () => {
  it('holds registrations with all 21 of the model’s indexes in under 2,500 bytes of heap each', () => {
    const count = 5_000;
    const s = setting();
    const before = heapAfterGc();
    const coll = new Collection('db', 'registrations');
    for (const spec of modelIndexes()) coll.addIndex(spec);
    // As the wire decodes an insert: BSON in, plain objects out.
    for (let i = 0; i < count; i += 1) coll.checkedInsert(BSON.deserialize(BSON.serialize(registration(i, s))));
    const perRegistration = (heapAfterGc() - before) / count;
    expect(coll.docs.size).toBe(count);
    expect(perRegistration).toBeLessThan(2_500);
  });
});

describe('devstore compact documents', () => {
  const roundTrip = (doc: Record<string, unknown>): Buffer => bsonFromCompact(compactFromBson(BSON.serialize(doc)));

  it('give back the exact BSON of every value type, nested documents and arrays included', () => {
    const doc = {
      _id: new ObjectId(),
      double: new Double(1.5),
      string: '河西区总工会',
      embedded: { a: { b: [1, { c: null }] }, empty: {} },
      array: [[], [new Date(0)], 'x'],
      binary: new Binary(Buffer.from([1, 2, 3]), 4),
      undefinedValue: undefined,
      bool: true,
      date: new Date(1_700_000_000_000),
      regex: new BSONRegExp('^a.c$', 'i'),
      code: new Code('function () { return 1; }'),
      codeWithScope: new Code('x', { x: 1 }),
      int32: new Int32(7),
      timestamp: new Timestamp({ t: 1, i: 2 }),
      int64: Long.fromString('9007199254740993'),
      decimal: Decimal128.fromString('1.10'),
      min: new MinKey(),
      max: new MaxKey(),
      [`a field name longer than sixty-four bytes ${'x'.repeat(40)}`]: 1,
    };
    const bson = BSON.serialize(doc, { ignoreUndefined: false });
    expect(Buffer.from(bsonFromCompact(compactFromBson(bson))).equals(Buffer.from(bson))).toBe(true);
  });

  it('give back strings held by number or as hex bytes exactly, and hold them in fewer bytes', () => {
    const doc = {
      status: 'union_approved',
      actorName: '河西区总工会',
      hash: 'a'.repeat(63) + '0',
      upperHex: 'A'.repeat(64),
      longer: 'b'.repeat(65),
      empty: '',
      nested: [{ status: 'union_approved' }],
    };
    const bson = BSON.serialize(doc);
    const sizes = [1, 2, 3].map(() => {
      const compact = Buffer.from(compactFromBson(bson));
      expect(Buffer.from(bsonFromCompact(compact)).equals(Buffer.from(bson))).toBe(true);
      return compact.length;
    });
    // The short strings join the table once seen again; the hash is 32 bytes from the start.
    expect(sizes[0]).toBeLessThan(bson.length - 32);
    expect(sizes[2]).toBeLessThan(sizes[0] as number);
  });

  it('decode binary values into buffers of their own, not a shared one', () => {
    const first = BSON.deserialize(roundTrip({ bin: new Binary(Buffer.from('first')) }), { promoteBuffers: false });
    roundTrip({ bin: new Binary(Buffer.from('other')) });
    expect(Buffer.from((first.bin as Binary).buffer).toString()).toBe('first');
  });

  it('read back as fresh copies: changing a found document changes nothing stored', () => {
    const coll = new Collection('db', 'c');
    const id = coll.checkedInsert({ _id: 1, tags: ['a'] });
    const found = coll.docs.get(id);
    (found?.tags as string[]).push('b');
    expect(coll.docs.get(id)).toEqual({ _id: 1, tags: ['a'] });
  });
});

describe('devstore index maps keyed by hash', () => {
  /** Two strings whose index keys share a 32-bit hash (found by a birthday search over `k<n>`). */
  const [a, b] = ['k589089', 'k1662304'];

  it('tell keys that share a hash apart, for uniqueness and look-ups', () => {
    expect(slotOf(encodeValue(a))).toBe(slotOf(encodeValue(b)));
    const coll = new Collection('db', 'c');
    coll.addIndex(parseIndexSpec({ key: { k: 1 }, name: 'k_1', unique: true }));
    coll.checkedInsert({ _id: 1, k: a });
    expect(() => coll.checkedInsert({ _id: 2, k: b })).not.toThrow();
    expect(() => coll.checkedInsert({ _id: 3, k: a })).toThrow(/E11000 duplicate key error .* index: k_1/);
    const found = Array.from(coll.indexedCandidates({ k: b }) ?? []).filter((doc) => doc.k === b);
    expect(found.map((doc) => doc._id)).toEqual([2]);
  });
});
