/**
 * Stores a batch of inbound messages in one transaction with a fixed number of statements
 * (four), whatever the batch size: recipients and quota checked for all at once (rows locked),
 * the blobs locked, then one statement charging the quota and inserting the blob references,
 * evidence and letters, and one audit entry naming every letter and evidence record of the
 * batch. A message whose recipient is gone or full is left out (its sender gets 450/452) and
 * the rest are stored.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { appendAudit } from '../audit/append-audit.ts';
import type { AuthSummary } from './check-auth.ts';
import type { NewEvidence, PreparedEvidence } from './evidence/issue-evidence.ts';
import { SmtpReply } from './smtp-reply.ts';
import { searchDocument } from './store-letter.ts';
import type { ParsedLetter } from './types.ts';

export interface InboundItem {
  raw: { sha256: string; size: number };
  parsed: ParsedLetter;
  auth: AuthSummary | null;
  folder: string;
  env: { remoteAddress: string };
  recipients: { rcpt: string; letterId: string; ev: NewEvidence; prepared: PreparedEvidence | null }[];
}

export type Outcome = { ok: true; letterIds: string[] } | { ok: false; err: Error };

export async function storeInboundBatch(tx: Tx, blobs: BlobStore, items: InboundItem[]): Promise<Outcome[]> {
  const addresses = [...new Set(items.flatMap((i) => i.recipients.map((r) => r.rcpt)))];
  const mbs = await tx.execute<{ id: string; address: string; status: string; quota_bytes: string; used_bytes: string }>(sql`
    select id, address, status, quota_bytes, used_bytes from mailboxes where address = any(${sql.param(addresses)}::text[]) order by id for update`);
  const byAddress = new Map(mbs.rows.map((m) => [m.address, { ...m, used: Number(m.used_bytes), quota: Number(m.quota_bytes), add: 0 }]));
  const outcomes: Outcome[] = items.map((item) => {
    for (const r of item.recipients) {
      const mb = byAddress.get(r.rcpt);
      if (!mb || mb.status !== 'active') return { ok: false, err: new SmtpReply(450, `4.1.1 <${r.rcpt}>: mailbox unavailable`) };
    }
    const extra = new Map<string, number>();
    for (const r of item.recipients) extra.set(r.rcpt, (extra.get(r.rcpt) ?? 0) + item.raw.size);
    for (const [a, n] of extra) {
      const mb = byAddress.get(a)!;
      if (mb.used + mb.add + n > mb.quota) return { ok: false, err: new SmtpReply(452, '4.2.2 mailbox full') };
    }
    for (const [a, n] of extra) byAddress.get(a)!.add += n;
    return { ok: true, letterIds: item.recipients.map((r) => r.letterId) };
  });
  const stored = items.filter((_, i) => outcomes[i].ok);
  if (stored.length === 0) return outcomes;

  const charged = [...byAddress.values()].filter((m) => m.add > 0);
  const rows = stored.flatMap((item) => item.recipients.map((r) => ({ item, r, mailboxId: byAddress.get(r.rcpt)!.id, doc: searchDocument(item.parsed) })));

  // Blob references, under the same per-blob locks as addBlobRef (taken in a fixed order).
  // The existence check under the lock is needed, not a leftover: the content was written
  // before this transaction, and the `blob.delete` job (blob-refs.ts) removes content whose
  // last reference went, with no grace period, under this lock. A message whose bytes equal a
  // letter deleted moments ago (a resend, a bounce, an autoreply) finds its put() satisfied by
  // the old file, which that job may delete before we lock; without the check we would commit a
  // reference to missing content and answer 250. Once we hold the lock no deleter can run until
  // we commit, so a present blob stays present (the sweep spares fresh content anyway).
  const blobList = [...new Map(stored.map((i) => [i.raw.sha256, i.raw.size])).entries()].sort(([a], [b]) => a.localeCompare(b));
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('blob:' || s, 0)) from unnest(${sql.param(blobList.map(([s]) => s))}::text[]) with ordinality as u(s, n) order by n`);
  const present = await Promise.all(blobList.map(([s]) => blobs.has(s)));
  if (present.some((p) => !p)) throw new Error('a blob vanished before its reference was recorded; the batch is retried by the senders');

  // Everything else in one statement (one round trip): the quota charge, the blob rows and
  // references, the evidence and the letters. Data-modifying WITH parts always run to
  // completion, and the blob_refs → blobs key is checked at the end of the statement.
  // The letters go in as one array per column (a fixed number of parameters, whatever the
  // batch size, and little query building), in batch order.
  const col = (f: (x: (typeof rows)[number]) => unknown) => sql.param(rows.map(f));
  const evidence = rows.filter((x) => x.r.prepared);
  const evidenceInsert = evidence.length === 0 ? sql`` : sql`, evidence as (
      insert into mail_evidence (id, chain, position, event, message_id, sender, recipient, sender_mailbox_id, recipient_mailbox_id, document, cms, cms_sha256, created_at)
      values ${sql.join(evidence.map(({ r, mailboxId }) => {
        const p = r.prepared!;
        return sql`(${p.doc.evidenceId}::uuid, ${r.ev.chain}::uuid, ${p.doc.position}, ${r.ev.event}, ${r.ev.content.messageId}, ${r.ev.sender}, ${r.ev.recipient},
                    null, ${mailboxId}::uuid, ${p.bytes}, ${p.cms}, ${p.cmsSha256}, ${p.doc.issuedAt}::timestamptz)`;
      }), sql`, `)})`;
  await tx.execute(sql`
    with charge as (
      update mailboxes m set used_bytes = m.used_bytes + v.add
      from unnest(${sql.param(charged.map((m) => m.id))}::uuid[], ${sql.param(charged.map((m) => m.add))}::bigint[]) as v(id, add) where m.id = v.id
    ), new_blobs as (
      insert into blobs (sha256, size) select * from unnest(${sql.param(blobList.map(([s]) => s))}::text[], ${sql.param(blobList.map(([, n]) => n))}::bigint[]) on conflict (sha256) do nothing
    ), refs as (
      insert into blob_refs (sha256, owner_kind, owner_id)
      select s, 'letter', id from unnest(${sql.param(rows.map((x) => x.item.raw.sha256))}::text[], ${sql.param(rows.map((x) => x.r.letterId))}::text[]) as u(s, id)
      on conflict do nothing
    )${evidenceInsert}
    insert into letters (id, mailbox_id, folder, direction, raw_sha256, size, message_id, in_reply_to, thread_id, subject, from_address, from_name,
                         to_addresses, cc_addresses, sent_at, snippet, has_attachments, attachments, auth_results, search_text, search_tsv)
    select id, mailbox_id, folder, 'in', raw_sha256, size, message_id, in_reply_to, thread_id, subject, from_address, from_name,
           to_addresses::jsonb, cc_addresses::jsonb, sent_at::timestamptz, snippet, has_attachments, attachments::jsonb, auth_results::jsonb, doc, to_tsvector('simple', doc)
    from unnest(${col((x) => x.r.letterId)}::uuid[], ${col((x) => x.mailboxId)}::uuid[], ${col((x) => x.item.folder)}::text[], ${col((x) => x.item.raw.sha256)}::text[],
                ${col((x) => x.item.raw.size)}::bigint[], ${col((x) => x.item.parsed.messageId)}::text[], ${col((x) => x.item.parsed.inReplyTo)}::text[],
                ${col((x) => x.item.parsed.threadId)}::text[], ${col((x) => x.item.parsed.subject)}::text[], ${col((x) => x.item.parsed.fromAddress)}::text[],
                ${col((x) => x.item.parsed.fromName)}::text[], ${col((x) => JSON.stringify(x.item.parsed.to))}::text[], ${col((x) => JSON.stringify(x.item.parsed.cc))}::text[],
                ${col((x) => x.item.parsed.sentAt)}::text[], ${col((x) => x.item.parsed.snippet)}::text[], ${col((x) => x.item.parsed.attachments.length > 0)}::boolean[],
                ${col((x) => JSON.stringify(x.item.parsed.attachments))}::text[], ${col((x) => (x.item.auth === null ? null : JSON.stringify(x.item.auth)))}::text[], ${col((x) => x.doc)}::text[])
         with ordinality as u(id, mailbox_id, folder, raw_sha256, size, message_id, in_reply_to, thread_id, subject, from_address, from_name,
                              to_addresses, cc_addresses, sent_at, snippet, has_attachments, attachments, auth_results, doc, n)
    order by n`);
  await appendAudit(tx, {
    type: 'mail.received_batch',
    payload: {
      messages: stored.map((item) => ({
        messageId: item.parsed.messageId, remoteAddress: item.env.remoteAddress, dmarc: item.auth?.dmarc?.result ?? null,
        letters: item.recipients.map((r) => ({ letterId: r.letterId, evidenceId: r.prepared?.doc.evidenceId ?? null, event: r.prepared ? r.ev.event : null, cmsSha256: r.prepared?.cmsSha256 ?? null })),
      })),
    },
  }, { actor: 'smtp' });
  return outcomes;
}
