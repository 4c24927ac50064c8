/**
 * Page content written as raw PDF operators into one deflated stream per page (node's native
 * zlib), instead of pdf-lib's operator objects. pdf-lib keeps every drawn number as a PDFNumber
 * object until `save()` and deflates with pako at save time; for print batches (thousands of
 * pages of text and barcode modules per file) that was most of the CPU time and most of the heap.
 * Here a page's content is a few hundred bytes of compressed string from the moment it is drawn.
 */
import { deflateSync } from 'node:zlib';
import { PDFName, type PDFFont, type PDFPage } from 'pdf-lib';

/** A number as PDF content text (fixed precision, no exponent). */
export const n = (v: number): string => {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};

/** Appends `ops` (already PDF operator text) to the page as its own stream, wrapped in q … Q. */
export function appendRawContent(page: PDFPage, ops: string): void {
  const ctx = page.doc.context;
  const stream = ctx.stream(deflateSync(Buffer.from(`q\n${ops}\nQ\n`, 'latin1'), { level: 6 }), { Filter: 'FlateDecode' });
  page.node.addContentStream(ctx.register(stream));
}

/** The page's resource name for `font` (registered once per page and font). */
export function fontKey(page: PDFPage, font: PDFFont): string {
  const keys = ((page as unknown as { __rawFontKeys?: Map<PDFFont, PDFName> }).__rawFontKeys ??= new Map());
  let key = keys.get(font);
  if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
  return key.asString();
}

const HEX = new WeakMap<PDFFont, Map<string, string>>();
/**
 * `<hex>` glyph string of `text` in a subset font. Each character is encoded through pdf-lib once
 * per font (which adds its glyph to the subset), then served from a cache: the print font maps
 * characters to glyphs one to one (see fonts.ts), so per-character encoding equals per-line.
 */
export function hexText(font: PDFFont, text: string): string {
  let m = HEX.get(font);
  if (!m) HEX.set(font, (m = new Map()));
  let out = '<';
  for (const ch of text) {
    let h = m.get(ch);
    if (h === undefined) m.set(ch, (h = font.encodeText(ch).toString().slice(1, -1)));
    out += h;
  }
  return `${out}>`;
}

/** Text operators: lines at (x, y) going down by `leading`; glyphs recorded in the font's subset. */
export function textOps(page: PDFPage, font: PDFFont, size: number, x: number, y: number, leading: number, lines: string[]): string {
  const parts = [`BT\n${fontKey(page, font)} ${n(size)} Tf\n${n(leading)} TL\n${n(x)} ${n(y)} Td`];
  for (const line of lines) parts.push(line ? `${hexText(font, line)} Tj T*` : 'T*');
  parts.push('ET');
  return parts.join('\n');
}
