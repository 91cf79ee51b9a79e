/**
 * Retention (issue 15 item 5; the privacy notice's 保存多久): a year after a competition finished
 * (its 公示 closed), its personal data is deleted or anonymised. Built here through the API as
 * people leave it: registrations with evidence photos, decisions and their messages, a subscribe
 * grant, a pass and a check-in, scores, an objection, the 公示 closed and certificates issued. The
 * dry run changes nothing; a run that dies half-way is finished by the next; of two runs at once
 * one purges and the other finds the lease held; afterwards no stored document of any collection
 * holds a name, ID number, phone or their hashes and ciphertexts (the published list keeps the
 * names it shows), the GridFS files are gone, the public 公示 and certificate verification answer
 * as before, the purge is in the audit trail, and a competition finished less than a year ago is
 * untouched. The BFF's schedule runs the same purge.
 */
import request from 'supertest';
import mongoose, { Types, trusted } from 'mongoose';
import {
  ZMyRegistrationResponse,
  type TCommitteePass,
  type TEligibilityClaimsInput,
  type TEligibilityRequirements,
  type TPublicResultsSummary,
  type TRegistrationSubmitInput,
} from '@contest/shared';
import { CertificateSigner } from '@contest/bff/src/certificateSigning/signer';
import { AuditEventModel, type AuditEventRecord } from '@contest/bff/src/models/auditEvent';
import { CertificateModel, type CertificateRecord } from '@contest/bff/src/models/certificate';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { EvidenceModel, type EvidenceRecord } from '@contest/bff/src/models/evidence';
import { RegistrationModel, type RegistrationRecord } from '@contest/bff/src/models/registration';
import { ResultObjectionModel } from '@contest/bff/src/models/results';
import { RetentionPurgeModel } from '@contest/bff/src/models/retention';
import { SessionModel } from '@contest/bff/src/models/session';
import { TeamEntryModel, TeamModel } from '@contest/bff/src/models/team';
import { UserModel } from '@contest/bff/src/models/user';
import { createLogger } from '@contest/bff/src/logger';
import { purgeRetentionPeriodically } from '@contest/bff/src/server';
import { forgetPublicResults } from '@contest/bff/src/services/results/publicResults';
import { purgeExpiredPersonalData, type RetentionReport } from '@contest/bff/src/services/retention/purge';
import { writeScore, type PassedRegistration } from '@contest/bff/src/services/scores/scoreWrites';
import { signInAs, type TestPerson } from '../support/auth';
import { pngPhoto } from '../support/evidencePhoto';
import { HEPING_CODE } from '../support/auditFixtures';
import { startAuditHarness, type AuditSetting } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';
import { createOtherCompetition } from '../support/otherCompetition';

const clock = new Date('2026-11-24T10:00:00+08:00');
const REQUIREMENTS: TEligibilityRequirements = {
  residence: 'hukou_or_insurance',
  localArea: '天津市',
  minInsuranceMonths: 12,
  skillCertificateRequired: true,
  honourOptions: [],
  evidence: ['id_front', 'id_back', 'skill_certificate'],
};
const CLAIMS: TEligibilityClaimsInput = {
  residence: { basis: 'insurance', insuranceMonths: 18, insuranceEmployer: '津南重型机械制造厂' },
  skillCertificateNumber: 'S000098765432',
  honours: [],
};

interface Person {
  name: string;
  nationalId: string;
  mobile: string;
  unionCode?: string;
  worker?: TestPerson;
  registrationId?: string;
}
/** 张三丰 and 李四光 are scored and on the published list; 王小明 registered and was never decided. */
const PEOPLE: Person[] = [
  { name: '张三丰', nationalId: validNationalId('19900307', 611), mobile: '13911112222' },
  { name: '李四光', nationalId: validNationalId('19880412', 613), mobile: '13933334444', unionCode: HEPING_CODE },
  { name: '王小明', nationalId: validNationalId('19920101', 615), mobile: '13955556666' },
];
const LISTED = ['张三丰', '李四光'];

