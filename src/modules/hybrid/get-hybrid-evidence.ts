/**
 * getHybridEvidence: one signed tracking evidence of a hybrid item, for its sender (session, or a
 * token with scope `hybrid`) or operator staff — the canonical JSON document exactly as signed and
 * the CMS (.p7s, verifiable offline with `openssl cms -verify -inform DER`). Evidence of paper
 * intakes is for staff only. Anyone else is told "not found", so existence is not disclosed.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../storage/db/database.ts';
import { AppError } from '../../shared/errors.ts';
import type { HybridActor } from './ports.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface HybridEvidenceRecord {
  evidenceId: string;
  event: string;
  itemId: string | null;
  paperLetterId: string | null;
  createdAt: string;
  document: Buffer;
  cms: Buffer;
  cmsSha256: string;
}

export async function getHybridEvidence(database: Database, actor: HybridActor | undefined, evidenceId: string): Promise<HybridEvidenceRecord> {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!UUID_RE.test(evidenceId)) throw new AppError('NOT_FOUND');
  const r = await database.db.execute<{ id: string; event: string; item_id: string | null; paper_letter_id: string | null; created_at: string; document: Buffer; cms: Buffer; cms_sha256: string; sender_mailbox_id: string | null }>(sql`
    select e.id, e.event, e.item_id, e.paper_letter_id, e.created_at, e.document, e.cms, e.cms_sha256, i.sender_mailbox_id
    from hybrid_evidence e left join hybrid_items i on i.id = e.item_id where e.id = ${evidenceId}`);
  const e = r.rows[0];
  const sender = e?.item_id && actor.mailboxId !== undefined && actor.mailboxId === e.sender_mailbox_id && (actor.kind === 'user' || (actor.kind === 'token' && actor.scopes?.includes('hybrid')));
  if (!e || !(actor.kind === 'staff' || sender)) throw new AppError('NOT_FOUND');
  return { evidenceId: e.id, event: e.event, itemId: e.item_id, paperLetterId: e.paper_letter_id, createdAt: new Date(e.created_at).toISOString(), document: e.document, cms: e.cms, cmsSha256: e.cms_sha256 };
}
