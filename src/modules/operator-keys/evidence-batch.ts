/**
 * Batch-signed evidence: when several evidence documents are ready at once (the letters of
 * one SMTP group commit, the receipts of one docflow check batch), the operator signs them with
 * ONE signature instead of one each. The signed content is then a small canonical manifest
 * listing the SHA-256 of every evidence document of the batch; each record keeps its own
 * canonical document beside the (shared) CMS. A batch of one is signed as before: the CMS holds
 * the document itself, so single evidence is unchanged.
 *
 * Why: an operator signature (and its RFC 3161 timestamp, a TSA round trip) per event is the
 * most expensive step of accepting mail and documents; a national operator's signing key (an
 * HSM) gives a few thousand signatures a second. One signature per batch keeps every record
 * verifiable by a third party, offline, with OpenSSL:
 *
 *   openssl cms -verify -binary -inform DER -in evidence.p7s -CAfile operator-chain.pem -out batch.json
 *   sha256sum evidence.json     # this digest must be one of batch.json's "documents"
 *
 * (`jashik verify` and the verifyEvidence endpoint do both steps.) The manifest shows only
 * digests of the other documents of the batch; each document holds a random evidence ID, so
 * those digests reveal nothing about other people's mail. Hash lists are what RFC 4998
 * evidence records and audit-log checkpoints are built from; a flat list is enough for batches
 * of a few hundred and needs no tool beyond sha256sum to check.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';

export const EVIDENCE_BATCH_TYPE = 'jashik.evidence.batch';

/** The most documents one manifest lists (about 70 bytes each); a larger batch is signed in parts. */
export const MAX_EVIDENCE_BATCH = 256;

export interface EvidenceBatchManifest {
  type: typeof EVIDENCE_BATCH_TYPE;
  version: 1;
  issuedAt: string;
  /** SHA-256 (lowercase hex) of each evidence document's canonical bytes, in signing order. */
  documents: string[];
}

/** Anything that signs bytes as an attached CMS with the operator key (mail, docflow and hybrid signers all do). */
export interface BytesSigner {
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function manifestBytes(documents: readonly Uint8Array[], issuedAt: Date): Buffer {
  const manifest: EvidenceBatchManifest = { type: EVIDENCE_BATCH_TYPE, version: 1, issuedAt: issuedAt.toISOString(), documents: documents.map(sha256Hex) };
  return Buffer.from(canonicalJson(manifest)!, 'utf8');
}

/**
 * Signs evidence documents: one document as itself, several under one manifest signature
 * (parts of at most MAX_EVIDENCE_BATCH). Returns the CMS for each document, in order; documents
 * of one part share the same CMS (one Buffer: callers must not change it).
 */
export async function signEvidenceBatch(signer: BytesSigner, documents: readonly Uint8Array[], now: Date = new Date()): Promise<Buffer[]> {
  if (documents.length === 1) return [Buffer.from(await signer.sign(documents[0]))];
  const parts: Promise<Buffer[]>[] = [];
  for (let i = 0; i < documents.length; i += MAX_EVIDENCE_BATCH) {
    const part = documents.slice(i, i + MAX_EVIDENCE_BATCH);
    parts.push(signer.sign(manifestBytes(part, now)).then((cms) => {
      const shared = Buffer.from(cms);
      return part.map(() => shared);
    }));
  }
  return (await Promise.all(parts)).flat();
}

/** A batch manifest when `content` is one (canonical, well-formed), otherwise undefined. */
export function parseEvidenceBatchManifest(content: Uint8Array): EvidenceBatchManifest | undefined {
  const text = Buffer.from(content).toString('utf8');
  if (!text.startsWith('{') || !text.includes(`"type":"${EVIDENCE_BATCH_TYPE}"`)) return undefined;
  let parsed: EvidenceBatchManifest;
  try {
    parsed = JSON.parse(text) as EvidenceBatchManifest;
  } catch {
    return undefined;
  }
  const ok = parsed.type === EVIDENCE_BATCH_TYPE && parsed.version === 1 && typeof parsed.issuedAt === 'string'
    && Array.isArray(parsed.documents) && parsed.documents.every((d) => typeof d === 'string' && /^[0-9a-f]{64}$/.test(d))
    && canonicalJson(parsed) === text;
  return ok ? parsed : undefined;
}

export type EvidenceContentResult =
  | { ok: true; document: Buffer; batch: { issuedAt: string; count: number } | null }
  | { ok: false; problem: string };

/**
 * The evidence document an evidence CMS vouches for, from the CMS's signed content and — for a
 * batch signature — the document given beside it (which must be listed in the manifest). For a
 * single signature a given document must be the signed content itself.
 */
export function evidenceDocumentOf(signedContent: Uint8Array, document?: Uint8Array): EvidenceContentResult {
  const manifest = parseEvidenceBatchManifest(signedContent);
  if (!manifest) {
    if (document && !Buffer.from(document).equals(Buffer.from(signedContent))) {
      return { ok: false, problem: 'DOCUMENT_MISMATCH: the document given is not the one this evidence signs' };
    }
    return { ok: true, document: Buffer.from(signedContent), batch: null };
  }
  if (!document) {
    return { ok: false, problem: 'BATCH_DOCUMENT_REQUIRED: this evidence is signed as part of a batch; give its evidence document (.json) with the .p7s' };
  }
  if (!manifest.documents.includes(sha256Hex(document))) {
    return { ok: false, problem: 'NOT_IN_BATCH: the document given is not one of the documents this batch signature lists' };
  }
  return { ok: true, document: Buffer.from(document), batch: { issuedAt: manifest.issuedAt, count: manifest.documents.length } };
}
