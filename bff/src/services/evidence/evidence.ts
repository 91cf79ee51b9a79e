import mongoose, { Types, trusted } from 'mongoose';
import { AppError, EVIDENCE_KINDS, resolveRequirements, type TAuditDesk, type TEvidenceKind } from '@contest/shared';
import type { Principal } from '../../auth/principal';
import { EVIDENCE_BUCKET, EvidenceModel, type EvidenceRecord } from '../../models/evidence';
import type { PersonalDataCipher } from '../../personalData/cipher';
import { logDeskView } from '../auditReveal';
import { findForDesk } from '../auditScope';
import { findCompetition } from '../competitions';
import { assertRegistrationOpen } from '../registrationRules';
import { assertPrivacyAccepted } from '../registrations';
import { recogniseImage } from './imageContent';

export function evidenceBucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (!db) throw new Error('the database is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: EVIDENCE_BUCKET });
}

export function writeEvidenceFile(name: string, bytes: Buffer): Promise<Types.ObjectId> {
  return new Promise((resolve, reject) => {
    const upload = evidenceBucket().openUploadStream(name);
    upload.once('error', reject);
    upload.once('finish', () => resolve(upload.id));
    upload.end(bytes);
  });
}

export async function readEvidenceFile(fileId: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of evidenceBucket().openDownloadStream(fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A photo's sealed bytes in GridFS; one already gone (a retry after a crash) is not an error. */
export async function deleteEvidenceFile(fileId: Types.ObjectId): Promise<void> {
  await evidenceBucket()
    .delete(fileId)
    .catch((error: unknown) => {
      if (!(error instanceof mongoose.mongo.MongoRuntimeError && /not found/i.test(error.message))) throw error;
    });
}

/** The bytes and their records together; a file left without its record by a crash is only unreachable bytes. */
async function deleteEvidence(records: readonly EvidenceRecord[]): Promise<void> {
  if (records.length === 0) return;
  await EvidenceModel.deleteMany({ _id: trusted({ $in: records.map((r) => r._id) }) }).exec();
  for (const record of records) await deleteEvidenceFile(record.fileId);
}

/** The worker's photos of a competition not yet linked to a registration, newest first. */
export async function pendingEvidence(userId: Types.ObjectId, competitionId: Types.ObjectId): Promise<EvidenceRecord[]> {
  return EvidenceModel.find({ userId, competitionId, registrationId: null }).sort({ uploadedAt: -1 }).limit(20).lean<EvidenceRecord[]>().exec();
}

/** A registration's photos in force (not superseded by a resubmission's). */
export async function evidenceOfRegistration(registrationId: Types.ObjectId): Promise<EvidenceRecord[]> {
  return EvidenceModel.find({ registrationId, supersededAt: null }).sort({ kind: 1 }).limit(20).lean<EvidenceRecord[]>().exec();
}

/**
 * A worker's photo for a competition: a real JPEG, PNG or WebP by its bytes (the route already
 * refused anything above EVIDENCE_MAX_BYTES), of a kind the competition asks for, sealed with the
 * personal-data keys into GridFS. It replaces the worker's earlier pending photo of that kind.
 */
export async function uploadEvidence(
  cipher: PersonalDataCipher,
  principal: Principal,
  target: { competitionId: string; kind: TEvidenceKind },
  bytes: Buffer,
  now: Date,
): Promise<EvidenceRecord> {
  await assertPrivacyAccepted(principal);
  const competition = await findCompetition(target.competitionId);
  assertRegistrationOpen(competition, now);
  if (!resolveRequirements(competition.eligibility?.requirements).evidence.includes(target.kind)) {
    throw new AppError('VALIDATION_FAILED', `本赛事不需要上传${EVIDENCE_KINDS[target.kind]}`);
  }
  const image = recogniseImage(bytes);
  if (!image) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请上传 JPG、PNG 或 WebP 格式的照片（文件内容不是可识别的图片）');
  const earlier = await EvidenceModel.find({ userId: principal.userId, competitionId: competition._id, registrationId: null, kind: target.kind })
    .lean<EvidenceRecord[]>()
    .exec();
  const _id = new Types.ObjectId();
  const fileId = await writeEvidenceFile(_id.toHexString(), cipher.encryptBytes(bytes));
  const record: EvidenceRecord = {
    _id,
    userId: principal.userId,
    competitionId: competition._id,
    kind: target.kind,
    registrationId: null,
    fileId,
    contentType: image.contentType,
    size: bytes.length,
    width: image.width,
    height: image.height,
    uploadedAt: now,
    supersededAt: null,
  };
  await EvidenceModel.collection.insertOne(record);
  await deleteEvidence(earlier);
  return record;
}

/** The kinds of photo a submission (or a resubmission of `registrationId`) would carry. */
export async function evidenceKindsHeld(userId: Types.ObjectId, competitionId: Types.ObjectId, registrationId: Types.ObjectId | null): Promise<Set<TEvidenceKind>> {
  const [pending, linked] = await Promise.all([
    pendingEvidence(userId, competitionId),
    registrationId ? evidenceOfRegistration(registrationId) : Promise.resolve([]),
  ]);
  return new Set([...pending, ...linked].map((record) => record.kind));
}

/**
 * After a (re)submission: the worker's pending photos become the registration's, each superseding
 * the registration's earlier photo of its kind. A crash in between leaves them pending, for the
 * next resubmission.
 */
export async function linkPendingEvidence(userId: Types.ObjectId, competitionId: Types.ObjectId, registrationId: Types.ObjectId, now: Date): Promise<void> {
  const pending = await pendingEvidence(userId, competitionId);
  if (pending.length === 0) return;
  const kinds = [...new Set(pending.map((record) => record.kind))];
  await EvidenceModel.updateMany({ registrationId, kind: trusted({ $in: kinds }), supersededAt: null }, { $set: { supersededAt: now } }).exec();
  await EvidenceModel.updateMany({ _id: trusted({ $in: pending.map((record) => record._id) }), registrationId: null }, { $set: { registrationId } }).exec();
}

export interface EvidenceImage {
  record: EvidenceRecord;
  bytes: Buffer;
}

async function openImage(cipher: PersonalDataCipher, record: EvidenceRecord): Promise<EvidenceImage> {
  return { record, bytes: cipher.decryptBytes(await readEvidenceFile(record.fileId)) };
}

const asObjectId = (id: string): Types.ObjectId | null => (/^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null);

/** The worker's own photo, pending or linked; anyone else's looks missing. */
export async function readOwnEvidence(cipher: PersonalDataCipher, principal: Principal, id: string): Promise<EvidenceImage> {
  const _id = asObjectId(id);
  const record = _id ? await EvidenceModel.findOne({ _id, userId: principal.userId }).lean<EvidenceRecord>().exec() : null;
  if (!record) throw new AppError('EVIDENCE_NOT_FOUND');
  return openImage(cipher, record);
}

/**
 * A registration's photo in force for an auditing desk: only within the desk's scope (outside it, as
 * for a missing registration, 404), and written to the audit log before the bytes are read.
 */
export async function readEvidenceForDesk(
  cipher: PersonalDataCipher,
  principal: Principal,
  desk: TAuditDesk,
  registrationId: string,
  evidenceId: string,
  now: Date,
): Promise<EvidenceImage> {
  const registration = await findForDesk(principal, desk, registrationId);
  const _id = asObjectId(evidenceId);
  const record = _id ? await EvidenceModel.findOne({ _id, registrationId: registration._id, supersededAt: null }).lean<EvidenceRecord>().exec() : null;
  if (!record) throw new AppError('EVIDENCE_NOT_FOUND');
  await logDeskView(principal, desk, registration, { kind: 'evidence_view', at: now, detail: { evidenceId: record._id.toHexString(), evidenceKind: record.kind } });
  return openImage(cipher, record);
}