let setting: AuditSetting;
let harness: TestHarness;
let competitionId: string;
let recentCompetitionId: string;
let committee: TestPerson;
let signer: CertificateSigner;
const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;
const oid = (id: string) => new Types.ObjectId(id);
const purge = (apply: boolean) => purgeExpiredPersonalData({ now: () => clock, retentionDays: 365, apply, trigger: 'command' });

async function register(person: Person): Promise<void> {
  const worker = await signInAs([], { privacyAccepted: true });
  for (const kind of REQUIREMENTS.evidence) {
    await api().post('/api/v1/me/evidence').query({ competitionId, kind }).set(worker.auth).attach('file', pngPhoto(), 'photo.png').expect(201);
  }
  await api().post('/api/v1/me/subscriptions').set(worker.auth).send({ answers: { 'tpl-audit': 'accept', 'tpl-confirm': 'accept' } }).expect(200);
  const body = registrationInput(competitionId, {
    name: person.name,
    nationalId: person.nationalId,
    mobile: person.mobile,
    eligibilityClaims: CLAIMS,
    ...(person.unionCode ? { unionCode: person.unionCode } : {}),
  } as Partial<TRegistrationSubmitInput>);
  const res = await api().post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(body);
  if (res.status !== 201) throw new Error(`registration refused: ${res.status} ${JSON.stringify(res.body)}`);
  person.worker = worker;
  person.registrationId = ZMyRegistrationResponse.parse(res.body).data.id;
}

async function decide(person: TestPerson, desk: 'union' | 'committee', id: string): Promise<void> {
  const { version } = await RegistrationModel.findById(id).lean<RegistrationRecord>().orFail().exec();
  await api().post(`/api/v1/audit/${desk}/registrations/${id}/decision`).set(person.auth).send({ decision: 'approve', version }).expect(200);
}

/** Every stored document of every collection, as text. */
async function storedDocuments(): Promise<Map<string, string[]>> {
  const db = mongoose.connection.db!;
  const all = new Map<string, string[]>();
  for (const { name } of await db.listCollections().toArray()) {
    all.set(name, (await db.collection(name).find({}).sort({ _id: 1 }).toArray()).map((doc) => JSON.stringify(doc)));
  }
  return all;
}

/** `collection: value` for every personal value of the purged competition still stored (the recent competition's registrations and the published list's names aside). */
function personalDataIn(stored: Map<string, string[]>): string[] {
  const found = new Set<string>();
  for (const [collection, docs] of stored) {
    for (const doc of docs) {
      if (collection === 'registrations' && doc.includes(recentCompetitionId)) continue;
      for (const needle of needles) {
        if (!doc.includes(needle)) continue;
        if (collection === 'result_snapshots' && listedNames.includes(needle)) continue;
        found.add(`${collection}: ${needle}`);
      }
    }
  }
  return [...found];
}

/** What the public sees: the 公示's summary, each list, and every certificate's verification. */
async function publicAnswers(): Promise<unknown[]> {
  forgetPublicResults(competitionId);
  const path = `/api/v1/public/competitions/${competitionId}/results`;
  const summary = (await api().get(path).expect(200)).body.data as TPublicResultsSummary;
  const answers: unknown[] = [summary];
  for (const { tradeCode, groupCode } of summary.sections) answers.push((await api().get(path).query({ tradeCode, groupCode }).expect(200)).body.data);
  const certificates = await CertificateModel.find({ competitionId: oid(competitionId) }).sort({ serial: 1 }).lean<CertificateRecord[]>().exec();
  for (const c of certificates) {
    answers.push((await api().get('/api/v1/public/certificates/verify').query({ token: signer.sign(c.competitionId, c.serial, c.version) }).expect(200)).body.data);
    answers.push((await api().get('/api/v1/public/certificates/verify').query({ code: signer.shortCode(c.serial) }).expect(200)).body.data);
  }
  return answers;
}

/** Every personal value of the competition as stored before the purge: raw, hashed, sealed. */
const needles: string[] = [];
let listedNames: string[] = [];
let evidenceFileIds: Types.ObjectId[] = [];
let accountIds: Types.ObjectId[] = [];
let publicBefore: unknown[] = [];
let recentBefore = '';

