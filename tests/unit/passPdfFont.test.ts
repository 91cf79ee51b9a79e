/** The font printed passes need (services/venue/passPdf.ts): refused in Chinese when missing or unusable. */
import { existsSync } from 'node:fs';
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
});
