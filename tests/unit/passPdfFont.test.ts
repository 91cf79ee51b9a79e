/** The font printed passes need (services/venue/passPdf.ts): refused in Chinese when missing or unusable. */
import { existsSync } from 'node:fs';
import { CertificateSigner } from '@contest/bff/src/certificateSigning/signer';
import { printCertificates } from '@contest/bff/src/services/certificates/certificatePdf';
import { loadPassFont } from '@contest/bff/src/services/venue/passPdf';

const NOTO_CJK = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

describe('the pass font', () => {
  it('is refused in Chinese when the file is missing', async () => {
    await expect(loadPassFont('/nonexistent/font.ttc')).rejects.toMatchObject({ code: 'PASS_PRINT_UNAVAILABLE', message: expect.stringContaining('找不到字体文件') });
  });

  it('is refused when its outlines are CFF (Noto CJK), which pdf-lib cannot subset', async () => {
    // The browser tests' font: on every machine that runs them.
    expect(existsSync(NOTO_CJK)).toBe(true);
    await expect(loadPassFont(NOTO_CJK)).rejects.toMatchObject({ code: 'PASS_PRINT_UNAVAILABLE', message: expect.stringContaining('TrueType') });
  });

  it('takes the first font of a TrueType collection (the default, WenQuanYi Micro Hei) as a font of its own', async () => {
    const font = await loadPassFont('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
    expect(Buffer.from(font.subarray(0, 4)).readUInt32BE(0)).toBe(0x00010000);
  });

  it('refuses a certificate print in the certificate\'s own words, not the pass\'s', async () => {
    const signer = new CertificateSigner(new Map([['k1', Buffer.alloc(32, 1)]]), 'k1', Buffer.alloc(32, 2));
    const refusal = printCertificates([], signer, '/#/packageNotice/pages/verify/index', '/nonexistent/font.ttc');
    await expect(refusal).rejects.toMatchObject({ code: 'CERTIFICATE_PRINT_UNAVAILABLE', message: expect.stringContaining('打印荣誉证书所需的中文字体（找不到字体文件）') });
    // The same missing file, asked for by a pass print, is still refused as the pass's.
    await expect(loadPassFont('/nonexistent/font.ttc')).rejects.toMatchObject({ code: 'PASS_PRINT_UNAVAILABLE', message: expect.stringContaining('打印准考证') });
  });
});
