/**
 * The monthly statement as an A4 PDF in the print font (Kazakh and Russian headings, English
 * column names under them): sender mailbox, period, one line per item, totals on the last page.
 */
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { embedPrintFonts } from './fonts.ts';
import { tenge, type HybridStatement } from './hybrid-statement.ts';
import { A4_PT, MM_TO_PT } from './pdf-check.ts';
import { appendRawContent, textOps } from './pdf-raw.ts';

const LINE = 13;
const TOP = A4_PT.height - 20 * MM_TO_PT;
const BOTTOM = 20 * MM_TO_PT;
const COLS = [25, 50, 88, 123, 138, 158, 190].map((mm) => mm * MM_TO_PT);

export async function statementPdf(s: HybridStatement, generatedAt = new Date()): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`jashik hybrid statement ${s.month} ${s.mailbox}`);
  doc.setCreationDate(generatedAt);
  const fonts = await embedPrintFonts(doc);
  let page: PDFPage | undefined;
  let ops: string[] = [];
  let y = 0;
  const at = (p: PDFPage, text: string, x: number, yy: number, size: number, bold = false) => ops.push(textOps(p, bold ? fonts.bold : fonts.regular, size, x, yy, size, [text]));
  const finish = () => { if (page) appendRawContent(page, ['0 g', ...ops].join('\n')); ops = []; };
  const newPage = () => {
    finish();
    page = doc.addPage([A4_PT.width, A4_PT.height]);
    y = TOP;
    at(page, 'Гибридтік пошта: айлық есеп / Гибридная почта: ежемесячная выписка', COLS[0], y, 12, true);
    y -= LINE * 1.5;
    at(page, `Жіберуші / Отправитель: ${s.mailbox}    Кезең / Период: ${s.month} (${s.periodStart.slice(0, 10)} – ${s.periodEnd.slice(0, 10)}, Asia/Almaty)`, COLS[0], y, 8.5);
    y -= LINE * 1.5;
    ['S10', 'Қабылданды / Принято', 'Беттер / Стр.', 'R', 'Күйі / Статус', 'Бағасы, KZT'].forEach((h, i) => at(page!, h, i === 5 ? COLS[5] : COLS[i], y, 8, true));
    y -= LINE;
  };
  newPage();
  for (const i of s.items) {
    if (y < BOTTOM + LINE * 3) newPage();
    const cells = [i.s10, i.acceptedAt.slice(0, 16).replace('T', ' '), String(i.pages), i.registered ? 'R' : '', i.status, tenge(i.priceTiyn)];
    cells.forEach((c, k) => at(page!, c, COLS[k], y, 8));
    y -= LINE;
  }
  y -= LINE / 2;
  at(page!, `Барлығы / Итого: ${s.totals.items} жөнелтілім / отправлений, ${s.totals.pages} бет / стр., ${tenge(s.totals.priceTiyn)} KZT (ҚҚС-пен / с НДС)`, COLS[0], y, 9.5, true);
  finish();
  return doc.save();
}
