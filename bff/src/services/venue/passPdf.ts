import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, fill, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingRgbColor, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { AppError, PASS_WHAT_TO_BRING, type TCommitteePass } from '@contest/shared';

/**
 * The admission passes printed as one PDF, a pass per A5 page: the competition, the person, where
 * and when, what to bring, and the QR of the signed token drawn as vector squares (sharp at any
 * printer resolution, and no image to embed). Chinese text needs a font with TrueType outlines
 * (`PASS_PDF_FONT`; Debian's fonts-wqy-microhei by default): pdf-lib embeds only the glyphs the
 * passes use (`subset`). Characters the font lacks are set in the PDF's built-in Helvetica when it
 * has them.
 */

const PAGE: [number, number] = [419.53, 595.28]; // A5 portrait, in points
const MARGIN = 32;
const PAGES_PER_TURN = 5;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.4, 0.4, 0.4);

/** The font's bytes, read once per process per path. */
const fontFiles = new Map<string, Promise<Uint8Array>>();

/** What is being printed, for the refusal a person reads when the font is missing: 准考证 or 荣誉证书. */
export interface CjkPrinting {
  code: 'PASS_PRINT_UNAVAILABLE' | 'CERTIFICATE_PRINT_UNAVAILABLE';
  what: string;
}
const PRINTING_PASSES: CjkPrinting = { code: 'PASS_PRINT_UNAVAILABLE', what: '准考证' };

function unavailable(why: string, printing: CjkPrinting): AppError {
  return new AppError(printing.code, `服务器缺少打印${printing.what}所需的中文字体（${why}），暂不能打印，请联系管理员安装 fonts-wqy-microhei 或设置 PASS_PDF_FONT`);
}

/** Why the font cannot be used, before it is known what it was for. */
class FontUnusable extends Error {}

/**
 * The first font of a TrueType collection (.ttc) as a font file of its own: pdf-lib embeds single
 * fonts only. The member's table directory is copied with its tables, their offsets rewritten.
 */
function firstFontOf(collection: Buffer): Buffer {
  const directory = collection.readUInt32BE(12);
  const count = collection.readUInt16BE(directory + 4);
  const tables = Array.from({ length: count }, (_, i) => {
    const entry = directory + 12 + 16 * i;
    return { entry, offset: collection.readUInt32BE(entry + 8), length: collection.readUInt32BE(entry + 12) };
  });
  const padded = (length: number) => (length + 3) & ~3;
  const font = Buffer.alloc(12 + 16 * count + tables.reduce((sum, t) => sum + padded(t.length), 0));
  collection.copy(font, 0, directory, directory + 12 + 16 * count);
  let offset = 12 + 16 * count;
  tables.forEach((table, i) => {
    font.writeUInt32BE(offset, 12 + 16 * i + 8);
    collection.copy(font, offset, table.offset, table.offset + table.length);
    offset += padded(table.length);
  });
  return font;
}

/**
 * The CJK font at `path` (a .ttf, or the first font of a .ttc), refused in Chinese when it is
 * missing or has CFF outlines (.otf such as Noto CJK): pdf-lib's subsetting writes those as a
 * font viewers cannot read. (Droid Sans Fallback, with composite glyphs, loses glyphs the same way.)
 */
export function loadPassFont(path: string, printing: CjkPrinting = PRINTING_PASSES): Promise<Uint8Array> {
  let loading = fontFiles.get(path);
  if (!loading) {
    loading = readFile(path).then(
      (file) => {
        const font = file.subarray(0, 4).toString('latin1') === 'ttcf' ? firstFontOf(file) : file;
        if (font.readUInt32BE(0) !== 0x00010000 && font.subarray(0, 4).toString('latin1') !== 'true') {
          throw new FontUnusable('字体须为 TrueType 轮廓的 .ttf 或 .ttc');
        }
        return new Uint8Array(font);
      },
      () => {
        throw new FontUnusable('找不到字体文件');
      },
    );
    // A failure is not kept: installing the font makes the next request work.
    loading.catch(() => fontFiles.delete(path));
    fontFiles.set(path, loading);
  }
  return loading.catch((error: unknown) => {
    throw error instanceof FontUnusable ? unavailable(error.message, printing) : error;
  });
}

export interface Fonts {
  cjk: PDFFont;
  latin: PDFFont;
  /** Does the CJK font draw this code point? */
  cjkHas: (codePoint: number) => boolean;
  latinHas: Set<number>;
  /** Each character's font and width at size 1, measured once: measuring lays text out, which is slow. */
  measured: Map<string, { font: PDFFont; width: number }>;
}

function measure(char: string, fonts: Fonts): { font: PDFFont; width: number } {
  let known = fonts.measured.get(char);
  if (!known) {
    const codePoint = char.codePointAt(0)!;
    const font = fonts.cjkHas(codePoint) || !fonts.latinHas.has(codePoint) ? fonts.cjk : fonts.latin;
    known = { font, width: font.widthOfTextAtSize(char, 1) };
    fonts.measured.set(char, known);
  }
  return known;
}

interface Run {
  text: string;
  font: PDFFont;
}

/** The text in runs of one font each: the CJK font where it has the glyph, else Helvetica where it can. */
function runsOf(text: string, fonts: Fonts): Run[] {
  const runs: Run[] = [];
  for (const char of text) {
    const { font } = measure(char, fonts);
    const last = runs.at(-1);
    if (last?.font === font) last.text += char;
    else runs.push({ text: char, font });
  }
  return runs;
}

export function widthOf(text: string, size: number, fonts: Fonts): number {
  let width = 0;
  for (const char of text) width += measure(char, fonts).width;
  return width * size;
}