beforeAll(async () => {
  setting = await startAuditHarness(clock, { env: { NOTIFY_TEMPLATE_IDS: 'audit_result=tpl-audit,registration_confirmed=tpl-confirm', SESSION_IDLE_DAYS: '90' } });
  harness = setting.harness;
  competitionId = setting.competitionId;
  signer = CertificateSigner.fromConfig(harness.config);
  await CompetitionModel.updateOne({ _id: oid(competitionId) }, { $set: { 'eligibility.requirements': REQUIREMENTS } }).exec();
  committee = await signInAs([{ role: 'committee', competitionId }]);
  const officials = { hexi: await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]), heping: await signInAs([{ role: 'union_official', unionId: setting.heping._id }]) };

  // Registration (2026-11): photos, a subscribe grant, the submission; two are approved and confirmed.
  for (const person of PEOPLE) await register(person);
  const [zhang, li] = PEOPLE as [Person, Person, Person];
  await decide(officials.hexi, 'union', zhang.registrationId!);
  await decide(officials.heping, 'union', li.registrationId!);
  for (const person of [zhang, li]) await decide(committee, 'committee', person.registrationId!);

  // The competition day (2026-12-10): passes, a check-in, scores.
  clock.setTime(new Date('2026-12-10T09:10:00+08:00').getTime());
  const session = await createSession(harness, committee, competitionId, sessionInput({ code: 'rt-am', date: '2026-12-10', capacity: 10 }));
  const staff = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
  const passes: TCommitteePass[] = [];
  for (const person of [zhang, li]) passes.push(await place(harness, committee, competitionId, person.registrationId!, 'rt-am'));
  for (const pass of passes) {
    await api()
      .post('/api/v1/venue/check-ins')
      .set(staff.auth)
      .send({ sessionId: session.id, nonce: `rt-${pass.passNumber}`, scannedAt: clock.toISOString(), deviceId: 'gate-1', passNumber: pass.passNumber })
      .expect(200);
  }
  for (const [i, pass] of passes.entries()) {
    const registration = await RegistrationModel.findById(pass.registrationId).lean<PassedRegistration>().orFail().exec();
    const after = { theory: 90 - i * 10, practical: 92 - i * 10, absent: false, remarks: `${PEOPLE[i]!.name}现场表现` };
    await writeScore({ competitionId: registration.competitionId, registration, current: null, after, by: committee.userId, at: clock, via: 'manual', sheetHash: null });
  }

  // The 公示 (2026-12-11), an objection answered, closed (2026-12-31): certificates issued.
  clock.setTime(new Date('2026-12-11T10:00:00+08:00').getTime());
  await api().post(admin('/results/announcement')).set(committee.auth).expect(201);
  await ResultObjectionModel.create({
    competitionId: oid(competitionId),
    registrationId: oid(zhang.registrationId!),
    userId: li.worker!.userId,
    reason: '张三丰的实操作品需要复核',
    contact: li.mobile,
    at: clock,
    answer: '经复核无误',
    answeredAt: clock,
    answeredBy: committee.userId,
  });
  clock.setTime(new Date('2026-12-31T10:00:00+08:00').getTime());
  await api().post(admin('/results/announcement/close')).set(committee.auth).expect(200);
  expect(await CertificateModel.countDocuments({ competitionId: oid(competitionId) })).toBe(2);

  // Another competition, finished in mid-2027: not a year ago when the purge runs.
  recentCompetitionId = await createOtherCompetition('retention-recent', clock);
  await confirmedRegistration(recentCompetitionId, { union: setting.hexi, name: '赵近期' });
  await CompetitionModel.updateOne({ _id: oid(recentCompetitionId) }, { $set: { resultsFinalAt: new Date('2027-06-01T10:00:00+08:00') } }).exec();

  // What must go, and what must stay.
  const old = oid(competitionId);
  for (const person of PEOPLE) needles.push(person.name, person.nationalId, person.mobile);
  needles.push(CLAIMS.skillCertificateNumber!, '津南重型机械制造厂', '现场表现', '实操作品需要复核');
  for (const r of await RegistrationModel.find({ competitionId: old }).lean<RegistrationRecord[]>().exec()) {
    needles.push(...[r.nationalIdSealed, r.nationalIdHash, r.mobileSealed, r.mobileHash, r.name, r.employer].filter((v): v is string => !!v));
  }
  for (const team of await TeamModel.find({ competitionId: old }).lean().exec()) needles.push(team.leaderName, team.leaderMobileSealed);
  for (const entry of await TeamEntryModel.find({ competitionId: old }).lean().exec()) needles.push(entry.name, entry.nationalIdSealed, entry.nationalIdHash, entry.mobileSealed);
  accountIds = PEOPLE.map((p) => p.worker!.userId);
  for (const user of await UserModel.find({ _id: trusted({ $in: accountIds }) }).lean().exec()) needles.push(user.openid);
  evidenceFileIds = (await EvidenceModel.find({ competitionId: old }).lean<EvidenceRecord[]>().exec()).map((e) => e.fileId);
  expect(evidenceFileIds).toHaveLength(9);
  listedNames = LISTED;

  // A year and a day after the 公示 closed.
  clock.setTime(new Date('2028-01-05T10:00:00+08:00').getTime());
  publicBefore = await publicAnswers();
  recentBefore = JSON.stringify(await RegistrationModel.find({ competitionId: oid(recentCompetitionId) }).lean().exec());
});
afterAll(() => harness.stop());

