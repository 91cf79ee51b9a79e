import type mongoose from 'mongoose';
import type { Types } from 'mongoose';
import { EvidenceModel } from '../models/evidence';
import { RegistrationModel } from '../models/registration';
import { TeamEntryModel, TeamModel } from '../models/team';
import type { PersonalDataCipher } from '../personalData/cipher';
import { deleteEvidenceFile, evidenceBucket, readEvidenceFile, writeEvidenceFile } from './evidence/evidence';

/** What a run found (sealed values by key id) and did, per collection and field. */
export interface ResealCount {
  collection: string;
  field: string;
  byKeyId: Record<string, number>;
  resealed: number;
  /** Sealed with a key no longer configured: cannot be read, left as it is. */
  unreadable: number;
}

export interface ResealReport {
  dryRun: boolean;
  activeKeyId: string;
  counts: ResealCount[];
}

/** Every sealed text field the BFF stores, by collection. */
const SEALED_FIELDS = [
  { model: RegistrationModel, fields: ['nationalIdSealed', 'mobileSealed'] },
  { model: TeamEntryModel, fields: ['nationalIdSealed', 'mobileSealed'] },
  { model: TeamModel, fields: ['leaderMobileSealed'] },
] as const;

/** A sealed file's first bytes name its key (`PDB1`, the id's length, the id of at most 255 bytes). */
const FILE_HEADER_BYTES = 260;

function newCount(collection: string, field: string): ResealCount {
  return { collection, field, byKeyId: {}, resealed: 0, unreadable: 0 };
}

function tally(count: ResealCount, keyId: string | undefined): void {
  const key = keyId ?? '(未加密)';
  count.byKeyId[key] = (count.byKeyId[key] ?? 0) + 1;
}

/** Re-seals one collection's text fields: one conditional update per record, so a value changed meanwhile is left to the next run. */
async function resealFields(collection: mongoose.Collection, fields: readonly string[], cipher: PersonalDataCipher, dryRun: boolean): Promise<ResealCount[]> {
  const counts = fields.map((field) => newCount(collection.collectionName, field));
  const projection = Object.fromEntries(fields.map((field) => [field, 1]));
  const cursor = collection.find({}, { projection });
  for await (const record of cursor) {
    for (const [index, field] of fields.entries()) {
      const count = counts[index]!;
      const sealed: unknown = record[field];
      if (typeof sealed !== 'string') continue;
      tally(count, cipher.keyIdOf(sealed));
      if (!cipher.sealedWithRetiredKey(sealed)) continue;
      let resealed: string;
      try {
        resealed = cipher.encrypt(cipher.decrypt(sealed));
      } catch {
        count.unreadable += 1;
        continue;
      }
      if (dryRun) continue;
      const { modifiedCount } = await collection.updateOne({ _id: record._id, [field]: sealed }, { $set: { [field]: resealed } });
      count.resealed += modifiedCount;
    }
  }
  return counts;
}

async function fileHeader(fileId: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of evidenceBucket().openDownloadStream(fileId, { end: FILE_HEADER_BYTES })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Evidence photos: GridFS files cannot be rewritten in place, so a photo is sealed again into a
 * new file, the record is pointed at it only if it still names the old one, and then the file the
 * record no longer names is deleted. A crash in between leaves an unreachable file, never a
 * record without its photo.
 */
async function resealEvidenceFiles(cipher: PersonalDataCipher, dryRun: boolean): Promise<ResealCount> {
  const count = newCount(EvidenceModel.collection.collectionName, 'fileId');
  const cursor = EvidenceModel.collection.find({}, { projection: { fileId: 1 } });
  for await (const record of cursor) {
    const fileId = record.fileId as Types.ObjectId;
    const header = await fileHeader(fileId).catch(() => null);
    if (header === null) continue; // the file is gone (deleted with its competition's data)
    tally(count, cipher.keyIdOf(header));
    if (!cipher.sealedWithRetiredKey(header)) continue;
    let bytes: Buffer;
    try {
      bytes = cipher.decryptBytes(await readEvidenceFile(fileId));
    } catch {
      count.unreadable += 1;
      continue;
    }
    if (dryRun) continue;
    const newFileId = await writeEvidenceFile(String(record._id), cipher.encryptBytes(bytes));
    const { modifiedCount } = await EvidenceModel.collection.updateOne({ _id: record._id, fileId }, { $set: { fileId: newFileId } });
    await deleteEvidenceFile(modifiedCount === 1 ? fileId : newFileId);
    count.resealed += modifiedCount;
  }
  return count;
}

/**
 * After a new personal-data key is made active (README › Production › Rotating keys): seals every
 * ID number, phone and evidence photo still sealed with an older key again with the active one, so
 * the older key can then be removed from PII_ENCRYPTION_KEYS. Safe beside a running BFF and to run
 * again (a second run finds nothing to do); `dryRun` only counts.
 */
export async function resealPersonalData(cipher: PersonalDataCipher, { dryRun }: { dryRun: boolean }): Promise<ResealReport> {
  const counts: ResealCount[] = [];
  for (const { model, fields } of SEALED_FIELDS) counts.push(...(await resealFields(model.collection, fields, cipher, dryRun)));
  counts.push(await resealEvidenceFiles(cipher, dryRun));
  return { dryRun, activeKeyId: cipher.activeKeyId, counts };
}
