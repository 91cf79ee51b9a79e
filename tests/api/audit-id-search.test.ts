/**
 * Searching the audit queue by a full ID number (issue 9, item 3). The list shows the masked number
 * and the age, which leave a few dozen candidates; each search says whether a guess is registered.
 * So it is limited per official (RATE_LIMIT_ID_SEARCHES_PER_MINUTE) and logged like a reveal.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import { ZAuditQueueResponse, ZErrorEnvelope } from '@contest/shared';
import { AuditEventModel } from '@contest/bff/src/models/auditEvent';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
/** The person's sequence in their ID number; the guesses vary the birth day, as the age allows. */
const SEQUENCE = 7;
let harness: TestHarness;
let competitionId: string;
let limit: number;
let official: TestPerson;
let otherOfficial: TestPerson;
let committee: TestPerson;
let registration: { id: string; nationalId: string; name: string };

const api = () => request(harness.app.callback());
const search = (person: TestPerson, desk: 'union' | 'committee', q: string) =>
  api().get(`/api/v1/audit/${desk}/competitions/${competitionId}/registrations`).query({ q }).set(person.auth);

/** Every day of March 1990 with the person's sequence: the real number is the 7th. */
const guesses = Array.from({ length: 25 }, (_, i) => validNationalId(`199003${String(i + 1).padStart(2, '0')}`, SEQUENCE));

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  limit = harness.config.RATE_LIMIT_ID_SEARCHES_PER_MINUTE;
  official = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  otherOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  registration = await submitThroughApi(harness, await signInAs([], { privacyAccepted: true }), competitionId, SEQUENCE, { name: '李强' });
});
afterAll(() => harness.stop());

const idSearchesBy = (person: TestPerson) => AuditEventModel.find({ kind: 'id_search', actorUserId: person.userId }).sort({ at: 1, _id: 1 }).lean();

describe('a guessing loop over the candidates a masked number leaves', () => {
  const statuses: number[] = [];
  let refused: request.Response | undefined;

  beforeAll(async () => {
    expect(guesses).toContain(registration.nationalId);
    for (const guess of guesses) {
      const res = await search(official, 'union', guess);
      statuses.push(res.status);
      if (res.status === 429) refused ??= res;
      else if (guess === registration.nationalId) expect(ZAuditQueueResponse.parse(res.body).data.items.map((item) => item.id)).toEqual([registration.id]);
    }
  });

  it('is cut off after the limit: 429 with Retry-After and a Chinese message', () => {
    expect(limit).toBeLessThan(guesses.length);
    expect(statuses).toEqual([...Array(limit).fill(200), ...Array(guesses.length - limit).fill(429)]);
    const body = ZErrorEnvelope.parse(refused!.body);
    expect(body.code).toBe('RATE_LIMITED');
    expect(body.message).toContain('身份证号');
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused!.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('counts a number typed as people type it (full-width, with spaces) like any other', async () => {
    const fullWidth = [...registration.nationalId].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    for (const typed of [fullWidth, `${registration.nationalId.slice(0, 6)} ${registration.nationalId.slice(6)}`]) {
      expect(ZErrorEnvelope.parse((await search(official, 'union', typed).expect(429)).body).code).toBe('RATE_LIMITED');
    }
  });

  it('leaves a trail: one event per answered search, who, desk, competition and how many matched', async () => {
    const events = await idSearchesBy(official);
    expect(events.map((event) => (event.detail as { matches: number }).matches)).toEqual(
      guesses.slice(0, limit).map((guess) => (guess === registration.nationalId ? 1 : 0)),
    );
    for (const event of events) {
      expect(event).toMatchObject({
        competitionId: new Types.ObjectId(competitionId),
        registrationId: null,
        actorRole: 'union_official',
        actorBody: '河西区总工会',
        at: NOW,
        detail: expect.objectContaining({ desk: 'union' }),
      });
    }
    const hit = events[guesses.indexOf(registration.nationalId)];
    expect((hit?.detail as { registrationIds: Types.ObjectId[] }).registrationIds.map(String)).toEqual([registration.id]);
  });

  it('the trail holds neither the numbers searched nor their hashes', async () => {
    const stored = JSON.stringify(await idSearchesBy(official));
    const { nationalIdHash } = await RegistrationModel.findById(registration.id).lean().orFail();
    for (const guess of guesses) expect(stored).not.toContain(guess);
    expect(stored).not.toContain(nationalIdHash);
  });

  it('a search refused at the limit leaves no event, and the registration’s own trail shows no reveal', async () => {
    expect(await idSearchesBy(official)).toHaveLength(limit);
    expect(await AuditEventModel.countDocuments({ registrationId: new Types.ObjectId(registration.id) })).toBe(0);
  });

  it('does not limit searches by name or the queue itself, nor another official’s searches by number', async () => {
    for (let i = 0; i < limit + 2; i += 1) {
      const byName = await search(official, 'union', '李').expect(200);
      expect(ZAuditQueueResponse.parse(byName.body).data.items.map((item) => item.id)).toEqual([registration.id]);
    }
    await api().get(`/api/v1/audit/union/competitions/${competitionId}/registrations`).set(official.auth).expect(200);
    expect(await idSearchesBy(official)).toHaveLength(limit);
    const other = await search(otherOfficial, 'union', registration.nationalId).expect(200);
    expect(ZAuditQueueResponse.parse(other.body).data.items.map((item) => item.id)).toEqual([registration.id]);
  });
});

it('the committee desk’s searches by number are logged for the committee', async () => {
  await search(committee, 'committee', registration.nationalId).expect(200);
  expect(await idSearchesBy(committee)).toEqual([
    expect.objectContaining({ actorRole: 'committee', actorBody: '大赛组委会', detail: expect.objectContaining({ desk: 'committee', matches: 1 }) }),
  ]);
});