let dryRun: RetentionReport;

describe('the dry run', () => {
  it('says per competition and kind what it would remove, and changes nothing', async () => {
    const before = await storedDocuments();
    const where = new Set(personalDataIn(before).map((hit) => hit.split(':')[0]));
    for (const collection of ['registrations', 'notifications', 'check_in_answers', 'certificates', 'result_objections', 'score_changes', 'users']) {
      expect(where).toContain(collection);
    }
    dryRun = await purge(false);
    expect(await storedDocuments()).toEqual(before);
    expect(dryRun.competitions.map((c) => c.competitionId)).toEqual([competitionId]);
    expect(dryRun.competitions[0]!.counts).toMatchObject({ registrations: 3, evidence: 9, certificates: 2, objections: 1, accounts: 3 });
    expect(dryRun.competitions[0]!.counts.notifications).toBeGreaterThanOrEqual(4);
    expect(dryRun.competitions[0]!.counts.check_ins).toBeGreaterThanOrEqual(2);
    expect(dryRun.competitions[0]!.counts.scores).toBeGreaterThanOrEqual(4);
  });
});

describe('a run that dies half-way', () => {
  it('leaves its purge written down, and the next run finishes it with the counts it began with', async () => {
    const crash = jest.spyOn(CertificateModel, 'updateOne').mockImplementationOnce(() => {
      throw new Error('process died');
    });
    await expect(purge(true)).rejects.toThrow('process died');
    crash.mockRestore();
    const record = await RetentionPurgeModel.findById(oid(competitionId)).lean().orFail().exec();
    expect(record.finishedAt).toBeNull();
    // Steps before the certificates ran (the photos are gone); the registrations still name people.
    expect(await EvidenceModel.countDocuments({ competitionId: oid(competitionId) })).toBe(0);
    expect(await RegistrationModel.countDocuments({ competitionId: oid(competitionId), name: '张三丰' })).toBe(1);
    expect(await AuditEventModel.countDocuments({ kind: 'retention_purge' })).toBe(0);
  });
});

describe('two runs at once', () => {
  it('one purges, the other finds the lease held and does nothing', async () => {
    const reports = await Promise.all([purge(true), purge(true)]);
    const ran = reports.filter((r) => !r.busy);
    expect(ran).toHaveLength(1);
    expect(reports.filter((r) => r.busy)).toHaveLength(1);
    expect(ran[0]!.competitions).toEqual([expect.objectContaining({ competitionId, resumed: true, counts: dryRun.competitions[0]!.counts })]);
  });
});

