/**
 * Checks of a hybrid submission that need no database: the content (text or PDF, printable,
 * within the page limit) and the address fitting the envelope window. All problems are
 * collected and reported together, each naming its field.
 */
import { PDFDocument } from 'pdf-lib';
import { AppError, fieldError, type FieldError } from '../../shared/errors.ts';
import type { KzAddress } from './address.ts';
import { embedPrintFonts, type PrintFonts } from './fonts.ts';
import type { HybridConfig } from './hybrid-config.ts';
import { checkPrintablePdf, pdfProblemsAsFields } from './pdf-check.ts';
import { addressOverflow } from './print-render.ts';
import { layoutText, unprintableCharacters } from './text-layout.ts';

export const MAX_TEXT_CHARS = 100_000;

export interface CheckedContent {
  kind: 'text' | 'pdf';
  bytes: Uint8Array;
  pages: number;
}

let measuring: Promise<PrintFonts> | undefined;
/** Fonts for measuring only (one scratch document per process). */
function measuringFonts(): Promise<PrintFonts> {
  measuring ??= PDFDocument.create().then((d) => embedPrintFonts(d));
  return measuring;
}

export async function checkContent(content: { text?: string; pdf?: Uint8Array } | undefined, cfg: HybridConfig): Promise<{ content?: CheckedContent; fields: FieldError[] }> {
  const hasText = typeof content?.text === 'string';
  const hasPdf = content?.pdf instanceof Uint8Array;
  if (hasText === hasPdf) {
    return { fields: [fieldError('content', 'one_of', { kk: 'Мәтінді немесе PDF-ті беріңіз (біреуін ғана)', ru: 'Передайте текст или PDF (что-то одно)', en: 'Give either text or a PDF (exactly one)' })] };
  }
  if (hasPdf) {
    const r = await checkPrintablePdf(content!.pdf!, cfg.pdf);
    if (!r.ok) return { fields: pdfProblemsAsFields(r.problems) };
    return { content: { kind: 'pdf', bytes: content!.pdf!, pages: r.pages }, fields: [] };
  }
  const text = content!.text!;
  if (text.trim() === '') return { fields: [fieldError('content.text', 'required', { kk: 'Хат мәтіні бос', ru: 'Текст письма пуст', en: 'The letter text is empty' })] };
  if (text.length > MAX_TEXT_CHARS) return { fields: [fieldError('content.text', 'too_long', { kk: `Мәтін ${MAX_TEXT_CHARS} таңбадан аспауы керек`, ru: `Текст не длиннее ${MAX_TEXT_CHARS} символов`, en: `The text is longer than ${MAX_TEXT_CHARS} characters` })] };
  const fonts = await measuringFonts();
  const bad = unprintableCharacters(fonts.regular, text);
  if (bad.length) {
    const list = bad.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    return { fields: [fieldError('content.text', 'unprintable_characters', { kk: `Басып шығаруға болмайтын таңбалар: ${list}`, ru: `Символы, которые нельзя напечатать: ${list}`, en: `Characters that cannot be printed: ${list}` })] };
  }
  const pages = layoutText(fonts.regular, text).length;
  if (pages > cfg.pdf.maxPages) {
    return { fields: [fieldError('content.text', 'too_many_pages', { kk: `Мәтін ${pages} бетке созылады; ең көбі ${cfg.pdf.maxPages}`, ru: `Текст занимает ${pages} страниц; не более ${cfg.pdf.maxPages}`, en: `The text takes ${pages} pages; at most ${cfg.pdf.maxPages}` })] };
  }
  return { content: { kind: 'text', bytes: Buffer.from(text, 'utf8'), pages }, fields: [] };
}

/** "Text in the address zone": address lines too wide for the envelope window. */
export async function checkAddressFits(address: KzAddress, prefix: string): Promise<FieldError[]> {
  const fonts = await measuringFonts();
  const unprintable = Object.entries(address).filter(([, v]) => typeof v === 'string' && unprintableCharacters(fonts.regular, v).length > 0).map(([k]) => k);
  const over = addressOverflow(fonts, address);
  return [
    ...unprintable.map((k) => fieldError(`${prefix}.${k}`, 'unprintable_characters', { kk: 'Басып шығаруға болмайтын таңбалар бар', ru: 'Есть символы, которые нельзя напечатать', en: 'Contains characters that cannot be printed' })),
    ...over.map((k) => fieldError(`${prefix}.${k}`, 'too_wide_for_window', {
      kk: 'Жол конверт терезесіне сыймайды; қысқартыңыз',
      ru: 'Строка не помещается в окно конверта; сократите',
      en: 'The line does not fit in the envelope window; shorten it',
    })),
  ];
}

export function refuse(fields: FieldError[]): never {
  const pdf = fields.some((f) => f.name.startsWith('content'));
  throw new AppError(pdf ? 'HYBRID_NOT_PRINTABLE' : 'VALIDATION_FAILED', { fields, detail: fields.map((f) => `${f.name}:${f.code}`).join(', ') });
}
