/**
 * The notification outbox (services/notifications/outbox.ts): each decision on a registration
 * produces exactly one stored notification, and a crash at any step between the status change and
 * the relay loses nothing and doubles nothing.
 */
import request from 'supertest';
import { CompetitionModel, type CompetitionSetupRecord } from '@contest/bff/src/models/competition';
import { NotificationModel } from '@contest/bff/src/models/notification';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { createLogger } from '@contest/bff/src/logger';
import { sweepOutboxPeriodically } from '@contest/bff/src/server';
import { relayOutbox, sweepOutbox } from '@contest/bff/src/services/notifications/outbox';
import { applyTransition } from '@contest/bff/src/services/registrationLifecycle';
import { MINIAPP_PAGES } from '@contest/shared';
import { signInAs, type TestPerson } from '../support/auth';
import { startAuditHarness, submitThroughApi } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { registrationInput } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
let harness: TestHarness;
let competitionId: string;
let worker: TestPerson;
let hexiOfficial: TestPerson;
let committee: TestPerson;
let sequence = 300;
/** The demo has one place per union × trade × group: each registration takes another trade. */
let tradeCodes: string[] = [];

const api = () => request(harness.app.callback());

async function register(): Promise<string> {
  sequence += 2;
  const tradeCode = tradeCodes[(sequence / 2) % tradeCodes.length];
  return (await submitThroughApi(harness, worker, competitionId, sequence, { tradeCode })).id;
}

async function versionOf(id: string): Promise<number> {
  return (await RegistrationModel.findById(id).lean().orFail()).version;
}

async function decide(person: TestPerson, desk: 'union' | 'committee', id: string, body: object): Promise<void> {
  await api()
    .post(`/api/v1/audit/${desk}/registrations/${id}/decision`)
    .set(person.auth)
    .send({ ...body, version: await versionOf(id) })
    .expect(200);
}

const notificationsOf = (id: string) => NotificationModel.find({ registrationId: id }).sort({ at: 1, eventId: 1 }).lean().exec();
const outboxOf = async (id: string) => (await RegistrationModel.findById(id).lean<RegistrationRecord>().orFail()).outbox ?? [];

/** The union's approval as a crashed BFF leaves it: the status change written, the relay never run. */
async function approveWithoutRelay(id: string): Promise<void> {
  const registration = await RegistrationModel.findById(id).lean<RegistrationRecord>().orFail();
  const competition = await CompetitionModel.findById(registration.competitionId).lean<CompetitionSetupRecord>().orFail();
  const step = { registration, competition, version: registration.version, actor: { userId: hexiOfficial.userId, role: 'union_official' as const, body: '河西区总工会' }, now: NOW };
  await applyTransition('union_approve', step, {
    notification: { kind: 'union_approved', data: { competition: competition.name, trade: '数控车工', person: registration.name, note: '河西区总工会已通过', at: NOW.toISOString() } },
  });
}

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  worker = await signInAs([], { privacyAccepted: true });
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  const competition = await CompetitionModel.findById(competitionId).lean<CompetitionSetupRecord>().orFail();
  tradeCodes = competition.trades.filter((t) => t.groups.includes('worker')).map((t) => t.code);
});
afterAll(() => harness.stop());

