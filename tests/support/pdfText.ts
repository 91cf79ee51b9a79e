/**
 * The text a PDF's pages show, read back for tests: pdf-lib parses the file but does not extract
 * text, so this decodes what pdf-lib itself writes: `<hex> Tj` strings, glyph ids of a Type0 font
 * mapped to characters by its ToUnicode map (`bfchar` entries), one-byte codes of a standard font
 * as Latin-1. Enough for our own PDFs, not a general extractor.
 */
import jsQR from 'jsqr';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject, type PDFPage } from 'pdf-lib';

function rawStream(doc: PDFDocument, ref: PDFObject): PDFRawStream {
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream)) throw new Error('not a stream');
  return stream;
}

/** A page's content streams. */
function contentsOf(doc: PDFDocument, page: PDFPage): PDFRawStream[] {
  const contents = page.node.Contents();
  if (!contents) return [];
  return contents instanceof PDFArray ? contents.asArray().map((ref) => rawStream(doc, ref)) : [rawStream(doc, contents)];
}

function streamText(stream: PDFRawStream): string {
  return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
}

function toUnicodeOf(doc: PDFDocument, font: PDFDict): Map<string, string> | null {
  const ref = font.get(PDFName.of('ToUnicode'));
  if (!(ref instanceof PDFRef)) return null;
  const stream = rawStream(doc, ref);
  const map = new Map<string, string>();
  for (const [, code, unicode] of streamText(stream).matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
    const units = unicode!.match(/.{4}/g)!.map((unit) => parseInt(unit, 16));
    map.set(code!.toLowerCase().padStart(4, '0'), String.fromCharCode(...units));
  }
  return map;
}

/** Each page's text, its strings joined in drawing order. */
export async function pdfPageTexts(file: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(file);
  return doc.getPages().map((page: PDFPage) => {
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const maps = new Map<string, Map<string, string> | null>();
    for (const [name, ref] of fonts?.entries() ?? []) maps.set(name.asString(), toUnicodeOf(doc, doc.context.lookup(ref, PDFDict)));
    const streams = contentsOf(doc, page);
    let text = '';
    let map: Map<string, string> | null = null;
    for (const content of streams) {
      for (const [, font, hex] of streamText(content).matchAll(/(\/[^\s/]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj/g)) {
        if (font) map = maps.get(font) ?? null;
        else if (map) text += hex!.match(/.{4}/g)?.map((gid) => map!.get(gid.toLowerCase()) ?? '\ufffd').join('') ?? '';
        else text += Buffer.from(hex!, 'hex').toString('latin1');
      }
    }
    return text;
  });
}

/**
 * The QR code each page draws as filled rectangles (`x y w h re` … `f`, each a run of dark modules
 * in one row), put back on a grid of modules, drawn 8 pixels a module with a quiet zone and
 * decoded with jsQR; null for a page without one.
 */
export async function pdfPageQrTexts(file: Uint8Array): Promise<Array<string | null>> {
  const doc = await PDFDocument.load(file);
  return doc.getPages().map((page) => {
    const streams = contentsOf(doc, page);
    const rects = streams.flatMap((content) => [...streamText(content).matchAll(/([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]));
    if (rects.length === 0) return null;
    const cell = Math.min(...rects.map((r) => r[3]));
    const left = Math.min(...rects.map((r) => r[0]));
    const top = Math.max(...rects.map((r) => r[1] + r[3]));
    const modules = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - left) / cell);
    const scale = 8;
    const quiet = 4;
    const side = (modules + 2 * quiet) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [x, y, w, h] of rects) {
      const row = Math.round((top - y - h) / cell);
      const first = Math.round((x - left) / cell);
      const count = Math.round(w / cell);
      for (let py = (row + quiet) * scale; py < (row + quiet + 1) * scale; py += 1) {
        const from = (py * side + (first + quiet) * scale) * 4;
        for (let i = from; i < from + count * scale * 4; i += 4) pixels.fill(0, i, i + 3);
      }
    }
    return jsQR(pixels, side, side)?.data ?? null;
  });
}
