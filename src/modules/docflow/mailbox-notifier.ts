/**
 * The real Notifier: a plain-text notice (Kazakh and Russian) from the operator's mailer-daemon
 * into the organisation mailbox's Inbox, built with the mail module's own functions in the
 * job's transaction — so the cabinet alert and the e-mail are both durable.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { composeLetter } from '../mail/compose-letter.ts';
import { parseLetter } from '../mail/parse-letter.ts';
import { insertLetter } from '../mail/store-letter.ts';
import type { Notifier } from './types.ts';

export function mailboxNotifier(deps: { blobs: BlobStore; domain: string }): Notifier {
  return {
    async email(tx, n) {
      const mb = await tx.execute<{ address: string }>(sql`select address from mailboxes where id = ${n.mailboxId} and status = 'active'`);
      if (!mb.rows[0]) return;
      const stream = composeLetter(
        {
          messageId: `<${randomUUID()}@${deps.domain}>`, from: { address: `mailer-daemon@${deps.domain}`, name: 'Jashik' }, to: [mb.rows[0].address], cc: [],
          subject: n.subject.slice(0, 900), text: n.text, attachments: [], date: new Date(), headers: { 'Auto-Submitted': 'auto-generated', 'X-Jashik-Docflow': n.idempotencyKey },
        },
        1024 * 1024,
      );
      const raw = await deps.blobs.put(stream);
      const parsed = await parseLetter(await deps.blobs.get(raw.sha256));
      await insertLetter(tx, deps.blobs, { mailboxId: n.mailboxId, folder: 'inbox', direction: 'in', parsed, raw, verifiedSender: true, ignoreQuota: true });
    },
  };
}
