/**
 * The file formats of an e-document (DF-3) recognised by their content (magic bytes and, for
 * the container formats, their inner structure), never by the file name alone: the name's
 * extension must agree with what the bytes are.
 */
import { zipEntries } from './zip-read.ts';

export const FORMATS = ['pdf', 'tiff', 'jpeg', 'rtf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'rar', 'zip'] as const;
export type FileFormat = (typeof FORMATS)[number];

/** DF-3: the content part is DOC/DOCX; attachments may be any of FORMATS. */
export const CONTENT_FORMATS: readonly FileFormat[] = ['doc', 'docx'];

const EXTENSIONS: Record<string, FileFormat> = {
  pdf: 'pdf', tif: 'tiff', tiff: 'tiff', jpg: 'jpeg', jpeg: 'jpeg', rtf: 'rtf', doc: 'doc', docx: 'docx',
  xls: 'xls', xlsx: 'xlsx', ppt: 'ppt', pptx: 'pptx', rar: 'rar', zip: 'zip',
};

export const MEDIA_TYPES: Record<FileFormat, string> = {
  pdf: 'application/pdf',
  tiff: 'image/tiff',
  jpeg: 'image/jpeg',
  rtf: 'application/rtf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  rar: 'application/vnd.rar',
  zip: 'application/zip',
};

export function formatOfName(filename: string): FileFormat | undefined {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return m ? EXTENSIONS[m[1].toLowerCase()] : undefined;
}

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  return sig.every((v, i) => b[i] === v);
}

function utf16(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}

/** An OLE2 compound file's kind, by the stream names in its directory. */
function oleKind(b: Uint8Array): FileFormat | undefined {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.length);
  if (buf.includes(utf16('WordDocument'))) return 'doc';
  if (buf.includes(utf16('Workbook')) || buf.includes(utf16('Book'))) return 'xls';
  if (buf.includes(utf16('PowerPoint Document'))) return 'ppt';
  return undefined;
}

function zipKind(b: Uint8Array): FileFormat | undefined {
  const entries = zipEntries(b);
  if (!entries) return undefined;
  const names = new Set(entries.map((e) => e.name));
  if (names.has('[Content_Types].xml')) {
    if (names.has('word/document.xml')) return 'docx';
    if (names.has('xl/workbook.xml')) return 'xlsx';
    if (names.has('ppt/presentation.xml')) return 'pptx';
  }
  return 'zip';
}

/** What the bytes are, or undefined when they are none of the DF-3 formats. */
export function sniffFormat(b: Uint8Array): FileFormat | undefined {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf'; // {\rtf
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(b);
  if (startsWith(b, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'rar'; // Rar!
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return zipKind(b);
  return undefined;
}

/** A ZIP-based office file is also a ZIP: a `.zip` holding a DOCX's bytes is still acceptable. */
export function nameAgrees(named: FileFormat, actual: FileFormat): boolean {
  if (named === actual) return true;
  return named === 'zip' && (actual === 'docx' || actual === 'xlsx' || actual === 'pptx');
}
