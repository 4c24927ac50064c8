/**
 * Inbound e-mail: the recipient check at RCPT TO, and the message at DATA. The raw
 * message is stored exactly as received, parsed, authenticated (SPF/DKIM/DMARC), and put in
 * each recipient's Inbox (or Junk, when the sender domain's DMARC policy says quarantine) with
 * ReceivedFromNonERDS evidence and an audit row — all in one transaction. The SMTP edge answers
 * 250 only after that commit; any failure leaves nothing stored and answers 4xx/5xx.
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { isAppError } from '../../shared/errors.ts';
import { checkAuth, type AuthSummary } from './check-auth.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { issueEvidence } from './evidence/issue-evidence.ts';
import { parseLetter } from './parse-letter.ts';
import { SmtpReply } from './smtp-reply.ts';
import { insertLetter } from './store-letter.ts';
import type { DnsResolve, EvidenceSigner, MailLimits } from './types.ts';

export interface InboundDeps {
  database: Database;
  blobs: BlobStore;
  signer: EvidenceSigner;
  domain: string;
  limits: MailLimits;
  resolve: DnsResolve;
  /** SPF/DKIM/DMARC checks; off only for benchmarks that compare with a server doing none. */
  authChecks: boolean;
  /** Issue ReceivedFromNonERDS evidence for plain inbound mail (default on). */
  evidence?: boolean;
}

export interface InboundEnvelope {
  mailFrom: string | null;
  rcptTo: string[];
  remoteAddress: string;
  heloName?: string;
}

export async function checkRecipient(deps: Pick<InboundDeps, 'database' | 'domain'>, address: string): Promise<void> {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at < 1 || a.slice(at + 1) !== deps.domain) throw new SmtpReply(550, `5.7.1 <${address}>: relaying denied`);
  const r = await deps.database.db.execute<{ status: string; full: boolean }>(sql`
    select status, used_bytes >= quota_bytes as full from mailboxes where address = ${a}`);
  const mb = r.rows[0];
  if (!mb || mb.status !== 'active') throw new SmtpReply(550, `5.1.1 <${address}>: no such mailbox here`);
  if (mb.full) throw new SmtpReply(452, `4.2.2 <${address}>: mailbox full`);
}

export async function receiveMessage(deps: InboundDeps, stream: Readable, env: InboundEnvelope): Promise<{ letterIds: string[] }> {
  const raw = await deps.blobs.put(stream, { maxBytes: deps.limits.messageBytes }).catch((err) => {
    if (isAppError(err) && err.code === 'PAYLOAD_TOO_LARGE') throw new SmtpReply(552, '5.3.4 message too big');
    throw err;
  });
  let parsed;
  try {
    parsed = await parseLetter(await deps.blobs.get(raw.sha256));
  } catch (err) {
    throw new SmtpReply(554, `5.6.0 message refused: ${isAppError(err) ? err.detail ?? err.code : 'unreadable MIME'}`);
  }
  let auth: AuthSummary | null = null;
  if (deps.authChecks) {
    auth = await checkAuth(await deps.blobs.get(raw.sha256), { ip: env.remoteAddress, helo: env.heloName, sender: env.mailFrom, mta: deps.domain, resolve: deps.resolve });
    if (auth.action === 'reject') throw new SmtpReply(550, `5.7.1 rejected by the DMARC policy of ${auth.dmarc?.domain ?? 'the sender domain'}`);
  }
  const folder = auth?.action === 'quarantine' ? 'junk' : 'inbox';
  const recipients = [...new Set(env.rcptTo.map((r) => r.toLowerCase()))];
  const content = evidenceContent(parsed.messageId ?? `<sha256.${raw.sha256}@${deps.domain}>`, raw, parsed);
  try {
    return await deps.database.db.transaction(async (tx) => {
      const letterIds: string[] = [];
      for (const rcpt of recipients) {
        const mb = await tx.execute<{ id: string }>(sql`select id from mailboxes where address = ${rcpt} and status = 'active'`);
        if (!mb.rows[0]) throw new SmtpReply(450, `4.1.1 <${rcpt}>: mailbox unavailable`);
        const { id } = await insertLetter(tx, deps.blobs, { mailboxId: mb.rows[0].id, folder, direction: 'in', parsed, raw, authResults: auth ?? undefined });
        letterIds.push(id);
        if (deps.evidence !== false) {
          await issueEvidence(tx, { signer: deps.signer, operator: deps.domain }, {
            chain: id, event: 'ReceivedFromNonERDS', content, sender: env.mailFrom || parsed.fromAddress || null, recipient: rcpt, recipientMailboxId: mb.rows[0].id,
          });
        }
      }
      await appendAudit(tx, { type: 'mail.received', payload: { letterIds, messageId: parsed.messageId, remoteAddress: env.remoteAddress, dmarc: auth?.dmarc?.result ?? null } }, { actor: 'smtp' });
      return { letterIds };
    });
  } catch (err) {
    if (isAppError(err) && err.code === 'MAIL_QUOTA_EXCEEDED') throw new SmtpReply(452, '4.2.2 mailbox full');
    throw err;
  }
}
