/**
 * The embedded font for everything jashik prints: DejaVu Sans (npm `dejavu-fonts-ttf`, free
 * licence), which has the Kazakh letters ә ғ қ ң ө ұ ү һ і and all of Russian. Read once per
 * process; pdf-lib subsets it into each document through fontkit.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);
let regular: Uint8Array | undefined;
let bold: Uint8Array | undefined;

function fontFile(name: string): Uint8Array {
  const dir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return fs.readFileSync(path.join(dir, name));
}

export interface PrintFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export async function embedPrintFonts(doc: PDFDocument): Promise<PrintFonts> {
  regular ??= fontFile('DejaVuSans.ttf');
  bold ??= fontFile('DejaVuSans-Bold.ttf');
  doc.registerFontkit(fontkit);
  return {
    regular: await doc.embedFont(regular, { subset: true }),
    bold: await doc.embedFont(bold, { subset: true }),
  };
}
