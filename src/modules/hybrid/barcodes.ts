/**
 * Barcodes drawn as vector rectangles from bwip-js's raw symbol data (no raster images: crisp at
 * any printer resolution and cheap to put on thousands of pages).
 */
import bwipjs from 'bwip-js';
import { rgb, type PDFPage } from 'pdf-lib';

interface LinearRaw { sbs: number[] }
interface MatrixRaw { pixs: number[]; pixx: number; pixy: number }
const raw = bwipjs.raw as unknown as (bcid: string, text: string, opts: string) => (LinearRaw | MatrixRaw)[];

/** Code 128 at (x, y) = bottom-left, module width `module` pt, bar height `height` pt. Returns the width drawn. */
export function drawCode128(page: PDFPage, text: string, x: number, y: number, module: number, height: number): number {
  const { sbs } = raw('code128', text, '')[0] as LinearRaw;
  let cx = x + 10 * module; // quiet zone
  sbs.forEach((w, i) => {
    if (i % 2 === 0) page.drawRectangle({ x: cx, y, width: w * module, height, color: rgb(0, 0, 0) });
    cx += w * module;
  });
  return cx - x + 10 * module;
}

/** DataMatrix (ECC 200) with its top-left corner at (x, yTop), `module` pt per cell. Returns the side length. */
export function drawDataMatrix(page: PDFPage, text: string, x: number, yTop: number, module: number): number {
  const { pixs, pixx, pixy } = raw('datamatrix', text, '')[0] as MatrixRaw;
  for (let r = 0; r < pixy; r++) {
    // Runs of dark cells in a row become one rectangle.
    let c = 0;
    while (c < pixx) {
      if (!pixs[r * pixx + c]) { c++; continue; }
      let e = c;
      while (e < pixx && pixs[r * pixx + e]) e++;
      page.drawRectangle({ x: x + c * module, y: yTop - (r + 1) * module, width: (e - c) * module, height: module, color: rgb(0, 0, 0) });
      c = e;
    }
  }
  return Math.max(pixx, pixy) * module;
}
