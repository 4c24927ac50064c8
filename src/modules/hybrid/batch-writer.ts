/**
 * Writes the PDF files of one print batch: items in order, at most `maxItemsPerFile` per file.
 * Each file is a fresh pdf-lib document (font embedded once per file), saved, hashed, handed to
 * the drop and released before the next begins — memory is bounded by one file, however many
 * items the batch holds.
 */
import { PDFDocument } from 'pdf-lib';
import { manifestCsv, manifestJson, sha256Hex, sha256Sums, type ManifestFile, type ManifestItem } from './batch-manifest.ts';
import { embedPrintFonts } from './fonts.ts';
import type { BatchWriter } from './print-drop.ts';
import { renderItemInto, type PrintItem } from './print-render.ts';

export interface BatchResult {
  files: ManifestFile[];
  items: ManifestItem[];
  checksum: string;
  pageCount: number;
}

export async function writeBatchFiles(
  batch: { batchId: string; name: string; printCentre: string; createdAt: Date },
  items: AsyncIterable<PrintItem> | Iterable<PrintItem>,
  loadContent: (item: PrintItem) => Promise<Uint8Array>,
  out: BatchWriter,
  maxItemsPerFile: number,
  onFile?: (file: ManifestFile) => void,
): Promise<BatchResult> {
  const files: ManifestFile[] = [];
  const manifest: ManifestItem[] = [];
  let doc: PDFDocument | undefined;
  let fonts: Awaited<ReturnType<typeof embedPrintFonts>> | undefined;
  let inFile = 0;
  let pageInFile = 0;

  const flush = async () => {
    if (!doc) return;
    const name = `${batch.name}-${String(files.length + 1).padStart(3, '0')}.pdf`;
    const bytes = await doc.save({ objectsPerTick: Infinity });
    await out.write(name, bytes);
    files.push({ name, sha256: sha256Hex(bytes), size: bytes.length, pages: pageInFile, items: inFile });
    onFile?.(files[files.length - 1]);
    doc = undefined;
    fonts = undefined;
    inFile = 0;
    pageInFile = 0;
  };

  for await (const item of items) {
    if (!doc) {
      doc = await PDFDocument.create({ updateMetadata: false });
      fonts = await embedPrintFonts(doc);
    }
    const pages = await renderItemInto(doc, fonts!, item, await loadContent(item));
    const file = `${batch.name}-${String(files.length + 1).padStart(3, '0')}.pdf`;
    manifest.push({ itemId: item.id, s10: item.s10, file, firstPage: pageInFile + 1, lastPage: pageInFile + pages, pages, registered: item.registered });
    pageInFile += pages;
    if (++inFile >= maxItemsPerFile) await flush();
  }
  await flush();

  const csv = manifestCsv(manifest);
  const csvSha = sha256Hex(csv);
  const sums = sha256Sums(files, csvSha);
  const checksum = sha256Hex(sums);
  await out.write('manifest.csv', Buffer.from(csv));
  await out.write('SHA256SUMS', Buffer.from(sums));
  await out.write('manifest.json', Buffer.from(manifestJson({ ...batch, createdAt: batch.createdAt.toISOString(), files, items: manifest, csvSha256: csvSha, checksum })));
  return { files, items: manifest, checksum, pageCount: files.reduce((a, f) => a + f.pages, 0) };
}
