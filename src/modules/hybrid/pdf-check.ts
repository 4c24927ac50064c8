/**
 * Printability of PDF content before a hybrid letter is accepted: readable (not corrupted), not
 * encrypted, 1..maxPages pages, every page A4 portrait, a clear left margin for the inserter
 * (see pdf-marks.ts for how the ink box is found), every font embedded. Each failure is named
 * with its page, so the sender knows what to fix.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from 'pdf-lib';
import { fieldError, type FieldError } from '../../shared/errors.ts';
import { pageInkBox, type Box } from './pdf-marks.ts';

export const A4_PT = { width: 595.276, height: 841.89 };
export const MM_TO_PT = 72 / 25.4;
const SIZE_TOLERANCE_PT = 3;
const MARGIN_TOLERANCE_PT = 0.5;

export type PdfProblemCode = 'corrupted' | 'encrypted' | 'no_pages' | 'too_many_pages' | 'too_large' | 'page_size' | 'landscape' | 'left_margin' | 'font_not_embedded';

export interface PdfProblem {
  code: PdfProblemCode;
  /** 1-based page, when the problem is on one page. */
  page?: number;
  detail: string;
}

export interface PdfCheckOptions {
  maxPages: number;
  leftMarginMm: number;
  maxBytes: number;
}

export interface PdfCheckResult {
  ok: boolean;
  pages: number;
  problems: PdfProblem[];
}

export async function checkPrintablePdf(bytes: Uint8Array, opts: PdfCheckOptions): Promise<PdfCheckResult> {
  const problems: PdfProblem[] = [];
  if (bytes.length > opts.maxBytes) return { ok: false, pages: 0, problems: [{ code: 'too_large', detail: `${bytes.length} bytes; at most ${opts.maxBytes}` }] };
  if (Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) return { ok: false, pages: 0, problems: [{ code: 'corrupted', detail: 'no %PDF- header' }] };
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
  } catch (err) {
    return { ok: false, pages: 0, problems: [{ code: 'corrupted', detail: (err as Error).message.slice(0, 200) }] };
  }
  if (doc.isEncrypted) return { ok: false, pages: 0, problems: [{ code: 'encrypted', detail: 'the PDF is encrypted' }] };
  let pages;
  try {
    pages = doc.getPages();
  } catch (err) {
    return { ok: false, pages: 0, problems: [{ code: 'corrupted', detail: `page tree: ${(err as Error).message.slice(0, 200)}` }] };
  }
  if (pages.length === 0) return { ok: false, pages: 0, problems: [{ code: 'no_pages', detail: 'the PDF has no pages' }] };
  if (pages.length > opts.maxPages) problems.push({ code: 'too_many_pages', detail: `${pages.length} pages; at most ${opts.maxPages}` });

  const marginPt = opts.leftMarginMm * MM_TO_PT;
  const unembedded = new Set<string>();
  pages.slice(0, opts.maxPages).forEach((page, i) => {
    const n = i + 1;
    try {
      const crop = page.getCropBox();
      const rot = ((page.getRotation().angle % 360) + 360) % 360;
      const [w, h] = rot === 90 || rot === 270 ? [crop.height, crop.width] : [crop.width, crop.height];
      const isA4 = Math.abs(w - A4_PT.width) <= SIZE_TOLERANCE_PT && Math.abs(h - A4_PT.height) <= SIZE_TOLERANCE_PT;
      const isA4Landscape = Math.abs(h - A4_PT.width) <= SIZE_TOLERANCE_PT && Math.abs(w - A4_PT.height) <= SIZE_TOLERANCE_PT;
      if (isA4Landscape) problems.push({ code: 'landscape', page: n, detail: 'A4 landscape; A4 portrait is required' });
      else if (!isA4) problems.push({ code: 'page_size', page: n, detail: `${(w / MM_TO_PT).toFixed(0)}×${(h / MM_TO_PT).toFixed(0)} mm; A4 (210×297 mm) is required` });

      const pageBox: Box = { x0: crop.x, y0: crop.y, x1: crop.x + crop.width, y1: crop.y + crop.height };
      const contents = contentStreams(page.node.Contents(), doc);
      const resources = page.node.Resources();
      const ink = pageInkBox(contents, resources, pageBox);
      if (ink.box) {
        // Distance from the displayed left edge, whatever the page's /Rotate.
        const left = rot === 0 ? ink.box.x0 - pageBox.x0 : rot === 90 ? ink.box.y0 - pageBox.y0 : rot === 180 ? pageBox.x1 - ink.box.x1 : pageBox.y1 - ink.box.y1;
        if (left < marginPt - MARGIN_TOLERANCE_PT) {
          problems.push({ code: 'left_margin', page: n, detail: `content starts ${Math.max(0, left / MM_TO_PT).toFixed(1)} mm from the left edge; ${opts.leftMarginMm} mm must stay clear` });
        }
      }
      collectUnembeddedFonts(resources, unembedded, 0);
      if (unembedded.size > 0) {
        for (const f of unembedded) problems.push({ code: 'font_not_embedded', page: n, detail: `font ${f} is not embedded` });
        unembedded.clear();
      }
    } catch (err) {
      problems.push({ code: 'corrupted', page: n, detail: (err as Error).message.slice(0, 200) });
    }
  });
  return { ok: problems.length === 0, pages: pages.length, problems };
}

