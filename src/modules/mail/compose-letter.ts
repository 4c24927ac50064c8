/**
 * Builds the raw RFC 5322 message of a letter composed in jashik (nodemailer's MailComposer)
 * as a stream, counting content and attachment bytes against the per-letter limit as they flow.
 */
import { Transform, type Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { AppError } from '../../shared/errors.ts';
import { sanitizeLetterHtml } from './sanitize-html.ts';

export interface ComposeAttachment {
  filename: string;
  contentType?: string;
  content: Readable | Uint8Array;
}

export interface ComposeInput {
  messageId: string;
  from: { address: string; name: string };
  to: string[];
  cc: string[];
  subject: string;
  text?: string;
  html?: string;
  attachments: ComposeAttachment[];
  inReplyTo?: string | null;
  references?: string[];
  date: Date;
  headers?: Record<string, string>;
}

export function tooLarge(limit: number): AppError {
  return new AppError('MAIL_TOO_LARGE', { detail: `content and attachments exceed ${limit} bytes` });
}

/** One counter shared by every part of a letter: errors the stream that crosses the limit. */
function limiter(limit: number) {
  let total = 0;
  return {
    count(n: number) {
      total += n;
      if (total > limit) throw tooLarge(limit);
    },
    wrap(src: Readable): Readable {
      const self = this;
      const t = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          try {
            self.count(chunk.length);
            cb(null, chunk);
          } catch (err) {
            cb(err as Error);
          }
        },
      });
      src.on('error', (err) => t.destroy(err));
      return src.pipe(t);
    },
  };
}

export function composeLetter(input: ComposeInput, limitBytes: number): Readable {
  const lim = limiter(limitBytes);
  const html = input.html ? sanitizeLetterHtml(input.html) : undefined;
  lim.count(Buffer.byteLength(input.text ?? '') + Buffer.byteLength(html ?? ''));
  const attachments = input.attachments.map((a) => {
    if (!(a.content instanceof Uint8Array)) return { filename: a.filename, contentType: a.contentType, content: lim.wrap(a.content) };
    lim.count(a.content.length);
    return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) };
  });
  const composer = new MailComposer({
    messageId: input.messageId,
    date: input.date,
    from: input.from,
    to: input.to,
    cc: input.cc.length ? input.cc : undefined,
    subject: input.subject,
    text: input.text ?? '',
    html,
    attachments,
    inReplyTo: input.inReplyTo ?? undefined,
    references: input.references?.length ? input.references : undefined,
    headers: input.headers,
  });
  return composer.compile().createReadStream();
}
