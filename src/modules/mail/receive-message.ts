/**
 * Inbound e-mail: the recipient check at RCPT TO, and the message at DATA. The raw
 * message is stored exactly as received, parsed, authenticated (SPF/DKIM/DMARC), and put in
 * each recipient's Inbox (or Junk, when the sender domain's DMARC policy says quarantine) with
 * ReceivedFromNonERDS evidence and an audit row — all in one transaction (shared with the other
 * messages ready at that moment: group commit). The SMTP edge answers
 * 250 only after that commit; any failure leaves nothing stored and answers 4xx/5xx.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../storage/db/database.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { isAppError } from '../../shared/errors.ts';
import { checkAuth, type AuthSummary } from './check-auth.ts';
import { evidenceContent } from './evidence/evidence-content.ts';
import { prepareEvidence, storeEvidence, type NewEvidence, type PreparedEvidence } from './evidence/issue-evidence.ts';
import { parseLetter } from './parse-letter.ts';
import { SmtpReply } from './smtp-reply.ts';
import { insertLetter } from './store-letter.ts';
import type { DnsResolve, EvidenceSigner, MailLimits, ParsedLetter } from './types.ts';

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
  const sender = env.mailFrom || parsed.fromAddress || null;
  // Evidence of a new letter is the first of its chain: signed before the transaction, so the
  // (serialised) commit does not wait for signatures.
  const items: InboundItem['recipients'] = [];
  for (const rcpt of recipients) {
    const letterId = randomUUID();
    const ev: NewEvidence = { chain: letterId, event: 'ReceivedFromNonERDS', content, sender, recipient: rcpt };
    const prepared = deps.evidence === false ? null : await prepareEvidence({ signer: deps.signer, operator: deps.domain }, ev, 1, null);
    items.push({ rcpt, letterId, ev, prepared });
  }
  return committerFor(deps).commit({ raw, parsed, auth, folder, recipients: items, env });
}

interface InboundItem {
  raw: { sha256: string; size: number };
  parsed: ParsedLetter;
  auth: AuthSummary | null;
  folder: string;
  env: InboundEnvelope;
  recipients: { rcpt: string; letterId: string; ev: NewEvidence; prepared: PreparedEvidence | null }[];
}

/** One message's rows, evidence and audit entry, inside the batch transaction. */
async function storeInbound(tx: Tx, deps: InboundDeps, item: InboundItem): Promise<string[]> {
  const letterIds: string[] = [];
  for (const r of item.recipients) {
    const mb = await tx.execute<{ id: string }>(sql`select id from mailboxes where address = ${r.rcpt} and status = 'active'`);
    if (!mb.rows[0]) throw new SmtpReply(450, `4.1.1 <${r.rcpt}>: mailbox unavailable`);
    await insertLetter(tx, deps.blobs, { id: r.letterId, mailboxId: mb.rows[0].id, folder: item.folder, direction: 'in', parsed: item.parsed, raw: item.raw, authResults: item.auth ?? undefined });
    letterIds.push(r.letterId);
    if (r.prepared) await storeEvidence(tx, { signer: deps.signer, operator: deps.domain }, { ...r.ev, recipientMailboxId: mb.rows[0].id }, r.prepared);
  }
  await appendAudit(tx, { type: 'mail.received', payload: { letterIds, messageId: item.parsed.messageId, remoteAddress: item.env.remoteAddress, dmarc: item.auth?.dmarc?.result ?? null } }, { actor: 'smtp' });
  return letterIds;
}

/**
 * Group commit across SMTP connections: messages that are ready while a transaction commits
 * wait and go together in the next one (each in its own savepoint, so one refused message does
 * not refuse the others). Every sender still gets 250 only after the commit that holds its
 * message; the audit log's serialised append is paid once per batch instead of per message.
 */
class GroupCommitter {
  private queue: { item: InboundItem; resolve: (r: { letterIds: string[] }) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly deps: InboundDeps, private readonly maxBatch = 64) {}

  commit(item: InboundItem): Promise<{ letterIds: string[] }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        const outcomes: ({ ok: true; ids: string[] } | { ok: false; err: unknown })[] = [];
        try {
          await this.deps.database.db.transaction(async (tx) => {
            outcomes.length = 0;
            for (const { item } of batch) {
              try {
                outcomes.push({ ok: true, ids: await tx.transaction((sp) => storeInbound(sp, this.deps, item)) });
              } catch (err) {
                outcomes.push({ ok: false, err });
              }
            }
          });
        } catch (err) {
          for (const b of batch) b.reject(err);
          continue;
        }
        batch.forEach((b, i) => {
          const o = outcomes[i];
          if (o.ok) b.resolve({ letterIds: o.ids });
          else b.reject(isAppError(o.err) && o.err.code === 'MAIL_QUOTA_EXCEEDED' ? new SmtpReply(452, '4.2.2 mailbox full') : o.err);
        });
      }
    } finally {
      this.running = false;
    }
  }
}

const committers = new WeakMap<InboundDeps, GroupCommitter>();
function committerFor(deps: InboundDeps): GroupCommitter {
  let c = committers.get(deps);
  if (!c) committers.set(deps, (c = new GroupCommitter(deps)));
  return c;
}
