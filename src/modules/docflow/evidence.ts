/**
 * Operator evidence about a document (X-3): when jashik accepted it from the sender and placed
 * it in the recipient's mailbox. Canonical JSON bound to the RCC's and files' digests, signed by
 * the operator's evidence key, stored with the document.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../storage/db/database.ts';
import { canonicalBytes, sha256Hex } from './rcc.ts';
import { docflowEvidence } from './schema.ts';
import type { EvidenceSigner } from './types.ts';

export const DOCFLOW_EVIDENCE_TYPE = 'jashik.docflow.evidence';

export type EvidenceInput = { documentId: string; deliveryId: string; event: 'SubmissionAcceptance' | 'ContentConsignment' | 'ReceiptForwarded'; at: Date; rcc: Uint8Array; files: { position: number; sha256: string }[]; sender: string; recipient: string };

/** Builds and signs the evidence (no database); the caller stores it (`issueDocflowEvidence` does both). */
export async function signDocflowEvidence(deps: { evidence: EvidenceSigner; operator: string }, e: EvidenceInput): Promise<{ id: string; bytes: Buffer; cms: Buffer }> {
  const id = randomUUID();
  const bytes = canonicalBytes({
    type: DOCFLOW_EVIDENCE_TYPE, version: 1, issuedAt: new Date().toISOString(), evidenceId: id, event: e.event, eventTime: e.at.toISOString(),
    operator: deps.operator, documentId: e.documentId, deliveryId: e.deliveryId, rccSha256: sha256Hex(e.rcc), files: e.files, sender: e.sender, recipient: e.recipient,
  });
  const cms = Buffer.from(await deps.evidence.sign(bytes));
  return { id, bytes, cms };
}

export async function issueDocflowEvidence(tx: Tx, deps: { evidence: EvidenceSigner; operator: string }, e: EvidenceInput): Promise<string> {
  const { id, bytes, cms } = await signDocflowEvidence(deps, e);
  await tx.insert(docflowEvidence).values({ id, documentId: e.documentId, deliveryId: e.deliveryId, event: e.event, canonical: bytes, cms });
  return id;
}
