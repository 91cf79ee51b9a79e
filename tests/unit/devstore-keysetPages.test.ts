/**
 * Issue 15, item 4: a keyset page of a large queue (a sort on `_id` over an index look-up, with a
 * `$gt` bound) costs the page, not the queue. The store used to sort every id of the look-up on
 * each page (16,914 ids for a union's 待工会审核 tab in bench:audit), which made a 20-row page cost
 * as much as the whole queue; it now sorts a look-up's ids once and keeps them in order until one
 * of them changes. Answers are compared with an unindexed twin in
 * tests/conformance/queryPlanning.test.ts; here, that pages after the first sort nothing large,
 * and that a write is seen by the next page.
 */
import { ObjectId } from 'bson';

import { Collection } from '../../bff/devstore/collection';
import type { Doc } from '../../bff/devstore/documents';
import { parseIndexSpec } from '../../bff/devstore/indexes';

const competition = new ObjectId();
const QUEUE_ROWS = 5_000;
const PAGE = 21;

function queueCollection(): { coll: Collection; ids: ObjectId[] } {
  const coll = new Collection('db', 'registrations');
  coll.addIndex(parseIndexSpec({ key: { competitionId: 1, status: 1, _id: 1 }, name: 'queue_all' }));
  const ids = Array.from({ length: QUEUE_ROWS }, () => new ObjectId());
  // Inserted out of order, as ids arrive from several processes.
  for (const [i, _id] of [...ids.entries()].reverse()) coll.checkedInsert({ _id, competitionId: competition, status: i % 10 === 0 ? 'confirmed' : 'submitted' });
  return { coll, ids };
}

const submitted = { competitionId: competition, status: 'submitted' };

/** The ids of one page, as the find command takes them: the first PAGE of the ordered candidates. */
function page(coll: Collection, after?: ObjectId): string[] {
  const ordered = coll.candidatesInIdOrder(after ? { ...submitted, _id: { $gt: after } } : submitted, 1);
  if (ordered === undefined) throw new Error('not answered in _id order');
  const out: string[] = [];
  for (const doc of ordered) {
    out.push((doc._id as ObjectId).toHexString());
    if (out.length === PAGE) break;
  }
  return out;
}

/** What the page must hold: the submitted rows after `after`, in id order. */
function expected(docs: Doc[], after?: ObjectId): string[] {
  return docs
    .filter((doc) => doc.status === 'submitted')
    .map((doc) => (doc._id as ObjectId).toHexString())
    .sort()
    .filter((id) => after === undefined || id > after.toHexString())
    .slice(0, PAGE);
}

/** Runs `pages` and counts the sorts of arrays longer than a page it caused. */
function largeSortsDuring(pages: () => void): number {
  const sort = jest.spyOn(Array.prototype, 'sort');
  try {
    pages();
    return sort.mock.contexts.filter((array) => Array.isArray(array) && array.length > PAGE).length;
  } finally {
    sort.mockRestore();
  }
}

describe('keyset pages of a large queue', () => {
  it('sort the queue’s ids once, not on every page', () => {
    const { coll, ids } = queueCollection();
    const cursors = [ids[100], ids[2_500], ids[4_000], ids[4_990]] as ObjectId[];
    expect(largeSortsDuring(() => page(coll))).toBe(1);
    expect(largeSortsDuring(() => cursors.forEach((cursor) => page(coll, cursor)))).toBe(0);
    const docs = Array.from(coll.docs.values());
    expect(page(coll)).toEqual(expected(docs));
    for (const cursor of cursors) expect(page(coll, cursor)).toEqual(expected(docs, cursor));
  });

  it('see an insert, a removal and a status change on the next page', () => {
    const { coll, ids } = queueCollection();
    expect(page(coll)).toHaveLength(PAGE);
    // An id older than every other one comes first; the oldest submitted row goes; another leaves the tab.
    const earliest = ObjectId.createFromTime(Math.floor(Date.now() / 1000) - 3_600);
    coll.checkedInsert({ _id: earliest, competitionId: competition, status: 'submitted' });
    coll.remove(coll.idKeyOf({ _id: ids[1] }));
    const moved = coll.docs.get(coll.idKeyOf({ _id: ids[2] })) as Doc;
    coll.checkedReplace(coll.idKeyOf(moved), { ...moved, status: 'union_approved' });
    const docs = Array.from(coll.docs.values());
    const first = page(coll);
    expect(first[0]).toBe(earliest.toHexString());
    expect(first).toEqual(expected(docs));
    expect(page(coll, ids[3])).toEqual(expected(docs, ids[3]));
  });
});
