/**
 * Plain-text letters laid out on A4 pages in the print font: paragraphs wrapped by measured
 * width, words longer than a line broken, a new page when a page is full. The same layout counts
 * pages at submission (for the page limit and the price) and draws them in print production.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';
import { A4_PT, MM_TO_PT } from './pdf-check.ts';
import { appendRawContent, textOps } from './pdf-raw.ts';

export const TEXT_STYLE = { size: 11, lineHeight: 14.5, leftMm: 25, rightMm: 20, topMm: 20, bottomMm: 20 };

const WIDTHS = new WeakMap<PDFFont, Map<string, number>>();
function charWidths(font: PDFFont): Map<string, number> {
  let m = WIDTHS.get(font);
  if (!m) WIDTHS.set(font, (m = new Map()));
  return m;
}

export function layoutText(font: PDFFont, text: string): string[][] {
  const width = A4_PT.width - (TEXT_STYLE.leftMm + TEXT_STYLE.rightMm) * MM_TO_PT;
  const perPage = Math.floor((A4_PT.height - (TEXT_STYLE.topMm + TEXT_STYLE.bottomMm) * MM_TO_PT) / TEXT_STYLE.lineHeight);
  // Widths add up per character from a cache (fontkit layout of every candidate line would be
  // quadratic); kerning is ignored, so 2 % of the line is kept as slack.
  const widths = charWidths(font);
  const w = (s: string) => {
    let sum = 0;
    for (const ch of s) {
      let cw = widths.get(ch);
      if (cw === undefined) widths.set(ch, (cw = font.widthOfTextAtSize(ch, TEXT_STYLE.size)));
      sum += cw;
    }
    return sum * 1.02;
  };
  const lines: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n')) {
    if (para.trim() === '') { lines.push(''); continue; }
    let line = '';
    let lineW = 0;
    const space = w(' ');
    for (const word of para.split(/ +/)) {
      const ww = w(word);
      const candW = line ? lineW + space + ww : ww;
      if (candW <= width) { line = line ? `${line} ${word}` : word; lineW = candW; continue; }
      if (line) lines.push(line);
      line = word;
      lineW = ww;
      while (w(line) > width) {
        let cut = line.length - 1;
        while (cut > 1 && w(line.slice(0, cut)) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
        lineW = w(line);
      }
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += perPage) pages.push(lines.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}

/** One page of laid-out lines as a single raw text object (one font selection, `T*` per line). */
export function drawTextPage(page: PDFPage, font: PDFFont, lines: string[]): void {
  const y = A4_PT.height - TEXT_STYLE.topMm * MM_TO_PT - TEXT_STYLE.size;
  if (lines.length === 0) return;
  appendRawContent(page, `0 g\n${textOps(page, font, TEXT_STYLE.size, TEXT_STYLE.leftMm * MM_TO_PT, y, TEXT_STYLE.lineHeight, lines)}`);
}

/** Characters the print font cannot draw (so the sender hears about them before paper is made). */
export function unprintableCharacters(font: PDFFont, text: string): string[] {
  const set = new Set(font.getCharacterSet());
  const bad = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 10 || cp === 13 || cp === 9) continue;
    if (!set.has(cp)) bad.add(ch);
    if (bad.size >= 10) break;
  }
  return [...bad];
}
