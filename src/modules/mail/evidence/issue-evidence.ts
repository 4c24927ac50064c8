/**
 * Issues one evidence record inside the caller's transaction: chained to the previous record
 * of the same letter, signed by the operator (CMS over the canonical bytes), stored, and
 * appended to the audit log — all committed with the change it attests, or not at all.
 * Inbound SMTP builds its documents unsigned (buildEvidence) and signs a whole group commit's
 * worth with one signature (receive-message.ts, operator-keys/evidence-batch.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../storage/db/database.ts';
import { appendAudit } from '../../audit/append-audit.ts';
import type { EvidenceSigner } from '../types.ts';
import { canonicalBytes, EVIDENCE_TYPE, type EvidenceContent, type EvidenceDocument, type EvidenceEvent } from './evidence-document.ts';

export interface NewEvidence {
  chain: string;
  event: EvidenceEvent;
  content: EvidenceContent;
  sender: string | null;
  recipient: string | null;
  senderMailboxId?: string | null;
  recipientMailboxId?: string | null;
  reason?: { code: string; text: string } | null;
  eventTime?: Date;
}

export interface EvidenceDeps {
  signer: EvidenceSigner;
  operator: string;
  audit?: { actor?: string; requestId?: string };
}

/** An evidence document built for its chain position, not yet signed. */
export interface UnsignedEvidence {
  doc: EvidenceDocument;
  bytes: Buffer;
}

export interface PreparedEvidence extends UnsignedEvidence {
  /** The operator's CMS: over `bytes` itself, or over a batch manifest listing their digest (evidence-batch.ts). */
  cms: Buffer;
  cmsSha256: string;
}

/** Builds the canonical document for a known chain position (no signing, no database work). */
export function buildEvidence(operator: string, e: NewEvidence, position: number, previousCmsSha256: string | null): UnsignedEvidence {
  const now = new Date();
  const doc: EvidenceDocument = {
    type: EVIDENCE_TYPE,
    version: 1,
    issuedAt: now.toISOString(),
    evidenceId: randomUUID(),
    event: e.event,
    eventTime: (e.eventTime ?? now).toISOString(),
    operator,
    chain: e.chain,
    position,
    previousEvidenceSha256: previousCmsSha256,
    content: e.content,
    sender: e.sender,
    recipient: e.recipient,
    reason: e.reason ?? null,
  };
  return { doc, bytes: canonicalBytes(doc) };
}

/** Unsigned evidence with the CMS that vouches for it. */
export function withCms(u: UnsignedEvidence, cms: Buffer): PreparedEvidence {
  return { ...u, cms, cmsSha256: createHash('sha256').update(cms).digest('hex') };
}

/** Builds and signs the document for a known chain position, on its own (no database work). */
export async function prepareEvidence(deps: EvidenceDeps, e: NewEvidence, position: number, previousCmsSha256: string | null): Promise<PreparedEvidence> {
  const u = buildEvidence(deps.operator, e, position, previousCmsSha256);
  return withCms(u, Buffer.from(await deps.signer.sign(u.bytes)));
}

/** Stores prepared evidence and its audit entry in the caller's transaction. */
export async function storeEvidence(tx: Tx, deps: EvidenceDeps, e: NewEvidence, p: PreparedEvidence): Promise<{ id: string; position: number; cmsSha256: string }> {
  const { doc } = p;
  await tx.execute(sql`
    insert into mail_evidence (id, chain, position, event, message_id, sender, recipient, sender_mailbox_id, recipient_mailbox_id, document, cms, cms_sha256, created_at)
    values (${doc.evidenceId}, ${e.chain}, ${doc.position}, ${e.event}, ${e.content.messageId}, ${e.sender}, ${e.recipient},
            ${e.senderMailboxId ?? null}, ${e.recipientMailboxId ?? null}, ${p.bytes}, ${p.cms}, ${p.cmsSha256}, ${doc.issuedAt}::timestamptz)`);
  await appendAudit(
    tx,
    { type: 'mail.evidence', payload: { evidenceId: doc.evidenceId, event: e.event, chain: e.chain, position: doc.position, messageId: e.content.messageId, cmsSha256: p.cmsSha256 } },
    { actor: deps.audit?.actor ?? 'system', requestId: deps.audit?.requestId },
  );
  return { id: doc.evidenceId, position: doc.position, cmsSha256: p.cmsSha256 };
}

/** Appends the next evidence of a chain: position and previous digest read under a per-chain lock. */
export async function issueEvidence(tx: Tx, deps: EvidenceDeps, e: NewEvidence): Promise<{ id: string; position: number; cmsSha256: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`evidence:${e.chain}`}, 0))`);
  const last = await tx.execute<{ position: number; cms_sha256: string }>(sql`
    select position, cms_sha256 from mail_evidence where chain = ${e.chain} order by position desc limit 1`);
  const prepared = await prepareEvidence(deps, e, (last.rows[0]?.position ?? 0) + 1, last.rows[0]?.cms_sha256 ?? null);
  return storeEvidence(tx, deps, e, prepared);
}