describe('each event produces exactly one notification', () => {
  it('union approval then committee confirmation: two notifications for the worker, opening the registration, outbox empty', async () => {
    const id = await register();
    await decide(hexiOfficial, 'union', id, { decision: 'approve' });
    await decide(committee, 'committee', id, { decision: 'approve' });
    const stored = await notificationsOf(id);
    expect(stored.map((n) => [n.kind, n.templateKey, n.state, n.userId?.toHexString(), n.page])).toEqual([
      ['union_approved', 'audit_result', 'queued', worker.userId.toHexString(), `${MINIAPP_PAGES.registrationDetail}?id=${id}`],
      ['committee_confirmed', 'registration_confirmed', 'queued', worker.userId.toHexString(), `${MINIAPP_PAGES.registrationDetail}?id=${id}`],
    ]);
    expect(stored.map((n) => n.eventId)).toEqual([`${id}:1`, `${id}:2`]);
    expect(await outboxOf(id)).toEqual([]);
  });

  it('a union rejection carries its reason; a committee rejection its own', async () => {
    const atUnion = await register();
    await decide(hexiOfficial, 'union', atUnion, { decision: 'reject', reason: '身份证照片不清晰' });
    const atCommittee = await register();
    await decide(hexiOfficial, 'union', atCommittee, { decision: 'approve' });
    await decide(committee, 'committee', atCommittee, { decision: 'reject', reason: '不符合参赛条件' });
    expect((await notificationsOf(atUnion)).map((n) => [n.kind, n.data.note])).toEqual([['union_rejected', '身份证照片不清晰']]);
    expect((await notificationsOf(atCommittee)).map((n) => [n.kind, n.data.note])).toEqual([
      ['union_approved', expect.stringContaining('河西区总工会')],
      ['committee_rejected', '不符合参赛条件'],
    ]);
  });

  it('the worker’s own withdrawal and resubmission notify nobody', async () => {
    const id = await register();
    await api().post(`/api/v1/me/registrations/${id}/withdraw`).set(worker.auth).send({ version: await versionOf(id) }).expect(200);
    expect(await notificationsOf(id)).toEqual([]);
    expect(await outboxOf(id)).toEqual([]);

    sequence += 2;
    const made = await submitThroughApi(harness, worker, competitionId, sequence, { tradeCode: tradeCodes[0] });
    await decide(hexiOfficial, 'union', made.id, { decision: 'reject', reason: '所报工种与从事岗位不符' });
    const { competitionId: _c, ...form } = registrationInput(competitionId, { nationalId: made.nationalId, tradeCode: tradeCodes[1] });
    await api().put(`/api/v1/me/registrations/${made.id}`).set(worker.auth).send({ ...form, version: await versionOf(made.id) }).expect(200);
    expect((await notificationsOf(made.id)).map((n) => n.kind)).toEqual(['union_rejected']);
    expect(await outboxOf(made.id)).toEqual([]);
  });
});

describe('the outbox survives a crash', () => {
  it('between the status change and the relay: the entry waits on the registration and the sweeper relays it once', async () => {
    const id = await register();
    await approveWithoutRelay(id);
    expect((await RegistrationModel.findById(id).lean().orFail()).status).toBe('union_approved');
    expect(await outboxOf(id)).toHaveLength(1);
    expect(await notificationsOf(id)).toEqual([]);

    expect(await sweepOutbox()).toBe(1);
    expect(await sweepOutbox()).toBe(0);
    expect((await notificationsOf(id)).map((n) => [n.eventId, n.kind, n.state])).toEqual([[`${id}:1`, 'union_approved', 'queued']]);
    expect(await outboxOf(id)).toEqual([]);
  });

  it('between the copy and the removal: relaying again finds the notification and stores no second one', async () => {
    const id = await register();
    await approveWithoutRelay(id);
    const registration = await RegistrationModel.findById(id).lean<RegistrationRecord>().orFail();
    const pull = jest.spyOn(RegistrationModel, 'updateOne').mockImplementationOnce(() => {
      throw new Error('process killed before the removal');
    });
    await expect(relayOutbox(registration)).rejects.toThrow('process killed');
    pull.mockRestore();
    expect(await notificationsOf(id)).toHaveLength(1);
    expect(await outboxOf(id)).toHaveLength(1);

    await relayOutbox(registration);
    expect(await sweepOutbox()).toBe(0);
    expect((await notificationsOf(id)).map((n) => n.eventId)).toEqual([`${id}:1`]);
    expect(await outboxOf(id)).toEqual([]);
  });

  it('the BFF sweeps at start-up and again on its timer', async () => {
    const atStart = await register();
    await approveWithoutRelay(atStart);
    const timer = sweepOutboxPeriodically({ NOTIFY_SWEEP_INTERVAL_MS: 200 }, createLogger({ LOG_LEVEL: 'silent' }));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await notificationsOf(atStart)).toHaveLength(1);
      const later = await register();
      await approveWithoutRelay(later);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await notificationsOf(later)).map((n) => n.kind)).toEqual(['union_approved']);
      expect(await outboxOf(later)).toEqual([]);
    } finally {
      clearInterval(timer);
    }
  });
});
