/**
 * Eligibility fields and evidence photos (issue 14 item 3): the competition asks for 户籍 or months
 * of local social insurance, a skill certificate's number, honours from its list and photos of the
 * ID card and certificate. The BFF refuses what its data can decide (too few insurance months, an
 * excluded honour, a missing photo), accepts only real images within the size limit, stores them
 * sealed in GridFS, and shows them to the auditing desks in scope, logging every view.
 */
import request from 'supertest';
import { Types, trusted } from 'mongoose';
import {
  EVIDENCE_MAX_BYTES,
  ZAuditRegistrationResponse,
  ZErrorEnvelope,
  ZEvidenceImageResponse,
  ZEvidenceItemResponse,
  ZEvidenceListResponse,
  ZMyRegistrationResponse,
  type TEligibilityClaimsInput,
  type TEligibilityRequirements,
  type TEvidenceKind,
  type TRegistrationSubmitInput,
} from '@contest/shared';
import { AuditEventModel } from '@contest/bff/src/models/auditEvent';
import { CompetitionModel } from '@contest/bff/src/models/competition';
import { EvidenceModel } from '@contest/bff/src/models/evidence';
import { signInAs, type TestPerson } from '../support/auth';
import { pngPhoto } from '../support/evidencePhoto';
import { startAuditHarness } from '../support/auditApi';
import type { TestHarness } from '../support/bff';
import { newIdempotencyKey, registrationInput, validNationalId } from '../support/registration';

const NOW = new Date('2026-11-24T10:00:00+08:00');
const REQUIREMENTS: TEligibilityRequirements = {
  residence: 'hukou_or_insurance',
  localArea: '天津市',
  minInsuranceMonths: 12,
  skillCertificateRequired: true,
  honourOptions: [
    { name: '全国职工职业技能大赛前三名', exclusion: 'recent', recentYears: 3 },
    { name: '天津市技术能手', exclusion: 'none', recentYears: 3 },
  ],
  evidence: ['id_front', 'id_back', 'skill_certificate'],
};
const CLAIMS: TEligibilityClaimsInput = {
  residence: { basis: 'insurance', insuranceMonths: 18, insuranceEmployer: '天津港（集团）有限公司' },
  skillCertificateNumber: 'S000012345678',
  honours: [{ name: '天津市技术能手', year: 2023 }],
};

let harness: TestHarness;
let competitionId: string;
let hexiOfficial: TestPerson;
let hepingOfficial: TestPerson;
let committee: TestPerson;
let venueStaff: TestPerson;
const api = () => request(harness.app.callback());

function upload(worker: TestPerson, kind: TEvidenceKind, bytes: Buffer, contentType = 'image/png') {
  return api().post('/api/v1/me/evidence').query({ competitionId, kind }).set(worker.auth).set('Content-Type', contentType).send(bytes);
}

/** The phone's way: a multipart/form-data body with the photo as its `file` part. */
async function uploadAsPhone(worker: TestPerson, kind: TEvidenceKind, bytes: Buffer): Promise<string> {
  const res = await api().post('/api/v1/me/evidence').query({ competitionId, kind }).set(worker.auth).attach('file', bytes, 'tmp_photo.png').expect(201);
  return ZEvidenceItemResponse.parse(res.body).data.id;
}

async function uploadAll(worker: TestPerson): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const kind of REQUIREMENTS.evidence) ids[kind] = await uploadAsPhone(worker, kind, pngPhoto());
  return ids;
}

let sequence = 500;
function submit(worker: TestPerson, overrides: Partial<TRegistrationSubmitInput> = {}) {
  sequence += 2;
  const body = registrationInput(competitionId, { nationalId: validNationalId('19900307', sequence), eligibilityClaims: CLAIMS, ...overrides } as Partial<TRegistrationSubmitInput>);
  return api().post('/api/v1/registrations').set(worker.auth).set('Idempotency-Key', newIdempotencyKey()).send(body);
}

const newWorker = () => signInAs([], { privacyAccepted: true });

