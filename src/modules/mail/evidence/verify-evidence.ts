/**
 * verifyEvidence: what an evidence file proves, checked offline. The CMS must verify
 * and chain to a trusted CA, its signer must be an operator certificate (when the published
 * list is given), and the signed bytes must be a canonical evidence document — or, for evidence
 * signed in a batch (operator-keys/evidence-batch.ts), a manifest listing the SHA-256 of the
 * evidence document given beside it. Given the previous evidence, the chain link is checked;
 * given the message, its SHA-256.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { parseSignedData } from '../../pki/cms-parse.ts';
import type { TrustStore } from '../../pki/trust.ts';
import { verifyCms } from '../../pki/verify.ts';
import type { VerificationReport } from '../../pki/report.ts';
import { AppError, isAppError, type LocalisedText } from '../../../shared/errors.ts';
import { evidenceDocumentOf } from '../../operator-keys/evidence-batch.ts';
import { EVENT_MEANING, EVIDENCE_EVENTS, EVIDENCE_TYPE, type EvidenceDocument } from './evidence-document.ts';

export interface VerifyEvidenceOptions {
  trust: TrustStore;
  /** SHA-256 fingerprints (hex, any case) of the published operator certificates. */
  operatorFingerprints?: string[];
  /** The evidence document (.json) beside the .p7s: required when the CMS signs a batch, checked against it otherwise. */
  document?: Uint8Array;
  previousCms?: Uint8Array;
  message?: Uint8Array;
  at?: Date;
}

export interface EvidenceVerdict {
  valid: boolean;
  problems: string[];
  document: EvidenceDocument | null;
  /** Set when the operator signed this evidence together with others: the manifest's time and how many documents it lists. */
  batch: { issuedAt: string; count: number } | null;
  /** What the evidence proves, when valid. */
  meaning: LocalisedText | null;
  signer: { subject: string; serialNumber: string; fingerprintSha256: string } | null;
  signingTime: string | null;
  timestamp: string | null;
  report: VerificationReport;
}

/** The evidence document in `bytes`, or null with the reason added to `problems`. */
function evidenceDocument(bytes: Buffer, problems: string[]): EvidenceDocument | null {
  const text = bytes.toString('utf8');
  let parsed: EvidenceDocument;
  try {
    parsed = JSON.parse(text) as EvidenceDocument;
  } catch {
    problems.push('NOT_JSON: the signed content is not a JSON document');
    return null;
  }
  if (canonicalJson(parsed) !== text) problems.push('NOT_CANONICAL: the signed document is not in canonical JSON (RFC 8785)');
  if (parsed?.type !== EVIDENCE_TYPE || !(EVIDENCE_EVENTS as readonly string[]).includes(parsed.event)) {
    problems.push('NOT_EVIDENCE: the signed document is not jashik mail evidence');
    return null;
  }
  return parsed;
}

export async function verifyEvidence(cms: Uint8Array, o: VerifyEvidenceOptions): Promise<EvidenceVerdict> {
  let content: Uint8Array | undefined;
  try {
    content = parseSignedData(cms).eContent;
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError('PKI_MALFORMED', { detail: 'evidence is not a CMS SignedData', cause: err });
  }
  if (!content) throw new AppError('PKI_CONTENT_REQUIRED', { detail: 'evidence CMS carries no document' });
  const report = await verifyCms(cms, { trust: o.trust, at: o.at, revocation: { mode: 'off' } });
  const problems = report.valid ? [] : [...report.errors, ...report.signers.flatMap((s) => s.errors ?? [])].map((e) => `${e.code}: ${e.message}`);
  const signerReport = report.signers[0];
  const cert = signerReport?.certificate;
  if (o.operatorFingerprints && cert && !o.operatorFingerprints.map((f) => f.toUpperCase()).includes(cert.fingerprintSha256.toUpperCase())) {
    problems.push('SIGNER_NOT_OPERATOR: the signer is not a published operator certificate');
  }
  const vouched = evidenceDocumentOf(content, o.document);
  if (!vouched.ok) problems.push(vouched.problem);
  const document = vouched.ok ? evidenceDocument(vouched.document, problems) : null;
  if (document && o.previousCms) {
    const prev = createHash('sha256').update(o.previousCms).digest('hex');
    if (document.previousEvidenceSha256 !== prev) problems.push('CHAIN_BROKEN: the evidence does not follow the previous evidence given');
  }
  if (document && o.message) {
    const sha = createHash('sha256').update(o.message).digest('hex');
    if (document.content.rawSha256 !== sha) problems.push('CONTENT_MISMATCH: the message given is not the one the evidence names');
  }
  const valid = problems.length === 0 && report.valid;
  return {
    valid,
    problems,
    document,
    batch: vouched.ok ? vouched.batch : null,
    meaning: valid && document ? EVENT_MEANING[document.event] : null,
    signer: cert ? { subject: cert.subject, serialNumber: cert.serialNumber, fingerprintSha256: cert.fingerprintSha256 } : null,
    signingTime: signerReport?.signingTime ?? null,
    timestamp: signerReport?.timestamp?.valid ? signerReport.timestamp.genTime ?? null : null,
    report,
  };
}
