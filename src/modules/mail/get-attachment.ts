/**
 * getAttachment: one attachment of the actor's letter, decoded and streamed from the raw message
 * (never held whole in memory). Served as a download with the type the index recorded; the
 * route adds nosniff so a browser never runs it as a page.
 */
import { PassThrough, type Readable } from 'node:stream';
import { MailParser, type AttachmentStream, type MessageText } from 'mailparser';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { requireActor } from './access.ts';
import { ownLetter } from './get-letter.ts';
import type { MailActor } from './types.ts';

export async function getAttachment(deps: { database: Database; blobs: BlobStore }, actorIn: MailActor | undefined, letterId: string, index: number): Promise<{ stream: Readable; filename: string; contentType: string; size: number }> {
  const actor = await requireActor(deps.database, actorIn, 'getAttachment', `letter:${letterId}`);
  const row = await ownLetter(deps.database, actor, letterId, 'getAttachment');
  const info = row.attachments[index];
  if (!Number.isInteger(index) || !info) throw new AppError('NOT_FOUND', { detail: `letter ${letterId} has no attachment ${index}` });
  const source = await deps.blobs.get(row.raw_sha256);
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const out = new PassThrough();
  let seen = 0;
  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type !== 'attachment') return;
    if (seen++ === index) {
      data.content.on('end', () => data.release?.());
      data.content.pipe(out);
    } else {
      data.content.on('end', () => data.release?.());
      data.content.resume();
    }
  });
  parser.on('end', () => {
    if (seen <= index) out.destroy(new AppError('NOT_FOUND', { detail: 'attachment not found in the raw message' }));
  });
  parser.on('error', (err: Error) => out.destroy(err));
  source.on('error', (err) => out.destroy(err));
  source.pipe(parser);
  return { stream: out, filename: info.filename, contentType: info.contentType, size: info.size };
}
