/**
 * PEM or DER input. Files from the NCA come both ways (.cer is DER, .crt is PEM), so every
 * reader accepts either; a PEM block with a label other than the expected ones is refused
 * with a coded error instead of being guessed at.
 */
import { AppError } from '../../shared/errors.ts';

export interface PemBlock {
  label: string;
  der: Buffer;
}

const BLOCK_RE = /-----BEGIN ([A-Z0-9 #]{1,64})-----([\s\S]*?)-----END ([A-Z0-9 #]{1,64})-----/g;

const PEM_BEGIN = Buffer.from('-----BEGIN ', 'latin1');

export function looksLikePem(input: Uint8Array): boolean {
  // Skip a UTF-8 BOM and leading whitespace; PEM files are small, so scanning 1 KB is enough.
  // Searched in the bytes: no 1 KB string is made for every CMS and certificate read.
  return Buffer.from(input.buffer, input.byteOffset, Math.min(input.length, 1024)).indexOf(PEM_BEGIN) >= 0;
}

export function pemBlocks(input: Uint8Array | string): PemBlock[] {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.length).toString('latin1');
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK_RE)) {
    if (m[1] !== m[3]) throw new AppError('PKI_MALFORMED', { detail: `PEM block BEGIN ${m[1]} ends with END ${m[3]}` });
    // Headers such as Proc-Type (encrypted legacy PEM) come before a blank line.
    let body = m[2];
    const headerEnd = body.search(/\r?\n\r?\n/);
    if (body.includes(':') && headerEnd >= 0) body = body.slice(headerEnd);
    const b64 = body.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) {
      throw new AppError('PKI_MALFORMED', { detail: `PEM block ${m[1]} has invalid base64` });
    }
    out.push({ label: m[1], der: Buffer.from(b64, 'base64') });
  }
  return out;
}

/** One DER object: the input itself, or the single PEM block with one of the labels. */
export function toDer(input: Uint8Array, labels: string[], what: string): Buffer {
  if (!looksLikePem(input)) return Buffer.from(input.buffer, input.byteOffset, input.length);
  const blocks = pemBlocks(input);
  const ok = blocks.filter((b) => labels.includes(b.label));
  if (ok.length === 0) {
    const got = blocks.map((b) => b.label).join(', ') || 'no complete PEM block';
    throw new AppError('PKI_MALFORMED', { detail: `${what}: expected PEM ${labels.join(' or ')}, got ${got}` });
  }
  return ok[0].der;
}

/** Every DER object with one of the labels (a PEM bundle), or the input as one DER object. */
export function toDerAll(input: Uint8Array, labels: string[], what: string): Buffer[] {
  if (!looksLikePem(input)) return [Buffer.from(input.buffer, input.byteOffset, input.length)];
  const ok = pemBlocks(input).filter((b) => labels.includes(b.label));
  if (ok.length === 0) throw new AppError('PKI_MALFORMED', { detail: `${what}: no PEM ${labels.join(' or ')} block` });
  return ok.map((b) => b.der);
}

export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}
