/**
 * Issue 15, item 4: a queue page reads from the registrations only what its rows show. The sealed
 * ID number and phone, their hashes, the pass and the outbox never leave the store for a list (the
 * store encoding them and the driver decoding them was a good part of a page's cost), and the page
 * still shows every column. What the BFF asks for is recorded through mongoose's debug hook.
 */
import mongoose from 'mongoose';
import request from 'supertest';
import { ZAuditQueueResponse } from '@contest/shared';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';

const NOW = new Date('2026-11-24T10:00:00+08:00');
/** Fields a queue row never shows. */
const NOT_LISTED = ['nationalIdSealed', 'nationalIdHash', 'mobileSealed', 'mobileHash', 'mobileMasked', 'pass', 'outbox', 'idempotencyRequestHash', 'declarations', 'eligibilityClaims'];

let harness: TestHarness;
let competitionId: string;
let official: TestPerson;
let committee: TestPerson;
let registered: { id: string; nationalId: string; name: string };
/** The projection of each registrations find sent while the requests below were served (null: the whole document). */
const projections: Array<Record<string, unknown> | null> = [];

const api = () => request(harness.app.callback());
const queue = (person: TestPerson, desk: 'union' | 'committee', query: Record<string, string> = {}) =>
  api().get(`/api/v1/audit/${desk}/competitions/${competitionId}/registrations`).query(query).set(person.auth).expect(200);

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  const worker = await signInAs([], { privacyAccepted: true });
  registered = await submitThroughApi(harness, worker, competitionId, 11, { name: '李强' });
  await submitThroughApi(harness, worker, competitionId, 12, { name: '王芳' });
  mongoose.set('debug', (collection: string, method: string, _filter: unknown, options: { projection?: Record<string, unknown> } | undefined) => {
    if (collection === RegistrationModel.collection.collectionName && method === 'find') projections.push(options?.projection ?? null);
  });
});
afterAll(async () => {
  mongoose.set('debug', false);
  await harness.stop();
});
beforeEach(() => {
  projections.length = 0;
});

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
    expect(projections.length).toBeGreaterThan(0);
    for (const projection of projections) {
      expect(projection).not.toBeNull();
      expect(Object.keys(projection ?? {}).filter((field) => NOT_LISTED.includes(field))).toEqual([]);
    }
  });
});
