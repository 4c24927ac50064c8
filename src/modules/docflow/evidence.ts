/**
 * Operator evidence about a document (X-3): when jashik accepted it from the sender, placed it
 * in the recipient's mailbox and forwarded the recipient's receipt. Canonical JSON bound to the
 * RCC's and files' digests, signed by the operator's evidence key, stored with the document.
 * Evidence documents ready together (the receipts of one check batch) share one operator
 * signature over a manifest of their digests (operator-keys/evidence-batch.ts); each row keeps
 * its own document beside the CMS, and `docflowEvidenceDocument` (verify-package.ts) says
 * whether the two belong together.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../storage/db/database.ts';
import { signEvidenceBatch } from '../operator-keys/evidence-batch.ts';
import { canonicalBytes, sha256Hex } from './rcc.ts';
import { docflowEvidence } from './schema.ts';
import type { EvidenceSigner } from './types.ts';

export const DOCFLOW_EVIDENCE_TYPE = 'jashik.docflow.evidence';

export type EvidenceInput = { documentId: string; deliveryId: string; event: 'SubmissionAcceptance' | 'ContentConsignment' | 'ReceiptForwarded'; at: Date; rcc: Uint8Array; files: { position: number; sha256: string }[]; sender: string; recipient: string };

export type SignedEvidence = { id: string; bytes: Buffer; cms: Buffer };

/** The evidence document (canonical JSON with a fresh evidence ID), not yet signed. */
function buildDocflowEvidence(operator: string, e: EvidenceInput, issuedAt: string): { id: string; bytes: Buffer } {
  const id = randomUUID();
  const bytes = canonicalBytes({
    type: DOCFLOW_EVIDENCE_TYPE, version: 1, issuedAt, evidenceId: id, event: e.event, eventTime: e.at.toISOString(),
    operator, documentId: e.documentId, deliveryId: e.deliveryId, rccSha256: sha256Hex(e.rcc), files: e.files, sender: e.sender, recipient: e.recipient,
  });
  return { id, bytes };
}

/** Builds and signs one evidence (no database); the caller stores it (`issueDocflowEvidence` does both). */
export async function signDocflowEvidence(deps: { evidence: EvidenceSigner; operator: string }, e: EvidenceInput): Promise<SignedEvidence> {
  return (await signDocflowEvidenceMany(deps, [e]))[0];
}

/**
 * Builds several evidence documents and signs them with one operator signature (X-3, batch
 * evidence: the CMS signs a manifest of the documents' SHA-256; one document is signed as
 * itself). Returned in order; the CMS bytes are shared by the documents of the batch.
 */
export async function signDocflowEvidenceMany(deps: { evidence: EvidenceSigner; operator: string }, inputs: readonly EvidenceInput[]): Promise<SignedEvidence[]> {
  if (!inputs.length) return [];
  const issuedAt = new Date().toISOString();
  const built = inputs.map((e) => buildDocflowEvidence(deps.operator, e, issuedAt));
  const cms = await signEvidenceBatch(deps.evidence, built.map((b) => b.bytes));
  return built.map((b, i) => ({ ...b, cms: cms[i] }));
}

export async function issueDocflowEvidence(tx: Tx, deps: { evidence: EvidenceSigner; operator: string }, e: EvidenceInput): Promise<string> {
  const { id, bytes, cms } = await signDocflowEvidence(deps, e);
  await tx.insert(docflowEvidence).values({ id, documentId: e.documentId, deliveryId: e.deliveryId, event: e.event, canonical: bytes, cms });
  return id;
}
