/**
 * The manifest of a print batch: JSON and CSV listing every item (id, S10, file, page range,
 * pages) and every file (SHA-256, size, pages), and the batch checksum — the SHA-256 of the
 * `SHA256SUMS` text (`<sha256>  <file>` per PDF and for manifest.csv), so a print centre checks
 * the whole batch with `sha256sum -c SHA256SUMS` and compares one number.
 */
import { createHash } from 'node:crypto';

export interface ManifestItem { itemId: string; s10: string; file: string; firstPage: number; lastPage: number; pages: number; registered: boolean }
export interface ManifestFile { name: string; sha256: string; size: number; pages: number; items: number }

export const sha256Hex = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export const csvCell = (v: string | number | boolean) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function manifestCsv(items: ManifestItem[]): string {
  const head = 'item_id,s10,file,first_page,last_page,pages,registered';
  return [head, ...items.map((i) => [i.itemId, i.s10, i.file, i.firstPage, i.lastPage, i.pages, i.registered].map(csvCell).join(','))].join('\n') + '\n';
}

export function sha256Sums(files: ManifestFile[], csvSha256: string): string {
  return [...files.map((f) => `${f.sha256}  ${f.name}`), `${csvSha256}  manifest.csv`].join('\n') + '\n';
}

export function manifestJson(b: { batchId: string; name: string; printCentre: string; createdAt: string; files: ManifestFile[]; items: ManifestItem[]; csvSha256: string; checksum: string }): string {
  return JSON.stringify({ type: 'jashik.print-batch', version: 1, ...b, itemCount: b.items.length, pageCount: b.files.reduce((a, f) => a + f.pages, 0) }, null, 2) + '\n';
}
