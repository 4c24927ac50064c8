/**
 * Plain text of a document's files for search (DF-1) and for the readable paper copy (DF-17):
 * DOCX paragraphs from word/document.xml, RTF without control words, PDF text-showing operators
 * of uncompressed or Flate streams. Best effort and bounded: unreadable files give ''.
 */
import { inflateSync } from 'node:zlib';
import type { FileFormat } from './formats.ts';
import { zipPart } from './zip-read.ts';

export const MAX_TEXT_CHARS = 200_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e.toLowerCase()]);
}

/** DOCX: one line per paragraph (w:p), text runs (w:t), tabs and breaks kept. */
export function docxText(bytes: Uint8Array): string {
  const xml = zipPart(bytes, 'word/document.xml');
  if (!xml) return '';
  const paragraphs = xml.toString('utf8').split(/<\/w:p>/);
  const lines = paragraphs.map((p) =>
    decodeXml(
      p
        .replace(/<w:tab\/>/g, '\t')
        .replace(/<w:br\/>/g, '\n')
        .replace(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g, '\u0000$1\u0000')
        .split('\u0000')
        .filter((_, i) => i % 2 === 1)
        .join(''),
    ),
  );
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim().slice(0, MAX_TEXT_CHARS);
}

function rtfText(bytes: Uint8Array): string {
  const s = Buffer.from(bytes).toString('latin1');
  return s
    .replace(/\\u(-?\d+)\??/g, (_, n: string) => String.fromCharCode((Number(n) + 65536) % 65536))
    .replace(/\\par[d]?/g, '\n')
    .replace(/\\'([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\[a-z]+-?\d* ?/gi, '')
    .replace(/[{}]/g, '')
    .trim()
    .slice(0, MAX_TEXT_CHARS);
}

function pdfText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes);
  const out: string[] = [];
  let p = 0;
  while (out.join('').length < MAX_TEXT_CHARS) {
    const start = b.indexOf('stream', p, 'latin1');
    if (start < 0) break;
    const dataStart = start + (b[start + 6] === 0x0d ? 8 : 7);
    const end = b.indexOf('endstream', dataStart, 'latin1');
    if (end < 0) break;
    const raw = b.subarray(dataStart, end);
    let data: Buffer = raw;
    try {
      data = inflateSync(raw, { maxOutputLength: 8 * 1024 * 1024 });
    } catch {
      data = raw;
    }
    const text = data.toString('latin1');
    for (const m of text.matchAll(/\((?:\\.|[^\\)])*\)\s*Tj|\[(?:[^\]]*)\]\s*TJ/g)) {
      const pieces = [...m[0].matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((x) => x[1].replace(/\\([()\\])/g, '$1'));
      out.push(pieces.join(''));
    }
    p = end + 9;
  }
  return out.join('\n').slice(0, MAX_TEXT_CHARS);
}

export function extractText(format: FileFormat, bytes: Uint8Array): string {
  try {
    if (format === 'docx') return docxText(bytes);
    if (format === 'rtf') return rtfText(bytes);
    if (format === 'pdf') return pdfText(bytes);
  } catch {
    return '';
  }
  return '';
}