function contentStreams(c: PDFObject | undefined, doc: PDFDocument): PDFStream[] {
  if (c instanceof PDFStream) return [c];
  if (c instanceof PDFArray) return c.asArray().map((o) => doc.context.lookup(o)).filter((o): o is PDFStream => o instanceof PDFStream);
  return [];
}

function fontName(font: PDFDict): string {
  return font.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText() ?? '(unnamed)';
}

function hasFontFile(font: PDFDict): boolean {
  const subtype = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString();
  if (subtype === '/Type3') return true; // glyphs are content streams in the font itself
  let target = font;
  if (subtype === '/Type0') {
    const desc = font.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const d = desc?.size() ? desc.lookup(0) : undefined;
    if (!(d instanceof PDFDict)) return false;
    target = d;
  }
  const fd = target.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
  if (!fd) return false;
  return ['FontFile', 'FontFile2', 'FontFile3'].some((k) => fd.has(PDFName.of(k)));
}

/** Fonts of a resource dictionary and of the forms it uses (recursively, bounded). */
function collectUnembeddedFonts(res: PDFDict | undefined, out: Set<string>, depth: number): void {
  if (!res || depth > 8) return;
  const fonts = res.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (fonts) {
    for (const [, ref] of fonts.entries()) {
      const font = fonts.context.lookup(ref);
      if (font instanceof PDFDict && !hasFontFile(font)) out.add(fontName(font));
    }
  }
  const xobjects = res.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (xobjects) {
    for (const [, ref] of xobjects.entries()) {
      const x = xobjects.context.lookup(ref);
      if (x instanceof PDFStream && x.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString() === '/Form') {
        collectUnembeddedFonts(x.dict.lookupMaybe(PDFName.of('Resources'), PDFDict), out, depth + 1);
      }
    }
  }
}

const PROBLEM_TEXT: Record<PdfProblemCode, { kk: string; ru: string; en: string }> = {
  corrupted: { kk: 'PDF файлы бүлінген немесе оқылмайды', ru: 'PDF-файл повреждён или не читается', en: 'The PDF is damaged or unreadable' },
  encrypted: { kk: 'PDF шифрланған; шифрсыз файл жіберіңіз', ru: 'PDF зашифрован; пришлите файл без шифрования', en: 'The PDF is encrypted; send it without encryption' },
  no_pages: { kk: 'PDF-те бет жоқ', ru: 'В PDF нет страниц', en: 'The PDF has no pages' },
  too_many_pages: { kk: 'Беттер саны шектен асады', ru: 'Превышено допустимое число страниц', en: 'Too many pages' },
  too_large: { kk: 'PDF файлы тым үлкен', ru: 'PDF-файл слишком большой', en: 'The PDF file is too large' },
  page_size: { kk: 'Бет өлшемі A4 емес', ru: 'Размер страницы не A4', en: 'The page is not A4' },
  landscape: { kk: 'Бет көлденең; A4 тік бағдар қажет', ru: 'Альбомная ориентация; нужна книжная A4', en: 'The page is landscape; A4 portrait is required' },
  left_margin: { kk: 'Сол жақ жиектегі бос аймақта мәтін немесе сурет бар', ru: 'В свободном левом поле есть текст или изображение', en: 'Text or graphics in the clear left margin' },
  font_not_embedded: { kk: 'Қаріп PDF-ке ендірілмеген', ru: 'Шрифт не встроен в PDF', en: 'A font is not embedded in the PDF' },
};

/** The problems as field errors: `content.pdf` or `content.pdf.page[N]`, message with the detail appended. */
export function pdfProblemsAsFields(problems: PdfProblem[], name = 'content.pdf'): FieldError[] {
  return problems.map((p) => {
    const t = PROBLEM_TEXT[p.code];
    const where = p.page ? ` (${p.page})` : '';
    return fieldError(p.page ? `${name}.page[${p.page}]` : name, p.code, { kk: `${t.kk}${where}: ${p.detail}`, ru: `${t.ru}${where}: ${p.detail}`, en: `${t.en}${where}: ${p.detail}` });
  });
}
