/**
 * The canonical key encoding behind the devstore's `_id` map and indexes: equal exactly
 * when MongoDB's equality says so.
 */
import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

import { compareValues, encodeCompound, encodeValue, formatValue } from '../../bff/devstore/keys';

describe('encodeValue', () => {
  it('treats every numeric type with the same value alike', () => {
    const one = encodeValue(1);
    expect(encodeValue(1.0)).toBe(one);
    expect(encodeValue(Long.fromNumber(1))).toBe(one);
    expect(encodeValue(new Int32(1))).toBe(one);
    expect(encodeValue(new Double(1))).toBe(one);
    expect(encodeValue(Decimal128.fromString('1'))).toBe(one);
    expect(encodeValue(-0)).toBe(encodeValue(0));
    expect(encodeValue(2 ** 60)).toBe(encodeValue(Long.fromString('1152921504606846976')));
    expect(encodeValue(1.5)).not.toBe(one);
  });

  it('keeps types apart: number, string, boolean, null, date', () => {
    const values = [1, '1', true, null, new Date(1), [1], { a: 1 }];
    expect(new Set(values.map(encodeValue)).size).toBe(values.length);
  });

  it('treats null and a missing value alike (as an index does)', () => {
    expect(encodeValue(undefined)).toBe(encodeValue(null));
  });

  it('compares ObjectIds by bytes and Dates by time', () => {
    const hex = '65a1b2c3d4e5f60718293a4b';
    expect(encodeValue(new ObjectId(hex))).toBe(encodeValue(ObjectId.createFromHexString(hex)));
    expect(encodeValue(new ObjectId(hex))).not.toBe(encodeValue(hex));
    expect(encodeValue(new Date('2025-01-01T00:00:00Z'))).toBe(encodeValue(new Date(Date.UTC(2025, 0, 1))));
  });

  it('compares embedded documents field by field, in order', () => {
    expect(encodeValue({ a: 1, b: 2 })).toBe(encodeValue({ a: 1.0, b: Long.fromNumber(2) }));
    expect(encodeValue({ a: 1, b: 2 })).not.toBe(encodeValue({ b: 2, a: 1 }));
    expect(encodeValue([1, 2])).not.toBe(encodeValue([2, 1]));
  });

  it('is self-delimiting, so compound keys cannot collide by concatenation', () => {
    expect(encodeCompound(['ab', 'c'])).not.toBe(encodeCompound(['a', 'bc']));
    expect(encodeCompound([1, 23])).not.toBe(encodeCompound([12, 3]));
    expect(encodeCompound(['a', null])).not.toBe(encodeCompound([null, 'a']));
  });

  it('encodes the other BSON types distinctly', () => {
    const values = [new Binary(Buffer.from('x')), new Timestamp({ t: 1, i: 2 }), new MinKey(), new MaxKey(), /ab/i, Decimal128.fromString('0.1')];
    expect(new Set(values.map(encodeValue)).size).toBe(values.length);
  });
});

describe('formatValue', () => {
  it('prints values as mongod does in dup key messages', () => {
    expect(formatValue({ name: 'x', n: 1, none: null })).toBe('{ name: "x", n: 1, none: null }');
    expect(formatValue(new ObjectId('65a1b2c3d4e5f60718293a4b'))).toBe("ObjectId('65a1b2c3d4e5f60718293a4b')");
  });
});

describe('compareValues', () => {
  it('orders by BSON type first, then value', () => {
    const sorted = ['b', 2, null, 'a', 1, true].sort(compareValues);
    expect(sorted).toEqual([null, 1, 2, 'a', 'b', true]);
  });
});
