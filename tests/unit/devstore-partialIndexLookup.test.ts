/**
 * The devstore answers a look-up from a partial index when the look-up's equalities imply the
 * index's filter (MongoDB does too): a pass found by its serial among many registrations without
 * one must not scan the competition's registrations. Answers are compared with the unindexed
 * twin in tests/conformance/queryPlanning.test.ts; here, what the planner picks.
 */
import { ObjectId } from 'bson';

import { Collection } from '../../bff/devstore/collection';
import type { Doc } from '../../bff/devstore/documents';
import { parseIndexSpec } from '../../bff/devstore/indexes';

const competition = new ObjectId();

function registrations(): Collection {
  const coll = new Collection('db', 'registrations');
  coll.addIndex(parseIndexSpec({ key: { competitionId: 1, unionId: 1 }, name: 'by_union' }));
  coll.addIndex(
    parseIndexSpec({ key: { competitionId: 1, 'pass.serial': 1 }, name: 'one_registration_per_pass', unique: true, partialFilterExpression: { 'pass.serial': { $exists: true } } }),
  );
  coll.addIndex(parseIndexSpec({ key: { competitionId: 1, stationKey: 1 }, name: 'one_pass_per_station', unique: true, partialFilterExpression: { stationKey: { $type: 'string' } } }));
  coll.addIndex(parseIndexSpec({ key: { competitionId: 1, hash: 1 }, name: 'one_active', unique: true, partialFilterExpression: { active: true } }));
  for (let i = 0; i < 1000; i += 1) {
    coll.checkedInsert({
      _id: new ObjectId(),
      competitionId: competition,
      unionId: `u${i % 3}`,
      hash: `h${i}`,
      active: i % 2 === 0,
      ...(i % 2 === 0 ? { pass: { serial: i }, stationKey: `am#${i}` } : {}),
    });
  }
  return coll;
}

const picked = (coll: Collection, filter: Doc) => {
  const candidates = coll.indexedCandidates(filter);
  return candidates === undefined ? undefined : Array.from(candidates).length;
};

describe('look-ups through a partial index', () => {
  const coll = registrations();

  it('takes the one document a pass serial names, not the competition’s', () => {
    expect(picked(coll, { competitionId: competition, 'pass.serial': 42 })).toBe(1);
    expect(picked(coll, { competitionId: competition, 'pass.serial': { $in: [2, 4, 5] } })).toBe(2);
    expect(picked(coll, { competitionId: competition, stationKey: 'am#8' })).toBe(1);
    expect(picked(coll, { competitionId: competition, hash: 'h10', active: true })).toBe(1);
  });

  it('not when the look-up may match documents the index leaves out', () => {
    // null matches documents without a pass; without `active: true` inactive ones match too.
    expect(picked(coll, { competitionId: competition, 'pass.serial': null })).toBe(1000);
    expect(picked(coll, { competitionId: competition, hash: 'h11' })).toBe(1000);
    expect(picked(coll, { competitionId: competition, hash: 'h11', active: false })).toBe(1000);
  });
});
