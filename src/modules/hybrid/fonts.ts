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
    regular: fastLayout(await doc.embedFont(regular, { subset: true })),
    bold: fastLayout(await doc.embedFont(bold, { subset: true })),
  };
}

interface FontkitLike {
  layout(text: string, features?: unknown): { glyphs: unknown[] };
  glyphForCodePoint(cp: number): unknown;
}

/**
 * pdf-lib asks fontkit to shape every string it draws or measures (OpenType GSUB/GPOS), about
 * 10 ms per line of Cyrillic in DejaVu Sans. Kazakh, Russian and Latin need no contextual
 * shaping, so glyphs are looked up by code point (cached) instead: two orders of magnitude
 * faster. Kerning is not applied (widths and drawing stay consistent with each other).
 */
function fastLayout(font: PDFFont): PDFFont {
  const fk = (font as unknown as { embedder: { font: FontkitLike } }).embedder.font;
  const cache = new Map<number, unknown>();
  fk.layout = (text: string) => {
    const glyphs: unknown[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let g = cache.get(cp);
      if (g === undefined) cache.set(cp, (g = fk.glyphForCodePoint(cp)));
      glyphs.push(g);
    }
    return { glyphs };
  };
  return font;
}
