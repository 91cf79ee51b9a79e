/**
 * Award certificates: closing the 公示 issues one per awarded contestant, once; the public check
 * (no sign-in) answers valid by the QR token or the short code with the name partly masked, says
 * plainly when a certificate was revoked, refuses an altered token as forged and a mistyped code,
 * and limits code look-ups per address.
 */
import request from 'supertest';
import { Types } from 'mongoose';
import type { TCertificateVerification, TCommitteePass, TPublicResultList, TPublicResultsSummary } from '@contest/shared';
import { CertificateSigner } from '@contest/bff/src/certificateSigning/signer';
import { CheckInModel } from '@contest/bff/src/models/checkIn';
import { CertificateIssuanceModel, CertificateModel, type CertificateRecord } from '@contest/bff/src/models/certificate';
import { RegistrationModel } from '@contest/bff/src/models/registration';
import { writeScore, type PassedRegistration } from '@contest/bff/src/services/scores/scoreWrites';
import { issueCertificates, resumeCertificateIssuance } from '@contest/bff/src/services/certificates/issuance';
import { signInAs, type TestPerson } from '../support/auth';
import { bodyAsBytes, startAuditHarness, type AuditSetting } from '../support/auditApi';
import { pdfPageQrTexts, pdfPageTexts } from '../support/pdfText';
import type { TestHarness } from '../support/bff';
import { confirmedRegistration, createSession, place, sessionInput } from '../support/passes';

const clock = new Date('2026-09-28T10:00:00+08:00');
const LOOKUPS_PER_MINUTE = 40;

let setting: AuditSetting;
let harness: TestHarness;
let signer: CertificateSigner;
let competitionId: string;
let committee: TestPerson;
/** 张三丰, who downloads their own certificate. */
let owner: TestPerson;
const NAMES = ['张三丰', '李四', '王五', '赵六'];
const passes: TCommitteePass[] = [];

const api = () => request(harness.app.callback());
const admin = (path: string) => `/api/v1/admin/competitions/${competitionId}${path}`;
const verify = async (query: Record<string, string>): Promise<TCertificateVerification> =>
  (await api().get('/api/v1/public/certificates/verify').query(query).expect(200)).body.data as TCertificateVerification;
const certificateOf = (name: string) => CertificateModel.findOne({ competitionId: new Types.ObjectId(competitionId), name }).lean<CertificateRecord>().orFail().exec();
const tokenOf = (c: CertificateRecord) => signer.sign(c.competitionId, c.serial, c.version);

beforeAll(async () => {
  setting = await startAuditHarness(clock, { env: { RATE_LIMIT_LOOKUPS_PER_MINUTE: String(LOOKUPS_PER_MINUTE) } });
  harness = setting.harness;
  signer = CertificateSigner.fromConfig(harness.config);
  competitionId = setting.competitionId;
  committee = await signInAs([{ role: 'committee', competitionId }]);
  await createSession(harness, committee, competitionId, sessionInput({ code: 'ct-am', capacity: 20, stationPrefix: 'C', hosts: [{ tradeCode: 'auto-repair', groupCode: 'worker' }] }));
  owner = await signInAs();
  for (const [i, name] of NAMES.entries()) {
    const userId = i === 0 ? owner.userId : undefined;
    const pass = await place(harness, committee, competitionId, await confirmedRegistration(competitionId, { union: setting.heping, name, tradeCode: 'auto-repair', userId }), 'ct-am');
    passes.push(pass);
    const registration = await RegistrationModel.findById(pass.registrationId).lean<PassedRegistration>().orFail().exec();
    const after = { theory: 90 - i * 5, practical: 95 - i * 5, absent: false, remarks: '' };
    await writeScore({ competitionId: registration.competitionId, registration, current: null, after, by: committee.userId, at: clock, via: 'manual', sheetHash: null });
    await CheckInModel.create({
      competitionId: new Types.ObjectId(competitionId),
      passSerial: registration.pass.serial,
      registrationId: new Types.ObjectId(pass.registrationId),
      sessionId: new Types.ObjectId(),
      scan: { nonce: `ct-${pass.passNumber}`, scannedAt: clock, recordedAt: clock, deviceId: 'gate', staffUserId: committee.userId },
    });
  }
  await api().post(admin('/results/announcement')).set(committee.auth).expect(201);
});
afterAll(() => harness.stop());

