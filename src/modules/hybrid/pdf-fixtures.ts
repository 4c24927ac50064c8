/**
 * PDFs for tests and the benchmark (not used in production): printable A4 letters and each kind
 * of unprintable one.
 */
import { PDFDocument, PDFName, PDFString, StandardFonts, rgb } from 'pdf-lib';
import { embedPrintFonts } from './fonts.ts';
import { A4_PT, MM_TO_PT } from './pdf-check.ts';

export interface FixtureOptions {
  pages?: number;
  size?: [number, number];
  /** Left edge of the text in mm. */
  textLeftMm?: number;
  standardFont?: boolean;
  encrypted?: boolean;
  /** A white full-page background rectangle (must not count as ink). */
  whiteBackground?: boolean;
  text?: string;
}

export async function makeTestPdf(o: FixtureOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = o.standardFont ? await doc.embedFont(StandardFonts.Helvetica) : (await embedPrintFonts(doc)).regular;
  const [w, h] = o.size ?? [A4_PT.width, A4_PT.height];
  for (let i = 0; i < (o.pages ?? 1); i++) {
    const page = doc.addPage([w, h]);
    if (o.whiteBackground) page.drawRectangle({ x: 0, y: 0, width: w, height: h, color: rgb(1, 1, 1) });
    page.drawText(o.text ?? (o.standardFont ? `Page ${i + 1}` : `Бет ${i + 1}: Қазақстан әңгүіөұһғ`), { x: (o.textLeftMm ?? 25) * MM_TO_PT, y: h - 40 * MM_TO_PT, size: 12, font });
    page.drawLine({ start: { x: (o.textLeftMm ?? 25) * MM_TO_PT, y: h - 45 * MM_TO_PT }, end: { x: w - 20 * MM_TO_PT, y: h - 45 * MM_TO_PT }, thickness: 0.5 });
  }
  if (o.encrypted) {
    // A standard-security-handler /Encrypt entry in the trailer: what readers (and pdf-lib) take as encrypted.
    const enc = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, P: -4, O: PDFString.of('x'.repeat(32)), U: PDFString.of('y'.repeat(32)) });
    doc.context.trailerInfo.Encrypt = doc.context.register(enc);
    void PDFName;
  }
  return doc.save();
}
