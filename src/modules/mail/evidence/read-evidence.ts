/**
 * listEvidence / getEvidence: the sender and the recipient of a letter read its evidence
 * (`.p7s` and the canonical document); anyone else is refused as "not found", audited.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../../storage/db/database.ts';
import { refuseAccess, requireActor } from '../access.ts';
import { ownLetter } from '../get-letter.ts';
import type { MailActor } from '../types.ts';

export interface EvidenceSummary {
  id: string;
  event: string;
  position: number;
  messageId: string;
  sender: string | null;
  recipient: string | null;
  createdAt: string;
  cmsSha256: string;
}

type Row = { id: string; event: string; position: number; message_id: string; sender: string | null; recipient: string | null; created_at: string | Date; cms_sha256: string };

const toSummary = (r: Row): EvidenceSummary => ({
  id: r.id, event: r.event, position: r.position, messageId: r.message_id, sender: r.sender, recipient: r.recipient,
  createdAt: new Date(r.created_at).toISOString(), cmsSha256: r.cms_sha256,
});

/** Evidence of one of the actor's letters: its submission's chain (sent or delivered) or its own (received from plain e-mail). */
export async function listEvidence(database: Database, actorIn: MailActor | undefined, letterId: string): Promise<EvidenceSummary[]> {
  const actor = await requireActor(database, actorIn, 'listEvidence', `letter:${letterId}`);
  const letter = await ownLetter(database, actor, letterId, 'listEvidence');
  const chains = [letter.id, ...(letter.submission_id ? [letter.submission_id] : [])];
  const r = await database.db.execute<Row>(sql`
    select id, event, position, message_id, sender, recipient, created_at, cms_sha256 from mail_evidence
    where chain in (${sql.join(chains.map((c) => sql`${c}`), sql`, `)})
      and (sender_mailbox_id = ${actor.mailboxId} or recipient_mailbox_id = ${actor.mailboxId})
    order by chain, position`);
  return r.rows.map(toSummary);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getEvidence(database: Database, actorIn: MailActor | undefined, evidenceId: string): Promise<EvidenceSummary & { document: Buffer; cms: Buffer }> {
  const actor = await requireActor(database, actorIn, 'getEvidence', `evidence:${evidenceId}`);
  if (UUID_RE.test(evidenceId)) {
    const r = await database.db.execute<Row & { document: Buffer; cms: Buffer; sender_mailbox_id: string | null; recipient_mailbox_id: string | null }>(sql`
      select id, event, position, message_id, sender, recipient, created_at, cms_sha256, document, cms, sender_mailbox_id, recipient_mailbox_id
      from mail_evidence where id = ${evidenceId}`);
    const e = r.rows[0];
    if (e && (e.sender_mailbox_id === actor.mailboxId || e.recipient_mailbox_id === actor.mailboxId)) {
      return { ...toSummary(e), document: Buffer.from(e.document), cms: Buffer.from(e.cms) };
    }
  }
  return refuseAccess(database, actor, 'getEvidence', `evidence:${evidenceId}`);
}