/** Lines of at most `width`, broken between characters (Chinese has no spaces to break at). */
export function wrap(text: string, size: number, width: number, fonts: Fonts): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    for (const char of paragraph) {
      const charWidth = measure(char, fonts).width * size;
      if (line && lineWidth + charWidth > width) {
        lines.push(line);
        line = '';
        lineWidth = 0;
      }
      line += char;
      lineWidth += charWidth;
    }
    lines.push(line);
  }
  return lines;
}

export function drawText(page: PDFPage, text: string, x: number, y: number, size: number, fonts: Fonts, color = INK): void {
  let at = x;
  for (const run of runsOf(text, fonts)) {
    page.drawText(run.text, { x: at, y, size, font: run.font, color });
    at += widthOf(run.text, size, fonts);
  }
}

/** The QR code of `text` as filled squares (one path), its top-left corner at (x, top), `size` points wide. */
export function drawQr(page: PDFPage, text: string, x: number, top: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  const squares = [];
  for (let row = 0; row < modules.size; row += 1) {
    // Neighbouring dark squares in a row as one rectangle: fewer drawing operations.
    for (let column = 0; column < modules.size; ) {
      if (!modules.get(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < modules.size && modules.get(row, column)) column += 1;
      squares.push(rectangle(round(x + start * cell), round(top - (row + 1) * cell), round((column - start) * cell), round(cell)));
    }
  }
  page.pushOperators(pushGraphicsState(), setFillingRgbColor(0, 0, 0), ...squares, fill(), popGraphicsState());
}

const round = (points: number) => Math.round(points * 100) / 100;

function drawPass(page: PDFPage, competitionName: string, pass: TCommitteePass, fonts: Fonts): void {
  const [width, height] = PAGE;
  const inner = width - 2 * MARGIN;
  let y = height - MARGIN - 16;
  for (const line of wrap(competitionName, 15, inner, fonts)) {
    drawText(page, line, MARGIN + (inner - widthOf(line, 15, fonts)) / 2, y, 15, fonts);
    y -= 20;
  }
  drawText(page, '准 考 证', MARGIN + (inner - widthOf('准 考 证', 22, fonts)) / 2, y - 8, 22, fonts);
  y -= 44;

  const qrSize = 128;
  const qrTop = y + 6;
  drawQr(page, pass.token, width - MARGIN - qrSize, qrTop, qrSize);
  drawText(page, pass.passNumber, width - MARGIN - qrSize + (qrSize - widthOf(pass.passNumber, 11, fonts)) / 2, qrTop - qrSize - 14, 11, fonts);

  const { session } = pass;
  const fields: Array<[string, string]> = [
    ['准考证号', pass.passNumber],
    ['姓名', pass.name],
    ['身份证号', pass.nationalIdMasked],
    ['工会', pass.union.name],
    ['工种', pass.trade.name],
    ['组别', pass.group.name],
    ['赛场', pass.venue.name],
    ['地址', pass.venue.address],
    ['场次', session.name],
    ['时间', `${session.date} ${session.startTime}–${session.endTime}`],
    ['考位', pass.station],
  ];
  const labelWidth = 62;
  const valueWidth = inner - labelWidth - qrSize - 8;
  for (const [label, value] of fields) {
    const lines = wrap(value, 11, y > qrTop - qrSize - 24 ? valueWidth : inner - labelWidth, fonts);
    drawText(page, label, MARGIN, y, 11, fonts, MUTED);
    for (const line of lines) {
      drawText(page, line, MARGIN + labelWidth, y, 11, fonts);
      y -= 17;
    }
    y -= 3;
  }
  y = Math.min(y, qrTop - qrSize - 30) - 8;
  page.drawLine({ start: { x: MARGIN, y: y + 12 }, end: { x: width - MARGIN, y: y + 12 }, thickness: 0.5, color: MUTED });
  drawText(page, '考生须知', MARGIN, y - 4, 12, fonts);
  y -= 24;
  // The session's own instructions, else the usual list: as the pass page on the phone says.
  for (const line of wrap(pass.instructions.trim() || PASS_WHAT_TO_BRING.join('\n'), 10, inner, fonts)) {
    if (y < MARGIN) break;
    drawText(page, line, MARGIN, y, 10, fonts);
    y -= 15;
  }
}

/** The passes as one PDF, in the order given. */
export async function printPasses(competitionName: string, passes: readonly TCommitteePass[], fontPath: string): Promise<Uint8Array> {
  if (passes.length === 0) throw new AppError('PASS_NOT_FOUND', '没有符合条件的准考证');
  const { doc, fonts } = await openCjkDocument(fontPath, `${competitionName} 准考证`);
  for (const [i, pass] of passes.entries()) {
    drawPass(doc.addPage(PAGE), competitionName, pass, fonts);
    // Laying out text is slow (about 10 ms a pass): other requests are answered between pages.
    if (i % PAGES_PER_TURN === PAGES_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return doc.save();
}

/** A PDF with the CJK font (subset) and Helvetica embedded: passes and certificates alike. */
export async function openCjkDocument(fontPath: string, title: string, printing: CjkPrinting = PRINTING_PASSES): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const fontBytes = await loadPassFont(fontPath, printing);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title);
  const cjk = await doc.embedFont(fontBytes, { subset: true });
  const latin = await doc.embedFont(StandardFonts.Helvetica);
  const glyphs = fontkit.create(fontBytes);
  const fonts: Fonts = {
    cjk,
    latin,
    cjkHas: (codePoint) => glyphs.hasGlyphForCodePoint(codePoint),
    latinHas: new Set(latin.getCharacterSet()),
    measured: new Map(),
  };
  return { doc, fonts };
}
