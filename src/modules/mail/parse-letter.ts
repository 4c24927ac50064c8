/**
 * Reads a raw RFC 5322 message (streamed) into the fields the index needs. Attachments are
 * hashed as they flow and never held in memory; the text kept for search is capped.
 * Malformed input is bounded: too many parts or too deep nesting is refused, not parsed.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { MailParser, type AddressObject, type AttachmentStream, type MessageText } from 'mailparser';
import { AppError, fieldError } from '../../shared/errors.ts';
import type { ParsedLetter } from './types.ts';

const TEXT_CAP = 64 * 1024;
export const MAX_PARTS = 1000;

function addresses(a: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  if (!a) return [];
  const list = Array.isArray(a) ? a : [a];
  const out: { address: string; name: string }[] = [];
  const walk = (items: { address?: string; name: string; group?: unknown[] }[]) => {
    for (const i of items) {
      if (i.group) walk(i.group as typeof items);
      else if (i.address) out.push({ address: i.address.toLowerCase(), name: i.name ?? '' });
    }
  };
  for (const x of list) walk(x.value);
  return out;
}

function idList(v: unknown): string[] {
  if (!v) return [];
  const arr = Array.isArray(v) ? v : String(v).split(/\s+/);
  return arr.map((s) => String(s).trim()).filter(Boolean);
}

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export function tooComplex(detail: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    detail,
    fields: [fieldError('message', 'mime_too_complex', { kk: 'Хаттың MIME құрылымы тым күрделі', ru: 'Слишком сложная MIME-структура письма', en: 'The message MIME structure is too complex' })],
  });
}

const SNIPPET_CHARS = 200;

/**
 * The first 200 characters of the text with its whitespace runs collapsed to one space and the
 * ends trimmed — the same as collapsing and trimming the whole text first, but reading only as
 * much of it as that takes (a long letter's text is up to 64 KB; the snippet needs a few hundred
 * characters). A prefix collapses to a prefix of the whole; once something other than whitespace
 * follows the 200th character, trimming the end of the whole cannot reach into the snippet.
 */
export function snippetOf(text: string): string {
  for (let n = 1024; ; n *= 8) {
    if (n >= text.length) return text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
    const collapsed = text.slice(0, n).replace(/\s+/g, ' ').trimStart();
    if (/\S/.test(collapsed.slice(SNIPPET_CHARS))) return collapsed.slice(0, SNIPPET_CHARS);
  }
}

/**
 * With `keepHtml`, the HTML body is returned too (for showing a letter; never stored in the index).
 * A message already in memory (a small inbound message) is given as a Buffer and written to the
 * parser in one call: the same parse, without a stream around it to pipe from.
 */
export function parseLetter(source: Readable | Buffer, opts: { keepHtml?: boolean } = {}): Promise<ParsedLetter & { html?: string }> {
  return new Promise((resolve, reject) => {
    // checksumAlgo false: attachments are hashed (SHA-256) here as they flow; mailparser's own
    // MD5 of each would be a second pass over every attachment, and nothing reads it.
    const parser = new MailParser({ skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2 * 1024 * 1024, checksumAlgo: false });
    let headers: Map<string, unknown> = new Map();
    let text = '';
    let html = '';
    let partCount = 0;
    const attachments: ParsedLetter['attachments'] = [];
    const parts: ParsedLetter['parts'] = [];
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      if (!Buffer.isBuffer(source)) {
        source.unpipe(parser);
        source.destroy();
      }
      parser.destroy();
      reject(err);
    };
    parser.on('headers', (h: Map<string, unknown>) => (headers = h));
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'attachment') {
        if (++partCount > MAX_PARTS) return fail(tooComplex(`more than ${MAX_PARTS} parts`));
        const hash = createHash('sha256');
        let size = 0;
        data.content.on('data', (c: Buffer) => {
          size += c.length;
          hash.update(c);
        });
        data.content.on('end', () => {
          const sha256 = hash.digest('hex');
          const filename = (data.filename ?? '').slice(0, 255) || `part-${attachments.length + 1}`;
          attachments.push({ filename, contentType: (data.contentType || 'application/octet-stream').toLowerCase(), size, sha256 });
          parts.push({ name: filename, sha256 });
          data.release?.();
        });
      } else if (data.type === 'text') {
        text = data.text ?? '';
        html = typeof data.html === 'string' ? data.html : '';
      }
    });
    parser.on('error', (err: Error) => fail(err));
    parser.on('end', () => {
      if (failed) return;
      const from = addresses(headers.get('from') as AddressObject | undefined)[0];
      const references = idList(headers.get('references'));
      const inReplyTo = idList(headers.get('in-reply-to'))[0] ?? null;
      const messageId = (headers.get('message-id') as string | undefined)?.trim() || null;
      const date = headers.get('date');
      if (text) parts.unshift({ name: 'text', sha256: sha(text) });
      if (html) parts.splice(text ? 1 : 0, 0, { name: 'html', sha256: sha(html) });
      const plain = text || html.replace(/<[^>]*>/g, ' ');
      resolve({
        messageId,
        inReplyTo,
        references,
        threadId: references[0] ?? inReplyTo ?? messageId,
        subject: String(headers.get('subject') ?? '').slice(0, 998),
        fromAddress: from?.address ?? '',
        fromName: from?.name ?? '',
        to: addresses(headers.get('to') as AddressObject | undefined).map((x) => x.address),
        cc: addresses(headers.get('cc') as AddressObject | undefined).map((x) => x.address),
        sentAt: date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
        snippet: snippetOf(plain),
        text: plain.slice(0, TEXT_CAP),
        attachments,
        parts,
        ...(opts.keepHtml ? { html } : {}),
      });
    });
    if (Buffer.isBuffer(source)) {
      parser.end(source);
      return;
    }
    source.on('error', (err) => fail(err));
    source.pipe(parser);
  });
}