beforeAll(async () => {
  const setting = await startAuditHarness(NOW);
  ({ harness, competitionId } = setting);
  await CompetitionModel.updateOne({ _id: new Types.ObjectId(competitionId) }, { $set: { 'eligibility.requirements': REQUIREMENTS } }).exec();
  hexiOfficial = await signInAs([{ role: 'union_official', unionId: setting.hexi._id }]);
  hepingOfficial = await signInAs([{ role: 'union_official', unionId: setting.heping._id }]);
  committee = await signInAs([{ role: 'committee', competitionId }]);
  venueStaff = await signInAs([{ role: 'venue_staff', competitionId, venue: 'main' }]);
});
afterAll(() => harness.stop());

describe('uploads are real images within the size limit', () => {
  it('refuses bytes that are not an image, whatever the declared type and name', async () => {
    const worker = await newWorker();
    const text = await upload(worker, 'id_front', Buffer.from('这不是照片'.repeat(50)), 'image/jpeg').expect(415);
    expect(ZErrorEnvelope.parse(text.body)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('JPG、PNG 或 WebP') });
    // A JPEG's first bytes with no image behind them.
    const magicOnly = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 0x41)]);
    await upload(worker, 'id_front', magicOnly, 'image/jpeg').expect(415);
    const pdf = await api().post('/api/v1/me/evidence').query({ competitionId, kind: 'id_front' }).set(worker.auth).attach('file', Buffer.from('%PDF-1.4 not a photo'), 'id.jpg');
    expect(pdf.status).toBe(415);
    // A JSON body is no photo either (and is refused at once, not waited on).
    await api().post('/api/v1/me/evidence').query({ competitionId, kind: 'id_front' }).set(worker.auth).send({ photo: 'base64…' }).expect(415);
    expect(await EvidenceModel.countDocuments({ userId: worker.userId })).toBe(0);
  });

  it('refuses a photo above the limit with 413, nothing stored', async () => {
    const worker = await newWorker();
    const photo = pngPhoto();
    const oversized = Buffer.concat([photo, Buffer.alloc(EVIDENCE_MAX_BYTES + 1 - photo.length)]);
    const res = await upload(worker, 'id_front', oversized).expect(413);
    expect(ZErrorEnvelope.parse(res.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('5 MB') });
    expect(await EvidenceModel.countDocuments({ userId: worker.userId })).toBe(0);
  });

  it('refuses a kind of photo the competition does not ask for', async () => {
    const worker = await newWorker();
    await upload(worker, 'honour_certificate', pngPhoto()).expect(400);
  });

  it('stores the photo sealed: the bytes in GridFS are not the image, and read back as it was', async () => {
    const worker = await newWorker();
    const photo = pngPhoto(80, 60);
    const id = await uploadAsPhone(worker, 'id_front', photo);
    const record = await EvidenceModel.findById(id).lean().orFail();
    expect(record).toMatchObject({ contentType: 'image/png', width: 80, height: 60, size: photo.length, registrationId: null });
    const db = EvidenceModel.db.db!;
    const stored = Buffer.concat(
      (await db.collection('evidence.chunks').find({ files_id: record.fileId }).sort({ n: 1 }).toArray()).map((c) => Buffer.from(c.data.buffer)),
    );
    expect(stored.length).toBeGreaterThan(photo.length);
    expect(stored.includes(photo.subarray(0, 8))).toBe(false);
    expect(stored.includes(photo.subarray(40, 200))).toBe(false);
    const own = await api().get(`/api/v1/me/evidence/${id}`).set(worker.auth).expect(200);
    expect(ZEvidenceImageResponse.parse(own.body).data.dataUrl).toBe(`data:image/png;base64,${photo.toString('base64')}`);
    // Someone else's photo looks missing.
    await api().get(`/api/v1/me/evidence/${id}`).set((await newWorker()).auth).expect(404);
  });

  it('a second photo of the same kind before submission replaces the first', async () => {
    const worker = await newWorker();
    const first = await uploadAsPhone(worker, 'id_back', pngPhoto(30, 30));
    const firstFile = (await EvidenceModel.findById(first).lean().orFail()).fileId;
    const second = await uploadAsPhone(worker, 'id_back', pngPhoto(40, 40));
    const listed = await api().get('/api/v1/me/evidence').query({ competitionId }).set(worker.auth).expect(200);
    expect(ZEvidenceListResponse.parse(listed.body).data.items.map((item) => [item.id, item.kind, item.width])).toEqual([[second, 'id_back', 40]]);
    expect(await EvidenceModel.db.db!.collection('evidence.files').countDocuments({ _id: firstFile })).toBe(0);
  });
});

