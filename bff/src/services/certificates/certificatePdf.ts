import { rgb, type PDFPage } from 'pdf-lib';
import { AWARD_LABELS, chinaDate } from '@contest/shared';
import type { CertificateSigner } from '../../certificateSigning/signer';
import type { CertificateRecord } from '../../models/certificate';
import type { CompetitionSetupRecord } from '../../models/competition';
import { drawQr, drawText, openCjkDocument, widthOf, wrap, type CjkPrinting, type Fonts } from '../venue/passPdf';

const PAGE: [number, number] = [841.89, 595.28]; // A4 landscape, in points
const MARGIN = 56;
const MUTED = rgb(0.4, 0.4, 0.4);
const PRINTING_CERTIFICATES: CjkPrinting = { code: 'CERTIFICATE_PRINT_UNAVAILABLE', what: '荣誉证书' };

export interface CertificatePrint {
  certificate: CertificateRecord;
  competition: CompetitionSetupRecord;
}

/** The page the QR opens: the verification page carrying the signed token. */
export function verificationUrl(base: string, token: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}token=${token}`;
}

function centred(page: PDFPage, text: string, y: number, size: number, fonts: Fonts, color?: ReturnType<typeof rgb>): void {
  drawText(page, text, (PAGE[0] - widthOf(text, size, fonts)) / 2, y, size, fonts, color);
}

function drawCertificate(page: PDFPage, { certificate, competition }: CertificatePrint, signer: CertificateSigner, verifyUrl: string, fonts: Fonts): void {
  const [width, height] = PAGE;
  let y = height - MARGIN - 30;
  for (const line of wrap(competition.name, 20, width - 2 * MARGIN, fonts)) {
    centred(page, line, y, 20, fonts);
    y -= 28;
  }
  centred(page, '荣 誉 证 书', y - 24, 36, fonts);
  y -= 100;
  const trade = competition.trades.find((t) => t.code === certificate.tradeCode)?.name ?? certificate.tradeCode;
  const group = competition.groups.find((g) => g.code === certificate.groupCode)?.name ?? certificate.groupCode;
  centred(page, `${certificate.name}（${certificate.unionName}）`, y, 22, fonts);
  y -= 44;
  centred(page, `在${trade}${group}比赛中荣获`, y, 16, fonts);
  y -= 44;
  centred(page, AWARD_LABELS[certificate.award], y, 30, fonts);
  y -= 36;
  for (const honour of certificate.honours) {
    centred(page, honour, y, 14, fonts);
    y -= 22;
  }
  drawText(page, `颁发日期：${chinaDate(certificate.issuedAt)}`, MARGIN, MARGIN + 20, 12, fonts);
  const qrSize = 96;
  const token = signer.sign(certificate.competitionId, certificate.serial, certificate.version);
  drawQr(page, verificationUrl(verifyUrl, token), width - MARGIN - qrSize, MARGIN + qrSize + 24, qrSize);
  const code = `证书编号 ${signer.shortCode(certificate.serial)}`;
  drawText(page, code, width - MARGIN - widthOf(code, 10, fonts), MARGIN + 6, 10, fonts, MUTED);
}

/** The certificates as one PDF, a landscape A4 page each, in the order given. */
export async function printCertificates(prints: readonly CertificatePrint[], signer: CertificateSigner, verifyUrl: string, fontPath: string): Promise<Uint8Array> {
  const { doc, fonts } = await openCjkDocument(fontPath, '荣誉证书', PRINTING_CERTIFICATES);
  for (const [i, print] of prints.entries()) {
    drawCertificate(doc.addPage(PAGE), print, signer, verifyUrl, fonts);
    // Other requests are answered between pages, as for passes.
    if (i % 5 === 4) await new Promise((resolve) => setImmediate(resolve));
  }
  return doc.save();
}
