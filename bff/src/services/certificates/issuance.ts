import { trusted, type Types } from 'mongoose';
import type { TResultRow } from '@contest/shared';
import { CertificateIssuanceModel, CertificateModel, CertificateSerialModel } from '../../models/certificate';
import { CompetitionModel } from '../../models/competition';
import { isDuplicateKey } from '../../models/duplicateKey';
import { ResultSnapshotModel, type ResultSnapshotRecord } from '../../models/results';

const SERIAL_COUNTER = 'certificates';

async function drawSerial(): Promise<number> {
  const counter = await CertificateSerialModel.findOneAndUpdate({ _id: SERIAL_COUNTER }, { $inc: { last: 1 } }, { upsert: true, returnDocument: 'after' })
    .lean<{ last: number }>()
    .orFail()
    .exec();
  return counter.last;
}

/**
 * Issues a certificate to every awarded contestant of the competition's final results, once: a
 * contestant who already has one is skipped (and the unique index settles two issuers racing), so
 * a re-run after an interruption issues only what is missing. Returns how many were issued now.
 */
export async function issueCertificates(competitionId: Types.ObjectId, now: Date): Promise<number> {
  const snapshot = await ResultSnapshotModel.findOne({ competitionId, status: 'final' }).sort({ version: -1 }).lean<ResultSnapshotRecord>().exec();
  if (!snapshot) return 0;
  const awarded = snapshot.groups.flatMap((group) =>
    group.rows.flatMap((row: TResultRow) => (row.status === 'ranked' && row.award !== null ? [{ ...row, award: row.award }] : [])),
  );
  const holders = new Set(
    (await CertificateModel.find({ competitionId }, { registrationId: 1 }).lean<{ registrationId: Types.ObjectId }[]>().exec()).map((c) => c.registrationId.toHexString()),
  );
  let issued = 0;
  for (const row of awarded) {
    if (holders.has(row.registrationId)) continue;
    try {
      await CertificateModel.create({
        serial: await drawSerial(),
        competitionId,
        registrationId: row.registrationId,
        award: row.award,
        honours: row.honours,
        name: row.name,
        unionName: row.unionName,
        tradeCode: row.tradeCode,
        groupCode: row.groupCode,
        issuedAt: now,
      });
      issued += 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // issued meanwhile by another run
    }
  }
  await CertificateIssuanceModel.updateOne({ _id: competitionId }, { $set: { doneAt: now }, $inc: { issued } }, { upsert: true }).exec();
  return issued;
}

/** The sweeper's part: competitions whose results are final but whose issuance never finished. */
export async function resumeCertificateIssuance(now: Date = new Date()): Promise<number> {
  // sanitizeFilter is on: an operator written here must be marked trusted(), or the query fails to cast.
  const finals = await CompetitionModel.find({ resultsFinalAt: trusted({ $ne: null }) }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().exec();
  const done = new Set((await CertificateIssuanceModel.find({}, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().exec()).map((d) => d._id.toHexString()));
  let issued = 0;
  for (const competition of finals) if (!done.has(competition._id.toHexString())) issued += await issueCertificates(competition._id, now);
  return issued;
}