describe('the rules with data behind them are checked by the BFF', () => {
  it('insurance months below the minimum are refused with the reason', async () => {
    const worker = await newWorker();
    await uploadAll(worker);
    const res = await submit(worker, { eligibilityClaims: { ...CLAIMS, residence: { basis: 'insurance', insuranceMonths: 8, insuranceEmployer: '天津港（集团）有限公司' } } } as Partial<TRegistrationSubmitInput>).expect(422);
    const error = ZErrorEnvelope.parse(res.body);
    expect(error.code).toBe('NOT_ELIGIBLE');
    expect(error.fields).toEqual([
      { path: 'eligibilityClaims.residence.insuranceMonths', message: '非天津市户籍须在天津市连续缴纳社会保险满12个月，您填写的是8个月' },
    ]);
  });

  it('a 职工组 entry stating neither 户籍 nor insurance, or no certificate number, is refused', async () => {
    const worker = await newWorker();
    await uploadAll(worker);
    const res = await submit(worker, { eligibilityClaims: { ...CLAIMS, residence: null, skillCertificateNumber: null } } as Partial<TRegistrationSubmitInput>).expect(422);
    expect(ZErrorEnvelope.parse(res.body).fields?.map((f) => f.path)).toEqual(['eligibilityClaims.residence', 'eligibilityClaims.skillCertificateNumber']);
  });

  it('an excluded honour is refused: always for 全国技术能手, within 3 years for a top finish', async () => {
    const worker = await newWorker();
    await uploadAll(worker);
    const honours = [
      { name: '全国技术能手', year: 2015 },
      { name: '全国职工职业技能大赛前三名', year: 2025 },
    ];
    const res = await submit(worker, { eligibilityClaims: { ...CLAIMS, honours } } as Partial<TRegistrationSubmitInput>).expect(422);
    expect(ZErrorEnvelope.parse(res.body).fields).toEqual([
      { path: 'eligibilityClaims.honours.0', message: '获得“全国技术能手”者不得以选手身份参赛' },
      { path: 'eligibilityClaims.honours.1', message: '近3年内（2025年以来）获得“全国职工职业技能大赛前三名”者不得以选手身份参赛' },
    ]);
    // An older top finish is for the official's eye, not a refusal.
    await submit(worker, { eligibilityClaims: { ...CLAIMS, honours: [{ name: '全国职工职业技能大赛前三名', year: 2020 }] } } as Partial<TRegistrationSubmitInput>).expect(201);
  });

  it('a submission without the photos asked for is refused, naming each', async () => {
    const worker = await newWorker();
    await uploadAsPhone(worker, 'id_front', pngPhoto());
    const res = await submit(worker).expect(422);
    expect(ZErrorEnvelope.parse(res.body).fields).toEqual([
      { path: 'evidence.id_back', message: '请上传身份证国徽面照片' },
      { path: 'evidence.skill_certificate', message: '请上传职业技能等级证书照片' },
    ]);
  });
});

