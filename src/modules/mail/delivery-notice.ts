/**
 * Delivery-status notices into the sender's Inbox: a failed delivery (bounce) and a registered
 * letter left unopened past its deadline. Plain text in Kazakh, Russian and English; from the
 * operator's mailer-daemon, so a notice is never mistaken for the recipient's answer.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { composeLetter } from './compose-letter.ts';
import { parseLetter } from './parse-letter.ts';
import { insertLetter } from './store-letter.ts';

export interface Notice {
  senderMailboxId: string;
  originalMessageId: string;
  originalSubject: string;
  recipient: string;
  kind: 'bounce' | 'expiry';
  reason: string;
}

const TEXT = {
  bounce: {
    subject: 'Жеткізілмеді / Не доставлено / Undelivered',
    body: (n: Notice) =>
      `Хат алушыға жеткізілмеді: ${n.recipient}\nПисьмо не доставлено получателю: ${n.recipient}\nThe letter could not be delivered to: ${n.recipient}\n\n${n.reason}\n`,
  },
  expiry: {
    subject: 'Мерзімінде ашылмады / Не открыто в срок / Not opened by the deadline',
    body: (n: Notice) =>
      `Алушы тапсырыс хатты мерзімінде ашпады: ${n.recipient}\nПолучатель не открыл заказное письмо в срок: ${n.recipient}\nThe recipient did not open the registered letter by the deadline: ${n.recipient}\n`,
  },
};

export async function deliverNotice(tx: Tx, blobs: BlobStore, domain: string, n: Notice): Promise<string | undefined> {
  const mb = await tx.execute<{ address: string }>(sql`select address from mailboxes where id = ${n.senderMailboxId} and status = 'active'`);
  if (!mb.rows[0]) return undefined;
  const t = TEXT[n.kind];
  const stream = composeLetter(
    {
      messageId: `<${randomUUID()}@${domain}>`,
      from: { address: `mailer-daemon@${domain}`, name: 'Jashik' },
      to: [mb.rows[0].address],
      cc: [],
      subject: `${t.subject}: ${n.originalSubject}`.slice(0, 900),
      text: `${t.body(n)}\nMessage-ID: ${n.originalMessageId}\n`,
      attachments: [],
      inReplyTo: n.originalMessageId,
      references: [n.originalMessageId],
      date: new Date(),
      headers: { 'Auto-Submitted': 'auto-replied' },
    },
    1024 * 1024,
  );
  const raw = await blobs.put(stream);
  const parsed = await parseLetter(await blobs.get(raw.sha256));
  const letter = await insertLetter(tx, blobs, { mailboxId: n.senderMailboxId, folder: 'inbox', direction: 'in', parsed, raw, verifiedSender: true, ignoreQuota: true });
  return letter.id;
}
