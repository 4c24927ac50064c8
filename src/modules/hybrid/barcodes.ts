/**
 * Barcodes drawn as vector rectangles from bwip-js's raw symbol data (no raster images: crisp at
 * any printer resolution and cheap to put on thousands of pages). The rectangles go into one raw
 * content stream per symbol (`re` operators and a single fill), not one pdf-lib drawRectangle
 * per bar — that was a third of the print time of an item.
 */
import bwipjs from 'bwip-js';
import type { PDFPage } from 'pdf-lib';
import { appendRawContent, n } from './pdf-raw.ts';

interface LinearRaw { sbs: number[] }
interface MatrixRaw { pixs: number[]; pixx: number; pixy: number }
const raw = bwipjs.raw as unknown as (bcid: string, text: string, opts: string) => (LinearRaw | MatrixRaw)[];

/** Code 128 at (x, y) = bottom-left, module width `module` pt, bar height `height` pt. Returns the width drawn. */
export function drawCode128(page: PDFPage, text: string, x: number, y: number, module: number, height: number): number {
  const { sbs } = raw('code128', text, '')[0] as LinearRaw;
  let cx = x + 10 * module; // quiet zone
  const ops: string[] = ['0 g'];
  sbs.forEach((w, i) => {
    if (i % 2 === 0) ops.push(`${n(cx)} ${n(y)} ${n(w * module)} ${n(height)} re`);
    cx += w * module;
  });
  ops.push('f');
  appendRawContent(page, ops.join('\n'));
  return cx - x + 10 * module;
}

/** DataMatrix (ECC 200) with its top-left corner at (x, yTop), `module` pt per cell. Returns the side length. */
export function drawDataMatrix(page: PDFPage, text: string, x: number, yTop: number, module: number): number {
  const { pixs, pixx, pixy } = raw('datamatrix', text, '')[0] as MatrixRaw;
  const ops: string[] = ['0 g'];
  for (let r = 0; r < pixy; r++) {
    // Runs of dark cells in a row become one rectangle.
    let c = 0;
    while (c < pixx) {
      if (!pixs[r * pixx + c]) { c++; continue; }
      let e = c;
      while (e < pixx && pixs[r * pixx + e]) e++;
      ops.push(`${n(x + c * module)} ${n(yTop - (r + 1) * module)} ${n((e - c) * module)} ${n(module)} re`);
      c = e;
    }
  }
  ops.push('f');
  appendRawContent(page, ops.join('\n'));
  return Math.max(pixx, pixy) * module;
}
