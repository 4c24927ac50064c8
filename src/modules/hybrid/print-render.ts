/**
 * Print production of one item: jashik's cover page, then the content (text laid out in the
 * print font, or the sender's PDF pages copied as they are).
 *
 * Cover page (A4 portrait, folded in three into a DL window envelope, DIN 5008 form B):
 * - recipient address in the window zone: 20 mm from the left, 50–90 mm from the top, 85 mm wide,
 *   with the sender's return line above it (45–50 mm);
 * - top right: the S10 number as Code 128 and in text, "R" for registered items;
 * - DataMatrix `<item id>|<pages>` for the inserter (pages = cover + content);
 * - below the first fold: who sent it, when it was accepted, the item id, in Kazakh and Russian.
 */
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { addressLines, type KzAddress } from './address.ts';
import { drawCode128, drawDataMatrix } from './barcodes.ts';
import { embedPrintFonts, type PrintFonts } from './fonts.ts';
import { A4_PT, MM_TO_PT } from './pdf-check.ts';
import { appendRawContent, n, textOps } from './pdf-raw.ts';
import { spacedS10 } from './s10.ts';
import { drawTextPage, layoutText } from './text-layout.ts';

export interface PrintItem {
  id: string;
  s10: string;
  sender: { name: string; lines: string[] };
  address: KzAddress;
  registered: boolean;
  contentKind: 'text' | 'pdf';
  acceptedAt: Date;
}

export const WINDOW = { leftMm: 20, topMm: 50, widthMm: 85, heightMm: 40, returnTopMm: 45 };
export const ADDRESS_SIZE = 10.5;
const mm = (v: number) => v * MM_TO_PT;
const fromTop = (v: number) => A4_PT.height - mm(v);

/** Lines that would overflow the window's width (names the address field to shorten). */
export function addressOverflow(fonts: PrintFonts, address: KzAddress): ('recipientName' | 'street' | 'locality')[] {
  const lines = addressLines(address);
  const max = mm(WINDOW.widthMm) - 4;
  const keys = ['recipientName', 'street', 'locality'] as const;
  return keys.filter((_, i) => fonts.bold.widthOfTextAtSize(lines[i], ADDRESS_SIZE) > max && (i === 0 || fonts.regular.widthOfTextAtSize(lines[i], ADDRESS_SIZE) > max));
}

export function drawCover(page: PDFPage, fonts: PrintFonts, item: PrintItem, totalPages: number): void {
  // Everything but the barcodes goes into one raw content stream (see pdf-raw.ts).
  const ops: string[] = ['0 g 0 G'];
  const text = (s: string, x: number, y: number, size: number, bold = false) => { ops.push(textOps(page, bold ? fonts.bold : fonts.regular, size, x, y, size, [s])); };

  // Return line, then the address block (name bold; postcode last on its own line).
  const ret = `${item.sender.name}${item.sender.lines.length ? ', ' + item.sender.lines.join(', ') : ''}`;
  let retLine = ret;
  while (retLine.length > 4 && fonts.regular.widthOfTextAtSize(retLine, 6.5) > mm(WINDOW.widthMm) - 2) retLine = retLine.slice(0, -2);
  text(retLine === ret ? ret : `${retLine}…`, mm(WINDOW.leftMm), fromTop(WINDOW.returnTopMm + 3.5), 6.5);
  ops.push(`0.3 w ${n(mm(WINDOW.leftMm))} ${n(fromTop(WINDOW.returnTopMm + 4.5))} m ${n(mm(WINDOW.leftMm + WINDOW.widthMm))} ${n(fromTop(WINDOW.returnTopMm + 4.5))} l S`);
  const lines = addressLines(item.address);
  let y = fromTop(WINDOW.topMm + 5);
  lines.forEach((l, i) => {
    text(l, mm(WINDOW.leftMm), y, ADDRESS_SIZE, i === 0 || i === lines.length - 1);
    y -= ADDRESS_SIZE * 1.35;
  });

  // S10: Code 128 (module 0.33 mm, 15 mm high) and the spaced text under it.
  const bx = mm(112);
  const barTop = fromTop(12);
  const barH = mm(15);
  drawCode128(page, item.s10, bx, barTop - barH, mm(0.33), barH);
  text(spacedS10(item.s10), bx + mm(3.3), barTop - barH - 12, 11, true);
  if (item.registered) {
    ops.push(`1.2 w ${n(mm(190))} ${n(barTop - mm(10))} ${n(mm(10))} ${n(mm(10))} re S`);
    text('R', mm(192.2), barTop - mm(8.2), 20, true);
  }
  // Inserter DataMatrix: item id and page count.
  drawDataMatrix(page, `${item.id}|${totalPages}`, mm(180), fromTop(48), mm(0.6));

  // Below the first fold (99 mm): what this is, in Kazakh and Russian.
  const info = [
    'Гибридтік жөнелтілім / Гибридное отправление',
    `Жіберуші / Отправитель: ${item.sender.name}`,
    ...item.sender.lines.map((l) => `    ${l}`),
    `Қабылданды / Принято: ${item.acceptedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `Трек-нөмір / Трек-номер: ${item.s10}`,
    `Беттер / Страниц: ${totalPages}`,
    `ID: ${item.id}`,
  ];
  let iy = fromTop(112);
  for (const l of info) {
    text(l, mm(25), iy, 9, l === info[0]);
    iy -= 13;
  }
  appendRawContent(page, ops.join('\n'));
}

/** Draws the item (cover + content) at the end of `doc`; returns the number of pages added. */
export async function renderItemInto(doc: PDFDocument, fonts: PrintFonts, item: PrintItem, content: Uint8Array): Promise<number> {
  const cover = doc.addPage([A4_PT.width, A4_PT.height]);
  if (item.contentKind === 'text') {
    const pages = layoutText(fonts.regular, Buffer.from(content).toString('utf8'));
    drawCover(cover, fonts, item, pages.length + 1);
    for (const lines of pages) drawTextPage(doc.addPage([A4_PT.width, A4_PT.height]), fonts.regular, lines);
    return pages.length + 1;
  }
  const src = await PDFDocument.load(content, { updateMetadata: false });
  const copied = await doc.copyPages(src, src.getPageIndices());
  drawCover(cover, fonts, item, copied.length + 1);
  for (const p of copied) doc.addPage(p);
  return copied.length + 1;
}

/** The print-ready PDF of one item on its own (preview, reprint). */
export async function renderItemPdf(item: PrintItem, content: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedPrintFonts(doc);
  await renderItemInto(doc, fonts, item, content);
  return doc.save();
}
