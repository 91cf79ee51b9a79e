import { Types } from 'mongoose';
import { AWARD_LABELS, chinaDate, maskPersonName, type TCertificateVerification, type TVerifiedCertificate } from '@contest/shared';
import type { CertificateSigner } from '../../certificateSigning/signer';
import { verifyCertificateCode, verifyCertificateToken, type CertificateLookup } from '../../certificateSigning/verification';
import { CertificateModel, type CertificateRecord } from '../../models/certificate';
import { CompetitionModel, type CompetitionSetupRecord } from '../../models/competition';

const UNKNOWN = '查无此证书：该证书不存在或尚未颁发，请核对后重试';
const FORGED = '证书二维码无效：该证书不是本平台签发的，或二维码已被改动';
const MISTYPED = '证书编号有误，请核对后重新输入';

const lookup: CertificateLookup = async (serial) => {
  const record = await CertificateModel.findOne({ serial }, { competitionId: 1, version: 1, revokedAt: 1 }).lean<CertificateRecord>().exec();
  return record && { competitionId: record.competitionId.toHexString(), version: record.version, revoked: record.revokedAt !== null };
};

function present(record: CertificateRecord, competition: CompetitionSetupRecord, shortCode: string): TVerifiedCertificate {
  return {
    competitionName: competition.name,
    maskedName: maskPersonName(record.name),
    award: record.award,
    awardLabel: AWARD_LABELS[record.award],
    honours: record.honours,
    tradeName: competition.trades.find((t) => t.code === record.tradeCode)?.name ?? record.tradeCode,
    groupName: competition.groups.find((g) => g.code === record.groupCode)?.name ?? record.groupCode,
    issuedDate: chinaDate(record.issuedAt),
    shortCode,
  };
}

/** The public page's answer for a scanned token or a typed short code. */
export async function verifyCertificate(signer: CertificateSigner, question: { token?: string; code?: string }): Promise<TCertificateVerification> {
  const checked = question.token !== undefined ? await verifyCertificateToken(signer, question.token, lookup) : await verifyCertificateCode(signer, question.code ?? '', lookup);
  if (checked.status === 'forged') return { status: 'forged', message: FORGED };
  if (checked.status === 'mistyped') return { status: 'mistyped', message: MISTYPED };
  if (checked.status !== 'valid' && checked.status !== 'revoked') return { status: 'unknown', message: UNKNOWN };
  const record = await CertificateModel.findOne({ serial: checked.certificateSerial }).lean<CertificateRecord>().orFail().exec();
  const competition = await CompetitionModel.findById(new Types.ObjectId(checked.competitionId)).lean<CompetitionSetupRecord>().orFail().exec();
  const certificate = present(record, competition, signer.shortCode(record.serial));
  if (checked.status === 'revoked') {
    // A token of an older version of a re-issued certificate is revoked too; it has no revokedAt of its own.
    const revokedDate = chinaDate(record.revokedAt ?? record.issuedAt);
    return { status: 'revoked', message: `该证书已于${revokedDate}被撤销，不再有效`, revokedDate, certificate };
  }
  return { status: 'valid', message: `证书有效：${competition.name}，${certificate.awardLabel}`, certificate };
}
