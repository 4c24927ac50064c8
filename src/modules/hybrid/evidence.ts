/**
 * Hybrid evidence: a canonical JSON document (RFC 8785) naming the event, the item (S10,
 * content digest), time and place, signed by the operator as CMS over exactly those bytes, stored
 * beside the signature in the caller's transaction. Anyone verifies it offline:
 * `openssl cms -verify -inform DER -in e.p7s -CAfile operator-chain.pem`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../storage/db/database.ts';
import type { EvidenceSigner } from './ports.ts';

export const HYBRID_EVIDENCE_TYPE = 'jashik.hybrid.evidence';

export interface HybridEvidenceInput {
  event: string;
  itemId?: string;
  paperLetterId?: string;
  eventTime?: Date;
  body: Record<string, unknown>;
}

export interface IssuedEvidence {
  id: string;
  cmsSha256: string;
}

export async function issueHybridEvidence(tx: Tx, deps: { signer: EvidenceSigner; operator: string }, e: HybridEvidenceInput): Promise<IssuedEvidence> {
  const now = new Date();
  const id = randomUUID();
  const doc = {
    type: HYBRID_EVIDENCE_TYPE,
    version: 1,
    issuedAt: now.toISOString(),
    evidenceId: id,
    event: e.event,
    eventTime: (e.eventTime ?? now).toISOString(),
    operator: deps.operator,
    ...e.body,
  };
  const bytes = Buffer.from(canonicalJson(JSON.parse(JSON.stringify(doc))) as string, 'utf8');
  const cms = Buffer.from(await deps.signer.sign(bytes));
  const cmsSha256 = createHash('sha256').update(cms).digest('hex');
  await tx.execute(sql`
    insert into hybrid_evidence (id, item_id, paper_letter_id, event, document, cms, cms_sha256, created_at)
    values (${id}, ${e.itemId ?? null}, ${e.paperLetterId ?? null}, ${e.event}, ${bytes}, ${cms}, ${cmsSha256}, ${doc.issuedAt}::timestamptz)`);
  return { id, cmsSha256 };
}
