/**
 * Just enough ZIP reading for DOCX/XLSX/PPTX: the central directory (to tell an OOXML file
 * from a plain ZIP by its parts) and inflating one part (to index a DOCX's text). Bounded:
 * a damaged or hostile archive yields "not a ZIP", never an exception or a zip bomb.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const MAX_ENTRIES = 10_000;

/** The central directory's entries, or undefined when the bytes are not a readable ZIP. */
export function zipEntries(buf: Uint8Array): ZipEntry[] | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  // End of central directory: within the last 64 KiB + 22 bytes.
  const min = Math.max(0, b.length - 65_557);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES || p >= b.length) return undefined;
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return undefined;
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (p + 46 + nameLen > b.length) return undefined;
    out.push({
      method: b.readUInt16LE(p + 10),
      compressedSize: b.readUInt32LE(p + 20),
      size: b.readUInt32LE(p + 24),
      name: b.toString('utf8', p + 46, p + 46 + nameLen),
      localHeaderOffset: b.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** One part's bytes (stored or deflated), capped at `maxBytes`; undefined when unreadable. */
export function zipPart(buf: Uint8Array, name: string, maxBytes = 32 * 1024 * 1024): Buffer | undefined {
  const entry = zipEntries(buf)?.find((e) => e.name === name);
  if (!entry || entry.size > maxBytes) return undefined;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const h = entry.localHeaderOffset;
  if (h + 30 > b.length || b.readUInt32LE(h) !== 0x04034b50) return undefined;
  const start = h + 30 + b.readUInt16LE(h + 26) + b.readUInt16LE(h + 28);
  const data = b.subarray(start, start + entry.compressedSize);
  try {
    if (entry.method === 0) return Buffer.from(data);
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
  return undefined;
}