describe('issuance', () => {
  it('issues nothing before the results are final', async () => {
    expect(await CertificateModel.countDocuments({ competitionId: new Types.ObjectId(competitionId) })).toBe(0);
  });

  it('closing the 公示 issues one certificate per awarded contestant, with distinct serials; a re-run issues nothing new', async () => {
    clock.setTime(new Date('2026-10-11T09:00:00+08:00').getTime());
    await api().post(admin('/results/announcement/close')).set(committee.auth).expect(200);
    const resultsPath = `/api/v1/public/competitions/${competitionId}/results`;
    const summary = (await api().get(resultsPath).expect(200)).body.data as TPublicResultsSummary;
    const awarded = [];
    // The awards head each trade × group's list: its first page.
    for (const { tradeCode, groupCode } of summary.sections) {
      const list = (await api().get(resultsPath).query({ tradeCode, groupCode }).expect(200)).body.data as TPublicResultList;
      awarded.push(...list.rows.filter((r) => r.awardLabel !== null));
    }
    expect(awarded.length).toBeGreaterThanOrEqual(3);

    const issued = await CertificateModel.find({ competitionId: new Types.ObjectId(competitionId) }).lean<CertificateRecord[]>().exec();
    expect(issued.map((c) => c.name).sort()).toEqual(awarded.map((r) => r.name).sort());
    expect(new Set(issued.map((c) => c.serial)).size).toBe(issued.length);
    expect((await certificateOf('张三丰')).award).toBe('gold');

    expect(await issueCertificates(new Types.ObjectId(competitionId), clock)).toBe(0);
    expect(await CertificateModel.countDocuments({ competitionId: new Types.ObjectId(competitionId) })).toBe(issued.length);
  });

  it('a re-run after an interrupted issuance issues only the missing one', async () => {
    await CertificateModel.deleteOne({ competitionId: new Types.ObjectId(competitionId), name: '王五' });
    expect(await issueCertificates(new Types.ObjectId(competitionId), clock)).toBe(1);
    expect((await certificateOf('王五')).award).toBe('bronze');
  });

  it('the sweeper finishes an issuance interrupted before it was marked done', async () => {
    await CertificateModel.deleteOne({ competitionId: new Types.ObjectId(competitionId), name: '李四' });
    await CertificateIssuanceModel.deleteOne({ _id: new Types.ObjectId(competitionId) });
    expect(await resumeCertificateIssuance(clock)).toBe(1);
    expect((await certificateOf('李四')).award).toBe('silver');
    expect(await resumeCertificateIssuance(clock)).toBe(0);
  });
});