describe('the auditing desks in scope see the evidence beside the claims, each view logged', () => {
  let registrationId: string;
  let photos: Record<string, string>;
  let worker: TestPerson;

  beforeAll(async () => {
    worker = await newWorker();
    photos = await uploadAll(worker);
    const res = await submit(worker).expect(201);
    registrationId = ZMyRegistrationResponse.parse(res.body).data.id;
  });

  it('the submission carries the photos; the detail shows claims and photos', async () => {
    expect(await EvidenceModel.countDocuments({ registrationId: new Types.ObjectId(registrationId) })).toBe(3);
    const res = await api().get(`/api/v1/audit/union/registrations/${registrationId}`).set(hexiOfficial.auth).expect(200);
    const detail = ZAuditRegistrationResponse.parse(res.body).data;
    expect(detail.eligibilityClaims).toEqual({ ...CLAIMS });
    expect(detail.evidence?.map((item) => [item.kind, item.id]).sort()).toEqual(Object.entries(photos).sort());
  });

  it('an official in scope and the committee see a photo; each view is in the audit log and the trail', async () => {
    const path = `/api/v1/audit/union/registrations/${registrationId}/evidence/${photos.id_front}`;
    const res = await api().get(path).set(hexiOfficial.auth).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(ZEvidenceImageResponse.parse(res.body).data).toMatchObject({ kind: 'id_front', contentType: 'image/png' });
    await api().get(`/api/v1/audit/committee/registrations/${registrationId}/evidence/${photos.skill_certificate}`).set(committee.auth).expect(200);
    const events = await AuditEventModel.find({ registrationId: new Types.ObjectId(registrationId), kind: 'evidence_view' }).sort({ at: 1, _id: 1 }).lean();
    expect(events.map((e) => [e.actorUserId?.toHexString(), e.actorRole, e.actorBody, e.detail])).toEqual([
      [hexiOfficial.userId.toHexString(), 'union_official', '河西区总工会', { evidenceId: photos.id_front, evidenceKind: 'id_front' }],
      [committee.userId.toHexString(), 'committee', expect.any(String), { evidenceId: photos.skill_certificate, evidenceKind: 'skill_certificate' }],
    ]);
    const detail = ZAuditRegistrationResponse.parse((await api().get(`/api/v1/audit/union/registrations/${registrationId}`).set(hexiOfficial.auth).expect(200)).body).data;
    expect(detail.trail.filter((entry) => entry.kind === 'evidence_view').map((entry) => entry.note)).toEqual([
      '查看证明材料：身份证人像面',
      '查看证明材料：职业技能等级证书',
    ]);
  });

  it('an official outside the scope, venue staff and the worker’s desk-less peers are refused; nothing is logged', async () => {
    const before = await AuditEventModel.countDocuments({ kind: 'evidence_view' });
    const path = `/api/v1/audit/union/registrations/${registrationId}/evidence/${photos.id_front}`;
    expect(ZErrorEnvelope.parse((await api().get(path).set(hepingOfficial.auth).expect(404)).body).code).toBe('REGISTRATION_NOT_FOUND');
    await api().get(path).set(venueStaff.auth).expect(403);
    await api().get(path).set((await newWorker()).auth).expect(403);
    // A photo id of another registration, through one the official does reach.
    const other = await newWorker();
    const otherPhotos = await uploadAll(other);
    await submit(other).expect(201);
    await api().get(`/api/v1/audit/union/registrations/${registrationId}/evidence/${otherPhotos.id_front}`).set(hexiOfficial.auth).expect(404);
    expect(await AuditEventModel.countDocuments({ kind: 'evidence_view' })).toBe(before);
  });
});

describe('after a union rejection', () => {
  it('a resubmission keeps the photos sent; a new photo of a kind replaces the old one for the desks', async () => {
    const worker = await newWorker();
    const photos = await uploadAll(worker);
    sequence += 2;
    const nationalId = validNationalId('19900307', sequence);
    const created = await api()
      .post('/api/v1/registrations')
      .set(worker.auth)
      .set('Idempotency-Key', newIdempotencyKey())
      .send(registrationInput(competitionId, { nationalId, eligibilityClaims: CLAIMS } as Partial<TRegistrationSubmitInput>))
      .expect(201);
    const id = ZMyRegistrationResponse.parse(created.body).data.id;
    await api().post(`/api/v1/audit/union/registrations/${id}/decision`).set(hexiOfficial.auth).send({ decision: 'reject', reason: '身份证照片不清晰', version: 0 }).expect(200);

    const clearer = await uploadAsPhone(worker, 'id_front', pngPhoto(120, 90));
    const { competitionId: _c, ...form } = registrationInput(competitionId, { nationalId, eligibilityClaims: CLAIMS } as Partial<TRegistrationSubmitInput>);
    await api().put(`/api/v1/me/registrations/${id}`).set(worker.auth).send({ ...form, version: 1 }).expect(200);

    const detail = ZAuditRegistrationResponse.parse((await api().get(`/api/v1/audit/union/registrations/${id}`).set(hexiOfficial.auth).expect(200)).body).data;
    expect(Object.fromEntries((detail.evidence ?? []).map((item) => [item.kind, item.id]))).toEqual({ ...photos, id_front: clearer });
    // The replaced photo stays on record but is no longer shown.
    await api().get(`/api/v1/audit/union/registrations/${id}/evidence/${photos.id_front}`).set(hexiOfficial.auth).expect(404);
    expect(await EvidenceModel.countDocuments({ registrationId: new Types.ObjectId(id), supersededAt: trusted({ $ne: null }) })).toBe(1);
  });
});