describe('after the purge', () => {
  it('no stored document holds a name, ID number, phone or their hashes and ciphertexts; the published list keeps the names it shows', async () => {
    const stored = await storedDocuments();
    expect(personalDataIn(stored)).toEqual([]);
    // The published list still names the contestants it shows; certificates keep the masked name.
    expect(stored.get('result_snapshots')!.join()).toContain('张三丰');
    expect((await CertificateModel.find({ competitionId: oid(competitionId) }).lean<CertificateRecord[]>().exec()).map((c) => c.name).sort()).toEqual(['张*丰', '李*光']);
  });

  it('the evidence files are gone from GridFS, and the accounts with nothing left with their sessions', async () => {
    const db = mongoose.connection.db!;
    expect(await db.collection('evidence.files').countDocuments({ _id: { $in: evidenceFileIds } })).toBe(0);
    expect(await db.collection('evidence.chunks').countDocuments({ files_id: { $in: evidenceFileIds } })).toBe(0);
    expect(await UserModel.countDocuments({ _id: trusted({ $in: accountIds }) })).toBe(0);
    expect(await SessionModel.countDocuments({ userId: trusted({ $in: accountIds }) })).toBe(0);
    // Officials keep their accounts: they hold roles.
    expect(await UserModel.countDocuments({ _id: committee.userId })).toBe(1);
  });

  it('registrations stay, naming no one: statuses and counts of the competition hold', async () => {
    const left = await RegistrationModel.find({ competitionId: oid(competitionId) }).lean<RegistrationRecord[]>().exec();
    expect(left.map((r) => r.status).sort()).toEqual(['confirmed', 'confirmed', 'submitted']);
    for (const r of left) {
      expect(r).toMatchObject({ name: '', nationalIdHash: null, nationalIdMasked: null, mobileHash: null, mobileMasked: null, userId: null, anonymisedAt: clock });
      expect(r).not.toHaveProperty('age');
    }
  });

  it('the public 公示 and certificate verification answer as before', async () => {
    expect(await publicAnswers()).toEqual(publicBefore);
    expect(JSON.stringify(publicBefore)).toContain('张三丰');
  });

  it('the purge is in the audit trail once: what, which competition, counts, when, by the command', async () => {
    const events = await AuditEventModel.find({ kind: 'retention_purge' }).lean<AuditEventRecord[]>().exec();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      competitionId: oid(competitionId),
      actorUserId: null,
      actorBody: '数据保留期清理（命令行）',
      at: clock,
      detail: { trigger: 'command', startedBy: 'command', retentionDays: 365, counts: dryRun.competitions[0]!.counts },
    });
  });

  it('a competition finished less than a year ago is untouched, and a re-run finds nothing to do', async () => {
    expect(JSON.stringify(await RegistrationModel.find({ competitionId: oid(recentCompetitionId) }).lean().exec())).toBe(recentBefore);
    expect(recentBefore).toContain('赵近期');
    expect(await RetentionPurgeModel.countDocuments({ _id: oid(recentCompetitionId) })).toBe(0);
    const again = await purge(true);
    expect(again.competitions).toEqual([]);
    expect(await AuditEventModel.countDocuments({ kind: 'retention_purge' })).toBe(1);
  });
});

describe('the schedule', () => {
  it('each BFF process runs the same purge on its schedule (now, then daily), recorded as the schedule', async () => {
    // The schedule reads the real clock: a competition whose 公示 closed 400 days before today.
    const scheduledId = await createOtherCompetition('retention-scheduled');
    await confirmedRegistration(scheduledId, { union: setting.hexi, name: '钱定时' });
    await CompetitionModel.updateOne({ _id: oid(scheduledId) }, { $set: { resultsFinalAt: new Date(Date.now() - 400 * 86_400_000) } }).exec();
    const timer = purgeRetentionPeriodically({ RETENTION_DAYS_AFTER_COMPETITION: 365, RETENTION_SWEEP_INTERVAL_MS: 86_400_000 }, createLogger({ LOG_LEVEL: 'silent' }));
    try {
      let event: AuditEventRecord | null = null;
      for (let i = 0; i < 100 && !event; i += 1) {
        event = await AuditEventModel.findOne({ kind: 'retention_purge', competitionId: oid(scheduledId) }).lean<AuditEventRecord>().exec();
        if (!event) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(event).toMatchObject({ actorUserId: null, actorBody: '数据保留期清理（定时任务）', detail: { trigger: 'schedule', counts: { registrations: 1 } } });
    } finally {
      clearInterval(timer);
    }
    expect(await RegistrationModel.countDocuments({ competitionId: oid(scheduledId), name: '钱定时' })).toBe(0);
  });
});