describe('public verification', () => {
  it('answers valid for the QR token without sign-in, with the name masked and no full name', async () => {
    const answer = await verify({ token: tokenOf(await certificateOf('张三丰')) });
    expect(answer).toMatchObject({ status: 'valid', certificate: { maskedName: '张*丰', award: 'gold', awardLabel: '金奖', issuedDate: '2026-10-11' } });
    expect(JSON.stringify(answer)).not.toContain('张三丰');
    if (answer.status !== 'valid') throw new Error('not valid');
    expect(answer.certificate.competitionName.length).toBeGreaterThan(0);
    expect(answer.message).toContain('证书有效');
  });

  it('answers valid for the short code typed in lower case without the hyphen; a two-character name shows as 李*', async () => {
    const certificate = await certificateOf('李四');
    const code = signer.shortCode(certificate.serial);
    const answer = await verify({ code: code.replace('-', '').toLowerCase() });
    expect(answer).toMatchObject({ status: 'valid', certificate: { maskedName: '李*', shortCode: code, awardLabel: '银奖' } });
  });

  it('refuses an altered token as forged and a mistyped code as mistyped, in Chinese', async () => {
    const token = tokenOf(await certificateOf('张三丰'));
    const altered = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41);
    expect(await verify({ token: altered })).toMatchObject({ status: 'forged', message: expect.stringContaining('证书二维码无效') });
    const code = signer.shortCode((await certificateOf('张三丰')).serial);
    const typo = (code[0] === '1' ? '2' : '1') + code.slice(1);
    expect(await verify({ code: typo })).toMatchObject({ status: 'mistyped', message: expect.stringContaining('证书编号有误') });
  });

  it('says unknown for a well-signed token of a certificate that never existed', async () => {
    expect(await verify({ token: signer.sign(new Types.ObjectId(competitionId), 4_000_000_000, 1) })).toMatchObject({ status: 'unknown', message: expect.stringContaining('查无此证书') });
  });

  it('says plainly when a certificate was revoked, with the date', async () => {
    const certificate = await certificateOf('李四');
    await CertificateModel.updateOne({ _id: certificate._id }, { $set: { revokedAt: new Date('2026-10-20T10:00:00+08:00'), revokedReason: '经复核取消' } });
    const answer = await verify({ token: tokenOf(certificate) });
    expect(answer).toMatchObject({ status: 'revoked', revokedDate: '2026-10-20', message: '该证书已于2026-10-20被撤销，不再有效' });
    expect(await verify({ code: signer.shortCode(certificate.serial) })).toMatchObject({ status: 'revoked' });
  });

  it('refuses a question with neither or both of token and code', async () => {
    await api().get('/api/v1/public/certificates/verify').expect(400);
  });

});

describe('the certificate PDF', () => {
  it('the worker downloads their own: it names them, the award and the competition, and its QR opens the check with a valid token', async () => {
    const certificate = await certificateOf('张三丰');
    const res = await api().get(`/api/v1/me/registrations/${String(certificate.registrationId)}/certificate.pdf`).set(owner.auth).buffer(true).parse(bodyAsBytes).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const [text] = await pdfPageTexts(res.body as Buffer);
    expect(text).toContain('张三丰');
    expect(text).toContain('金奖');
    expect(text).toContain(signer.shortCode(certificate.serial));
    const [qr] = await pdfPageQrTexts(res.body as Buffer);
    // The H5 page under its hash route, the token in the route's query.
    expect(qr).toMatch(/^\/#\/packageNotice\/pages\/verify\/index\?token=/);
    const token = /token=([A-Za-z0-9_-]+)$/.exec(qr!)![1]!;
    expect(await verify({ token })).toMatchObject({ status: 'valid', certificate: { maskedName: '张*丰' } });
  });

  it('the committee prints a trade’s certificates, one page per awardee (the revoked one left out)', async () => {
    const res = await api().get(admin('/certificates.pdf')).query({ tradeCode: 'auto-repair' }).set(committee.auth).buffer(true).parse(bodyAsBytes).expect(200);
    const texts = await pdfPageTexts(res.body as Buffer);
    const live = await CertificateModel.find({ competitionId: new Types.ObjectId(competitionId), revokedAt: null }).lean<CertificateRecord[]>().exec();
    expect(texts).toHaveLength(live.length);
    expect(texts.join('\n')).toContain('王五');
    expect(texts.join('\n')).not.toContain('李四');
  });

  it('another worker gets no certificate for a registration not theirs', async () => {
    const stranger = await signInAs();
    const certificate = await certificateOf('张三丰');
    await api().get(`/api/v1/me/registrations/${String(certificate.registrationId)}/certificate.pdf`).set(stranger.auth).expect(404);
  });
});

// Last: it spends this address's look-ups.
describe('the look-up limit', () => {
  it('limits look-ups per address so short codes cannot be enumerated', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOOKUPS_PER_MINUTE + 5; i += 1) {
      statuses.push((await api().get('/api/v1/public/certificates/verify').query({ code: '00000-00000' })).status);
    }
    expect(statuses).toContain(429);
  });
});
