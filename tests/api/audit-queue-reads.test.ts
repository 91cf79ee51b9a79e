/**
 * Issue 15, item 4: a queue page reads from the registrations only what its rows show. The sealed
 * ID number and phone, their hashes, the pass and the outbox never leave the store for a list (the
 * store encoding them and the driver decoding them was a good part of a page's cost), nor the
 * timeline of a row at its first level; and the page still shows every column, with the level
 * below's approval on a row waiting at the second level of a two-level audit. What the BFF asks
 * for is recorded through mongoose's debug hook.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { ZAuditQueueResponse } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import { auditDesk } from '../support/auditDesk';
import type { TestHarness } from '../support/bff';

const NOW = new Date('2026-11-24T10:00:00+08:00');
/** Fields a queue row never shows (the timeline: only the level below's approval, from a row at its second level). */
const NOT_LISTED = ['timeline', 'nationalIdSealed', 'nationalIdHash', 'mobileSealed', 'mobileHash', 'mobileMasked', 'pass', 'outbox', 'idempotencyRequestHash', 'declarations', 'eligibilityClaims'];

let harness: TestHarness;
let competitionId: string;
let official: TestPerson;
let committee: TestPerson;
let registered: { id: string; nationalId: string; name: string };
/** 王芳, at 友谊路 below 河西区: approved there, so waiting for 河西区 at the second level. */
let forwarded: { id: string; nationalId: string; name: string };
/** Each registrations find sent while the requests below were served (projection null: the whole document). */
const finds: Array<{ filter: Record<string, unknown>; projection: Record<string, unknown> | null }> = [];

const api = () => request(harness.app.callback());
const queue = (person: TestPerson, desk: 'union' | 'committee', query: Record<string, string> = {}) =>
  api().get(`/api/v1/audit/${desk}/competitions/${competitionId}/registrations`).query(query).set(person.auth).expect(200);

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  const youyiOfficial = await signInAs([{ role: 'union_official', unionId: setting.youyi._id }]);
  const { putSetup, decide } = auditDesk(() => ({ harness, competitionId, committee }));
  await putSetup({ auditLevels: 2 }, 200);
  const worker = await signInAs([], { privacyAccepted: true });
  registered = await submitThroughApi(harness, worker, competitionId, 11, { name: '李强' });
  forwarded = await submitThroughApi(harness, worker, competitionId, 12, { name: '王芳', unionCode: setting.youyi.code });
  await decide(youyiOfficial, 'union', forwarded.id, 200, { decision: 'approve', reason: '材料齐全' });
  mongoose.set('debug', (collection: string, method: string, filter: Record<string, unknown>, options: { projection?: Record<string, unknown> } | undefined) => {
    if (collection === RegistrationModel.collection.collectionName && method === 'find') finds.push({ filter, projection: options?.projection ?? null });
  });
});
afterAll(async () => {
  mongoose.set('debug', false);
  await harness.stop();
});
beforeEach(() => {
  finds.length = 0;
});

/** The projections of the finds that read the rows (not the timelines of rows at their second level). */
const rowReads = () => finds.filter((find) => !('timeline' in (find.projection ?? {}))).map((find) => find.projection);

describe.each([
  ['the union desk’s first page', () => queue(official, 'union')],
  ['the committee’s 待工会审核 tab', () => queue(committee, 'committee', { status: 'submitted' })],
  ['a name search', () => queue(official, 'union', { q: '李' })],
  ['a search by the full ID number', () => queue(official, 'union', { q: registered.nationalId })],
])('%s', (_label, load) => {
  it('reads only the fields a row shows, and shows every column', async () => {
    const page = ZAuditQueueResponse.parse((await load()).body).data;
    const row = page.items.find((item) => item.id === registered.id);
    expect(row).toMatchObject({ name: '李强', union: { name: '河西区总工会' }, status: 'submitted', version: 0 });
    expect(row?.nationalIdMasked).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
    expect(rowReads().length).toBeGreaterThan(0);
    for (const projection of rowReads()) {
      expect(projection).not.toBeNull();
      expect(Object.keys(projection ?? {}).filter((field) => NOT_LISTED.includes(field))).toEqual([]);
    }
  });
});

describe('a row waiting at the second level of a two-level audit', () => {
  it('shows the level below’s approval, reading the timeline of that row alone', async () => {
    const page = ZAuditQueueResponse.parse((await queue(official, 'union')).body).data;
    expect(page.items.find((item) => item.id === forwarded.id)?.auditLevel).toMatchObject({
      level: 2,
      unionName: '河西区总工会',
      earlier: { level: 1, unionName: '河西区友谊路街道总工会', reason: '材料齐全' },
    });
    expect(page.items.find((item) => item.id === registered.id)?.auditLevel).toMatchObject({ level: 1, levels: 1, earlier: null });
    const timelineReads = finds.filter((find) => find.projection !== null && 'timeline' in find.projection);
    expect(timelineReads.map((find) => JSON.stringify(find.filter))).toEqual([JSON.stringify({ _id: { $in: [forwarded.id] } })]);
  });
});
